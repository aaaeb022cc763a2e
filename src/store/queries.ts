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
 * A search's first page without its total. The driver is the longest word (the order of
 * results: its index order, as `queryList` gives them). Its index keys are read ahead and rows
 * only as many as the page still needs (a common word fills it with one read of a page of rows),
 * each tested for the other words. When that has read a few pages of rows without
 * filling this one, the words' matches are rare together: the rest is found by intersecting the
 * words' index keys (no rows), rarest first, and only the page's rows are read.
 */
async function searchPage(db: ReadDB, q: ListQuery, words: string[]): Promise<RecordRow[]> {
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  const need = offset + limit;
  const [driver, ...rest] = byLength(words);
  const prefixes = rest.map((w) => `${q.type}:${w}`);
  const fits = (r: RecordRow | undefined): r is RecordRow => !!r && r.deleted === 0 && (!q.statusId || r.statusId === q.statusId) && prefixes.every((p) => r.words.some((x) => x.startsWith(p)));
  const seen = new Set<string>();
  const queue: string[] = [];
  const out: RecordRow[] = [];
  let skip = 0;
  let read = 0;
  let exhausted = false;
  for (let chunk = need * 2; ; chunk *= 4) {
    // Keys are cheap and a record has several entries under one prefix ("lead12",
    // "lead12@acme.example"): read them ahead, rows only as many as the page still needs.
    if (queue.length < need - out.length && !exhausted) {
      const keys = (await db.records.where('words').startsWith(`${q.type}:${driver}`).offset(skip).limit(chunk).primaryKeys()) as string[];
      skip += keys.length;
      exhausted = keys.length < chunk;
      for (const k of keys) if (!seen.has(k)) { seen.add(k); queue.push(k); }
    }
    const take = queue.splice(0, Math.max(need - out.length, 0));
    read += take.length;
    for (const r of await db.records.bulkGet(take)) if (fits(r)) out.push(r);
    if (out.length >= need || (exhausted && !queue.length)) return out.slice(offset, need);
    // Several words rare together: reading rows to test them costs more than their keys.
    if (rest.length && read >= need * ROW_BUDGET_PAGES) break;
  }
  const keys = await matchingKeys(db, q.type, words);
  const page: RecordRow[] = [];
  for (let i = 0; page.length < need && i < keys.length; i += need) {
    for (const r of await db.records.bulkGet(keys.slice(i, i + need))) if (r && r.deleted === 0 && (!q.statusId || r.statusId === q.statusId)) page.push(r);
  }
  return page.slice(offset, need);
}

/** Rows a multi-word search reads to test the other words before it intersects index keys instead. */
const ROW_BUDGET_PAGES = 1;

/** Longest word first (ties keep their order): the likeliest rarest, and the order of results. */
const byLength = (words: string[]) => [...words].sort((a, b) => b.length - a.length);

/**
 * The records matching every word, in the longest word's index order (each once), from the
 * index keys alone. Every word's keys are read at once; the intersection starts from the
 * rarest set and keeps the driver's order.
 */
async function matchingKeys(db: ReadDB, type: Collection, words: string[]): Promise<string[]> {
  const sorted = byLength(words);
  const sets = await Promise.all(sorted.map(async (w) => (await db.records.where('words').startsWith(`${type}:${w}`).primaryKeys()) as string[]));
  const [driver, ...others] = sets;
  const lookups = others.map((ks) => new Set(ks)).sort((a, b) => a.size - b.size);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const k of driver) if (!seen.has(k) && (seen.add(k), lookups.every((s) => s.has(k)))) out.push(k);
  return out;
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
    // Results come in the longest word's index order, not name order: sorting thousands of
    // matches by name would mean reading them all, and search has to answer within a keystroke.
    const keys = await matchingKeys(db, q.type, words);
    let rows = (await db.records.bulkGet(keys.slice(0, offset + limit * 2))).filter((r): r is RecordRow => !!r && r.deleted === 0);
    if (q.statusId) rows = rows.filter((r) => r.statusId === q.statusId);
    return { rows: rows.slice(offset, offset + limit), total: keys.length };
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
