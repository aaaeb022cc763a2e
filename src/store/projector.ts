import * as Y from 'yjs';
import { COLLECTIONS, isCollection, type Activity, type Collection } from '../domain/index.ts';
import type { WorkspaceDocs } from './docs.ts';
import type { DocName } from './records-doc.ts';
import { readRecord, recordIds, splitKey, collectionMap } from './records-doc.ts';
import { customFieldIds } from './config-store.ts';
import { historyMap, type HistoryEntry } from './history.ts';
import { READ_MODEL_VERSION, type ReadDB, type ReadMeta } from './read-db.ts';
import { rowKey, toActivityRow, toHistoryRow, toRow } from './rows.ts';
import { withDefaults } from './repository.ts';

type Dirty = { records: Map<Collection, Set<string>>; activities: Set<string>; history: Set<string> };
const emptyDirty = (): Dirty => ({ records: new Map(), activities: new Set(), history: new Set() });
const activityMap = (docs: WorkspaceDocs) => docs.activities.getMap<Activity>('activities');

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
 * Keeps the Dexie read model in step with the docs, for local and remote changes alike.
 * Changes are collected per transaction (flat keys name the record) and written in one Dexie
 * transaction on the next tick, together with the doc state vectors they reflect. At start,
 * the recorded vectors tell what changed since: only those records are re-projected, so a
 * restart does not rebuild needlessly.
 */
export class Projector {
  private dirty = emptyDirty();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private unsubs: (() => void)[] = [];
  /** True until every doc is caught up; vectors are recorded only for docs that are. */
  loading = true;
  private stopped = false;
  /** Transaction origins of the persistence providers, whose load is not a change. */
  loadOrigins = new Set<unknown>();

  constructor(private docs: WorkspaceDocs, private db: ReadDB) {
    for (const c of COLLECTIONS) this.observe(collectionMap(docs.records, c), (key) => this.markRecord(c, splitKey(key)[0]));
    this.observe(activityMap(docs), (key) => this.dirty.activities.add(key));
    this.observe(historyMap(docs.activities), (key) => this.dirty.history.add(key));
    // A new custom field definition makes values readable that weren't: re-read everything.
    this.observe(docs.config.getMap('customFields'), () => this.markAllRecords());
  }

  private observe<T>(map: Y.Map<T>, onKey: (key: string) => void) {
    const handler = (e: Y.YMapEvent<T>, tr: Y.Transaction) => {
      // The docs loading from disk are what the read model already reflects (catchUp checks).
      if (this.loading && this.loadOrigins.has(tr.origin)) return;
      for (const k of e.keysChanged) onKey(k);
      this.schedule();
    };
    map.observe(handler);
    this.unsubs.push(() => map.unobserve(handler));
  }

  private markRecord(c: Collection, id: string) {
    let s = this.dirty.records.get(c);
    if (!s) this.dirty.records.set(c, (s = new Set()));
    s.add(id);
  }

