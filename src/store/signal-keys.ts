import Dexie from 'dexie';
import type { ReadDB } from './read-db.ts';

/**
 * Which records have a signals row, kept in memory per ReadDB connection, so the upkeep of a
 * batch whose keys span the whole key space (a teammate's join: ids are random) learns which of
 * its records have a row without one `get` per record (500 requests per 500-record batch).
 *
 * The set is read whole once (one getAllKeys, in the upkeep's transaction) and then kept by the
 * upkeep's own puts and deletes. It is forgotten whenever it could go stale, and read again at
 * the next use: when the signals table is cleared (a rebuild), when a transaction that changed
 * it aborts, when the connection is closed or reopened (another IDBDatabase), and after
 * IDLE_MS without use (another context may have written the read model meanwhile). A record the
 * set wrongly took as rowless would lose its stored parents, so every change is noted in it.
 */
export const SIGNAL_KEYS_IDLE_MS = 30_000;

type Held = { conn: IDBDatabase | null; keys: Set<string> | null; loading: Promise<Set<string>> | null; epoch: number; timer: ReturnType<typeof setTimeout> | null };
const held = new WeakMap<ReadDB, Held>();

function entry(db: ReadDB): Held {
  const conn = db.backendDB();
  let h = held.get(db);
  if (!h) { h = { conn, keys: null, loading: null, epoch: 0, timer: null }; held.set(db, h); }
  if (h.conn !== conn) { forget(h); h.conn = conn; } // reopened: another connection
  return h;
}

function forget(h: Held) {
  h.keys = null;
  h.loading = null;
  h.epoch++;
  if (h.timer) { clearTimeout(h.timer); h.timer = null; }
}

function touch(h: Held) {
  if (h.timer) clearTimeout(h.timer);
  const t = setTimeout(() => { h.timer = null; forget(h); }, SIGNAL_KEYS_IDLE_MS);
  // Node (the CLI, tests): an idle timer must not keep the process alive.
  (t as { unref?: () => void }).unref?.();
  h.timer = t;
}

/** Forgets the kept set when the current transaction aborts (its notes in the set never happened). */
function forgetOnAbort(h: Held) {
  const tx = Dexie.currentTransaction;
  if (!tx) return;
  const drop = () => forget(h);
  tx.on('abort', drop);
  tx.on('error', drop);
}

/**
 * The keys of every signals row. Call inside the transaction that will change the table (the
 * upkeep's): the set is read in it when not kept. Not async itself: one more native async layer
 * inside a Dexie transaction commits it early.
 */
export function signalKeys(db: ReadDB): Promise<Set<string>> {
  const h = entry(db);
  touch(h);
  forgetOnAbort(h);
  if (h.keys) return Dexie.Promise.resolve(h.keys);
  if (h.loading) return h.loading;
  const epoch = h.epoch;
  const loading = db.signals.toCollection().primaryKeys().then((ks) => {
    const keys = new Set(ks as string[]);
    if (h.epoch === epoch) { h.keys = keys; h.loading = null; }
    return keys;
  });
  h.loading = loading;
  return loading;
}

/** The upkeep wrote these signals rows and deleted those (in the current transaction). */
export function noteSignalWrites(db: ReadDB, puts: string[], dels: string[]): void {
  const h = held.get(db);
  if (!h?.keys) return;
  if (h.conn !== db.backendDB()) { forget(h); return; }
  forgetOnAbort(h);
  for (const k of puts) h.keys.add(k);
  for (const k of dels) h.keys.delete(k);
}

/** Forgets the kept set of `db` (its signals table was cleared, or written by other means). */
export function forgetSignalKeys(db: ReadDB): void {
  const h = held.get(db);
  if (h) forget(h);
}
