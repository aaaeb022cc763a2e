import type { Collection } from '../domain/index.ts';
import { pairsFill, type ReadDB } from './read-db.ts';
import type { RecordRow } from './rows.ts';
import { MAX_SHARED, PAIRED, UNPAIRED_START, longerNames, otherKey, pairKey, unpairedKey } from './search-pairs.ts';
import { keepMatches, keepSet, keptMatches, keptSet, setsGeneration, type WordSet } from './search-sets.ts';
import { stagedRows } from './staged.ts';

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
  const has = hasWords(q.type, q.words);
  return (r): r is RecordRow => !!r && r.deleted === 0 && (!q.statusId || r.statusId === q.statusId) && has(r);
}

/** A row with every word the start of one of its words, live or trashed. */
function hasWords(type: Collection, words: string[]): (r: RecordRow) => boolean {
  const prefixes = words.map((w) => `${type}:${w}`);
  return (r) => prefixes.every((p) => r.words.some((x) => x.startsWith(p)));
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
 *   ("head acme"); else the words are rare together ("grace lovelace"): the driver's keys, then
 *   the others' up to what the driver's rows would cost (rareTogether): intersected (kept for
 *   the next keystroke) and the page's rows read, or the driver's rows tested.
 */
export async function searchPage(db: ReadDB, q: SearchQuery): Promise<RecordRow[]> {
  // The indexes' rows up to the page's end (the same reads as the page alone), then the page:
  // rows a join staged (staged.ts) are in no index yet, and fall among them in the same order (a
  // staged row replaces the older row of its key).
  const need = q.offset + q.limit;
  const [staged, indexed] = await Promise.all([stagedRows(db), indexedPage(db, { ...q, offset: 0, limit: need })]);
  if (!staged.size) return indexed.slice(q.offset);
  const test = rowTest(q);
  const rows = [...indexed.filter((r) => !staged.has(r.key)), ...[...staged.values()].filter(test)];
  return inDriverOrder(rows, q.type, byLength(q.words)[0]).slice(q.offset, need);
}

/** searchPage over the indexes of `records` alone. */
async function indexedPage(db: ReadDB, q: SearchQuery): Promise<RecordRow[]> {
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
  // A query typed on from one answered by its driver's rows: its matches bound this one's (all
  // of them, or the first ones of a walk of the same driver, if they still fill the page).
  const bound = keptMatches(db, q.type, words, { driver, statusId: q.statusId });
  if (bound && !bound.partial && bound.keys.length <= MAX_CANDIDATES) {
    const [rows] = await Promise.all([db.records.bulkGet([...bound.keys]), observe(db, q.type, words)]);
    return inDriverOrder(rows.filter(test), q.type, driver).slice(q.offset, need);
  }
  if (bound?.partial && bound.keys.length >= need) {
    const [page] = await Promise.all([pageOf(db, bound.keys, test, q), observe(db, q.type, words)]);
    if (page.length === q.limit) return page;
  }
  // Two words the pairs index proves apart or few together ("grace lovelace"): their few rows.
  const paired = await pairRows(db, q.type, words, since);
  if (paired) return paired.filter(test).slice(q.offset, need);
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
    if (more.complete) {
      keepMatches(db, q.type, words, more.rows.map((r) => r.key), since, { driver, statusId: q.statusId });
      return more.rows.slice(q.offset, need);
    }
  }
  return rareTogether(db, q, test, since);
}

/**
 * Keys of another word a query rare together reads per record of the driver before it reads the
 * driver's rows instead: a row read from an index range costs about two entries' keys in
 * Chromium (1,334 rows 110–440 ms, their keys 48–206 ms at 50k, load 11–14; "hopper a" 1.7),
 * so a word with more entries than this costs more as keys than the driver's rows do. Without
 * it, "turing3 a" (740 records of "turing3", 28,000 of "a" at 250k) read every key of "a" at
 * each cold query. In fake-indexeddb (Node) a row costs 15–20 keys: there the bound only pays
 * for a word much more common than that ("turing3 a" still does).
 */
const ROW_COST = 2;

/**
 * The first rows and probes found no match and no small word: the driver's keys whole, then each
 * other word's keys up to ROW_COST times as many (wordSets). If every word came back whole, their
 * intersection (kept for the next keystroke) is the page's candidates, as before; else the
 * driver's rows are read in one request and tested, unless the whole words leave few candidates.
 */
async function rareTogether(db: ReadDB, q: SearchQuery, test: (r: RecordRow | undefined) => r is RecordRow, since: number): Promise<RecordRow[]> {
  const [driverSet, ...sets] = await wordSets(db, q.type, byLength(q.words), since);
  const whole = sets.filter((x): x is WordSet => !!x);
  const candidates = intersect([driverSet, ...whole]);
  if (whole.length === sets.length) return pageOf(db, candidates, test, q);
  const few = candidates.length <= MAX_CANDIDATES && candidates.length < driverSet.keys.length;
  return (await driverMatches(db, q.type, q.words, since, few ? candidates : undefined)).filter(test).slice(q.offset, q.offset + q.limit);
}

