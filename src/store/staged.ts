import Dexie from 'dexie';
import type { ReadDB } from './read-db.ts';
import type { RecordRow } from './rows.ts';

/**
 * Record rows written packed (docs/architecture.md, "Staged rows"). One row per record costs a
 * put and its index entries: a teammate joining 20,000 records spent 6.2 s in Chromium on those
 * puts alone (P8-chromium.floor), 0.16 s when the same rows went 500 to a value. So a join's
 * batches (remote changes, past the first page of rows) go to `staged` as one value each, and
 * the engine moves them into `records` when it is idle (the projector's unpack), a few hundred
 * rows per transaction.
 *
 * Until then the rows are read from here by whatever must not miss them: search (a record synced
 * is found at once) and reads of a record by key (`rowsByKey`: its page, names, links). The
 * lists, boards and counts read `records` alone and fill in as slices are unpacked, as they
 * filled in while the join itself ran.
 *
 * Two rules make the overlay simple: a key is in one slice at most (a write of a staged key,
 * direct or staged again, takes it out of its old slice), and a staged row is newer than the
 * `records` row of its key, if any. A slice is never changed in place: it is replaced under a
 * new `seq`, so a reader's copy of a slice stays true for as long as its `seq` exists.
 */
export type StagedSlice = { seq: number; rows: RecordRow[] };

type Cache = { slices: Map<number, RecordRow[]>; signature: string; byKey: Map<string, RecordRow> };
const caches = new Map<string, Cache>();
const NONE: ReadonlyMap<string, RecordRow> = new Map();

/**
 * Every staged row by key. With nothing staged (the usual case) this is one read of the table's
 * keys; otherwise the slices not read before are read, and the rest come from memory. Inside a
 * Dexie live query the keys' read subscribes it to the table: an unpacked slice re-runs it.
 */
export async function stagedRows(db: ReadDB): Promise<ReadonlyMap<string, RecordRow>> {
  const seqs = (await db.staged.toCollection().primaryKeys()) as number[];
  if (!seqs.length) { caches.delete(db.name); return NONE; }
  let cache = caches.get(db.name);
  if (!cache) caches.set(db.name, (cache = { slices: new Map(), signature: '', byKey: new Map() }));
  const signature = seqs.join(',');
  if (cache.signature === signature) return cache.byKey;
  const missing = seqs.filter((s) => !cache.slices.has(s));
  if (missing.length) {
    // One request per slice, not one for all: each answer's rows are decoded in a task of their
    // own (a page's long tasks, S3), a few hundred rows each rather than a join's thousands at once.
    // Dexie's Promise.all keeps a live query's zone (known-query.ts).
    const got = await Dexie.Promise.all(missing.map((s) => db.staged.get(s)));
    got.forEach((slice, i) => { if (slice) cache.slices.set(missing[i], slice.rows); });
  }
  const live = new Set(seqs);
  for (const s of cache.slices.keys()) if (!live.has(s)) cache.slices.delete(s);
  const byKey = new Map<string, RecordRow>();
  for (const s of seqs) for (const r of cache.slices.get(s) ?? []) byKey.set(r.key, r);
  Object.assign(cache, { signature, byKey });
  return byKey;
}

/**
 * Rows a reader found in `records` by an index, with the staged rows `where` picks (staged rows
 * are in no index yet): a staged row replaces its key's older row, picked or not.
 */
export function withStaged(staged: ReadonlyMap<string, RecordRow>, found: RecordRow[], where: (r: RecordRow) => boolean): RecordRow[] {
  if (!staged.size) return found;
  return [...found.filter((r) => !staged.has(r.key)), ...[...staged.values()].filter(where)];
}

/** Rows by key as readers see them: a staged row where there is one (it is newer), else the `records` row. */
export async function rowsByKey(db: ReadDB, keys: readonly string[]): Promise<(RecordRow | undefined)[]> {
  const [rows, staged] = await Dexie.Promise.all([db.records.bulkGet(keys as string[]), stagedRows(db)]);
  return staged.size ? rows.map((r, i) => staged.get(keys[i]) ?? r) : rows;
}
