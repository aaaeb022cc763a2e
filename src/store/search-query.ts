import type { Collection } from '../domain/index.ts';
import type { ReadDB } from './read-db.ts';
import type { RecordRow } from './rows.ts';

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

/**
 * The first `need` rows of a word's index range that pass `test`, read straight from the range
 * (one request, no key read first; a record with two entries under the prefix is kept once),
 * until `budget` entries are read. `complete` says whether these are all the rows before `need`.
 */
async function rangeRows(db: ReadDB, type: Collection, word: string, need: number, test: (r: RecordRow) => boolean, budget: number) {
  const seen = new Set<string>();
  const rows: RecordRow[] = [];
  let skip = 0;
  for (let chunk = need; ; chunk *= 4) {
    const got = await range(db, type, word).offset(skip).limit(chunk).toArray();
    skip += got.length;
    for (const r of got) if (!seen.has(r.key)) { seen.add(r.key); if (test(r)) rows.push(r); }
    if (rows.length >= need || got.length < chunk) return { rows, complete: true };
    if (skip >= budget) return { rows, complete: false };
  }
}

/**
 * A search's first page (no total). Whatever the words, the page's rows are the only rows read
 * beyond a bounded few:
 * - one word: rows straight from its index range, as many as the page needs;
 * - several, one of them rare (fewer matches than a probe of keys): that word's records are
 *   the candidates (intersected with any other word known whole), their rows tested;
 * - several, all common: the driver's first page of rows, tested (words that go together fill
 *   it: "grace l"); if it does not fill, the words are rare together ("grace lovelace"): their
 *   index keys are intersected (keys only) and the page's rows read.
 */
export async function searchPage(db: ReadDB, q: SearchQuery): Promise<RecordRow[]> {
  const need = q.offset + q.limit;
  const [driver, ...rest] = byLength(q.words);
  const test = rowTest(q);
  if (!rest.length) return (await rangeRows(db, q.type, driver, need, test, Infinity)).rows.slice(q.offset, need);
  const probe = Math.max(need * 2, MIN_PROBE);
  const probes = await Promise.all(q.words.map(async (w) => (await range(db, q.type, w).limit(probe).primaryKeys()) as string[]));
  const whole = probes.filter((p) => p.length < probe).map((p) => new Set(p)).sort((a, b) => a.size - b.size);
  if (whole.length) {
    const [rarest, ...others] = whole;
    const candidates = [...rarest].filter((k) => others.every((s) => s.has(k)));
    return inDriverOrder((await db.records.bulkGet(candidates)).filter(test), q.type, driver).slice(q.offset, need);
  }
  const first = await rangeRows(db, q.type, driver, need, test, need);
  if (first.complete) return first.rows.slice(q.offset, need);
  const keys = await matchingKeys(db, q.type, q.words);
  const page: RecordRow[] = [];
  for (let i = 0; page.length < need && i < keys.length; i += need) page.push(...(await db.records.bulkGet(keys.slice(i, i + need))).filter(test));
  return page.slice(q.offset, need);
}

/**
 * The records matching every word, in the driver's index order (each once), from the index
 * keys alone: every word's keys read at once, the intersection tested against the rarest first.
 */
export async function matchingKeys(db: ReadDB, type: Collection, words: string[]): Promise<string[]> {
  const sets = await Promise.all(byLength(words).map(async (w) => (await range(db, type, w).primaryKeys()) as string[]));
  const [driver, ...others] = sets;
  const lookups = others.map((ks) => new Set(ks)).sort((a, b) => a.size - b.size);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const k of driver) if (!seen.has(k) && (seen.add(k), lookups.every((s) => s.has(k)))) out.push(k);
  return out;
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
