import { displayName } from '../domain/search-text.ts';
import type { RecordSignals } from '../domain/index.ts';
import type { RecordRow } from '../store/rows.ts';
import type { ListRow, Rec } from '../ui/ports.ts';
import { subtitleOf } from '../domain/list-subtitle.ts';

/** A read-model row as lists show it (apart from read-port.ts, which loads Dexie: the side panel's first rows need only this). */
export function toListRow(r: RecordRow, signals?: RecordSignals): ListRow {
  const d = r.data as Record<string, unknown>;
  const subtitle = subtitleOf(d);
  return { id: r.id, type: r.type, name: displayName(d), subtitle, statusId: r.statusId ?? '', data: d as Rec, ...(signals && { signals }) };
}
