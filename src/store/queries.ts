import { liveQuery } from 'dexie';
import { tokenize, type Collection } from '../domain/index.ts';
import type { ReadDB } from './read-db.ts';
import type { RecordRow } from './rows.ts';

export type ListQuery = { type: Collection; search?: string; offset?: number; limit?: number; statusId?: string };
export type ListResult = { rows: RecordRow[]; total: number };

const MAX = '\uffff';

/**
 * A page of a list from the read model: sorted by name from the compound index, or a word-
 * index prefix search (first word from the index, the others filtered in memory).
 */
export async function queryList(db: ReadDB, q: ListQuery): Promise<ListResult> {
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const words = tokenize(q.search ?? '');
  if (words.length === 0 && !q.statusId) {
    const range = db.records.where('[type+deleted+sortName]').between([q.type, 0, ''], [q.type, 0, MAX], true, true);
    const [rows, total] = await Promise.all([range.clone().offset(offset).limit(limit).toArray(), range.count()]);
    return { rows, total };
  }
  let candidates: RecordRow[];
  if (words.length) {
    const [first, ...rest] = words.sort((a, b) => b.length - a.length);
    candidates = await db.records.where('words').startsWith(`${q.type}:${first}`).distinct().toArray();
    const prefixes = rest.map((w) => `${q.type}:${w}`);
    candidates = candidates.filter((r) => r.deleted === 0 && prefixes.every((p) => r.words.some((x) => x.startsWith(p))));
  } else {
    candidates = (await db.records.where('[type+statusId]').equals([q.type, q.statusId!]).toArray()).filter((r) => r.deleted === 0);
  }
  if (q.statusId) candidates = candidates.filter((r) => r.statusId === q.statusId);
  candidates.sort((a, b) => a.sortName.localeCompare(b.sortName));
  return { rows: candidates.slice(offset, offset + limit), total: candidates.length };
}

/** Re-runs a query whenever the read model changes, in this page or another (Dexie liveQuery). */
export function watchList(db: ReadDB, q: ListQuery, onResult: (r: ListResult) => void, onError: (e: unknown) => void = () => {}): () => void {
  const sub = liveQuery(() => queryList(db, q)).subscribe({ next: onResult, error: onError });
  return () => sub.unsubscribe();
}