  private schedule() {
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = null; void this.flush(); }, 0);
  }

  /** Resolves when every change seen so far is in the read model. */
  flush(): Promise<void> {
    if (this.stopped) return this.flushing; // not watching any more: the vectors would lie
    const dirty = this.dirty;
    this.dirty = emptyDirty();
    this.flushing = this.flushing.then(() => this.write(dirty));
    return this.flushing;
  }

  private async write(dirty: Dirty): Promise<void> {
    const cids = customFieldIds(this.docs.config);
    const puts: ReturnType<typeof toRow>[] = [];
    const dels: string[] = [];
    for (const [c, ids] of dirty.records) {
      const map = collectionMap(this.docs.records, c);
      for (const id of ids) {
        const r = readRecord(map, c, id, cids);
        if (r) puts.push(toRow(c, withDefaults(c, r)));
        else dels.push(rowKey(c, id));
      }
    }
    const acts = activityMap(this.docs);
    const aPuts = [...dirty.activities].map((id) => acts.get(id)).filter((a): a is Activity => !!a).map(toActivityRow);
    const aDels = [...dirty.activities].filter((id) => !acts.has(id));
    const hist = historyMap(this.docs.activities);
    const hPuts = [...dirty.history].map((id) => hist.get(id)).filter((h): h is HistoryEntry => !!h).map(toHistoryRow);
    const meta = this.caughtUp.size ? this.currentMeta() : null;
    if (!puts.length && !dels.length && !aPuts.length && !aDels.length && !hPuts.length && !meta) return;
    await this.db.transaction('rw', [this.db.records, this.db.activities, this.db.history, this.db.meta], async () => {
      if (puts.length) await this.db.records.bulkPut(puts);
      if (dels.length) await this.db.records.bulkDelete(dels);
      if (aPuts.length) await this.db.activities.bulkPut(aPuts);
      if (aDels.length) await this.db.activities.bulkDelete(aDels);
      if (hPuts.length) await this.db.history.bulkPut(hPuts);
      if (meta) await this.db.meta.put(meta);
    });
  }

  private currentMeta(): ReadMeta {
    const vectors: Record<string, string> = { ...this.storedVectors };
    for (const name of this.caughtUp) vectors[name] = toBase64(Y.encodeStateVector(this.docs[name]));
    return { key: 'state', version: READ_MODEL_VERSION, vectors };
  }

  /** Docs whose rows are known to match: their vectors may be recorded. */
  private caughtUp = new Set<DocName>();
  private storedVectors: Record<string, string> = {};
  private metaChecked: Promise<boolean> | null = null;

  /** Whether the read model was made from these docs by this version (else: rebuild all). */
  hasUsableMeta(): Promise<boolean> {
    this.metaChecked ??= this.db.meta.get('state').then((meta) => {
      if (!meta || meta.version !== READ_MODEL_VERSION) return false;
      this.storedVectors = meta.vectors;
      return true;
    });
    return this.metaChecked;
  }

  /**
   * Called once docs have loaded from disk (per doc: `activities` may come later than the
   * others). Compares the state the read model reflects with each doc: equal → nothing to do;
   * behind → re-project only what changed since; ahead (a wiped doc store) → re-derive that
   * doc's rows; no usable meta at all → rebuild from scratch (needs every doc loaded).
   */
  async catchUp(names: DocName[] = ['config', 'records', 'activities']): Promise<'current' | 'incremental' | 'rebuilt'> {
    if (!(await this.hasUsableMeta())) { await this.rebuild(); return 'rebuilt'; }
    let result: 'current' | 'incremental' | 'rebuilt' = 'current';
    for (const name of names) {
      const doc = this.docs[name];
      const stored = this.storedVectors[name];
      const sv = stored ? Y.decodeStateVector(fromBase64(stored)) : new Map<number, number>();
      const current = Y.decodeStateVector(Y.encodeStateVector(doc));
      if ([...sv].some(([client, clock]) => (current.get(client) ?? 0) < clock)) {
        await this.rederive(name);
        result = 'rebuilt';
      } else if (!sameVector(sv, current)) {
        this.markFromUpdate(name, stored ? Y.encodeStateAsUpdate(doc, fromBase64(stored)) : Y.encodeStateAsUpdate(doc));
        if (result === 'current') result = 'incremental';
      }
      this.caughtUp.add(name);
    }
    this.loading = this.caughtUp.size < 3;
    await this.flush();
    return result;
  }

  /** Marks what an update touches: in our flat layout every changed item names its key. */
  private markFromUpdate(doc: DocName, update: Uint8Array) {
    for (const s of Y.decodeUpdate(update).structs) {
      const item = s as unknown as { parent?: unknown; parentSub?: string | null };
      if (typeof item.parent !== 'string' || !item.parentSub) continue;
      const root = item.parent;
      if (doc === 'records' && isCollection(root)) this.markRecord(root, splitKey(item.parentSub)[0]);
      else if (doc === 'activities' && root === 'activities') this.dirty.activities.add(item.parentSub);
      else if (doc === 'activities' && root === 'history') this.dirty.history.add(item.parentSub);
      else if (doc === 'config' && root === 'customFields') this.markAllRecords();
    }
  }

  private markAllRecords() {
    for (const c of COLLECTIONS) for (const id of recordIds(collectionMap(this.docs.records, c))) this.markRecord(c, id);
  }

  /** Drops one doc's rows and derives them again. */
  private async rederive(name: DocName): Promise<void> {
    if (name === 'config') return; // config has no rows of its own
    const tables = name === 'records' ? [this.db.records] : [this.db.activities, this.db.history];
    await this.db.transaction('rw', tables, async () => { await Promise.all(tables.map((t) => t.clear())); });
    if (name === 'records') this.markAllRecords();
    else {
      for (const id of activityMap(this.docs).keys()) this.dirty.activities.add(id);
      for (const id of historyMap(this.docs.activities).keys()) this.dirty.history.add(id);
    }
  }

  /** Drops and re-derives the whole read model from the docs (every doc must be loaded). */
  async rebuild(): Promise<void> {
    this.dirty = emptyDirty();
    await this.db.transaction('rw', [this.db.records, this.db.activities, this.db.history, this.db.meta], async () => {
      await Promise.all([this.db.records.clear(), this.db.activities.clear(), this.db.history.clear(), this.db.meta.clear()]);
    });
    await this.rederive('records');
    await this.rederive('activities');
    this.storedVectors = {};
    this.metaChecked = Promise.resolve(true);
    for (const n of ['config', 'records', 'activities'] as DocName[]) this.caughtUp.add(n);
    this.loading = false;
    await this.flush();
  }

  destroy(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const u of this.unsubs) u();
    this.unsubs = [];
  }
}

function sameVector(a: Map<number, number>, b: Map<number, number>) {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
