import { createdFields, type HistoryEntry, type HistoryOp } from '../layout/history-doc.ts';
import type { ReadDB } from './read-db.ts';
import { historyEntries } from './rows.ts';
import { rowsByKey } from './staged.ts';

export { historyMap, type HistoryEntry, type HistoryOp } from '../layout/history-doc.ts';


/**
 * One line per field change, newest first: what a "field history" panel shows. `record` (the
 * record as stored now) gives the fields of a 'create' entry that refers to it (`fromRecord`).
 */
export function fieldChanges(entries: HistoryEntry[], record?: Record<string, unknown>) {
  const rows: { field: string; from: unknown; to: unknown; at: number; by: string; op: HistoryOp }[] = [];
  for (const e of entries) {
    const set = e.fromRecord ? createdFields(e, entries, record) : e.set;
    for (const [field, to] of Object.entries(set)) rows.push({ field, from: e.prev[field] ?? null, to, at: e.at, by: e.by, op: e.op });
  }
  return rows.sort((a, b) => b.at - a.at);
}

/** A record's history entries from the read model (its rows hold whole batches: `historyEntries` picks its own). */
export async function recordHistory(db: ReadDB, recordKey: string): Promise<HistoryEntry[]> {
  return historyEntries(await db.history.where('recordKeys').equals(recordKey).toArray(), recordKey);
}

/** A record's field changes from the read model: its history, and its row for what its creation set. */
export async function recordFieldChanges(db: ReadDB, recordKey: string) {
  const [entries, [row]] = await Promise.all([recordHistory(db, recordKey), rowsByKey(db, [recordKey])]);
  return fieldChanges(entries, row?.data);
}
