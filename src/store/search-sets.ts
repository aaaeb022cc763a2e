import Dexie from 'dexie';
import type { Collection } from '../domain/index.ts';
import type { ReadDB } from './read-db.ts';

/**
 * Key sets of search words read whole, kept while the user types: every record whose indexed
 * word starts with `word`, in the word's index order (each record once). A longer query word
 * is a subset of any prefix's set ("grace lov" ⊆ "grace lo"), so the records of "grace lo"
 * bound those of every later keystroke without reading the index again.
 *
 * A set is dropped at any change of the read model's records, in any context (Dexie's
 * `storagemutated`, which reaches other pages and the engine's Worker by BroadcastChannel),
 * when a page reruns its live queries after a write of its own (`forgetSearchSets`), and after
 * SETS_TTL_MS whatever happens: that notice was once seen missed across contexts, and a set
 * must never make a list staler than its live query is.
 */
export type WordSet = { keys: readonly string[]; has: Set<string> };
type Entry = WordSet & { at: number };

/** A user types a query in a few seconds; a set older than this is read again. */
export const SETS_TTL_MS = 10_000;
/** Keys kept per database (~50 bytes each): a few common words of a 250k workspace. */
const MAX_KEYS = 200_000;
const MAX_SETS = 16;

const byDb = new Map<string, Map<string, Entry>>();
/** Bumped at every drop: a set read before a change must not be kept after it. */
let generation = 0;
let listening = false;

const id = (type: Collection, word: string) => `${type}:${word}`;

function listen(): void {
  if (listening) return;
  listening = true;
  // `idb://<db name>/<table>/…` for each changed part; `all` when everything may have changed.
  Dexie.on('storagemutated', (parts: Record<string, unknown>) => {
    if ('all' in parts) return forgetSearchSets();
    for (const key of Object.keys(parts)) {
      const m = /^idb:\/\/(.*)\/records\//.exec(key);
      if (m) { byDb.delete(m[1]); generation++; }
    }
  });
}

/** Drops every kept set (a page's own write, before its live queries run again). */
export function forgetSearchSets(): void {
  byDb.clear();
  generation++;
}

/** Taken before reading a set from the index; `keepSet` keeps it only if nothing changed since. */
export function setsGeneration(): number {
  listen();
  return generation;
}

function entries(db: ReadDB): Map<string, Entry> {
  listen();
  let m = byDb.get(db.name);
  if (!m) byDb.set(db.name, (m = new Map()));
  return m;
}

/**
 * The set of `word` if kept (`exact`), else of the longest kept prefix of it (a superset of
 * the word's records), else null. A hit counts as a use (least recently used goes first).
 */
export function keptSet(db: ReadDB, type: Collection, word: string): (WordSet & { exact: boolean }) | null {
  const m = entries(db);
  const now = Date.now();
  for (let n = word.length; n > 0; n--) {
    const k = id(type, word.slice(0, n));
    const e = m.get(k);
    if (!e) continue;
    m.delete(k);
    if (now - e.at > SETS_TTL_MS) continue;
    m.set(k, e);
    return { keys: e.keys, has: e.has, exact: n === word.length };
  }
  return null;
}

/** Keeps the whole set of `word` (its records in index order, each once), read since `since`. */
export function keepSet(db: ReadDB, type: Collection, word: string, keys: readonly string[], since: number): WordSet {
  return keep(db, id(type, word), keys, since);
}

/**
 * The records matching every one of `words` (live or trashed), read since `since`: what a query
 * whose words are not all kept found by reading its driver's rows ("turing3 a"), kept so that
 * the next keystrokes ("turing3 ac"…), whose matches are among them, read nothing more. With
 * `walk`: only the live matches (in `statusId`) among the first rows of the driver's range, in
 * its order ("head ac": the rows read until a page was found), which bound a later query's first
 * matches only if its driver and status are the same.
 */
export function keepMatches(db: ReadDB, type: Collection, words: readonly string[], keys: readonly string[], since: number, walk?: DriverWalk): void {
  keep(db, matchesId(type, words, walk), keys, since);
}
export type DriverWalk = { driver: string; statusId?: string };

/**
 * The smallest kept set of matches whose words each start a word of `words`: a superset of
 * `words`' matches ("turing3 a" for "turing3 acme"); else a walk's (`partial`) of the same
 * driver and status; else null.
 */
export function keptMatches(db: ReadDB, type: Collection, words: readonly string[], walk: DriverWalk): (WordSet & { partial: boolean }) | null {
  const prefix = `${type}&`;
  const now = Date.now();
  let whole: Entry | null = null;
  let partial: Entry | null = null;
  for (const [k, e] of entries(db)) {
    if (!k.startsWith(prefix) || now - e.at > SETS_TTL_MS) continue;
    const [kw, driver, statusId] = k.slice(prefix.length).split('|');
    if (!kw.split(' ').every((c) => words.some((w) => w.startsWith(c)))) continue;
    if (driver === undefined) { if (!whole || e.keys.length < whole.keys.length) whole = e; }
    else if (driver === walk.driver && statusId === (walk.statusId ?? '')) partial = e;
  }
  const best = whole ?? partial;
  return best && { keys: best.keys, has: best.has, partial: !whole };
}

/** "&" and "|" never occur in a query word (tokenize splits on them), so these ids never meet a word's. */
const matchesId = (type: Collection, words: readonly string[], walk?: DriverWalk) => `${type}&${[...words].sort().join(' ')}${walk ? `|${walk.driver}|${walk.statusId ?? ''}` : ''}`;

function keep(db: ReadDB, key: string, keys: readonly string[], since: number): WordSet {
  const set: WordSet = { keys, has: new Set(keys) };
  if (since !== generation || keys.length > MAX_KEYS / 4) return set;
  const m = entries(db);
  m.delete(key);
  m.set(key, { ...set, at: Date.now() });
  let total = 0;
  for (const e of m.values()) total += e.keys.length;
  for (const [k, e] of m) {
    if (total <= MAX_KEYS && m.size <= MAX_SETS) break;
    m.delete(k);
    total -= e.keys.length;
  }
  return set;
}
