import * as Y from 'yjs';
import { COLLECTIONS, isCollection, type Activity, type Collection } from '../domain/index.ts';
import { shardOf, type DocKey } from '../domain/routing.ts';
import type { WorkspaceDocs } from './docs.ts';
import { readRecord, recordIds, splitKey, collectionMap } from '../layout/records-doc.ts';
import { customFieldIds } from './config-store.ts';
import { historyMap, type HistoryEntry } from './history.ts';
import { activityMap } from './layout.ts';
import { READ_MODEL_VERSION, type ReadDB, type ReadMeta } from './read-db.ts';
import { rowKey, toActivityRow, toHistoryRow, toRow, type ActivityRow, type HistoryRow, type RecordRow } from './rows.ts';
import { withDefaults } from './repository.ts';
import { interactionTypesOf, prepareKnownUpkeep, rederiveInteractions } from './known-index.ts';

type Pending = {
  records: Map<string, RecordRow | null>;
  activities: Map<string, ActivityRow | null>;
  history: Map<string, HistoryRow>;
  /** Docs whose changes are in this batch: their vectors are recorded with it. */
  docs: Set<DocKey>;
};
/** Rows per Dexie transaction while rebuilding (one per shard would be 512 transactions). */
const REBUILD_BATCH = 5_000;
const emptyPending = (): Pending => ({ records: new Map(), activities: new Map(), history: new Map(), docs: new Set() });

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
  private unsubs: (() => void)[] = [];
  private observed = new Map<Y.Doc, () => void>();
  private stopped = false;
  private storedVectors: Record<string, string> = {};
  private metaChecked: Promise<boolean> | null = null;
  /** Until the first catch-up, vectors are not recorded: the rows may be behind the docs. */
  private caughtUp = false;
  /** An admin changed which activity types count as interactions: signals are re-derived at the next write. */
  private interactionTypesChanged = false;

  constructor(private docs: WorkspaceDocs, private db: ReadDB) {
    this.unsubs.push(docs.onAttach({ attach: (k, d) => this.observeDoc(k, d), detach: (_k, d) => this.unobserveDoc(d) }));
  }

  private observeDoc(key: DocKey, doc: Y.Doc) {
    const offs: (() => void)[] = [];
    const on = <T>(map: Y.Map<T>, handler: (keys: Set<string>, tr: Y.Transaction) => void) => {
      const h = (e: Y.YMapEvent<T>, tr: Y.Transaction) => { handler(e.keysChanged, tr); this.pending.docs.add(key); this.schedule(); };
      map.observe(h);
      offs.push(() => map.unobserve(h));
    };
    if (key === 'config') {
      // A new custom field definition makes values readable that weren't: re-read the records in memory.
      on(doc.getMap('customFields'), () => { for (const [k, d] of this.docs.loadedDocs('records')) this.readAllRecords(k, d); });
      on(doc.getMap('activityTypes'), () => { this.interactionTypesChanged = true; });
    } else if (key.startsWith('records/')) {
      for (const c of COLLECTIONS) on(collectionMap(doc, c), (keys) => this.readRecords(doc, c, new Set([...keys].map((k) => splitKey(k)[0]))));
    } else {
      on(activityMap(doc), (keys) => this.readActivities(doc, keys));
      on(historyMap(doc), (keys) => this.readHistory(doc, keys));
    }
    this.observed.set(doc, () => { for (const o of offs) o(); });
  }

  private unobserveDoc(doc: Y.Doc) {
    this.observed.get(doc)?.();
    this.observed.delete(doc);
  }

  private readRecords(doc: Y.Doc, c: Collection, ids: Iterable<string>) {
    const cids = customFieldIds(this.docs.config);
    const map = collectionMap(doc, c);
    for (const id of ids) {
      const r = readRecord(map, c, id, cids);
      this.pending.records.set(rowKey(c, id), r ? toRow(c, withDefaults(c, r)) : null);
    }
  }

  private readAllRecords(key: DocKey, doc: Y.Doc) {
    for (const c of COLLECTIONS) this.readRecords(doc, c, recordIds(collectionMap(doc, c)));
    this.pending.docs.add(key);
    this.schedule();
  }

  private readActivities(doc: Y.Doc, ids: Iterable<string>) {
    const acts = activityMap(doc);
    for (const id of ids) { const a = acts.get(id); this.pending.activities.set(id, a ? toActivityRow(a as Activity) : null); }
  }

  private readHistory(doc: Y.Doc, ids: Iterable<string>) {
    const hist = historyMap(doc);
    for (const id of ids) { const h = hist.get(id); if (h) this.pending.history.set(id, toHistoryRow(h as HistoryEntry)); }
  }

  private schedule() {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => { this.timer = null; void this.flush(); }, 0);
  }

  /** Resolves when every change seen so far is in the read model. */
  flush(): Promise<void> {
    if (this.stopped) return this.flushing; // not watching any more: the vectors would lie
    const batch = this.pending;
    this.pending = emptyPending();
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  private async write(batch: Pending): Promise<void> {
    const puts: RecordRow[] = [];
    const dels: string[] = [];
    for (const [k, row] of batch.records) if (row) puts.push(row); else dels.push(k);
    const aPuts: ActivityRow[] = [];
    const aDels: string[] = [];
    for (const [k, row] of batch.activities) if (row) aPuts.push(row); else aDels.push(k);
    const hPuts = [...batch.history.values()];
    const meta = this.caughtUp && batch.docs.size ? this.metaWith(batch.docs) : null;
    if (this.interactionTypesChanged) { this.interactionTypesChanged = false; await rederiveInteractions(this.db, interactionTypesOf(this.docs.config)); }
    if (!puts.length && !dels.length && !aPuts.length && !aDels.length && !hPuts.length && !meta) return;
    await this.db.transaction('rw', [this.db.records, this.db.activities, this.db.history, this.db.meta, this.db.matchKeys, this.db.taskLinks, this.db.signals], async () => {
      const keepKnown = await prepareKnownUpkeep(this.db, { puts, dels, activityPuts: aPuts, activityDels: aDels }, () => interactionTypesOf(this.docs.config));
      if (puts.length) await this.db.records.bulkPut(puts);
      if (dels.length) await this.db.records.bulkDelete(dels);
      if (aPuts.length) await this.db.activities.bulkPut(aPuts);
      if (aDels.length) await this.db.activities.bulkDelete(aDels);
      if (hPuts.length) await this.db.history.bulkPut(hPuts);
      if (meta) await this.db.meta.put(meta);
      await keepKnown();
    });
  }

  /** The vector of a doc's whole state: from the store when it has one (exact), else the doc's. */
  private vectorOf(key: DocKey): Uint8Array | undefined {
    const store = this.docs.store;
    if (store) {
      const m = store.meta(key);
      return m?.exact ? m.sv : undefined;
    }
    return this.docs.isLoaded(key) ? Y.encodeStateVector(this.docs.doc(key)) : undefined;
  }

  private metaWith(keys: Iterable<DocKey>): ReadMeta {
    for (const k of keys) {
      const sv = this.vectorOf(k);
      if (sv) this.storedVectors[k] = toBase64(sv);
      else delete this.storedVectors[k]; // unknown: compared again at the next start
    }
    return { key: 'state', version: READ_MODEL_VERSION, vectors: { ...this.storedVectors } };
  }

  /** Whether the read model was made from these docs by this version (else: rebuild all). */
  hasUsableMeta(): Promise<boolean> {
    this.metaChecked ??= this.db.meta.get('state').then((meta) => {
      if (!meta || meta.version !== READ_MODEL_VERSION) return false;
      this.storedVectors = { ...meta.vectors };
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
    if (!(await this.hasUsableMeta())) { await this.rebuild(); return 'rebuilt'; }
    let result: 'current' | 'incremental' | 'rebuilt' = 'current';
    for (const key of this.knownDocs()) {
      if (key === 'config') continue;
      const stored = this.storedVectors[key];
      const current = this.docs.store ? await this.docs.store.stateVector(key) : this.vectorOf(key) ?? Y.encodeStateVector(new Map());
      const was = stored ? Y.decodeStateVector(fromBase64(stored)) : new Map<number, number>();
      const now = Y.decodeStateVector(current);
      if (sameVector(was, now)) continue;
      const behind = [...was].some(([client, clock]) => (now.get(client) ?? 0) < clock);
      await this.docs.withLoaded([key], async () => {
        const doc = this.docs.doc(key);
        if (behind) { await this.dropRowsOf(key); this.readAll(key, doc); result = 'rebuilt'; }
        else { this.readFromUpdate(key, doc, stored ? Y.encodeStateAsUpdate(doc, fromBase64(stored)) : Y.encodeStateAsUpdate(doc)); if (result === 'current') result = 'incremental'; }
        this.pending.docs.add(key);
        this.caughtUp = true;
        await this.flush();
      });
    }
    this.caughtUp = true;
    await this.flush();
    return result;
  }

  /** Re-reads what an update touches: in the flat layout every changed item names its key. */
  private readFromUpdate(key: DocKey, doc: Y.Doc, update: Uint8Array) {
    const records = new Map<Collection, Set<string>>();
    const acts = new Set<string>();
    const hist = new Set<string>();
    for (const s of Y.decodeUpdate(update).structs) {
      const item = s as unknown as { parent?: unknown; parentSub?: string | null };
      if (typeof item.parent !== 'string' || !item.parentSub) continue;
      const root = item.parent;
      if (key.startsWith('records/') && isCollection(root)) {
        let set = records.get(root);
        if (!set) records.set(root, (set = new Set()));
        set.add(splitKey(item.parentSub)[0]);
      } else if (root === 'activities') acts.add(item.parentSub);
      else if (root === 'history') hist.add(item.parentSub);
    }
    for (const [c, ids] of records) this.readRecords(doc, c, ids);
    this.readActivities(doc, acts);
    this.readHistory(doc, hist);
  }

  private readAll(key: DocKey, doc: Y.Doc) {
    if (key.startsWith('records/')) this.readAllRecords(key, doc);
    else { this.readActivities(doc, activityMap(doc).keys()); this.readHistory(doc, historyMap(doc).keys()); }
  }

  /** Drops the rows a doc holds (a record shard: its records; an activity shard: its timeline). */
  private async dropRowsOf(key: DocKey) {
    const k = Number(key.split('/')[1]);
    if (key.startsWith('records/')) {
      const keys = (await this.db.records.toCollection().primaryKeys()) as string[];
      await this.db.records.bulkDelete(keys.filter((rk) => shardOf(rk.slice(rk.indexOf(':') + 1)) === k));
    } else {
      const acts = await this.db.activities.toArray();
      await this.db.activities.bulkDelete(acts.filter((a) => shardOf(a.parent.id) === k).map((a) => a.id));
      const hist = await this.db.history.toArray();
      await this.db.history.bulkDelete(hist.filter((h) => shardOf(h.recordId) === k).map((h) => h.id));
    }
  }

  /** Drops and re-derives the whole read model, one doc at a time (each loaded in turn). */
  async rebuild(): Promise<void> {
    this.pending = emptyPending();
    await this.db.transaction('rw', [this.db.records, this.db.activities, this.db.history, this.db.meta, this.db.matchKeys, this.db.taskLinks, this.db.signals], async () => {
      await Promise.all([this.db.records.clear(), this.db.activities.clear(), this.db.history.clear(), this.db.meta.clear(), this.db.matchKeys.clear(), this.db.taskLinks.clear(), this.db.signals.clear()]);
    });
    this.storedVectors = {};
    this.metaChecked = Promise.resolve(true);
    this.caughtUp = true;
    for (const key of this.knownDocs()) {
      if (key === 'config') continue;
      await this.docs.withLoaded([key], () => {
        this.readAll(key, this.docs.doc(key));
        this.pending.docs.add(key);
      });
      // Rows are read at once (the shard may unload next); written a few thousand at a time.
      if (this.pending.records.size + this.pending.activities.size + this.pending.history.size > REBUILD_BATCH) await this.flush();
    }
    await this.flush();
  }

  destroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const u of this.unsubs) u();
    for (const off of this.observed.values()) off();
    this.observed.clear();
    this.unsubs = [];
  }
}

function sameVector(a: Map<number, number>, b: Map<number, number>) {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