/**
 * Records the pairs path reads as rows at most (its matches, and the candidates whose other
 * words start a query word): past this, a query's words go together often enough for the
 * driver's first rows to find its page, and the path gives up having read at most this many
 * keys per range.
 */
const PAIR_CANDIDATES = 100;
/**
 * Of them, records whose other words (title, company, e-mail…) start a query word and no name
 * word of theirs, read as keys at most per range: past this, the words are common outside names
 * ("head acme": a title and a company), and the path gives up having read little.
 */
const OTHER_CANDIDATES = 30;

/**
 * Every record (live or trashed) holding all `words`, in the driver's order, found through the
 * `pairs` index (search-pairs.ts) by the two longest words p and q, without reading their
 * `words` entries: the `P` entries of p or q as a whole name word with the other (the side that
 * no longer name word starts), and the few records where p or q starts
 * another word and no name word (`O` entries in the buckets below the query word's length) or
 * whose names are not paired (`X`), their rows tested. One round of small reads in one
 * transaction, then at most PAIR_CANDIDATES rows. Null when the index cannot answer so: still
 * being filled after an upgrade, a word that starts with a digit or "+" (phones), one word the
 * start of the other, both the start of longer name words ("gra lov": the other paths, and the
 * sets kept while typing), or more than PAIR_CANDIDATES records to read.
 * The matches are kept for the next keystrokes (keepMatches).
 */
export async function pairRows(db: ReadDB, type: Collection, words: string[], since: number): Promise<RecordRow[] | null> {
  const [p, q] = byLength(words);
  if (!PAIRED.has(type) || UNPAIRED_START.test(p) || UNPAIRED_START.test(q) || p.startsWith(q) || q.startsWith(p)) return null;
  if (!(await pairsComplete(db))) return null;
  // One round of small reads in one transaction (each read of its own would open and commit one).
  const keys = await db.transaction('r', db.records, async () => {
    const index = () => db.records.where('pairs');
    // Whether a longer name word (paired) starts with w: a `P` key past `<w>\u0001` under it (one
    // range; distinct name words read with a cursor walked "grace"'s 1,334 duplicate entries in
    // Chromium: 8–21 ms at 50k, this 0.3–0.6). A record with one name word has no pair to match.
    const longer = (w: string) => index().between(...longerNames(type, w)).limit(1).primaryKeys();
    const paired = (a: string, b: string) => index().startsWith(pairKey(type, a, b)).limit(PAIR_CANDIDATES + 1).primaryKeys();
    const others = (w: string) => Array.from({ length: Math.min(w.length, MAX_SHARED + 1) }, (_, shared) => index().startsWith(otherKey(type, shared, w)).limit(OTHER_CANDIDATES + 1).primaryKeys());
    const [longerP, longerQ, pq, qp, ...candidates] = await Promise.all([
      longer(p), longer(q), paired(p, q), paired(q, p),
      index().startsWith(unpairedKey(type)).limit(OTHER_CANDIDATES + 1).primaryKeys(),
      ...others(p),
      ...others(q),
    ]);
    const found = new Set(candidates.flat() as string[]);
    if (found.size > OTHER_CANDIDATES) return null;
    // A side whose only name word starting it is itself: its pairs with the other side are every name match.
    const names = !longerQ.length ? qp : !longerP.length ? pq : null;
    if (!names) return null;
    for (const k of names) found.add(k as string);
    return found.size > PAIR_CANDIDATES ? null : found;
  });
  if (!keys) return null;
  const has = hasWords(type, words);
  const rows = inDriverOrder((await db.records.bulkGet([...keys])).filter((r): r is RecordRow => !!r && has(r)), type, p);
  keepMatches(db, type, words, rows.map((r) => r.key), since);
  return rows;
}

/**
 * Whether the `pairs` index holds every row (no upgrade filling it: the meta's `pairs` row is
 * gone). Once so, it stays so for this database while it is open: a fill only moves forward, a
 * rebuild writes every row with its entries, and an upgrade cannot happen under an open database.
 */
const completePairs = new WeakSet<ReadDB>();
async function pairsComplete(db: ReadDB): Promise<boolean> {
  if (completePairs.has(db)) return true;
  const filling = await pairsFill(db).get('pairs');
  if (!filling) completePairs.add(db);
  return !filling;
}

/**
 * The driver's (first word's) set whole, then each other word's, or null for a word with more
 * records than ROW_COST times the driver's: a set kept while the user types is used as is (one
 * entry read, for a live query's subscription), a set read whole is kept.
 */
async function wordSets(db: ReadDB, type: Collection, [driver, ...others]: string[], since: number): Promise<[WordSet, ...(WordSet | null)[]]> {
  const driverSet = (await wordSet(db, type, driver, Infinity, since))!;
  const limit = Math.max(ROW_COST * driverSet.keys.length, MIN_PROBE);
  return [driverSet, ...(await Promise.all(others.map((w) => wordSet(db, type, w, limit, since))))];
}

