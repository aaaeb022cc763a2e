import type { FieldProvenance } from '../domain/provenance.ts';
import type * as Y from 'yjs';
import type { Collection } from '../domain/index.ts';

/**
 * Field history: who set which field to what, when — and what it was before, which is what
 * undo of a batch (an import, a merge) replays. Entries live in the `activities` doc (append-
 * mostly, like the timeline) under the `history` map, one JSON value per entry, in the activity shard of its record.
 */
export type HistoryOp = 'create' | 'update' | 'delete' | 'restore';
export type HistoryEntry = {
  id: string;
  collection: Collection;
  recordId: string;
  at: number;
  by: string;
  op: HistoryOp;
  set: Record<string, unknown>;
  prev: Record<string, unknown>; // null for a field that had no value
  batchId?: string;
  /** Where the fields' previous values came from (null: unknown), for undo (field key → provenance). */
  prevProvenance?: Record<string, FieldProvenance | null>;
};

export const historyMap = (activitiesDoc: Y.Doc) => activitiesDoc.getMap<HistoryEntry>('history');

/** One line per field change, newest first: what a "field history" panel shows. */
export function fieldChanges(entries: HistoryEntry[]) {
  const rows: { field: string; from: unknown; to: unknown; at: number; by: string; op: HistoryOp }[] = [];
  for (const e of entries) {
    for (const [field, to] of Object.entries(e.set)) rows.push({ field, from: e.prev[field] ?? null, to, at: e.at, by: e.by, op: e.op });
  }
  return rows.sort((a, b) => b.at - a.at);
}
