import * as Y from 'yjs';
import type { DocKey } from '../domain/routing.ts';

/**
 * The stored updates of every doc of a workspace, in ONE IndexedDB database (opening 129
 * y-indexeddb databases would cost a connection each). Updates are keyed `[docKey, seq]`; a
 * small meta row per doc keeps its next seq, update count, stored bytes and state vector, so a
 * sync step (state vector, diff against a peer's) is answered from the stored updates without
 * building a Y.Doc. A doc whose update count grows is compacted (`Y.mergeUpdates`) in one
 * transaction. `durable()` resolves when every write so far is committed.
 */
export type DocMeta = {
  docKey: DocKey;
  /** The seq the next update gets. */
  seq: number;
  count: number;
  bytes: number;
  /** State vector of the stored updates; `exact` false when an update did not chain on (recomputed on read). */
  sv: Uint8Array;
  exact: boolean;
};

/**
 * The clocks an update covers per client: where it starts (`from`) and ends (`to`). An update
 * emitted by a Y.Doc covers exactly what its transaction added, so the writer passes the
 * transaction's clocks (`transactionClocks`) instead of parsing every update again: parsing
 * decodes every string of it, a tenth of an import's time in the engine (issue 10).
 */
export type UpdateClocks = { from: Map<number, number>; to: Map<number, number> };

/** The clocks a transaction's update covers: each client whose state it moved on. */
export function transactionClocks(tr: { beforeState: Map<number, number>; afterState: Map<number, number> }): UpdateClocks {
  const from = new Map<number, number>();
  const to = new Map<number, number>();
  for (const [client, end] of tr.afterState) {
    const start = tr.beforeState.get(client) ?? 0;
    if (end > start) { from.set(client, start); to.set(client, end); }
  }
  return { from, to };
}

export type DocStoreOptions = {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Compact a doc once it holds this many updates (each edit is one). */
  compactAt?: number;
};

const UPDATES = 'updates';
type Queued = [DocKey, Uint8Array, UpdateClocks | undefined];

/** A drop begun (`DocStore.beginDrop`): read the old state, then commit or abort. */
export type DocDrop = {
  /** The old state's updates (stored, and queued when the drop began), oldest first. */
  updates(): Promise<Uint8Array[]>;
  /** Deletes the old state and writes what was appended since the drop began; resolves with exactly what it deleted. */
  commit(): Promise<Uint8Array[]>;
  /** Keeps the old state and writes what was held back, as if no drop had begun. */
  abort(): void;
};
/** A stored update holding far more buffer than its bytes (a view stored with its whole buffer). */
const oversized = (u: Uint8Array) => u.buffer.byteLength > 2 * u.byteLength + 1024;
const META = 'meta';
/** Past this many updates a doc is merged into one: reading it back stays one small read. */
export const COMPACT_AT = 200;

export { docStoreName } from './db-names.ts';

/**
 * A row of the meta store that is not a doc: says this workspace's docs were checked for an
 * old-layout (before sharding) copy and nothing is left to upgrade, so a start need not look for
 * the old databases again (listing IndexedDB databases cost up to 200 ms of a browser start).
 * A store written before the marker existed has none: its next start checks once and sets it.
 */
const LAYOUT_ROW = '#layout';
type LayoutRow = { docKey: typeof LAYOUT_ROW; legacyChecked: boolean };

export class DocStore {
  private db!: IDBDatabase;
  private readonly metas = new Map<DocKey, DocMeta>();
  private pending = new Set<Promise<unknown>>();
  private compacting = new Map<DocKey, Promise<void>>();
  private readonly range: typeof IDBKeyRange;
  private readonly compactAt: number;
  /** Resolves when the database is open and the meta rows are read. */
  readonly ready: Promise<void>;
  private closed = false;
  private failure: unknown;
  private legacyChecked = false;
  /** Docs whose updates were read with the meta rows when the store opened (`config`): taken once. */
  private readonly atOpen = new Map<DocKey, Uint8Array[]>();

