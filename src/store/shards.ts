import * as Y from 'yjs';
import { allDocKeys, type DocKey, type ShardKind } from '../domain/routing.ts';
import { transactionClocks, type DocStore, type UpdateClocks } from './doc-store.ts';
import { readUpdateMaps, type UpdateMaps } from '../layout/update-maps.ts';

/** Transaction origins of the shard set itself (see ORIGIN in docs.ts for the writers'). */
export const SHARD_ORIGIN = {
  /** A doc built from its stored updates: not a change. */
  load: 'outpost:load',
  /** An update from the relay (already stored by `applyRemote`). */
  remote: 'outpost:remote',
} as const;

/** A read or an edit needed shards that are not in memory; `ShardSet.load(keys)` then try again. */
export class ShardNotLoadedError extends Error {
  constructor(readonly keys: DocKey[]) {
    super(`Needs ${keys.length} shard(s) loaded first: ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''}`);
    this.name = 'ShardNotLoadedError';
  }
}

/** One update of one doc, as it goes to the store; `doc` holds its content (loaded or an append doc). */
/** `clocks`: the clock ranges the update adds per client (from its transaction: no decoding). */
/** `doc` is absent for a joined shard read without building its doc (`applyUnloaded`). */
export type ShardUpdate = { key: DocKey; update: Uint8Array; origin: unknown; doc?: Y.Doc; clocks: UpdateClocks };
export type ShardListener = (u: ShardUpdate) => void;
/**
 * A remote update of a record shard that was read without building its doc (`applyUnloaded`):
 * what it holds, for those that would otherwise observe the doc's maps (the read model, the
 * dedupe index). Called just before the update's `ShardUpdate`, as Yjs calls observers
 * before a doc's `update` event.
 */
export type RemoteMapsListener = (key: DocKey, maps: UpdateMaps) => void;
export type AttachListener = { attach(key: DocKey, doc: Y.Doc): void; detach(key: DocKey, doc: Y.Doc): void };

export type ShardSetOptions = {
  /** Stored updates; without one (tests, the CLI's one-shot work) every doc lives in memory. */
  store?: DocStore;
  /**
   * Memory budget of loaded shards, in stored bytes (a shard's heap is a small multiple of its
   * stored update: see docs/architecture.md). Shards in use are never unloaded.
   */
  budgetBytes?: number;
};

/** Default budget: keeps S2 (heap after opening 100 random records) well under 40 MB. */
export const DEFAULT_BUDGET_BYTES = 1024 * 1024;
/** An append doc (new keys of an unloaded shard) is retired past this many writes: bounded memory. */
const APPEND_DOC_WRITES = 256;

/**
 * A shard's doc, named by its key. Yjs names a doc without a guid by a random UUID (lib0's
 * uuidv4: 31 `getRandomValues` calls, ~140 µs a doc in the engine's Chromium Worker, where an
 * import opens ~500 append docs); nothing reads a shard doc's guid (there are no subdocs).
 */
const shardDoc = (key: DocKey) => new Y.Doc({ guid: key });

/**
 * The docs of a workspace: `config` (always in memory) and the shard docs, loaded on demand
 * from the DocStore and unloaded least-recently-used first when the loaded ones exceed the
 * budget. Every update of every doc goes to the store and to the listeners (read model, sync).
 *
 * New keys (a new record, an activity, a history entry) need nothing of the existing doc: when
 * their shard is not loaded they are written in a small "append doc" whose updates are stored
 * like any other; editing an existing key needs the shard loaded (a Yjs map key written without
 * knowing its current value would not win as the later edit).
 */
export class ShardSet {
  readonly config: Y.Doc;
  private readonly loaded = new Map<DocKey, Y.Doc>(); // insertion order = least recently used first
  private readonly loading = new Map<DocKey, Promise<void>>();
  private readonly appendDocs = new Map<DocKey, { doc: Y.Doc; writes: number }>();
  private readonly pins = new Map<DocKey, number>();
  /** Shards taken out of use (`hold`): a load waits for the promise. */
  private readonly held = new Map<DocKey, Promise<void>>();
  /** Called whenever a pin is let go or a load ends (`hold` waits for a shard to be quiet). */
  private quietWaiters: (() => void)[] = [];
  private readonly listeners = new Set<ShardListener>();
  private readonly mapsListeners = new Set<RemoteMapsListener>();
  private readonly attachListeners = new Set<AttachListener>();
  /**
   * Every attached doc: its key, its `update` listener (a remote update is applied without it:
   * `applyRemoteTo`) and how to detach it.
   */
  private readonly attached = new Map<Y.Doc, { key: DocKey; onUpdate: (update: Uint8Array, origin: unknown, doc: Y.Doc, tr: Y.Transaction) => void; detach: () => void }>();
  readonly store?: DocStore;
  budgetBytes: number;
  /** Local writes since the last `resetWrites()` (run() checks no write preceded a missing shard). */
  writes = 0;

