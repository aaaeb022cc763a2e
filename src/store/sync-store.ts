import * as Y from 'yjs';
import type { DocKey } from '../domain/routing.ts';
import { SHARD_ORIGIN, type ShardSet } from './shards.ts';

/**
 * What the multiplexed relay connection needs from the local store, per doc key (the contract
 * between the store and src/sync; shard-relay's connection takes any implementation).
 */
export type ShardSyncStore = {
  /** State vector of a doc computed from its stored updates (no Y.Doc); empty vector when none. */
  stateVector(docKey: DocKey): Promise<Uint8Array>;
  /** Stored updates merged and diffed against the peer's state vector (no Y.Doc when not loaded). */
  diff(docKey: DocKey, remoteStateVector: Uint8Array): Promise<Uint8Array>;
  /** An update from the relay: store durably, apply to the shard if loaded, project into the read model. */
  applyRemote(docKey: DocKey, update: Uint8Array): Promise<void>;
  /** Local updates to send (every doc key); returns an unsubscribe. */
  onLocalUpdate(listener: (docKey: DocKey, update: Uint8Array) => void): () => void;
};

/**
 * The engine's side of sync. With a DocStore, vectors and diffs come from stored updates (a
 * joining teammate's 129 sync steps load no shard); in memory, from the docs. A remote update
 * is applied to its shard (loaded for it), which stores it and projects what it changed; a
 * malformed update throws before anything is stored.
 */
export function createSyncStore(docs: ShardSet): ShardSyncStore {
  const store = docs.store;
  const memoryDoc = (key: DocKey) => (docs.isLoaded(key) ? docs.doc(key) : undefined);
  return {
    async stateVector(key) {
      if (store) return store.stateVector(key);
      const doc = memoryDoc(key);
      return doc ? Y.encodeStateVector(doc) : Y.encodeStateVector(new Map());
    },
    async diff(key, remote) {
      if (store) return store.diff(key, remote);
      const doc = memoryDoc(key);
      return doc ? Y.encodeStateAsUpdate(doc, remote) : Y.encodeStateAsUpdate(new Y.Doc(), remote);
    },
    async applyRemote(key, update) {
      await docs.applyRemote(key, update);
      await store?.durable();
    },
    onLocalUpdate(listener) {
      return docs.onUpdate((u) => { if (u.origin !== SHARD_ORIGIN.remote) listener(u.key, u.update); });
    },
  };
}
