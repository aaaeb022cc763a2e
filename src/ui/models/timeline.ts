import type { Collection } from '../../domain/index.ts';
import type { Rec } from '../ports.ts';

const leadKeys = (r: Rec | null | undefined) => ((r?.convertedFromLeadIds as string[] | undefined) ?? []).map((id) => `leads:${id}`);

/**
 * Whose activities a record's timeline shows (DESIGN.md, Conversion): its own, those of the
 * leads it was converted from, the records merged into it, a company's people's, a deal's primary person's. Nothing is
 * copied on conversion; the timeline is a union of parents.
 */
export function timelineParents(type: Collection, record: Rec, related: { people?: Rec[]; person?: Rec | null } = {}): string[] {
  // Records merged into this one keep their activities under their own id (as the store's timeline).
  const merged = ((record.mergedFromIds as string[] | undefined) ?? []).map((id) => `${type}:${id}`);
  const keys = new Set([`${type}:${record.id}`, ...merged, ...leadKeys(record)]);
  if (type === 'companies') for (const p of related.people ?? []) { keys.add(`people:${p.id}`); for (const k of leadKeys(p)) keys.add(k); }
  if (type === 'opportunities' && related.person) { keys.add(`people:${related.person.id}`); for (const k of leadKeys(related.person)) keys.add(k); }
  return [...keys].sort();
}