  constructor(opts: ShardSetOptions = {}) {
    this.store = opts.store;
    this.budgetBytes = opts.budgetBytes ?? DEFAULT_BUDGET_BYTES;
    this.config = new Y.Doc();
    this.attach('config', this.config);
  }

  /** True when docs are built on demand from stored updates (else all in memory). */
  get onDemand(): boolean {
    return !!this.store;
  }

  isLoaded(key: DocKey): boolean {
    return key === 'config' || this.loaded.has(key);
  }

  /** The loaded doc of a key (in memory mode: made on first use); throws when not loaded. */
  doc(key: DocKey): Y.Doc {
    if (key === 'config') return this.config;
    const doc = this.loaded.get(key);
    if (doc) {
      this.loaded.delete(key);
      this.loaded.set(key, doc); // most recently used
      return doc;
    }
    if (this.store) throw new ShardNotLoadedError([key]);
    return this.adopt(key, shardDoc(key));
  }

  /** Throws one ShardNotLoadedError naming every key of `keys` that is not loaded. */
  require(keys: Iterable<DocKey>): void {
    if (!this.store) return;
    const missing = [...new Set(keys)].filter((k) => !this.isLoaded(k));
    if (missing.length) throw new ShardNotLoadedError(missing);
  }

  /** Every doc of a kind (a whole-workspace read): throws naming the ones not loaded. */
  all(kind: ShardKind): Y.Doc[] {
    const keys = allDocKeys().filter((k) => k.startsWith(`${kind}/`));
    if (!this.store) return keys.filter((k) => this.loaded.has(k)).map((k) => this.loaded.get(k)!);
    this.require(keys);
    return keys.map((k) => this.loaded.get(k)!);
  }

  /** Loaded docs of a kind (or all), with their keys. */
  loadedDocs(kind?: ShardKind): [DocKey, Y.Doc][] {
    return [...this.loaded].filter(([k]) => !kind || k.startsWith(`${kind}/`));
  }

  /**
   * Loads the docs of `keys` (built from their stored updates), then unloads least recently
   * used ones beyond the budget, never one of `keys` nor one in use.
   */
  async load(keys: Iterable<DocKey>): Promise<void> {
    const want = [...new Set(keys)].filter((k) => k !== 'config');
    await Promise.all(want.map((k) => this.loadOne(k)));
    this.evict(new Set(want));
  }

