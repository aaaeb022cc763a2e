import { liveQuery } from 'dexie';
import { tokenize, type Collection } from '../domain/index.ts';
import type { ReadDB } from './read-db.ts';
import type { RecordRow } from './rows.ts';
import type { StoredRecord } from '../layout/records-doc.ts';

export type ListQuery = { type: Collection; search?: string; offset?: number; limit?: number; statusId?: string };
export type ListResult = { rows: RecordRow[]; total: number };

/**
 * How many records a plain list (no search) holds. Its own query: IndexedDB counts a range by
 * walking it (about 200 ms for 20,000 leads in Chromium), so the first rows must not wait for it.
 */
export async function countList(db: ReadDB, q: Pick<ListQuery, 'type' | 'statusId' | 'search'>): Promise<number> {
  if (tokenize(q.search ?? '').length) return (await queryList(db, { ...q, limit: 1 })).total;
  if (q.statusId) return db.records.where('[type+statusId]').equals([q.type, q.statusId]).filter((r) => r.deleted === 0).count();
  return db.records.where('[type+deleted+sortName]').between([q.type, 0, ''], [q.type, 0, MAX], true, true).count();
}

/**
 * A search's first page without its total: the rarest-looking (longest) word's index entries
 * are read only until a page of live records matching every word is found, instead of all of
 * them ("a" matches most of a workspace). The total is `countList`'s job, run after.
 */
async function searchPage(db: ReadDB, q: ListQuery, words: string[]): Promise<RecordRow[]> {
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  if (words.length > 1) {
    // Several words: intersect their index entries (keys only) — reading rows to test the other
    // words costs more when the combination is rare.
    const { rows } = await queryList(db, { ...q, offset: 0, limit: offset + limit });
    return rows.slice(offset, offset + limit);
  }
  const [first, ...rest] = words;
  const prefixes = rest.map((w) => `${q.type}:${w}`);
  const seen = new Set<string>();
  const out: RecordRow[] = [];
  let skip = 0;
  for (let chunk = 200; ; chunk *= 4) {
    const keys = (await db.records.where('words').startsWith(`${q.type}:${first}`).offset(skip).limit(chunk).primaryKeys()) as string[];
    skip += keys.length;
    const fresh = keys.filter((k) => !seen.has(k) && (seen.add(k), true));
    for (const r of await db.records.bulkGet(fresh)) {
      if (r && r.deleted === 0 && (!q.statusId || r.statusId === q.statusId) && prefixes.every((p) => r.words.some((x) => x.startsWith(p)))) out.push(r);
    }
    if (out.length >= offset + limit || keys.length < chunk) break;
  }
  return out.slice(offset, offset + limit);
}

/** The rows of a page only; `total` is null where counting would cost a walk (see countList). */
export async function queryRows(db: ReadDB, q: ListQuery): Promise<{ rows: RecordRow[]; total: number | null }> {
  const words = tokenize(q.search ?? '');
  if (words.length) return { rows: await searchPage(db, q, words), total: null };
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const range = q.statusId
    ? db.records.where('[type+statusId]').equals([q.type, q.statusId]).filter((r) => r.deleted === 0)
    : db.records.where('[type+deleted+sortName]').between([q.type, 0, ''], [q.type, 0, MAX], true, true);
  return { rows: await range.offset(offset).limit(limit).toArray(), total: null };
}

const MAX = '\uffff';

/**
 * Every live record of a type as the read model holds it (the rows' `data`, as `repo.list`
 * returns them): a whole-workspace read that loads no shard (an import's duplicate check).
 */
export async function liveRecords(db: ReadDB, type: Collection): Promise<StoredRecord[]> {
  const rows = await db.records.where('[type+deleted+sortName]').between([type, 0, ''], [type, 0, MAX], true, true).toArray();
  return rows.map((r) => r.data);
}

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
  if (words.length) {
    // Index-only scans (primary keys) per word, intersected; rows are read for one page only.
    // Results come in id order, not name order: sorting thousands of matches by name would
    // mean reading them all, and search has to answer within a keystroke.
    let keys: string[] | null = null;
    for (const w of words.sort((a, b) => b.length - a.length)) {
      const found = new Set((await db.records.where('words').startsWith(`${q.type}:${w}`).primaryKeys()) as string[]);
      keys = keys === null ? [...found] : keys.filter((k) => found.has(k));
      if (keys.length === 0) break;
    }
    let rows = (await db.records.bulkGet((keys ?? []).slice(0, offset + limit * 2))).filter((r): r is RecordRow => !!r && r.deleted === 0);
    if (q.statusId) rows = rows.filter((r) => r.statusId === q.statusId);
    return { rows: rows.slice(offset, offset + limit), total: keys?.length ?? 0 };
  }
  const range = db.records.where('[type+statusId]').equals([q.type, q.statusId!]);
  const rows = (await range.clone().offset(offset).limit(limit).toArray()).filter((r) => r.deleted === 0);
  return { rows, total: await range.count() };
}

/** Re-runs a query whenever the read model changes, in this page or another (Dexie liveQuery). */
export function watchList(db: ReadDB, q: ListQuery, onResult: (r: ListResult) => void, onError: (e: unknown) => void = () => {}): () => void {
  const sub = liveQuery(() => queryList(db, q)).subscribe({ next: onResult, error: onError });
  return () => sub.unsubscribe();
}
