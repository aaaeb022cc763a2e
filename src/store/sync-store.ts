import * as Y from 'yjs';
import type { DocKey } from '../domain/routing.ts';
import { SHARD_ORIGIN, type ShardSet } from './shards.ts';
import { mergedOf } from './doc-store.ts';
import type { ShardSyncStore } from '../sync/shard-sync-store.ts';
import { markHolds, RelayMarks, relayMarksName, type RelayMark } from './relay-marks.ts';
import { refusedChanges, type RefusedChanges } from './refused.ts';

export type { ShardSyncStore } from '../sync/shard-sync-store.ts';

/**
 * How long an edit of a retaken doc waits for the team's state (and its rows stay as they
 * were): a relay that went away must not hang the edit, nor keep the old rows, for ever. After
 * it the rows are re-read from what is stored, and the team's state comes by the next sync.
 */
export const RETAKE_WAIT_MS = 10_000;

const sameUpdates = (a: Uint8Array[], b: Uint8Array[]) => a.length === b.length && a.every((u, i) => u.byteLength === b[i].byteLength && u.every((x, j) => x === b[i][j]));

/**
 * The engine's side of sync. With a DocStore, vectors and diffs come from stored updates (a
 * joining teammate's 129 sync steps load no shard); in memory, from the docs. A remote update
 * is applied to its shard (loaded for it), which stores it and projects what it changed; a
 * malformed update throws before anything is stored.
 */
export type SyncStoreOptions = {
  /** Keeps what the relay holds across restarts (`relay-marks.ts`); only with a DocStore. */
  marks?: { workspaceId: string; indexedDB?: IDBFactory };
  /**
   * Resolves once what was applied so far is in the read model (the projector's flush). A remote
   * update is settled only then: a join stores and projects frame by frame, so the first page of
   * each list is listed while later frames arrive, and rows never pile up behind the sync.
   */
  projected?: () => Promise<void>;
  /** The engine's start-up upkeep of the stored docs (settings dropped for the team's): read nothing before it. */
  before?: Promise<void>;
  /** Where refused changes are kept (`retake`); without it (or a DocStore) no doc is retaken. */
  refused?: RefusedChanges;
  /** Re-reads a retaken doc's rows in place, once the relay's state is in (the projector's `reread`). */
  reproject?: (key: DocKey) => Promise<unknown>;
  /** How long a retaken doc waits for the team's state at most (RETAKE_WAIT_MS). */
  retakeWaitMs?: number;
  now?: () => number;
};

export type EngineSyncStore = ShardSyncStore & {
  /** The relay's words when it refused this doc, while the team's state of it is not in yet (its records may be missing here). */
  retakenReason(key: DocKey): string | undefined;
  close(): Promise<void>;
};

export function createSyncStore(docs: ShardSet, options: SyncStoreOptions = {}): EngineSyncStore {
  const store = docs.store;
  const marks = store && options.marks ? new RelayMarks(relayMarksName(options.marks.workspaceId), options.marks.indexedDB) : null;
  const memoryDoc = (key: DocKey) => (docs.isLoaded(key) ? docs.doc(key) : undefined);
  /** Retaken docs whose edits wait for the team's state (at most `retakeWaitMs`): the shard's hold. */
  const awaiting = new Map<DocKey, { release: () => void; timer: ReturnType<typeof setTimeout> }>();
  /**
   * Retaken docs whose team state is not in yet, waited for or not: what the relay held when it
   * refused, and its words. Until then a record of the doc may be missing here (`retakenReason`).
   */
  const behind = new Map<DocKey, { held: Map<number, number>; reason: string }>();
  /** A retaken doc's wait ends: its edits load the stored state, and its rows are re-read in place. */
  const settle = async (key: DocKey) => {
    const w = awaiting.get(key);
    if (!w) return;
    awaiting.delete(key);
    clearTimeout(w.timer);
    w.release();
    await options.reproject?.(key);
  };
  /** Ends the wait once the store holds at least what the relay held when it refused (its state came in). */
  const settleIfWhole = async (key: DocKey) => {
    const b = behind.get(key);
    if (!b || !store) return;
    const have = Y.decodeStateVector(await store.stateVector(key));
    if (![...b.held].every(([client, clock]) => (have.get(client) ?? 0) >= clock)) return;
    behind.delete(key);
    await settle(key);
  };
  return {
    async stateVector(key) {
      await options.before;
      if (store) return store.stateVector(key);
      const doc = memoryDoc(key);
      return doc ? Y.encodeStateVector(doc) : Y.encodeStateVector(new Map());
    },
    async diff(key, remote) {
      await options.before;
      if (store) return store.diff(key, remote);
      const doc = memoryDoc(key);
      return doc ? Y.encodeStateAsUpdate(doc, remote) : Y.encodeStateAsUpdate(new Y.Doc(), remote);
    },
    async applyRemote(key, update) {
      await docs.applyRemote(key, update);
      if (behind.has(key)) await settleIfWhole(key);
      await Promise.all([store?.durable(), options.projected?.()]);
    },
    onLocalUpdate(listener) {
      return docs.onUpdate((u) => { if (u.origin !== SHARD_ORIGIN.remote) listener(u.key, u.update); });
    },
    async relayHolds() {
      const held = new Map<DocKey, { deletions: number }>();
      if (!marks || !store) return held;
      await store.ready;
      await options.before;
      const all = await marks.all().catch(() => new Map<DocKey, RelayMark>());
      for (const [key, mark] of all) if (markHolds(mark, store.meta(key))) held.set(key, { deletions: mark.deletions ?? 0 });
      return held;
    },
    noteRelayHolds(docKey, relayVector, deletions) {
      // The seq of what is stored now: a write queued but not yet stored moves it on, so the
      // mark then no longer holds (diffed once more), never the other way round.
      const seq = store?.meta(docKey)?.seq;
      if (marks && seq !== undefined) marks.put({ docKey, seq, vector: relayVector, deletions });
    },
    async retake(key, relayVector, reason) {
      // The settings doc is loaded for good: it is retaken at the next start (`retakeConfig`).
      if (!store || !options.refused || key === 'config') return false;
      const refused = options.refused;
      await settle(key); // a retake of this doc still waiting for the team's state ends first
      const at = options.now?.() ?? Date.now();
      const keep = (updates: Uint8Array[]) => refused.put(refusedChanges(key, mergedOf(updates), relayVector, reason, at));
      const { value: drop, release } = await docs.hold(key, () => store.beginDrop(key));
      let ended = false;
      try {
        const old = await drop.updates();
        // Kept before the drop commits: a crash in between loses nothing the user wrote.
        await keep(old);
        ended = true;
        const dropped = await drop.commit();
        // Kept again from exactly what was deleted when that differs from what was read (a
        // compaction in between merges the same content): the ids are the same, a re-put is idempotent.
        if (!sameUpdates(old, dropped)) await keep(dropped);
      } catch (e) {
        if (!ended) drop.abort();
        release();
        throw e;
      }
      // Until the relay's state is in, an edit of this doc waits and its rows stay as they are.
      const timer = setTimeout(() => void settle(key).catch(() => {}), options.retakeWaitMs ?? RETAKE_WAIT_MS);
      awaiting.set(key, { release, timer });
      behind.set(key, { held: Y.decodeStateVector(relayVector), reason });
      await settleIfWhole(key);
      return true;
    },
    retakenReason: (key) => behind.get(key)?.reason,
    close: async () => {
      for (const [key, w] of [...awaiting]) (awaiting.delete(key), clearTimeout(w.timer), w.release());
      behind.clear();
      await marks?.close();
      await options.refused?.close();
    },
  };
}
