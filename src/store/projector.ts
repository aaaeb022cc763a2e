import * as Y from 'yjs';
import { COLLECTIONS, isCollection, type Activity, type Collection } from '../domain/index.ts';
import { shardOf, type DocKey } from '../domain/routing.ts';
import type { WorkspaceDocs } from './docs.ts';
import type { UpdateClocks } from './doc-store.ts';
import { idsOfKeys, readRecord, recordIds, splitKey, collectionMap, type RecordEntries } from '../layout/records-doc.ts';
import type { UpdateMaps } from '../layout/update-maps.ts';
import { customFieldIds } from './config-store.ts';
import { historyMap, type HistoryEntry } from './history.ts';
import { HISTORY_MAP as HISTORY } from '../layout/history-doc.ts';
import { activityMap } from './layout.ts';
import { ACTIVITIES_MAP as ACTIVITIES } from '../layout/record-write.ts';
import { READ_MODEL_VERSION, pairsFill, type ReadDB, type ReadMeta } from './read-db.ts';
import { HISTORY_GROUP, historyRow, historyRows, rowKey, rowPairs, toActivityRow, toRow, type ActivityRow, type HistoryRow, type RecordRow } from './rows.ts';
import { withDefaults } from './repository.ts';
import { CONFLICT_MAPS, droppedMap, namesMap, resolvedMap } from './conflicts.ts';
import { conflictIds, readConflictRows, type ConflictRow } from './conflict-rows.ts';
import { interactionTypesOf, prepareKnownUpkeep, rederiveInteractions } from './known-index.ts';
import { forgetSignalKeys } from './signal-keys.ts';
import type { StagedSlice } from './staged.ts';
import { SHARD_ORIGIN } from './shards.ts';

type Pending = {
  records: Map<string, RecordRow | null>;
  activities: Map<string, ActivityRow | null>;
  history: Map<string, HistoryEntry>;
  conflicts: Map<string, ConflictRow | null>;
  /**
   * What the rows read so far reflect, per doc, in the order it happened: `set` (a whole doc
   * read at once: its vector at that moment) or `fold` (one update whose rows were read when it
   * was observed). Folded into the recorded vectors in the same Dexie transaction as the rows.
   */
  vectors: VectorStep[];
  /** Some record rows were read for a change made here (or a re-read), not only for the relay's: never staged. */
  local?: boolean;
  /**
   * Docs read whole after their stored state was replaced (`reread`, a catch-up behind): their
   * rows this batch does not hold are deleted in its own write, so a row the doc still holds is
   * overwritten in place (never gone from a list) and one it lost goes in the same transaction.
   */
  replaced?: Set<DocKey>;
};
type VectorStep = { key: DocKey; set: Uint8Array } | { key: DocKey; from: Map<number, number>; to: Map<number, number> };
/** Rows per Dexie transaction while rebuilding (one per shard would be 512 transactions). */
const REBUILD_BATCH = 5_000;
/**
 * Rows per transaction while an upgraded read model's `pairs` are filled (read model 9 → 10):
 * each slice rewrites its rows, and the projector's own writes wait for it.
 */
const PAIRS_SLICE = 500;
/**
 * Rows one waiting batch gathers from several flushes at most: an import's slice (WRITE_SLICE,
 * 500) stays one write, so an open page's change notice stays as small as it was (S3).
 */
const COALESCE_ROWS = 500;
const rowsOf = (p: Pending) => p.records.size + p.activities.size + p.history.size + p.conflicts.size;
/** Adds a later batch to an earlier one not yet written: later rows win, vector steps keep their order. */
function mergeInto(into: Pending, later: Pending) {
  // Rows of the old state of a doc the later batch replaces are not written over its rows.
  for (const key of later.replaced ?? []) forgetShardRows(into, key);
  for (const [k, v] of later.records) into.records.set(k, v);
  for (const [k, v] of later.activities) into.activities.set(k, v);
  for (const [k, v] of later.history) into.history.set(k, v);
  for (const [k, v] of later.conflicts) into.conflicts.set(k, v);
  into.vectors.push(...later.vectors);
  into.local ||= later.local;
  for (const key of later.replaced ?? []) (into.replaced ??= new Set()).add(key);
}
const emptyPending = (): Pending => ({ records: new Map(), activities: new Map(), history: new Map(), conflicts: new Map(), vectors: [], local: false });
const shardOfRowKey = (key: string) => shardOf(key.slice(key.indexOf(':') + 1));

/** Drops a batch's rows of one doc (read from a state since replaced). */
function forgetShardRows(p: Pending, key: DocKey) {
  const k = Number(key.split('/')[1]);
  if (key.startsWith('records/')) {
    for (const rk of [...p.records.keys()]) if (shardOfRowKey(rk) === k) p.records.delete(rk);
    return;
  }
  for (const [id, a] of [...p.activities]) if (a && shardOf(a.parent.id) === k) p.activities.delete(id);
  for (const [id, e] of [...p.history]) if (shardOf(e.recordId) === k) p.history.delete(id);
  for (const [id, c] of [...p.conflicts]) if (c && shardOf(c.recordId) === k) p.conflicts.delete(id);
}

/**
 * Staged rows (staged.ts). A batch of the relay's changes with at least STAGE_MIN_ROWS record
 * rows is staged once the read model holds FIRST_ROWS record rows (the first page of every list
 * is written as rows, so a joining teammate's lists show at once); the engine unpacks them when
 * the projector has had nothing to write for UNPACK_IDLE_MS (a join's next slice comes well
 * within that: unpacking between them slowed the join down), UNPACK_ROWS per transaction.
 */
const STAGE_MIN_ROWS = 20;
const FIRST_ROWS = 1_000;
const UNPACK_IDLE_MS = 250;
const UNPACK_ROWS = 500;
const UNPACK_RETRY_MS = 10_000;

