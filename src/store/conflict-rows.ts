import * as Y from 'yjs';
import type { UpdateMaps } from '../layout/update-maps.ts';
import { catalogueKey, openConflicts, parseDropped, type DroppedValue, type OpenConflict } from '../domain/conflicts.ts';
import { displayName } from '../domain/index.ts';
import { valueOf } from '../domain/fields/index.ts';
import { CONFLICT_MAPS, droppedMap } from './conflicts.ts';
import type { ReadDB } from './read-db.ts';
import { rowKey } from './rows.ts';

/** One dropped value in the read model (`resolved`: 1 once a write or a choice settled it). */
export type ConflictRow = DroppedValue & { recordKey: string; resolved: 0 | 1; names: Record<string, string> };

/** The rows of dropped-value ids of an activity shard (null: not there, or no more). */
export function readConflictRows(from: Y.Doc | UpdateMaps, ids: Iterable<string>, into: Map<string, ConflictRow | null>): void {
  const dropped = from.getMap(CONFLICT_MAPS.dropped);
  const resolved = from.getMap(CONFLICT_MAPS.resolved);
  const namesIn = from.getMap(CONFLICT_MAPS.names);
  const nameKeys = from instanceof Y.Doc ? (namesIn as Y.Map<unknown>).keys() : from.keysOf(CONFLICT_MAPS.names);
  const names = Object.fromEntries([...nameKeys].map((k) => [k, namesIn.get(k)]).filter(([, n]) => typeof n === 'string' && n.length <= 200));
  for (const id of ids) {
    const d = parseDropped(dropped.get(id));
    if (d && d.id !== id) continue; // an entry filed under another key is not what it says
    // A resolution can arrive before the value it settles: the value's own arrival writes the row.
    if (d) into.set(id, { ...d, recordKey: rowKey(d.collection, d.recordId), resolved: resolved.get(id) !== undefined ? 1 : 0, names });
  }
}

/** Every dropped-value id an activity shard holds. */
export const conflictIds = (doc: Y.Doc) => droppedMap(doc).keys();

// The query side lives apart, free of Yjs: extension pages import it (src/ext/read-port.ts).
export { queryOpenConflicts } from './conflict-queries.ts';
