import Dexie, { liveQuery } from 'dexie';
import { tokenize, type Collection } from '../domain/index.ts';
import type { ReadDB } from './read-db.ts';
import type { RecordRow } from './rows.ts';
import type { StoredRecord } from '../layout/records-doc.ts';
import { searchKeys, searchPage } from './search-query.ts';
import { rowsByKey, stagedRows, withStaged } from './staged.ts';

/** Records pointing at one record: a company's people and deals, a person's deals, a record's tasks, a member's tasks. */
export type RelatedQuery = { type: Collection; field: 'companyId' | 'primaryPersonId' | 'related' | 'assigneeId'; value: string };

export type ListQuery = { type: Collection; search?: string; offset?: number; limit?: number; statusId?: string };
export type ListResult = { rows: RecordRow[]; total: number };

/**
 * How many records a plain list (no search) holds. Its own query: IndexedDB counts a range by
 * walking it (about 200 ms for 20,000 leads in Chromium), so the first rows must not wait for it.
 */
export async function countList(db: ReadDB, q: Pick<ListQuery, 'type' | 'statusId' | 'search'>): Promise<number> {
  if (tokenize(q.search ?? '').length) return (await queryList(db, { ...q, limit: 1 })).total;
  if (q.statusId) return liveWithStatus(db, q.type, q.statusId).count();
  return db.records.where('[type+deleted+sortName]').between([q.type, 0, ''], [q.type, 0, MAX], true, true).count();
}

/** The rows of a page only; `total` is null where counting would cost a walk (see countList). */
export async function queryRows(db: ReadDB, q: ListQuery): Promise<{ rows: RecordRow[]; total: number | null }> {
  const words = tokenize(q.search ?? '');
  if (words.length) return { rows: await searchPage(db, { type: q.type, words, statusId: q.statusId, offset: q.offset ?? 0, limit: q.limit ?? 50 }), total: null };
  const limit = q.limit ?? 50;
  const offset = q.offset ?? 0;
  if (q.statusId) return { rows: await liveWithStatus(db, q.type, q.statusId).offset(offset).limit(limit).toArray(), total: null };
  const range = () => db.records.where('[type+deleted+sortName]').between([q.type, 0, ''], [q.type, 0, MAX], true, true);
  if (offset === 0) return { rows: await range().limit(limit).toArray(), total: null };
  // A page further down: the keys up to its end in one read (keys only, no record decoded),
  // then its rows in one more. An offset walks a cursor row by row, each a round trip, and a
  // table scrolled fast reads a page every few hundred rows (U5).
  return db.transaction('r', db.records, async () => {
    const keys = (await range().limit(offset + limit).primaryKeys()).slice(offset);
    return { rows: (await db.records.bulkGet(keys)).filter((r): r is RecordRow => !!r), total: null };
  });
}

const MAX = '\uffff';

/** The live (not trashed) records of a type in one status, in the status index's order. */
const liveWithStatus = (db: ReadDB, type: Collection, statusId: string) => db.records.where('[type+statusId]').equals([type, statusId]).filter((r) => r.deleted === 0);

/**
 * Every live record of a type as the read model holds it (the rows' `data`, as `repo.list`
 * returns them): a whole-workspace read that loads no shard (an import's duplicate check).
 */
export async function liveRecords(db: ReadDB, type: Collection): Promise<StoredRecord[]> {
  const rows = await db.records.where('[type+deleted+sortName]').between([type, 0, ''], [type, 0, MAX], true, true).toArray();
  // A join's staged rows too (staged.ts): an import after a join must see the teammates' records.
  return withStaged(await stagedRows(db), rows, (r) => r.type === type && !r.deleted).map((r) => r.data);
}

/**
 * A page of a list from the read model and its total: sorted by name from the compound index,
 * or a search's matches (see search-query.ts), live ones only, counted from index keys.
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
    // Every match's key from indexes alone (the total), rows for the page only. Results come in
    // the longest word's index order, not name order: sorting thousands of matches by name would
    // mean reading them all, and search has to answer within a keystroke.
    const keys = await searchKeys(db, { type: q.type, words, statusId: q.statusId });
    const rows = (await rowsByKey(db, keys.slice(offset, offset + limit))).filter((r): r is RecordRow => !!r);
    return { rows, total: keys.length };
  }
  // Trashed records are left out before the page's offset, and from its total.
  const live = () => liveWithStatus(db, q.type, q.statusId!);
  const [rows, total] = await Promise.all([live().offset(offset).limit(limit).toArray(), live().count()]);
  return { rows, total };
}

/** Re-runs a query whenever the read model changes, in this page or another (Dexie liveQuery). */
export function watchList(db: ReadDB, q: ListQuery, onResult: (r: ListResult) => void, onError: (e: unknown) => void = () => {}): () => void {
  const sub = liveQuery(() => queryList(db, q)).subscribe({ next: onResult, error: onError });
  return () => sub.unsubscribe();
}

/** Whether a row points at a RelatedQuery's record (what the indexes below would find). */
function relates(q: RelatedQuery): (r: RecordRow) => boolean {
  return (r) => {
    if (r.type !== q.type || r.deleted) return false;
    const d = r.data as Record<string, unknown>;
    if (q.field === 'assigneeId') return r.ownerId === q.value; // a task's assignee is its row's owner column
    if (q.field === 'related') return `${(d.related as { type?: string })?.type}:${(d.related as { id?: string })?.id}` === q.value;
    return d[q.field] === q.value;
  };
}

/**
 * The live records pointing at a record (RelatedQuery), a join's staged rows among them: a
 * teammate's person at a company is listed on the company's page, and its calls are on the
 * company's timeline, as soon as the join lands, not at the unpack (staged.ts). A staged row
 * replaces its key's `records` row, so a person moved to another company leaves this one.
 */
export async function relatedRows(db: ReadDB, q: RelatedQuery): Promise<RecordRow[]> {
  const where = relates(q);
  // Dexie's Promise.all keeps a live query's zone (a native one may lose it).
  const [found, staged] = await Dexie.Promise.all([indexedRelated(db, q), stagedRows(db)]);
  return withStaged(staged, found.filter(where), where);
}

function indexedRelated(db: ReadDB, q: RelatedQuery): Promise<RecordRow[]> {
  if (q.field === 'companyId') return db.records.where('[type+companyId]').equals([q.type, q.value]).toArray();
  if (q.field === 'assigneeId') return db.records.where('[type+ownerId]').equals([q.type, q.value]).toArray();
  // Few enough tasks and deals per workspace to filter: no index on these references.
  return db.records.where('[type+deleted+sortName]').between([q.type, 0, ''], [q.type, 0, MAX], true, true).toArray();
}
