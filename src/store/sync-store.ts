import * as Y from 'yjs';
import type { DocKey } from '../domain/routing.ts';
import { SHARD_ORIGIN, type ShardSet } from './shards.ts';
import type { ShardSyncStore } from '../sync/shard-sync-store.ts';
import { markHolds, RelayMarks, relayMarksName, type RelayMark } from './relay-marks.ts';
import { refusedChanges, type RefusedChanges } from './refused.ts';

export type { ShardSyncStore } from '../sync/shard-sync-store.ts';

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
  /** Brings the read model in step with the docs after one was dropped (the projector's catch-up). */
  reproject?: () => Promise<unknown>;
  now?: () => number;
};

export function createSyncStore(docs: ShardSet, options: SyncStoreOptions = {}): ShardSyncStore & { close(): Promise<void> } {
  const store = docs.store;
  const marks = store && options.marks ? new RelayMarks(relayMarksName(options.marks.workspaceId), options.marks.indexedDB) : null;
  const memoryDoc = (key: DocKey) => (docs.isLoaded(key) ? docs.doc(key) : undefined);
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
      await store.durable();
      const local = await store.merged(key);
      // Kept before the doc is dropped: a crash in between loses nothing the user wrote.
      await options.refused.put(refusedChanges(key, local, relayVector, reason, options.now?.() ?? Date.now()));
      docs.forget(key);
      await store.drop(key);
      // The doc's rows go (its stored vector is now behind the read model's); the relay's state
      // comes by sync and is projected as any remote update.
      await options.reproject?.();
      return true;
    },
    close: async () => { await marks?.close(); await options.refused?.close(); },
  };
}