/**
 * A batch gathered while the projector was held (an import), cut into writes of at most `max`
 * rows per table (an import slice's write before: 500 records and their history), so an open page's change notice stays as small as an import slice's (S3).
 * Records go in name order (deletions first): the first write holds the first names, so a list
 * sorted by name shows its first page after one write, not after the last. History entries go
 * by batch in id order, cut at whole HISTORY_GROUPs: each part's history rows are the rows the
 * whole batch makes. The vector steps go with the last part: until every row is written, the
 * recorded vectors stay behind (rows ahead of their vector are re-read after a kill; a vector
 * ahead of its rows would lose them).
 */
export function splitPending(p: Pending, max: number): Pending[] {
  // A replaced doc's deletions are decided against the whole batch: one write.
  if (p.replaced?.size || Math.max(p.records.size, p.activities.size, p.history.size, p.conflicts.size) <= max) return [p];
  const records = [...p.records].sort(([, a], [, b]) => (a === null ? (b === null ? 0 : -1) : b === null ? 1 : a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0));
  const byBatch = new Map<string, [string, HistoryEntry][]>();
  for (const [id, e] of p.history) {
    const k = e.batchId ?? '';
    const list = byBatch.get(k);
    if (list) list.push([id, e]); else byBatch.set(k, [[id, e]]);
  }
  const step = Math.max(HISTORY_GROUP, max - (max % HISTORY_GROUP));
  const historyParts: [string, HistoryEntry][][] = [];
  for (const list of byBatch.values()) {
    list.sort(([, a], [, b]) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (let i = 0; i < list.length; i += step) {
      const chunk = list.slice(i, i + step);
      const last = historyParts[historyParts.length - 1];
      if (last && last.length + chunk.length <= max) last.push(...chunk); else historyParts.push(chunk);
    }
  }
  const chunks = <T>(list: T[]) => { const out: T[][] = []; for (let i = 0; i < list.length; i += max) out.push(list.slice(i, i + max)); return out; };
  const recordParts = chunks(records);
  const activityParts = chunks([...p.activities]);
  const conflictParts = chunks([...p.conflicts]);
  const n = Math.max(1, recordParts.length, historyParts.length, activityParts.length, conflictParts.length);
  const parts: Pending[] = [];
  for (let i = 0; i < n; i++) {
    parts.push({
      records: new Map(recordParts[i] ?? []), activities: new Map(activityParts[i] ?? []), history: new Map(historyParts[i] ?? []),
      conflicts: new Map(conflictParts[i] ?? []), vectors: i === n - 1 ? p.vectors : [], ...(p.local && { local: true }),
    });
  }
  return parts;
}

/**
 * State vectors as base64 with btoa/atob, which every context has (window, worker, Node 16+):
 * lib0/buffer picks Node's Buffer wherever there is no `window`, which breaks in a worker.
 */
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * Keeps the Dexie read model in step with the shard docs, for local and remote changes alike.
 * It observes every attached doc (a loaded shard, or the append doc of new records in a shard
 * not loaded) and reads the changed rows at once (flat keys name the record), so a shard
 * unloaded before the next flush loses nothing. Rows are written in one Dexie transaction on
 * the next tick, with the state vector of each doc they reflect. At start the recorded vector
 * of each doc is compared with its stored one: equal docs are not even loaded; a doc that
 * moved on is loaded and only what changed since is re-projected.
 */
export class Projector {
  private pending = emptyPending();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  /** The batch waiting for the write in progress (not started yet): later flushes join it. */
  private queued: Pending | null = null;
  private unsubs: (() => void)[] = [];
  private observed = new Map<Y.Doc, () => void>();
  private stopped = false;
  /** The recorded vectors as stored (base64) and decoded: what the rows in Dexie reflect. */
  private storedVectors: Record<string, string> = {};
  private recorded = new Map<string, Map<number, number>>();
  /** Vector steps of batches written before the recorded vectors were known. */
  private unrecorded: VectorStep[] = [];
  private metaChecked: Promise<boolean> | null = null;
  /** Until the first catch-up, vectors are not recorded: the rows may be behind the docs. */
  private caughtUp = false;
  /** An admin changed which activity types count as interactions: signals are re-derived at the next write. */
  private interactionTypesChanged = false;
  /** The interaction types the stored signals were derived with (read model meta); undefined: not known. */
  private derivedTypes: string | undefined;
  /** During the start's catch-up: upkeep an edit does not need (re-deriving signals) waits until after it. */
  private startingUp = false;
  /** Where the last rebuild's time went (ms): loading shards, reading rows, writing them (benchmarks). */
  readonly rebuildTimings = { shards: 0, loadMs: 0, readMs: 0, writeMs: 0, upkeepMs: 0 };
  /**
   * Where the projector's time went since it started (ms, benchmarks): deriving rows at the
   * event (`readMs`: reading the doc, toRow), and per Dexie write: the rows' bulk puts per table,
   * the Known-here/signal upkeep, and the transaction as a whole (its commit included).
   */
  readonly writeTimings = { rows: 0, readMs: 0, flushes: 0, recordsMs: 0, activitiesMs: 0, historyMs: 0, otherMs: 0, upkeepMs: 0, txMs: 0 };
  /**
   * While a rebuild writes its rows, the "known here" and signal tables are not kept per batch:
   * each batch of records would query the activities of every record, and each later batch of
   * activities would recompute its parents' signals again. They are derived once at the end.
   */
  private rebuilding = false;
  /** Holds in force (`hold`): changes are gathered, written only when flushed or released. */
  private holds = 0;
  /** Records changed under a hold, per doc and type, whose rows are not read yet (`recordsChanged`). */
  private deferred = new Map<Y.Doc, Map<Collection, Set<string>>>();
  /** The pending batch was gathered under a hold: its flush writes it in parts. */
  private held = false;
  /**
   * The staged slice of each staged record key (staged.ts), and the next slice's seq: read from
   * the table once (`loadStaged`), then kept with every write. Null until read.
   */
  private stagedAt: Map<string, number> | null = null;
  private stagedLoad: Promise<void> | null = null;
  private nextSeq = 1;
  /** Record rows in `records` (counted once, then each direct put added): past FIRST_ROWS, a join's batches are staged. */
  private recordRows: number | null = null;
  /** Writes started and not finished, and the unpack's idle timer. */
  private writing = 0;
  private lastWriteAt = 0;
  private unpackTimer: ReturnType<typeof setTimeout> | null = null;
  /** Resolves once nothing is staged (tests, benchmarks); a new stage makes a new promise. */
  private unpackedWaiters: (() => void)[] = [];

  constructor(private docs: WorkspaceDocs, private db: ReadDB) {
    this.unsubs.push(docs.onAttach({ attach: (k, d) => this.observeDoc(k, d), detach: (_k, d) => this.unobserveDoc(d) }));
    // Yjs calls a doc's observers (which read the changed rows) before its 'update' event: the
    // update folded here is the one whose rows were just read, in the same batch.
    this.unsubs.push(docs.onUpdate((u) => this.onDocUpdate(u.key, u.clocks)));
    // A joined shard read without its doc: its records' rows, as its maps' observers would read them.
    this.unsubs.push(docs.onRemoteMaps((key, maps) => {
      if (key.startsWith('records/')) for (const c of COLLECTIONS) this.readRecords(maps.getMap(c), c, idsOfKeys(maps.keysOf(c)));
      else {
        this.readActivities(maps.getMap(ACTIVITIES), maps.keysOf(ACTIVITIES));
        this.readHistory(maps.getMap(HISTORY), maps.keysOf(HISTORY));
        readConflictRows(maps, maps.keysOf(CONFLICT_MAPS.dropped), this.pending.conflicts);
      }
      this.schedule();
    }));
    // The read model's meta is read while the docs' store opens (catchUp awaits the same read).
    void this.hasUsableMeta().catch(() => {});
  }

  private observeDoc(key: DocKey, doc: Y.Doc) {
    const offs: (() => void)[] = [];
    const on = <T>(map: Y.Map<T>, handler: (keys: Set<string>, tr: Y.Transaction) => void) => {
      const h = (e: Y.YMapEvent<T>, tr: Y.Transaction) => { handler(e.keysChanged, tr); this.schedule(); };
      map.observe(h);
      offs.push(() => map.unobserve(h));
    };
    if (key === 'config') {
      // A new custom field definition makes values readable that weren't: re-read the records in memory.
      on(doc.getMap('customFields'), () => { for (const [k, d] of this.docs.loadedDocs('records')) this.readAllRecords(k, d); });
      on(doc.getMap('activityTypes'), () => { this.interactionTypesChanged = true; });
    } else if (key.startsWith('records/')) {
      for (const c of COLLECTIONS) on(collectionMap(doc, c), (keys, tr) => this.recordsChanged(doc, c, keys, tr.origin === SHARD_ORIGIN.remote));
    } else {
      on(activityMap(doc), (keys) => this.readActivities(doc, keys));
      on(historyMap(doc), (keys) => this.readHistory(doc, keys));
      for (const m of [droppedMap(doc), resolvedMap(doc)] as Y.Map<unknown>[]) on(m, (keys) => readConflictRows(doc, keys, this.pending.conflicts));
      on(namesMap(doc), () => readConflictRows(doc, conflictIds(doc), this.pending.conflicts));
    }
    this.observed.set(doc, () => { for (const o of offs) o(); });
  }

  private unobserveDoc(doc: Y.Doc) {
    this.readDeferred(doc); // its rows are read while it is still there
    this.observed.get(doc)?.();
    this.observed.delete(doc);
  }

  /**
   * Records whose keys changed in a doc. Read at once, so a shard unloaded before the flush
   * loses nothing; under a hold (an import) only their ids are noted and the rows are read at
   * the flush, or when the doc is let go if that comes first: an import's thousands of rows were
   * read between its writes, before it could answer. A row read later reflects the doc then,
   * never less than the updates folded so far (the vectors never run ahead of the rows).
   */
  private recordsChanged(doc: Y.Doc, c: Collection, keys: Set<string>, remote: boolean) {
    if (!remote) this.pending.local = true;
    if (!this.holds) { this.readRecords(doc, c, idsOfKeys(keys)); return; }
    let byType = this.deferred.get(doc);
    if (!byType) this.deferred.set(doc, (byType = new Map()));
    let ids = byType.get(c);
    if (!ids) byType.set(c, (ids = new Set()));
    for (const k of keys) ids.add(splitKey(k)[0]);
  }

  /** Reads the rows of the records noted under a hold (of one doc, or of every doc). */
  private readDeferred(only?: Y.Doc) {
    for (const [doc, byType] of only ? [[only, this.deferred.get(only)] as const] : [...this.deferred]) {
      if (!byType) continue;
      this.deferred.delete(doc);
      for (const [c, ids] of byType) this.readRecords(doc, c, ids);
    }
  }

  private readRecords(from: Y.Doc | RecordEntries, c: Collection, ids: Iterable<string>) {
    const t0 = performance.now();
    const cids = customFieldIds(this.docs.config);
    const map = from instanceof Y.Doc ? collectionMap(from, c) : from;
    let n = 0;
    for (const id of ids) {
      this.pending.records.set(rowKey(c, id), recordRow(map, c, id, cids));
      n++;
    }
    this.writeTimings.rows += n;
    this.writeTimings.readMs += performance.now() - t0;
  }

  private readAllRecords(key: DocKey, doc: Y.Doc) {
    this.pending.local = true;
    for (const c of COLLECTIONS) this.readRecords(doc, c, recordIds(collectionMap(doc, c)));
    this.schedule();
  }

  private readActivities(from: Y.Doc | { get(id: string): unknown }, ids: Iterable<string>) {
    const acts = from instanceof Y.Doc ? activityMap(from) : from;
    for (const id of ids) { const a = acts.get(id); this.pending.activities.set(id, a ? toActivityRow(a as Activity) : null); }
  }

  private readHistory(from: Y.Doc | { get(id: string): unknown }, ids: Iterable<string>) {
    const hist = from instanceof Y.Doc ? historyMap(from) : from;
    for (const id of ids) { const h = hist.get(id); if (h) this.pending.history.set(id, h as HistoryEntry); }
  }

  /**
   * Gathers changes without writing them on their own schedule until the returned release is
   * called; an explicit `flush()` (a page's edit, the sync's `projected`) still writes them all.
   * An import holds the projector until its docs are durable: its slices' read-model writes ran
   * between its Yjs writes on the same thread, and against the same IndexedDB, and kept the
   * import from answering. On release the rows are written in parts (see `splitPending`), the
   * first names first. Releasing twice does nothing.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0) this.schedule();
    };
  }

  /**
   * Rows seen but not yet listed: not yet written to the read model (an import's backlog once
   * released), or staged and not yet unpacked (a join's: search finds them, lists not yet). The
   * status bar shows how far the lists are ("Listing new records: 40%").
   */
  get backlog(): number {
    let n = rowsOf(this.pending) + this.staged;
    for (const part of this.unwritten) n += rowsOf(part);
    for (const byType of this.deferred.values()) for (const ids of byType.values()) n += ids.size;
    return n;
  }
  /** Batches handed to a write (waiting or in progress) that has not finished, for `backlog`. */
  private unwritten = new Set<Pending>();

  private schedule() {
    if (this.holds) this.held = true;
    if (this.timer || this.stopped || this.holds) return;
    this.timer = setTimeout(() => { this.timer = null; void this.flush(); }, 0);
  }

  /**
   * Resolves when every change seen so far is in the read model. While a write is in progress,
   * the next batch waits; later flushes add to it (up to COALESCE_ROWS rows) instead of queuing
   * one more transaction each: a join applies several shards of a slice at once, each asking
   * for a flush, and each transaction has a cost of its own (the meta row, the commit).
   */
  flush(): Promise<void> {
    if (this.stopped) return this.flushing; // not watching any more: the vectors would lie
    this.readDeferred();
    const batch = this.pending;
    this.pending = emptyPending();
    const held = this.held;
    this.held = false;
    const queued = this.queued;
    if (queued && rowsOf(queued) + rowsOf(batch) <= COALESCE_ROWS) {
      mergeInto(queued, batch);
      return this.flushing;
    }
    for (const part of held ? splitPending(batch, COALESCE_ROWS) : [batch]) {
      this.queued = part;
      this.unwritten.add(part);
      this.writing++;
      this.flushing = this.flushing.then(async () => {
        if (this.queued === part) this.queued = null; // started: nothing more joins it
        try { await this.write(part); } finally { this.unwritten.delete(part); this.writing--; this.lastWriteAt = performance.now(); this.kickUnpack(); }
      });
    }
    return this.flushing;
  }

  private async write(batch: Pending): Promise<void> {
    const gone = batch.replaced?.size ? await this.rowsGone(batch) : null;
    const puts: RecordRow[] = [];
    const dels: string[] = [];
    for (const [k, row] of batch.records) if (row) puts.push(row); else dels.push(k);
    const aPuts: ActivityRow[] = [];
    const aDels: string[] = [];
    for (const [k, row] of batch.activities) if (row) aPuts.push(row); else aDels.push(k);
    const hPuts = historyRows(batch.history.values());
    const cPuts = [...batch.conflicts.values()].filter((r) => r !== null);
    // Vectors are recorded only once the recorded ones are known (after the first catch-up);
    // until then the steps wait, in order, and are folded in with the first batch after it.
    const steps = this.unrecorded.length ? [...this.unrecorded, ...batch.vectors] : batch.vectors;
    let changed: Map<string, Map<number, number>> | null = null;
    if (this.caughtUp) { changed = foldSteps(this.recorded, steps); this.unrecorded = []; }
    else this.unrecorded = steps;
    // Loading the stored config at start "changes" the activity types too: re-derive only when the
    // types differ from those the signals were derived with, and never inside the start's catch-up.
    let rederived = false;
    if (this.interactionTypesChanged && !this.startingUp) {
      this.interactionTypesChanged = false;
      // The types the signals were derived with are in the meta: a flush that runs before the
      // meta is read (the config loads first at start) must not take them as unknown and
      // re-derive every signal row (27–39 s at 50k in Chromium, holding the start's catch-up).
      await this.hasUsableMeta().catch(() => false);
      const types = interactionTypesOf(this.docs.config);
      if (typesKey(types) !== this.derivedTypes) { await rederiveInteractions(this.db, types); this.derivedTypes = typesKey(types); rederived = true; }
    }
    // After the re-derive: the meta written with these rows names the types the signals now hold.
    const meta: ReadMeta | null = changed?.size ? this.metaWith(changed) : null;
    const metaRow = meta ?? (rederived && this.caughtUp ? this.metaWith(new Map()) : null);
    if (!puts.length && !dels.length && !aPuts.length && !aDels.length && !hPuts.length && !cPuts.length && !metaRow && !gone) return;
    const stagedAt = await this.loadStaged();
    const stage = await this.stages(batch, puts.length);
    const w = this.writeTimings;
    const t0 = performance.now();
    await this.db.transaction('rw', [this.db.records, this.db.activities, this.db.history, this.db.conflicts, this.db.meta, this.db.taskLinks, this.db.signals, this.db.staged], async () => {
      // (On failure the staged keys in memory may be ahead of the table: read again, below.)
      // Timed inline: an extra native async layer inside a Dexie transaction can lose its zone.
      let t = performance.now();
      const u0 = w.upkeepMs;
      const lap = (part: 'recordsMs' | 'activitiesMs' | 'historyMs' | 'otherMs' | 'upkeepMs') => { const now = performance.now(); w[part] += now - t; t = now; };
      // A staged row's upkeep (Known here, signals, task links) runs when it is unpacked.
      const keepKnown = this.rebuilding ? async () => {} : await prepareKnownUpkeep(this.db, { puts: stage ? [] : puts, dels, activityPuts: aPuts, activityDels: aDels }, () => interactionTypesOf(this.docs.config));
      lap('upkeepMs');
      // Rows written here replace any staged row of their keys (a key is in one slice at most).
      if (stagedAt.size) await this.unstage(stagedAt, [...puts.map((r) => r.key), ...dels]);
      if (stage) await this.stageRows(stagedAt, puts);
      else if (puts.length) await this.db.records.bulkPut(puts);
      if (dels.length) await this.db.records.bulkDelete(dels);
      lap('recordsMs');
      if (aPuts.length) await this.db.activities.bulkPut(aPuts);
      if (aDels.length) await this.db.activities.bulkDelete(aDels);
      lap('activitiesMs');
      if (gone?.history.length) await this.db.history.bulkPut(gone.history);
      if (gone?.historyDels.length) await this.db.history.bulkDelete(gone.historyDels);
      if (hPuts.length) await this.db.history.bulkPut(hPuts);
      lap('historyMs');
      if (gone?.conflictDels.length) await this.db.conflicts.bulkDelete(gone.conflictDels);
      if (cPuts.length) await this.db.conflicts.bulkPut(cPuts);
      if (metaRow) await this.db.meta.put(metaRow);
      lap('otherMs');
      await keepKnown();
      lap('upkeepMs');
      this.rebuildTimings.upkeepMs += w.upkeepMs - u0;
    }).catch((e: unknown) => { this.forgetStaged(); throw e; });
    w.flushes++;
    w.txMs += performance.now() - t0;
    if (!stage && this.recordRows !== null) this.recordRows += puts.length;
    // Only once rows and vectors are committed together does memory say so.
    if (changed) for (const [k, v] of changed) { this.recorded.set(k, v); this.storedVectors[k] = meta!.vectors[k]; }
  }

  /** The staged keys, read from the table the first time they are needed (kept in memory after). */
  private loadStaged(): Promise<Map<string, number>> {
    this.stagedLoad ??= (async () => {
      const at = new Map<string, number>();
      let last = 0;
      await this.db.staged.each((slice) => { for (const r of slice.rows) at.set(r.key, slice.seq); last = Math.max(last, slice.seq); });
      this.stagedAt = at;
      this.nextSeq = last + 1;
      if (at.size) this.kickUnpack(); // a start after a join that was not unpacked: on with it
    })();
    return this.stagedLoad.then(() => this.stagedAt!);
  }

  private forgetStaged() {
    this.stagedAt = null;
    this.stagedLoad = null;
  }

  /** Staged rows not yet unpacked (0 before the table is read). */
  get staged(): number {
    return this.stagedAt?.size ?? 0;
  }

  /** Whether a batch's record puts go to `staged`: the relay's changes only, in bulk, once the first rows are listed. */
  private async stages(batch: Pending, puts: number): Promise<boolean> {
    if (batch.local || this.rebuilding || puts < STAGE_MIN_ROWS) return false;
    if (this.stagedAt?.size) return true;
    this.recordRows ??= await this.db.records.count();
    return this.recordRows >= FIRST_ROWS;
  }

  /** Takes keys out of the slices holding them: each such slice is replaced by the rest of its rows under a new seq. */
  private async unstage(stagedAt: Map<string, number>, keys: string[]) {
    const hit = new Set<number>();
    for (const k of keys) { const seq = stagedAt.get(k); if (seq !== undefined) { hit.add(seq); stagedAt.delete(k); } }
    if (!hit.size) return;
    const gone = new Set(keys);
    const slices = await this.db.staged.bulkGet([...hit]);
    await this.db.staged.bulkDelete([...hit]);
    const rest = slices.flatMap((slice) => (slice ? slice.rows.filter((r) => !gone.has(r.key)) : []));
    if (rest.length) await this.stageRows(stagedAt, rest);
  }

  private async stageRows(stagedAt: Map<string, number>, rows: RecordRow[]) {
    const slice: StagedSlice = { seq: this.nextSeq++, rows };
    await this.db.staged.put(slice);
    for (const r of rows) stagedAt.set(r.key, slice.seq);
  }

  /**
   * Unpacks staged rows once the projector has had nothing to write for UNPACK_IDLE_MS (a join
   * sends its next slice as soon as one is projected, so this waits for the join's end or a
   * pause in it): UNPACK_ROWS rows a transaction, one after the other while nothing else is
   * written; a write that comes meanwhile goes first, and the unpack waits for idle again.
   */
  private kickUnpack(delay = UNPACK_IDLE_MS) {
    if (this.unpackTimer || this.stopped || !this.stagedAt?.size) return;
    this.unpackTimer = setTimeout(() => {
      this.unpackTimer = null;
      if (this.stopped) return;
      if (this.writing || this.queued || this.timer || this.holds || performance.now() - this.lastWriteAt < UNPACK_IDLE_MS) { this.kickUnpack(); return; }
      this.writing++;
      this.flushing = this.flushing.then(() => this.unpackSome()).then(
        () => { this.writing--; this.kickUnpack(0); },
        // The rows stay staged (still read by search and by key): tried again later, not in a loop.
        (e: unknown) => { this.writing--; this.forgetStaged(); console.error('Outpost: unpacking staged rows failed; trying again later', e); this.kickUnpack(UNPACK_RETRY_MS); },
      );
    }, delay);
  }

  /** One transaction of the unpack: the first slices' rows into `records`, with their upkeep; the slices dropped. */
  private async unpackSome() {
    const stagedAt = await this.loadStaged();
    if (!stagedAt.size) return this.resolveUnpacked();
    await this.db.transaction('rw', [this.db.records, this.db.activities, this.db.meta, this.db.taskLinks, this.db.signals, this.db.staged], async () => {
      const seqs: number[] = [];
      const rows: RecordRow[] = [];
      await this.db.staged.toCollection().until(() => rows.length >= UNPACK_ROWS).each((slice) => { seqs.push(slice.seq); rows.push(...slice.rows); });
      const keepKnown = await prepareKnownUpkeep(this.db, { puts: rows, dels: [], activityPuts: [], activityDels: [] }, () => interactionTypesOf(this.docs.config));
      await this.db.records.bulkPut(rows);
      await this.db.staged.bulkDelete(seqs);
      await keepKnown();
      const done = new Set(seqs);
      for (const r of rows) if (done.has(stagedAt.get(r.key)!)) stagedAt.delete(r.key);
    });
    if (!stagedAt.size) this.resolveUnpacked();
  }

  private resolveUnpacked() {
    for (const w of this.unpackedWaiters.splice(0)) w();
  }

  /** Resolves once every staged row is unpacked into `records` (nothing staged: at once). */
  async unpacked(): Promise<void> {
    await this.flush();
    const stagedAt = await this.loadStaged();
    if (!stagedAt.size) return;
    await new Promise<void>((resolve) => { this.unpackedWaiters.push(resolve); this.kickUnpack(); });
  }

  /** The vector of a doc in memory (no store: every doc lives in memory and is the truth). */
  private vectorOf(key: DocKey): Uint8Array | undefined {
    return this.docs.isLoaded(key) ? Y.encodeStateVector(this.docs.doc(key)) : undefined;
  }

  private metaWith(changed: Map<string, Map<number, number>>): ReadMeta {
    const vectors = { ...this.storedVectors };
    for (const [k, v] of changed) vectors[k] = toBase64(Y.encodeStateVector(v));
    return { key: 'state', version: READ_MODEL_VERSION, vectors, ...(this.derivedTypes !== undefined && { interactionTypes: this.derivedTypes ? this.derivedTypes.split('\n') : [] }) };
  }

  /** An update of a doc whose rows were read when it was observed (just before this event). */
  // Its clock ranges come from the transaction (`Y.parseUpdateMeta` decoded every struct of
  // every update again: 7% of a 10,000-row import's CPU in Node).
  private onDocUpdate(key: DocKey, { from, to }: UpdateClocks) {
    if (this.stopped) return;
    if (!to.size) return; // deletions only: no vector moves
    this.pending.vectors.push({ key, from, to });
    this.schedule();
  }

  /** A whole doc was read just now: the rows reflect exactly its current state. */
  private readWhole(key: DocKey, doc: Y.Doc) {
    this.pending.vectors.push({ key, set: Y.encodeStateVector(doc) });
  }

  /** Whether the read model was made from these docs by this version (else: rebuild all). */
  hasUsableMeta(): Promise<boolean> {
    this.metaChecked ??= this.db.meta.get('state').then((meta) => {
      if (!meta || meta.version !== READ_MODEL_VERSION) return false;
      this.storedVectors = { ...meta.vectors };
      this.derivedTypes = meta.interactionTypes && typesKey(meta.interactionTypes);
      this.recorded = new Map(Object.entries(meta.vectors).map(([k, v]) => [k, Y.decodeStateVector(fromBase64(v))]));
      return true;
    });
    return this.metaChecked;
  }

  /** Docs that hold anything: the stored ones, or those in memory. */
  private knownDocs(): DocKey[] {
    const store = this.docs.store;
    const keys = store ? store.docKeys() : this.docs.loadedDocs().map(([k]) => k);
    return [...new Set<DocKey>(['config', ...keys, ...(Object.keys(this.storedVectors) as DocKey[])])];
  }

  /**
   * Brings the read model in step with the docs at start. Per doc: vector equal to the recorded
   * one → nothing (not loaded); behind → load it and re-project what changed since; ahead (a
   * wiped doc store) → re-derive its rows; no usable meta at all → rebuild from scratch.
   */
  async catchUp(): Promise<'current' | 'incremental' | 'rebuilt'> {
    this.startingUp = true;
    try {
      const result = await this.catchUpDocs();
      // A read model upgraded from 9 fills its `pairs` behind the start (a stop leaves it for the next start).
      void this.fillPairs().catch(() => {});
      // Rows a join staged and a stop left packed are unpacked behind the start.
      void this.loadStaged().catch(() => {});
      return result;
    } finally {
      this.startingUp = false;
      if (this.interactionTypesChanged) this.schedule(); // the deferred upkeep, once the engine is ready
    }
  }

  private async catchUpDocs(): Promise<'current' | 'incremental' | 'rebuilt'> {
    if (!(await this.hasUsableMeta())) { await this.rebuild(); return 'rebuilt'; }
    let result: 'current' | 'incremental' | 'rebuilt' = 'current';
    for (const key of this.knownDocs()) {
      if (key === 'config') continue;
      const stored = this.storedVectors[key];
      const current = this.docs.store ? await this.docs.store.stateVector(key) : this.vectorOf(key) ?? Y.encodeStateVector(new Map());
      const was = (stored && this.recorded.get(key)) || new Map<number, number>(); // decoded with the meta
      const now = Y.decodeStateVector(current);
      if (sameVector(was, now)) continue;
      const behind = [...was].some(([client, clock]) => (now.get(client) ?? 0) < clock);
      await this.docs.withLoaded([key], async () => {
        const doc = this.docs.doc(key);
        if (behind) { this.readReplaced(key, doc); result = 'rebuilt'; }
        else { this.readSince(key, doc, was); if (result === 'current') result = 'incremental'; }
        this.readWhole(key, doc);
        this.caughtUp = true;
        await this.flush();
      });
    }
    this.caughtUp = true;
    await this.flush();
    return result;
  }

  /**
   * Re-reads the keys written since the vector `was`, from the loaded doc's own structs: each
   * item knows its map and key (in an encoded update, an item that overwrites a key names only
   * its origin, so the update alone cannot say which record it changed).
   */
  private readSince(key: DocKey, doc: Y.Doc, was: Map<number, number>) {
    const records = new Map<Collection, Set<string>>();
    const acts = new Set<string>();
    const hist = new Set<string>();
    for (const [client, structs] of doc.store.clients) {
      const from = was.get(client) ?? 0;
      const last = structs[structs.length - 1];
      if (!last || last.id.clock + last.length <= from) continue;
      for (let i = from > 0 ? Y.findIndexSS(structs, from) : 0; i < structs.length; i++) {
        const item = structs[i];
        if (!(item instanceof Y.Item) || !item.parentSub) continue;
        const parent = item.parent as Y.AbstractType<unknown> | null;
        if (!parent || parent._item !== null) continue; // not a key of a root map
        const root = Y.findRootTypeKey(parent);
        if (key.startsWith('records/') && isCollection(root)) {
          let set = records.get(root);
          if (!set) records.set(root, (set = new Set()));
          set.add(splitKey(item.parentSub)[0]);
        } else if (root === 'activities') acts.add(item.parentSub);
        else if (root === 'history') hist.add(item.parentSub);
        else if (root === 'conflicts' || root === 'conflictsResolved') readConflictRows(doc, [item.parentSub], this.pending.conflicts);
        else if (root === 'conflictNames') readConflictRows(doc, conflictIds(doc), this.pending.conflicts);
      }
    }
    if (records.size) this.pending.local = true;
    for (const [c, ids] of records) this.readRecords(doc, c, ids);
    this.readActivities(doc, acts);
    this.readHistory(doc, hist);
  }

  private readAll(key: DocKey, doc: Y.Doc) {
    if (key.startsWith('records/')) this.readAllRecords(key, doc);
    else { this.readActivities(doc, activityMap(doc).keys()); this.readHistory(doc, historyMap(doc).keys()); readConflictRows(doc, conflictIds(doc), this.pending.conflicts); }
  }

  /**
   * Reads a doc whole whose stored state was replaced (the relay's state for a refused doc's, a
   * doc behind its rows): its rows are overwritten in place, and those it no longer holds are
   * deleted in the same write (`rowsGone`), so the lists swap them instead of losing them a while.
   */
  private readReplaced(key: DocKey, doc: Y.Doc) {
    forgetShardRows(this.pending, key);
    (this.pending.replaced ??= new Set()).add(key);
    this.readAll(key, doc);
    this.schedule();
  }

  /**
   * A retaken doc, once the relay's state is stored: its rows re-read in place (`readReplaced`),
   * written before this resolves.
   */
  async reread(key: DocKey): Promise<void> {
    await this.docs.withLoaded([key], async () => {
      const doc = this.docs.doc(key);
      this.readReplaced(key, doc);
      this.readWhole(key, doc);
      await this.flush();
    });
  }

  /**
   * The rows of a batch's replaced docs that the batch does not hold: records (and staged rows)
   * and activities become deletions of the batch (their upkeep runs as for any), history rows
   * lose the doc's entries it no longer has, and its conflicts go.
   */
  private async rowsGone(batch: Pending): Promise<{ history: HistoryRow[]; historyDels: string[]; conflictDels: string[] }> {
    const recordShards = new Set<number>();
    const activityShards = new Set<number>();
    for (const key of batch.replaced ?? []) (key.startsWith('records/') ? recordShards : activityShards).add(Number(key.split('/')[1]));
    const out = { history: [] as HistoryRow[], historyDels: [] as string[], conflictDels: [] as string[] };
    if (recordShards.size) {
      const keys = [...((await this.db.records.toCollection().primaryKeys()) as string[]), ...(await this.loadStaged()).keys()];
      for (const k of keys) if (recordShards.has(shardOfRowKey(k)) && !batch.records.has(k)) batch.records.set(k, null);
    }
    if (!activityShards.size) return out;
    const inShard = (id: string) => activityShards.has(shardOf(id));
    for (const a of await this.db.activities.toArray()) if (inShard(a.parent.id) && !batch.activities.has(a.id)) batch.activities.set(a.id, null);
    // History rows hold a batch's entries of many shards: only this doc's lost entries are taken out.
    for (const row of await this.db.history.toArray()) {
      const keep = row.entries.filter((e) => !inShard(e.recordId) || batch.history.has(e.id));
      if (keep.length === row.entries.length) continue;
      if (keep.length) out.history.push({ ...historyRow(keep), id: row.id }); else out.historyDels.push(row.id);
    }
    for (const c of await this.db.conflicts.toArray()) if (inShard(c.recordId) && !batch.conflicts.get(c.id)) out.conflictDels.push(c.id);
    return out;
  }

  /** The filling of an upgraded read model's `pairs` (fillPairs), once started. */
  pairsFilled: Promise<void> = Promise.resolve();

  /**
   * Fills the `pairs` entries of the rows of a read model upgraded from 9 (read-db.ts): while the
   * meta's `pairs` row is there, PAIRS_SLICE rows after its `after` key are read and written
   * again with their entries in one transaction (a write of the projector lands before or after
   * a slice, never between its read and its write), and the row moves on; the last slice drops
   * it, and search reads the index from then on. The entries come from the row's own words and
   * its record's name (`rowPairs`, as a new row's), so no doc is loaded.
   */
  fillPairs(): Promise<void> {
    this.pairsFilled = (async () => {
      const fill = pairsFill(this.db);
      for (let done = false; !done && !this.stopped;) {
        done = await this.db.transaction('rw', this.db.records, this.db.meta, async () => {
          const at = await fill.get('pairs');
          if (!at) return true;
          const rows = await this.db.records.where('key').above(at.after).limit(PAIRS_SLICE).toArray();
          await this.db.records.bulkPut(rows.map((r) => ({ ...r, pairs: rowPairs(r.type, r.words, r.data) })));
          if (rows.length < PAIRS_SLICE) await fill.delete('pairs');
          else await fill.put({ key: 'pairs', after: rows[rows.length - 1].key });
          return rows.length < PAIRS_SLICE;
        });
      }
    })();
    return this.pairsFilled;
  }

  /** Drops and re-derives the whole read model, one doc at a time (each loaded in turn). */
  async rebuild(): Promise<void> {
    // Every update queued so far is stored first, so the docs read below hold it.
    await this.docs.store?.durable().catch(() => {});
    await this.metaChecked?.catch(() => {}); // the early meta read must not land after the reset below
    this.pending = emptyPending();
    this.unrecorded = [];
    await this.flushing.catch(() => {});
    await this.db.transaction('rw', [this.db.records, this.db.activities, this.db.history, this.db.conflicts, this.db.meta, this.db.taskLinks, this.db.signals, this.db.staged], async () => {
      await Promise.all([this.db.records.clear(), this.db.activities.clear(), this.db.history.clear(), this.db.conflicts.clear(), this.db.meta.clear(), this.db.taskLinks.clear(), this.db.signals.clear(), this.db.staged.clear()]);
    });
    this.stagedAt = new Map();
    this.stagedLoad = Promise.resolve();
    this.resolveUnpacked();
    forgetSignalKeys(this.db); // the kept signals keys (signal-keys.ts) name rows no longer there
    this.storedVectors = {};
    this.recorded = new Map();
    // Every signal row is derived below with the config's interaction types as they are now.
    this.derivedTypes = typesKey(interactionTypesOf(this.docs.config));
    this.interactionTypesChanged = false;
    this.metaChecked = Promise.resolve(true);
    this.caughtUp = true;
    const t = this.rebuildTimings;
    Object.assign(t, { shards: 0, loadMs: 0, readMs: 0, writeMs: 0, upkeepMs: 0 });
    this.rebuilding = true;
    try {
      await this.rebuildRows(t);
    } finally {
      this.rebuilding = false;
    }
    const t4 = performance.now();
    await this.rebuildKnown();
    t.upkeepMs += performance.now() - t4;
  }

  /** Every doc's rows, one doc loaded at a time, written a few thousand rows per transaction. */
  private async rebuildRows(t: Projector['rebuildTimings']) {
    for (const key of this.knownDocs()) {
      if (key === 'config') continue;
      const t0 = performance.now();
      let t1 = t0;
      await this.docs.withLoaded([key], () => {
        t1 = performance.now();
        this.readAll(key, this.docs.doc(key));
        this.readWhole(key, this.docs.doc(key));
      });
      const t2 = performance.now();
      t.shards++;
      t.loadMs += t1 - t0;
      t.readMs += t2 - t1;
      // Rows are read at once (the shard may unload next); written a few thousand at a time.
      if (this.pending.records.size + this.pending.activities.size + this.pending.history.size + this.pending.conflicts.size > REBUILD_BATCH) await this.flush();
      t.writeMs += performance.now() - t2;
    }
    const t3 = performance.now();
    await this.flush();
    t.writeMs += performance.now() - t3;
  }

  /**
   * The "known here" and signal tables of a rebuilt read model, from its rows: records in key
   * order, a slice per transaction (the activities are all written by now, so each record's
   * signals are derived once). A write seen meanwhile is kept by its own batch as usual.
   */
  private async rebuildKnown() {
    let after = '';
    for (;;) {
      const done = await this.db.transaction('rw', [this.db.records, this.db.activities, this.db.taskLinks, this.db.signals], async () => {
        const rows = await this.db.records.where('key').above(after).limit(REBUILD_BATCH).toArray();
        if (!rows.length) return true;
        after = rows[rows.length - 1].key;
        const range = { first: rows[0].key, last: after };
        const keep = await prepareKnownUpkeep(this.db, { puts: rows, dels: [], activityPuts: [], activityDels: [] }, () => interactionTypesOf(this.docs.config), range);
        await keep();
        return rows.length < REBUILD_BATCH;
      });
      if (done) return;
    }
  }

  destroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.unpackTimer) clearTimeout(this.unpackTimer);
    for (const u of this.unsubs) u();
    for (const off of this.observed.values()) off();
    this.observed.clear();
    this.unsubs = [];
  }
}