  /** `preload`: docs whose updates are read in the same transaction as the meta rows (one round trip less at start). */
  constructor(readonly name: string, opts: DocStoreOptions & { preload?: DocKey[] } = {}) {
    const factory = opts.indexedDB ?? globalThis.indexedDB;
    this.range = opts.IDBKeyRange ?? globalThis.IDBKeyRange;
    this.compactAt = opts.compactAt ?? COMPACT_AT;
    this.ready = this.open(factory, opts.preload ?? []);
  }

  private async open(factory: IDBFactory, preload: DocKey[]): Promise<void> {
    this.db = await request(Object.assign(factory.open(this.name, 1), {
      onupgradeneeded: (e: IDBVersionChangeEvent) => {
        const db = (e.target as IDBOpenDBRequest).result;
        if (!db.objectStoreNames.contains(UPDATES)) db.createObjectStore(UPDATES);
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META, { keyPath: 'docKey' });
      },
    }));
    // Another context deletes this workspace (left with "erase this device's copy"): let go at
    // once so the delete is not blocked; a write after that fails with the reason.
    this.db.onversionchange = () => {
      this.db?.close();
      this.closed = true;
      this.failure ??= new Error('this workspace was removed from this device');
    };
    const tx = this.db.transaction([META, UPDATES], 'readonly');
    const early = preload.map((k) => [k, request(tx.objectStore(UPDATES).getAll(this.keysOf(k)))] as const);
    const metas = await request(tx.objectStore(META).getAll()) as (DocMeta | LayoutRow)[];
    for (const [k, updates] of early) this.atOpen.set(k, (await updates) as Uint8Array[]);
    for (const m of metas) {
      if (m.docKey === LAYOUT_ROW) this.legacyChecked = (m as LayoutRow).legacyChecked === true;
      else this.metas.set(m.docKey, m as DocMeta);
    }
  }

  /** True once `markLegacyChecked` was stored: no old-layout copy of this workspace is left to upgrade. */
  async isLegacyChecked(): Promise<boolean> {
    await this.ready;
    return this.legacyChecked;
  }

  /** Stores that this workspace has no old-layout copy left (after its upgrade, or none found). */
  async markLegacyChecked(): Promise<void> {
    await this.ready;
    this.assertOpen();
    const tx = this.db.transaction(META, 'readwrite');
    tx.objectStore(META).put({ docKey: LAYOUT_ROW, legacyChecked: true } satisfies LayoutRow);
    await this.track(done(tx));
    this.legacyChecked = true;
  }

  meta(docKey: DocKey): DocMeta | undefined {
    return this.metas.get(docKey);
  }

  /** Nothing stored for a doc, nor queued to be, nor a drop of it under way. */
  holdsNothing(docKey: DocKey): boolean {
    return !this.metas.has(docKey) && !this.queuedKeys.has(docKey) && !this.dropping.has(docKey);
  }

  /** Doc keys that have stored updates. */
  docKeys(): DocKey[] {
    return [...this.metas.keys()];
  }

  /** Stored bytes of a doc (the loader's memory estimate). */
  bytes(docKey: DocKey): number {
    return this.metas.get(docKey)?.bytes ?? 0;
  }

  /**
   * Stores one update of a doc. Updates appended in the same tick are written in ONE
   * transaction (an import, a conversion, a sync burst: IndexedDB pays per transaction).
   * `durable()` waits for it.
   */
  append(docKey: DocKey, update: Uint8Array, clocks?: UpdateClocks): Promise<void> {
    const dropping = this.dropping.get(docKey);
    if (dropping) {
      dropping.later.push([docKey, update.byteLength === update.buffer.byteLength ? update : update.slice(), clocks]);
      return dropping.settled.then(() => this.durable());
    }
    // A view into a larger buffer (an update decoded from a relay frame: 256 KB holding many
    // docs' updates) would be stored with its whole buffer: IndexedDB's structured clone copies
    // a typed array's entire ArrayBuffer. Stored as its own bytes.
    this.queue.push([docKey, update.byteLength === update.buffer.byteLength ? update : update.slice(), clocks]);
    this.queuedKeys.add(docKey);
    this.batch ??= this.track(this.ready.then(() => this.writeQueued()));
    return this.batch;
  }

  private queue: Queued[] = [];
  /** The docs of `queue` (each has a meta once its batch is written: see `holdsNothing`). */
  private queuedKeys = new Set<DocKey>();
  private batch: Promise<void> | null = null;

  private async writeQueued(): Promise<void> {
    const queued = this.queue;
    this.queue = [];
    this.queuedKeys = new Set();
    this.batch = null;
    this.assertOpen();
    const tx = this.db.transaction([UPDATES, META], 'readwrite');
    const updates = tx.objectStore(UPDATES);
    const touched = new Map<DocKey, DocMeta>();
    for (const [docKey, update, clocks] of queued) {
      this.atOpen.delete(docKey);
      const meta = nextMeta(docKey, this.metas.get(docKey), update, clocks);
      this.metas.set(docKey, meta);
      touched.set(docKey, meta);
      updates.put(update, [docKey, meta.seq - 1]);
    }
    for (const meta of touched.values()) tx.objectStore(META).put(meta);
    await done(tx);
    for (const [docKey, meta] of touched) if (meta.count >= this.compactAt && !this.compacting.has(docKey)) void this.track(this.compact(docKey));
  }

  /** Every stored update of a doc, oldest first (a view's bytes may be more than its own: `repairOversized`). */
  async updates(docKey: DocKey): Promise<Uint8Array[]> {
    await this.ready;
    await this.dropping.get(docKey)?.settled;
    // Read when the store opened, and nothing written since (a write drops it): still all of it.
    const early = this.atOpen.get(docKey);
    this.atOpen.delete(docKey);
    if (early) return this.repairOversized(docKey, early);
    this.assertOpen();
    const tx = this.db.transaction(UPDATES, 'readonly');
    return this.repairOversized(docKey, (await request(tx.objectStore(UPDATES).getAll(this.keysOf(docKey)))) as Uint8Array[]);
  }

  /**
   * Updates stored before `append` copied views (a join's, each with its whole 256 KB relay frame)
   * are rewritten as their own bytes by a compaction, the first time the doc is read.
   */
  private repairOversized(docKey: DocKey, updates: Uint8Array[]): Uint8Array[] {
    if (updates.some(oversized) && !this.compacting.has(docKey)) void this.track(this.compact(docKey)).catch(() => {});
    return updates;
  }

  /** The doc's stored state as one update (empty doc: an empty update). */
  async merged(docKey: DocKey): Promise<Uint8Array> {
    return mergedOf(await this.updates(docKey));
  }

  /** State vector of the stored updates, without a Y.Doc. */
  async stateVector(docKey: DocKey): Promise<Uint8Array> {
    await this.ready;
    await this.dropping.get(docKey)?.settled;
    const meta = this.metas.get(docKey);
    if (!meta) return Y.encodeStateVector(new Map());
    if (meta.exact) return meta.sv;
    const sv = Y.encodeStateVectorFromUpdate(await this.merged(docKey));
    const now = this.metas.get(docKey);
    if (now && now.seq === meta.seq) this.metas.set(docKey, { ...now, sv, exact: true });
    return sv;
  }

  /** What a peer with `remoteStateVector` lacks, from the stored updates. */
  async diff(docKey: DocKey, remoteStateVector: Uint8Array): Promise<Uint8Array> {
    return Y.diffUpdate(await this.merged(docKey), remoteStateVector);
  }

  /**
   * Merges a doc's updates into one, in one transaction (read, delete, put): an interrupted
   * compaction leaves the doc as it was. Updates appended meanwhile keep their higher seqs.
   */
  compact(docKey: DocKey): Promise<void> {
    const running = this.compacting.get(docKey);
    if (running) return running;
    const p = this.ready.then(async () => {
      this.assertOpen();
      this.atOpen.delete(docKey);
      const tx = this.db.transaction([UPDATES, META], 'readwrite');
      const updates = tx.objectStore(UPDATES);
      const keys = this.keysOf(docKey);
      const all = (await request(updates.getAll(keys))) as Uint8Array[];
      const seqs = ((await request(updates.getAllKeys(keys))) as [string, number][]).map((k) => k[1]);
      const meta = this.metas.get(docKey);
      if ((all.length > 1 || all.some(oversized)) && meta) {
        const merged = all.length > 1 ? Y.mergeUpdates(all) : all[0].slice();
        const last = seqs[seqs.length - 1];
        updates.delete(this.range.bound([docKey, 0], [docKey, last]));
        updates.put(merged, [docKey, last]);
        const now = this.metas.get(docKey)!;
        const later = now.count - all.length; // appended after our read: kept as they are
        const fresh = { ...now, count: 1 + Math.max(0, later), bytes: merged.byteLength + Math.max(0, now.bytes - sum(all)) };
        if (later <= 0) Object.assign(fresh, { sv: Y.encodeStateVectorFromUpdate(merged), exact: true });
        this.metas.set(docKey, fresh);
        tx.objectStore(META).put(fresh);
      }
      await done(tx);
    }).finally(() => this.compacting.delete(docKey));
    this.compacting.set(docKey, p);
    return p;
  }

  /**
   * Replaces a doc's stored state by one update (the local upgrade writes each shard once).
   * Idempotent: writing the same state twice stores the same doc.
   */
  async replace(docKey: DocKey, update: Uint8Array): Promise<void> {
    await this.ready;
    this.atOpen.delete(docKey);
    this.assertOpen();
    const tx = this.db.transaction([UPDATES, META], 'readwrite');
    tx.objectStore(UPDATES).delete(this.keysOf(docKey));
    const meta: DocMeta = { docKey, seq: 1, count: 1, bytes: update.byteLength, sv: Y.encodeStateVectorFromUpdate(update), exact: true };
    tx.objectStore(UPDATES).put(update, [docKey, 0]);
    tx.objectStore(META).put(meta);
    this.metas.set(docKey, meta);
    await this.track(done(tx));
  }

  /**
   * Forgets a doc's stored state: its updates are deleted and its meta starts empty, one seq past
   * the last (a relay mark taken of the old state never holds for the new one). Resolves with
   * exactly the updates it deleted (`beginDrop` says what counts as before the drop).
   */
  drop(docKey: DocKey): Promise<Uint8Array[]> {
    return this.beginDrop(docKey).commit();
  }

  /**
   * Starts a drop (a doc retaken for the relay's state), drawing its line at this call: every
   * update appended before it, written or still queued, is the old state; every update appended
   * after it is the new state's, held back and written after the old state is deleted, in the
   * same transaction (a crash keeps both sides or neither). Reads of the doc made after this call
   * wait for the commit (or the abort) and see the new state. `updates()` reads the old state
   * (what the caller keeps before committing); `commit()` deletes it and resolves with exactly
   * what it deleted; `abort()` keeps everything, as if no drop had begun.
   */
  beginDrop(docKey: DocKey): DocDrop {
    if (this.dropping.has(docKey)) throw new Error(`${docKey} is already being dropped`);
    const taken = this.queue.filter(([k]) => k === docKey);
    this.queue = this.queue.filter(([k]) => k !== docKey);
    const later: Queued[] = [];
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => { settle = resolve; });
    // Until then, durable() waits for what is held back here.
    void this.track(settled);
    this.dropping.set(docKey, { later, settled });
    const stored = async () => {
      await this.ready;
      this.assertOpen();
      const tx = this.db.transaction(UPDATES, 'readonly');
      return (await request(tx.objectStore(UPDATES).getAll(this.keysOf(docKey)))) as Uint8Array[];
    };
    let ended = false;
    const end = () => {
      if (ended) throw new Error(`The drop of ${docKey} is over`);
      ended = true;
    };
    return {
      updates: async () => [...(await stored()), ...taken.map(([, u]) => u)],
      commit: async () => {
        end();
        const before = this.metas.get(docKey);
        try {
          await this.ready;
          await this.compacting.get(docKey)?.catch(() => {});
          this.atOpen.delete(docKey);
          this.assertOpen();
          const tx = this.db.transaction([UPDATES, META], 'readwrite');
          const updates = tx.objectStore(UPDATES);
          const old = request(updates.getAll(this.keysOf(docKey))) as Promise<Uint8Array[]>;
          updates.delete(this.keysOf(docKey));
          // From here on, appends of the doc go through the queue: their transactions come after this one.
          this.dropping.delete(docKey);
          let meta: DocMeta = { docKey, seq: (this.metas.get(docKey)?.seq ?? 0) + 1, count: 0, bytes: 0, sv: Y.encodeStateVector(new Map()), exact: true };
          for (const [, update, clocks] of later) {
            meta = nextMeta(docKey, meta, update, clocks);
            updates.put(update, [docKey, meta.seq - 1]);
          }
          tx.objectStore(META).put(meta);
          this.metas.set(docKey, meta);
          const deleted = await old;
          await this.track(done(tx));
          return [...deleted, ...taken.map(([, u]) => u)];
        } catch (e) {
          // Nothing was deleted: what was taken and held back is written as if no drop had begun.
          this.dropping.delete(docKey);
          if (before) this.metas.set(docKey, before); else this.metas.delete(docKey);
          for (const q of [...taken, ...later]) void this.append(q[0], q[1], q[2]).catch(() => {});
          throw e;
        } finally {
          this.dropping.delete(docKey);
          settle();
        }
      },
      abort: () => {
        end();
        this.dropping.delete(docKey);
        // Written in the order they were appended: the old state's first, then the new's.
        for (const q of [...taken, ...later]) void this.append(q[0], q[1], q[2]).catch(() => {});
        settle();
      },
    };
  }

  private readonly dropping = new Map<DocKey, { later: Queued[]; settled: Promise<void> }>();

  /** Resolves when every write so far is committed (rejects with the first failed write). */
  async durable(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
    // Sticky: a lost write must not be reported as saved by a later, successful one.
    if (this.failure) throw new Error(`Changes could not be saved on this device: ${String((this.failure as Error).message ?? this.failure)}`, { cause: this.failure });
  }

  async close(): Promise<void> {
    await this.durable().catch(() => {});
    await this.ready.catch(() => {});
    this.closed = true;
    this.db?.close();
  }

  private keysOf(docKey: DocKey): IDBKeyRange {
    return this.range.bound([docKey, 0], [docKey, Infinity]);
  }

  private assertOpen() {
    if (this.closed) throw new Error(`The workspace store ${this.name} is closed`);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    const drop = () => this.pending.delete(p);
    p.then(drop, (e) => { this.failure ??= e; drop(); });
    return p;
  }
}

