import type { Collection } from '../domain/index.ts';
import type { ReadDB } from './read-db.ts';
import type { RecordRow } from './rows.ts';
import { keepSet, keptSet, setsGeneration, type WordSet } from './search-sets.ts';

/** A search of one collection: the query's words (see `tokenize`), each a prefix of a record's word. */
export type SearchQuery = { type: Collection; words: string[]; statusId?: string; offset: number; limit: number };

/**
 * Keys a multi-word search reads of each word before it knows whether the word is rare: a word
 * with fewer matches than this is known whole, and its records are the only candidates.
 * A candidate costs a row read (the row carries its words), a probe key almost nothing.
 */
const MIN_PROBE = 100;

/** Longest word first (ties keep their order): the likeliest rarest, and the order of results. */
const byLength = (words: string[]) => [...words].sort((a, b) => b.length - a.length);

const range = (db: ReadDB, type: Collection, word: string) => db.records.where('words').startsWith(`${type}:${word}`);

/** A row the search returns: live, in the status asked for, every word the start of one of its words. */
function rowTest(q: SearchQuery): (r: RecordRow | undefined) => r is RecordRow {
  const prefixes = q.words.map((w) => `${q.type}:${w}`);
  return (r): r is RecordRow => !!r && r.deleted === 0 && (!q.statusId || r.statusId === q.statusId) && prefixes.every((p) => r.words.some((x) => x.startsWith(p)));
}

/**
 * The order of results: the driver's (longest word's) index order. A record's first entry in that
 * range is its smallest word under the prefix, and entries of one word are in key order, so rows
 * read any other way are sorted back into it without reading the index.
 */