  private loadOne(key: DocKey): Promise<void> {
    if (this.loaded.has(key)) return Promise.resolve();
    if (!this.store) { this.doc(key); return Promise.resolve(); }
    let p = this.loading.get(key);
    if (!p) {
      p = (async () => {
        await this.held.get(key);
        const update = await this.store!.merged(key);
        if (this.loaded.has(key)) return; // written into in memory meanwhile: cannot happen with a store
        const doc = shardDoc(key);
        Y.applyUpdate(doc, update, SHARD_ORIGIN.load);
        // The append doc's writes are in the store (queued first): keep writing as its client,
        // so a session adds one client id per shard to its state vector, not one per record.
        const append = this.appendDocs.get(key);
        if (append) {
          // New keys written while the stored updates were being read are not in them yet
          // (queued after the read): take the append doc's whole state, already stored.
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(append.doc, Y.encodeStateVector(doc)), SHARD_ORIGIN.load);
          if (hasClient(doc, append.doc.clientID)) doc.clientID = append.doc.clientID;
        }
        this.retireAppendDoc(key);
        this.adopt(key, doc);
      })().finally(() => { this.loading.delete(key); this.quiet(); });
      this.loading.set(key, p);
    }
    return p;
  }

  /** Runs `fn` with `keys` loaded and kept loaded until it settles. */
  async withLoaded<T>(keys: Iterable<DocKey>, fn: () => T | Promise<T>): Promise<T> {
    const list = [...new Set(keys)];
    for (const k of list) this.pins.set(k, (this.pins.get(k) ?? 0) + 1);
    try {
      await this.load(list);
      return await fn();
    } finally {
      for (const k of list) {
        const n = (this.pins.get(k) ?? 1) - 1;
        if (n > 0) this.pins.set(k, n); else this.pins.delete(k);
      }
      this.quiet();
      this.evict(new Set());
    }
  }

  /** Stored bytes of the loaded shards (the budget's measure). */
  loadedBytes(): number {
    let n = 0;
    for (const k of this.loaded.keys()) n += this.store?.bytes(k) ?? 0;
    return n;
  }

  private evict(keep: Set<DocKey>) {
    if (!this.store) return;
    let total = this.loadedBytes();
    for (const [k, doc] of [...this.loaded]) {
      if (total <= this.budgetBytes) break;
      if (keep.has(k) || this.pins.has(k)) continue;
      total -= this.store.bytes(k);
      this.unload(k, doc);
    }
  }

  /** Drops a loaded doc from memory (its updates are already queued for the store). */
  unload(key: DocKey, doc = this.loaded.get(key)): void {
    if (!doc || key === 'config') return;
    this.loaded.delete(key);
    this.attached.get(doc)?.detach();
    doc.destroy();
  }

  /**
   * Forgets a shard in memory, its loaded doc and its append doc: the next use builds it from the
   * store again (after `DocStore.drop`: empty, the relay's state then synced in).
   */
  forget(key: DocKey): void {
    if (key === 'config') return;
    this.retireAppendDoc(key);
    this.unload(key);
  }

  /**
   * Takes a shard out of use while its stored state is replaced (a doc the relay refused, retaken
   * for the team's). Waits until no running operation has it pinned and no load of it is in
   * flight, then, in the same turn, forgets its docs and calls `begin` (the store's `beginDrop`):
   * every write made on the old state was handed to the store before the line `begin` draws, and
   * none can be made after (its docs are gone; a doc loaded from the old state would write on
   * clocks the new state lacks). Until `release`: a load of the shard waits (an edit of one of
   * its records is made on the new state, not on an empty doc); new keys go to a fresh append
   * doc (a new client, needing nothing of the old state); a peer's update is stored, not applied
   * (the shard's next load reads it).
   */
  async hold<T>(key: DocKey, begin: () => T): Promise<{ value: T; release: () => void }> {
    if (key === 'config') throw new Error('The settings doc is never taken out of use');
    while (this.held.has(key) || this.pins.has(key) || this.loading.has(key)) {
      await (this.held.get(key) ?? new Promise<void>((resolve) => this.quietWaiters.push(resolve)));
    }
    let release!: () => void;
    this.held.set(key, new Promise<void>((resolve) => { release = resolve; }));
    this.forget(key);
    let value: T;
    try {
      value = begin();
    } catch (e) {
      this.held.delete(key);
      release();
      throw e;
    }
    let released = false;
    return {
      value,
      release: () => {
        if (released) return;
        released = true;
        this.held.delete(key);
        release();
        this.quiet();
      },
    };
  }

  private quiet() {
    for (const w of this.quietWaiters.splice(0)) w();
  }

  /**
   * Writes new keys (nothing existing is read or overwritten): into the loaded doc, or else into
   * the shard's append doc, whose update is stored like any other. Never waits for a load.
   */
  writeNew(key: DocKey, fn: (doc: Y.Doc) => void, origin: unknown): void {
    const loaded = key === 'config' ? this.config : this.loaded.get(key);
    if (loaded || !this.store) {
      this.doc(key).transact(() => fn(this.doc(key)), origin);
      return;
    }
    let append = this.appendDocs.get(key);
    if (!append) {
      append = { doc: shardDoc(key), writes: 0 };
      this.appendDocs.set(key, append);
      this.attach(key, append.doc);
    }
    append.doc.transact(() => fn(append!.doc), origin);
    if (++append.writes >= APPEND_DOC_WRITES) this.retireAppendDoc(key);
  }

  private retireAppendDoc(key: DocKey) {
    const append = this.appendDocs.get(key);
    if (!append) return;
    this.appendDocs.delete(key);
    this.attached.get(append.doc)?.detach();
    append.doc.destroy();
  }

  /**
   * An update from a peer. A shard not in memory is loaded first (a record in it was synced; an
   * update that holds nothing loads nothing):
   * applied to the loaded doc, the update is stored and observed like any other, so the read
   * model re-reads exactly the keys it changed.
   */
  async applyRemote(key: DocKey, update: Uint8Array): Promise<void> {
    // A peer that has nothing for us (the relay's answer for a room it holds nothing new of)
    // sends an update without structs or deletions: applying it would change nothing.
    // (Its first varuint, the number of clients with structs, is 0: checking that first spares
    // decoding every struct of a join's large updates.)
    if (update[0] === 0 && Y.decodeUpdate(update).ds.clients.size === 0) return;
    // Taken out of use (`hold`): stored as received, read by the shard's next load.
    if (this.store && this.held.has(key)) return this.store.append(key, update);
    if (this.store && !this.isLoaded(key)) {
      if (this.applyUnloaded(key, update)) return;
      await this.withLoaded([key], () => this.applyRemoteTo(key, this.doc(key), update));
      return;
    }
    this.applyRemoteTo(key, this.doc(key), update);
  }

  /**
   * A record or activity shard this device holds nothing of (a joining teammate's), whose update
   * is plain map entries without concurrent writes: its entries are read
   * from the update's structs (src/layout/update-maps.ts) and the update stored as received;
   * no doc is built (a join's Yjs integrate, its reads and its garbage were most of its CPU).
   * The doc is built from the stored update when a record in it is edited. False (nothing
   * done) for anything else: the caller builds the doc.
   */
  private applyUnloaded(key: DocKey, update: Uint8Array): boolean {
    if (key === 'config' || this.loading.has(key) || this.appendDocs.has(key) || !this.store!.holdsNothing(key)) return false;
    const read = readUpdateMaps(update);
    // Concurrent writes: Yjs's integrate tells which values were dropped (src/store/conflicts.ts).
    if (!read || read.concurrent || !read.ends.size) return false;
    for (const l of this.mapsListeners) l(key, read.maps);
    const from = new Map([...read.ends.keys()].map((client) => [client, 0]));
    this.emitUpdate(key, undefined, update, SHARD_ORIGIN.remote, { from, to: read.ends });
    return true;
  }

  /** Remote updates of shards read without their doc (`applyUnloaded`). */
  onRemoteMaps(listener: RemoteMapsListener): () => void {
    this.mapsListeners.add(listener);
    return () => this.mapsListeners.delete(listener);
  }

  /**
   * Applies a peer's update and stores it as received: Yjs would encode what the transaction
   * added all over again for the doc's `update` event (a join's whole workspace, ~3% of its
   * CPU in Node), and the received bytes also keep structs Yjs holds back as pending. The
   * observers (the read model) run as for any transaction; the listeners get the same
   * `ShardUpdate`, with the transaction's clocks.
   */
  private applyRemoteTo(key: DocKey, doc: Y.Doc, update: Uint8Array) {
    const onUpdate = this.attached.get(doc)?.onUpdate;
    // Structs held back from earlier updates may integrate now: only Yjs's encoding holds them.
    if (!onUpdate || hasPending(doc)) return Y.applyUpdate(doc, update, SHARD_ORIGIN.remote);
    let done: { clocks: UpdateClocks; changed: boolean } | null = null;
    const after = (tr: Y.Transaction) => {
      const clocks = transactionClocks(tr);
      done = { clocks, changed: clocks.to.size > 0 || tr.deleteSet.clients.size > 0 };
    };
    // Without an `update` listener Yjs does not encode the transaction's update at all.
    doc.off('update', onUpdate);
    doc.on('afterTransaction', after);
    try {
      Y.applyUpdate(doc, update, SHARD_ORIGIN.remote);
    } finally {
      doc.off('afterTransaction', after);
      doc.on('update', onUpdate);
    }
    const applied = done as { clocks: UpdateClocks; changed: boolean } | null;
    // Kept too when some of it waits for structs not here yet: stored, it is not lost on unload.
    if (applied && (applied.changed || hasPending(doc))) this.emitUpdate(key, doc, update, SHARD_ORIGIN.remote, applied.clocks);
  }

  /** Every update of every doc (local, append doc or remote), after it is queued for storage. */
  onUpdate(listener: ShardListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A doc attached (loaded, made in memory, or an append doc) or detached (unloaded, retired):
   * the read model observes every attached doc. Called at once for the docs attached now.
   */
  onAttach(listener: AttachListener): () => void {
    this.attachListeners.add(listener);
    for (const [doc, { key }] of this.attached) listener.attach(key, doc);
    return () => this.attachListeners.delete(listener);
  }

  private adopt(key: DocKey, doc: Y.Doc): Y.Doc {
    this.loaded.set(key, doc);
    this.attach(key, doc);
    return doc;
  }

  /** One update of a doc: queued for the store, then handed to every listener. */
  private emitUpdate(key: DocKey, doc: Y.Doc | undefined, update: Uint8Array, origin: unknown, clocks: UpdateClocks) {
    if (origin !== SHARD_ORIGIN.remote) this.writes++;
    void this.store?.append(key, update, clocks).catch(() => {}); // failures surface in durable()
    for (const l of this.listeners) l({ key, update, origin, doc, clocks });
  }

  private attach(key: DocKey, doc: Y.Doc) {
    const onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      if (origin === SHARD_ORIGIN.load) return;
      this.emitUpdate(key, doc, update, origin, transactionClocks(tr));
    };
    doc.on('update', onUpdate);
    this.attached.set(doc, {
      key, onUpdate,
      detach: () => {
        doc.off('update', onUpdate);
        this.attached.delete(doc);
        for (const l of this.attachListeners) l.detach(key, doc);
      },
    });
    for (const l of this.attachListeners) l.attach(key, doc);
  }

  destroy(): void {
    for (const key of [...this.appendDocs.keys()]) this.retireAppendDoc(key);
    for (const [k, d] of [...this.loaded]) this.unload(k, d);
    this.attached.get(this.config)?.detach();
    this.config.destroy();
  }
}

/** Structs or deletions Yjs holds back until what they build on arrives. */
function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

function hasClient(doc: Y.Doc, client: number): boolean {
  return doc.store.clients.has(client);
}
