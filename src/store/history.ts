import type { HistoryEntry, HistoryOp } from '../layout/history-doc.ts';
import type { ReadDB } from './read-db.ts';
import { historyEntries } from './rows.ts';

export { historyMap, type HistoryEntry, type HistoryOp } from '../layout/history-doc.ts';


/** One line per field change, newest first: what a "field history" panel shows. */
export function fieldChanges(entries: HistoryEntry[]) {
  const rows: { field: string; from: unknown; to: unknown; at: number; by: string; op: HistoryOp }[] = [];
  for (const e of entries) {
    for (const [field, to] of Object.entries(e.set)) rows.push({ field, from: e.prev[field] ?? null, to, at: e.at, by: e.by, op: e.op });
  }
  return rows.sort((a, b) => b.at - a.at);
}

/** A record's history entries from the read model (its rows hold whole batches: `historyEntries` picks its own). */
export async function recordHistory(db: ReadDB, recordKey: string): Promise<HistoryEntry[]> {
  return historyEntries(await db.history.where('recordKeys').equals(recordKey).toArray(), recordKey);
}