async function wordSet(db: ReadDB, type: Collection, word: string, limit: number, since: number): Promise<WordSet | null> {
  const kept = keptSet(db, type, word);
  if (kept?.exact) {
    await observe(db, type, [word]);
    return kept;
  }
  const r = range(db, type, word);
  const entries = (await (limit === Infinity ? r : r.limit(limit)).primaryKeys()) as string[];
  return entries.length < limit ? keepSet(db, type, word, unique(entries), since) : null;
}

/**
 * The rows of the driver's range (one request), or of a few `candidates` among them, that hold
 * every word, live or trashed, in the driver's index order, each once; their keys kept for the
 * next keystrokes (keepMatches).
 */
async function driverMatches(db: ReadDB, type: Collection, words: string[], since: number, candidates?: readonly string[]): Promise<RecordRow[]> {
  const has = hasWords(type, words);
  const [driver] = byLength(words);
  const seen = new Set<string>();
  const rows = candidates
    ? inDriverOrder((await db.records.bulkGet([...candidates])).filter((r): r is RecordRow => !!r && has(r)), type, driver)
    : (await range(db, type, driver).toArray()).filter((r) => !seen.has(r.key) && !!seen.add(r.key) && has(r));
  keepMatches(db, type, words, rows.map((r) => r.key), since);
  return rows;
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
async function pageOf(db: ReadDB, keys: readonly string[], test: (r: RecordRow | undefined) => r is RecordRow, q: SearchQuery): Promise<RecordRow[]> {
  const need = q.offset + q.limit;
  const page: RecordRow[] = [];
  for (let i = 0; page.length < need && i < keys.length; i += need) page.push(...(await db.records.bulkGet(keys.slice(i, i + need))).filter(test));
  return page.slice(q.offset, need);
}

/** Each key once, in first-seen order (a record has several entries under one prefix). */
const unique = (keys: string[]) => [...new Set(keys)];

/** The keys of the first set (the driver's, in its order) that every other set holds. */
function intersect([driver, ...others]: WordSet[]): string[] {
  const lookups = [...others].sort((a, b) => a.keys.length - b.keys.length);
  return driver.keys.filter((k) => lookups.every((s) => s.has.has(k)));
}

/**
 * The records matching every word, in the driver's index order (each once), from the index keys
 * (sets kept while the user types are not read again), or from the driver's rows when another
 * word has far more records than it (wordSets).
 */
export async function matchingKeys(db: ReadDB, type: Collection, words: string[]): Promise<string[]> {
  const [staged, keys] = await Promise.all([stagedRows(db), indexedKeys(db, type, words)]);
  if (!staged.size) return keys;
  // Staged rows (staged.ts) after the indexed matches, in the driver's order among themselves;
  // a staged key's older row in `records` is not a match of its own.
  const has = hasWords(type, words);
  const extra = inDriverOrder([...staged.values()].filter((r) => r.type === type && has(r)), type, byLength(words)[0]).map((r) => r.key);
  return [...keys.filter((k) => !staged.has(k)), ...extra];
}

/** matchingKeys over the indexes of `records` alone. */
async function indexedKeys(db: ReadDB, type: Collection, words: string[]): Promise<string[]> {
  const since = await Promise.resolve(setsGeneration());
  if (words.length > 1) {
    const paired = await pairRows(db, type, words, since);
    if (paired) return paired.map((r) => r.key);
  }
  const [driverSet, ...sets] = await wordSets(db, type, byLength(words), since);
  if (sets.every((x) => x)) return intersect([driverSet, ...(sets as WordSet[])]);
  // A word far more common than the driver: the driver's rows tested, not that word's keys.
  const candidates = intersect([driverSet, ...sets.filter((x): x is WordSet => !!x)]);
  const few = candidates.length <= MAX_CANDIDATES && candidates.length < driverSet.keys.length;
  return (await driverMatches(db, type, words, since, few ? candidates : undefined)).map((r) => r.key);
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
  const [keys, trashed, status, staged] = await Promise.all([
    matchingKeys(db, q.type, q.words),
    db.records.where('[type+deleted+sortName]').between([q.type, 1, ''], [q.type, 1, MAX], true, true).primaryKeys(),
    q.statusId ? db.records.where('[type+statusId]').equals([q.type, q.statusId]).primaryKeys() : null,
    stagedRows(db),
  ]);
  const gone = new Set(trashed as string[]);
  const inStatus = status && new Set(status as string[]);
  // A staged row (staged.ts) is newer than the indexes: its own columns say whether it is live and in the status.
  const test = rowTest({ ...q, offset: 0, limit: 0 });
  return keys.filter((k) => {
    const row = staged.get(k);
    return row ? test(row) : !gone.has(k) && (!inStatus || inStatus.has(k));
  });
}