function inDriverOrder(rows: RecordRow[], type: Collection, driver: string): RecordRow[] {
  const prefix = `${type}:${driver}`;
  const first = (r: RecordRow) => r.words.reduce((min, w) => (w.startsWith(prefix) && (min === '' || w < min) ? w : min), '');
  return rows.map((r) => ({ r, w: first(r) })).sort((a, b) => cmp(a.w, b.w) || cmp(a.r.key, b.r.key)).map((x) => x.r);
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Where a walk of a word's rows stands: the rows that passed, every key read, entries read. */
type Walk = { rows: RecordRow[]; seen: Set<string>; read: number; complete: boolean };

/**
 * The first `need` rows of a word's index range that pass `test`, read straight from the range
 * (one request, no key read first; a record with two entries under the prefix is kept once),
 * `read` entries at first, four times as many from the range's start each time after, until
 * `budget` entries are read; `from`: a walk to go on with, by one read of `budget` entries. Never
 * an offset: Dexie walks a cursor for one (a request per row in Chromium), and the index key to
 * resume after is not known from a row (a record may have several words under the prefix).
 * `complete` says whether these are all the rows before `need`; `seen` holds every key read.
 */
async function rangeRows(db: ReadDB, type: Collection, word: string, need: number, test: (r: RecordRow) => boolean, budget: number, from?: Walk): Promise<Walk> {
  const seen = new Set(from?.seen);
  const rows = [...(from?.rows ?? [])];
  for (let read = from ? budget : Math.min(need, budget); ; read = Math.min(read * 4, budget)) {
    const got = await range(db, type, word).limit(read).toArray();
    for (const r of got) if (!seen.has(r.key)) { seen.add(r.key); if (test(r)) rows.push(r); }
    if (rows.length >= need || got.length < read) return { rows, seen, read, complete: true };
    if (read >= budget) return { rows, seen, read, complete: false };
  }
}

/**
 * Candidates a page may read as rows when kept sets bound a query but do not answer it
 * ("grace lovelace" typed after "grace lo": the records of both prefixes): past this, the
 * index is read instead.
 */
const MAX_CANDIDATES = 200;

/**
 * Rows of the driver a search reads past its first page when some of that page matched (words
 * that go together, sparsely: "head acme", one lead in twelve). Past this, every word's keys
 * are read instead: a row costs several keys, a walk of two common words' keys tens of thousands.
 */
const MAX_ROW_WALK = 1_000;

/**
 * A search's first page (no total). Whatever the words, the page's rows are the only rows read
 * beyond a bounded few:
 * - one word: rows straight from its index range, as many as the page needs;
 * - several, each word's set kept while the user types (search-sets.ts): the page from the
 *   sets' intersection, the index not read again;
 * - several, read cold, in one round of requests side by side: the driver's first page of rows
 *   (kept if they fill the page: words that go together, "grace l") and each word's first keys;
 *   a word with fewer keys than that probe is known whole and its records are the only
 *   candidates; if some of the driver's first rows matched, more of its rows, up to a bound
 *   ("head acme"); else the words are rare together ("grace lovelace"): every word's keys are
 *   read (keys only, kept for the next keystroke), intersected, and the page's rows read.
 */
export async function searchPage(db: ReadDB, q: SearchQuery): Promise<RecordRow[]> {
  const need = q.offset + q.limit;
  const words = byLength(q.words);
  const [driver] = words;
  const test = rowTest(q);
  if (words.length === 1) return (await rangeRows(db, q.type, driver, need, test, Infinity)).rows.slice(q.offset, need);
  // After one await: a change notice being delivered now has dropped what it must (search-sets.ts).
  const since = await Promise.resolve(setsGeneration());
  const kept = words.map((w) => keptSet(db, q.type, w));
  if (kept.every((k) => k)) {
    const [page] = await Promise.all([pageFromSets(db, q, kept as KeptSet[], test), observe(db, q.type, words)]);
    if (page) return page;
  }
  const probe = Math.max(need * 2, MIN_PROBE);
  const [first, ...probes] = await Promise.all([
    rangeRows(db, q.type, driver, need, test, need),
    ...words.map(async (w) => (await range(db, q.type, w).limit(probe).primaryKeys()) as string[]),
  ]) as [Walk, ...string[][]];
  if (first.complete) return first.rows.slice(q.offset, need);
  const whole = probes.flatMap((p, i) => (p.length < probe ? [keepSet(db, q.type, words[i], unique(p), since)] : []));
  if (whole.length) {
    whole.sort((a, b) => a.keys.length - b.keys.length);
    const [rarest, ...others] = whole;
    // The driver's rows already read are known: only the other candidates' rows are read.
    const candidates = rarest.keys.filter((k) => !first.seen.has(k) && others.every((s) => s.has.has(k)));
    const rows = [...first.rows, ...(await db.records.bulkGet(candidates)).filter(test)];
    return inDriverOrder(rows, q.type, driver).slice(q.offset, need);
  }
  if (first.rows.length) {
    // The driver's first page had matches: one more read of its rows, half again as many as
    // its rate of matches says the page needs.
    const budget = Math.min(MAX_ROW_WALK, Math.ceil((1.5 * need * first.read) / first.rows.length));
    const more = await rangeRows(db, q.type, driver, need, test, budget, first);
    if (more.complete) return more.rows.slice(q.offset, need);
  }
  const sets = await Promise.all(words.map(async (w) => keepSet(db, q.type, w, await wordKeys(db, q.type, w), since)));
  return pageOf(db, intersect(sets), test, q);
}

type KeptSet = WordSet & { exact: boolean };

/**
 * The page from kept sets, or null if they only bound a query with too many candidates. Every
 * word's own set: their intersection in the driver's order, rows for the page only. Some
 * prefix's set (a superset): the candidates' rows tested against the words themselves.
 */
async function pageFromSets(db: ReadDB, q: SearchQuery, kept: KeptSet[], test: (r: RecordRow | undefined) => r is RecordRow): Promise<RecordRow[] | null> {
  if (kept.every((k) => k.exact)) return pageOf(db, intersect(kept), test, q);
  const [smallest, ...others] = [...kept].sort((a, b) => a.keys.length - b.keys.length);
  const candidates: string[] = [];
  for (const k of smallest.keys) {
    if (!others.every((s) => s.has.has(k))) continue;
    if (candidates.push(k) > MAX_CANDIDATES) return null;
  }
  return inDriverOrder((await db.records.bulkGet(candidates)).filter(test), q.type, byLength(q.words)[0]).slice(q.offset, q.offset + q.limit);
}

/** The rows of a page of `keys` (matches in result order) that pass `test`, read a page at a time. */
async function pageOf(db: ReadDB, keys: string[], test: (r: RecordRow | undefined) => r is RecordRow, q: SearchQuery): Promise<RecordRow[]> {
  const need = q.offset + q.limit;
  const page: RecordRow[] = [];
  for (let i = 0; page.length < need && i < keys.length; i += need) page.push(...(await db.records.bulkGet(keys.slice(i, i + need))).filter(test));
  return page.slice(q.offset, need);
}

/** Each key once, in first-seen order (a record has several entries under one prefix). */
const unique = (keys: string[]) => [...new Set(keys)];

/** Every record with a word starting with `word`, in its index order, each once. */
async function wordKeys(db: ReadDB, type: Collection, word: string): Promise<string[]> {
  return unique((await range(db, type, word).primaryKeys()) as string[]);
}

/** The keys of the first set (the driver's, in its order) that every other set holds. */
function intersect([driver, ...others]: WordSet[]): string[] {
  const lookups = [...others].sort((a, b) => a.keys.length - b.keys.length);
  return driver.keys.filter((k) => lookups.every((s) => s.has.has(k)));
}

/**
 * The records matching every word, in the driver's index order (each once), from the index
 * keys alone (sets kept while the user types are not read again).
 */
export async function matchingKeys(db: ReadDB, type: Collection, words: string[]): Promise<string[]> {
  const since = await Promise.resolve(setsGeneration());
  const sets = await Promise.all(byLength(words).map(async (w) => {
    const k = keptSet(db, type, w);
    if (!k?.exact) return keepSet(db, type, w, await wordKeys(db, type, w), since);
    await observe(db, type, [w]);
    return k;
  }));
  return intersect(sets);
}

/**
 * One index entry of each word read: inside a live query (Dexie's liveQuery) this subscribes it
 * to the words' whole ranges, which an answer from kept sets alone would not, so a record written
 * later that matches them runs the query again.
 */
async function observe(db: ReadDB, type: Collection, words: string[]): Promise<void> {
  await Promise.all(words.map((w) => range(db, type, w).limit(1).primaryKeys()));
}

/**
 * Every match of a search as keys, in result order, live and in the status asked for, from
 * indexes only (the trash's and the status's keys): its total and any page, without row reads.
 */
export async function searchKeys(db: ReadDB, q: Omit<SearchQuery, 'offset' | 'limit'>): Promise<string[]> {
  const MAX = '\uffff';
  const [keys, trashed, status] = await Promise.all([
    matchingKeys(db, q.type, q.words),
    db.records.where('[type+deleted+sortName]').between([q.type, 1, ''], [q.type, 1, MAX], true, true).primaryKeys(),
    q.statusId ? db.records.where('[type+statusId]').equals([q.type, q.statusId]).primaryKeys() : null,
  ]);
  const gone = new Set(trashed as string[]);
  const inStatus = status && new Set(status as string[]);
  return keys.filter((k) => !gone.has(k) && (!inStatus || inStatus.has(k)));
}
