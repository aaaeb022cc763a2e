import Dexie from 'dexie';

/**
 * Reads of an index for many keys at once, as the upkeep and the timeline walk make them: each
 * query is a round trip of its own in Chromium's IndexedDB, so a batch's keys are read with one
 * range query when that range holds few entries (counted first), else one query per key.
 */

/**
 * A batch's records are every record whose key is within [first, last] (a rebuild's slice in key
 * order): the index entries of those keys are read with one range query instead of one query per
 * key; keys outside it (merged or converted-from records) as usual.
 */
export type KeyRange = { first: string; last: string };

/**
 * Rows indexed by `key` among `keys`. With a `range` (a rebuild's slice): one range query for the
 * keys within it, one query each for the rest. Without one: the rows between the smallest and
 * the largest key are read, at most a few per key (one request: rowsIfFew); when they are few
 * (a new workspace, an import into a small one, a collection with few activities) they are
 * filtered here, else one query per key. A 500-record import slice queried
 * activities and task links 1,000 times, most of them for records that had none.
 */
// Not async itself: one more native async layer inside a Dexie transaction commits it early.
export function byKeysIn<T>(keys: string[], range: KeyRange | undefined, inRange: (r: KeyRange) => Dexie.Collection<T, unknown>, key: (x: T) => string | string[] | undefined, get: (k: string) => Promise<T[]>): Promise<T[]> {
  if (!keys.length) return Dexie.Promise.resolve([]);
  const wanted = new Set(keys);
  const isWanted = (x: T) => { const k = key(x); return typeof k === 'string' ? wanted.has(k) : !!k?.some((p) => wanted.has(p)); };
  const ranged = (r: KeyRange) => inRange(r).toArray().then((xs) => xs.filter(isWanted));
  if (!range) {
    if (keys.length < SPARSE_MIN_KEYS) return byKeys(keys, get);
    return rowsIfFew(inRange(spanOf(keys)), keys.length).then((rows) => (rows ? rows.filter(isWanted) : byKeys(keys, get)));
  }
  const within = (k: string) => k >= range.first && k <= range.last;
  return ranged(range).then((inside) => byKeys(keys.filter((k) => !within(k)), get).then((rest) => [...inside, ...rest]));
}

/** Whether the index entries between the smallest and largest of `keys` are few (see byKeysIn). */
// Not async itself: one more native async layer inside a Dexie transaction commits it early.
export function sparseIn<T>(keys: string[], inRange: (r: KeyRange) => Dexie.Collection<T, unknown>): Promise<boolean> {
  return keysIfFew(inRange(spanOf(keys)), keys.length).then((ks) => ks !== undefined);
}

/**
 * The primary keys of a range's entries when there are few for `wanted` keys (at most
 * SPARSE_FACTOR per key), else undefined. It reads at most that many plus one, where a count
 * walks the whole range: a join's batch spans the whole key space (ids are random), so counting
 * or listing every entry in its span made a join quadratic (528,432 signals keys read for 20,000
 * joined records; helper "rowcost", seventh session).
 */
// Not async itself: one more native async layer inside a Dexie transaction commits it early.
export function keysIfFew<T>(range: Dexie.Collection<T, unknown>, wanted: number): Promise<unknown[] | undefined> {
  const bound = SPARSE_FACTOR * wanted;
  return range.limit(bound + 1).primaryKeys().then((ks) => (ks.length <= bound ? ks : undefined));
}

/**
 * A range's rows when there are few for `wanted` keys (at most SPARSE_FACTOR per key), else
 * undefined: one getAll of at most that many plus one rows, where listing the keys first and
 * then reading the range again took two requests (byKeysIn without a range). The rows are
 * bounded like the keys, so reading them whole costs no more than the second read did.
 */
// Not async itself: one more native async layer inside a Dexie transaction commits it early.
export function rowsIfFew<T>(range: Dexie.Collection<T, unknown>, wanted: number): Promise<T[] | undefined> {
  const bound = SPARSE_FACTOR * wanted;
  return range.limit(bound + 1).toArray().then((rows) => (rows.length <= bound ? rows : undefined));
}

/** The smallest and the largest of `keys`. */
export function spanOf(keys: string[]): KeyRange {
  let first = keys[0];
  let last = keys[0];
  for (const k of keys) { if (k < first) first = k; if (k > last) last = k; }
  return { first, last };
}

/** Below this many keys, one query per key (a user's edit): counting first would add a request. */
export const SPARSE_MIN_KEYS = 8;
/** A range holding at most this many entries per wanted key is read whole. */
const SPARSE_FACTOR = 2;

/**
 * One indexed lookup per key, all at once: `anyOf` over thousands of keys (a rebuild's batch)
 * walks the whole index in fake-indexeddb (Node: the CLI and tests), quadratic in the batch.
 * Dexie's Promise.all keeps a live query's zone (a native one may lose it).
 */
function byKeys<T>(keys: string[], get: (k: string) => Promise<T[]>): Promise<T[]> {
  return Dexie.Promise.all(keys.map(get)).then((lists) => lists.flat());
}