/** A record's row as the read model holds it (null: not there), from its collection map in a shard. */
export function recordRow(map: RecordEntries, c: Collection, id: string, customFields: readonly string[]): RecordRow | null {
  const r = readRecord(map, c, id, customFields);
  return r ? toRow(c, withDefaults(c, r)) : null;
}

/**
 * Applies vector steps to the recorded vectors; returns the new vector of each doc that moved.
 * A fold extends a client only where the update chains on (its first clock within the vector):
 * past a gap the old clock stays, which is still true of the rows (the next start re-reads).
 */
function foldSteps(recorded: Map<string, Map<number, number>>, steps: VectorStep[]): Map<string, Map<number, number>> {
  const changed = new Map<string, Map<number, number>>();
  for (const step of steps) {
    if ('set' in step) { changed.set(step.key, Y.decodeStateVector(step.set)); continue; }
    let sv = changed.get(step.key);
    let copied = !!sv;
    sv ??= recorded.get(step.key) ?? new Map<number, number>();
    for (const [client, end] of step.to) {
      const have = sv.get(client) ?? 0;
      if ((step.from.get(client) ?? 0) > have || end <= have) continue;
      if (!copied) { sv = new Map(sv); copied = true; }
      sv.set(client, end);
    }
    if (copied) changed.set(step.key, sv);
  }
  return changed;
}

/** One string per set of interaction type ids (order does not matter). */
const typesKey = (types: string[]) => [...types].sort().join('\n');

function sameVector(a: Map<number, number>, b: Map<number, number>) {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