/**
 * The meta after one more update. The cached state vector grows only where the update chains
 * on (its first clock per client is within the vector); otherwise it is marked inexact and
 * recomputed from the stored updates when asked (Yjs would hold such structs as pending too).
 */
export function nextMeta(docKey: DocKey, prev: DocMeta | undefined, update: Uint8Array, clocks?: UpdateClocks): DocMeta {
  const sv = prev ? Y.decodeStateVector(prev.sv) : new Map<number, number>();
  let exact = prev?.exact ?? true;
  const { from, to } = clocks ?? Y.parseUpdateMeta(update);
  for (const [client, end] of to) {
    const start = from.get(client) ?? 0;
    const have = sv.get(client) ?? 0;
    if (start <= have) sv.set(client, Math.max(have, end));
    else exact = false;
  }
  return { docKey, seq: (prev?.seq ?? 0) + 1, count: (prev?.count ?? 0) + 1, bytes: (prev?.bytes ?? 0) + update.byteLength, sv: Y.encodeStateVector(sv), exact };
}

/** Stored updates as one (one alone as it is). */
export const mergedOf = (updates: Uint8Array[]): Uint8Array => (updates.length === 1 ? updates[0] : Y.mergeUpdates(updates));

const sum = (all: Uint8Array[]) => all.reduce((n, u) => n + u.byteLength, 0);

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}
