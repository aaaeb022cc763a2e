import { displayName } from '../domain/search-text.ts';
import type { RecordSignals } from '../domain/index.ts';
import type { RecordRow } from '../store/rows.ts';
import type { ListRow, Rec } from '../ui/ports.ts';

/** A read-model row as lists show it (apart from read-port.ts, which loads Dexie: the side panel's first rows need only this). */
export function toListRow(r: RecordRow, signals?: RecordSignals): ListRow {
  const d = r.data as Record<string, unknown>;
  const subtitle = subtitleOf(d);
  return { id: r.id, type: r.type, name: displayName(d), subtitle, statusId: r.statusId ?? '', data: d as Rec, ...(signals && { signals }) };
}

const text = (x: unknown): string => (typeof x === 'string' ? x.trim() : '');
const firstOf = (list: unknown, key: string): string => (Array.isArray(list) ? list.map((e) => text((e as Record<string, unknown>)?.[key])).find(Boolean) ?? '' : '');

/**
 * A list row's second line: title, company and email ("Head of Sales · Acme · ada@acme.io"; a
 * person's first email as a lead's); a record with none of those shows how to reach it instead
 * (its first phone, site or email domain), so no row is a name over an empty line.
 */
export function subtitleOf(d: Record<string, unknown>): string {
  const main = [text(d.title), text(d.companyName), text(d.email) || firstOf(d.emails, 'email')].filter(Boolean);
  if (main.length) return main.join(' · ');
  return firstOf(d.phones, 'number') || firstOf(d.websites, 'url') || text(d.emailDomain);
}
