import * as Y from 'yjs';
import WebSocket from 'ws';
import type { DocKey } from '../../../src/domain/routing.ts';
import type { ShardSyncStore } from '../../../src/sync/shard-sync-store.ts';
import { WorkspaceConnection, type WorkspaceConnectionOptions } from '../../../src/sync/index.ts';

const EMPTY_UPDATE = new Uint8Array([0, 0]);

/**
 * The ShardSyncStore contract over updates kept in memory: what the engine does over IndexedDB,
 * without a Y.Doc (state vectors and diffs from merged updates). `change` is a local edit of one
 * doc, `doc` reads one back.
 */
export function createMemorySyncStore() {
  const updates = new Map<DocKey, Uint8Array[]>();
  const listeners = new Set<(docKey: DocKey, update: Uint8Array) => void>();
  /** State vectors kept per doc, as an engine keeps them beside its stored updates. */
  const vectors = new Map<DocKey, Uint8Array>();
  /** Docs being edited stay loaded (as the engine keeps its edited shards): remote updates apply to them. */
  const loaded = new Map<DocKey, Y.Doc>();
  /** Updates stored per doc, ever (the engine's DocStore seq), and the relay marks over them. */
  const seqs = new Map<DocKey, number>();
  const marks = new Map<DocKey, { seq: number; vector: Uint8Array; deletions: number }>();
  const add = (docKey: DocKey, update: Uint8Array, known?: Uint8Array) => {
    seqs.set(docKey, (seqs.get(docKey) ?? 0) + 1);
    updates.set(docKey, [...(updates.get(docKey) ?? []), update]);
    const cached = vectors.get(docKey);
    if (known && (cached || updates.get(docKey)!.length === 1)) {
      // The sender says what the doc has once this is stored (a batched sync): no decoding.
      const sv = cached ? Y.decodeStateVector(cached) : new Map<number, number>();
      for (const [client, clock] of Y.decodeStateVector(known)) if (clock > (sv.get(client) ?? 0)) sv.set(client, clock);
      vectors.set(docKey, Y.encodeStateVector(sv));
    } else if (cached) {
      // Kept exact without re-reading the doc while updates continue what is stored (no gap).
      const sv = Y.decodeStateVector(cached);
      const { from, to } = Y.parseUpdateMeta(update);
      if ([...from].every(([client, clock]) => clock <= (sv.get(client) ?? 0))) {
        for (const [client, clock] of to) if (clock > (sv.get(client) ?? 0)) sv.set(client, clock);
        vectors.set(docKey, Y.encodeStateVector(sv));
      } else vectors.delete(docKey);
    }
  };
  const merged = (docKey: DocKey) => {
    const list = updates.get(docKey) ?? [];
    if (list.length > 1) updates.set(docKey, [Y.mergeUpdates(list)]);
    return updates.get(docKey)?.[0] ?? EMPTY_UPDATE;
  };
  const store = {
    remoteUpdates: 0,
    /** Docs diffed for the relay (a step 2), in order. */
    diffed: [] as DocKey[],
    async relayHolds() {
      const held = new Map<DocKey, { deletions: number }>();
      for (const [docKey, mark] of marks) {
        const have = Y.decodeStateVector(mark.vector);
        const covered = [...Y.decodeStateVector(await store.stateVector(docKey))].every(([c, clock]) => (have.get(c) ?? 0) >= clock);
        if (mark.seq === seqs.get(docKey) && covered) held.set(docKey, { deletions: mark.deletions });
      }
      return held;
    },
    noteRelayHolds(docKey: DocKey, vector: Uint8Array, deletions: number) {
      marks.set(docKey, { seq: seqs.get(docKey) ?? 0, vector, deletions });
    },
    async stateVector(docKey: DocKey) {
      let sv = vectors.get(docKey);
      if (!sv) vectors.set(docKey, (sv = Y.encodeStateVectorFromUpdate(merged(docKey))));
      return sv;
    },
    async diff(docKey: DocKey, remote: Uint8Array) {
      store.diffed.push(docKey);
      return Y.diffUpdate(merged(docKey), remote);
    },
    async applyRemote(docKey: DocKey, update: Uint8Array, stateVector?: Uint8Array) {
      store.remoteUpdates++;
      add(docKey, update, stateVector);
      const live = loaded.get(docKey);
      if (live) Y.applyUpdate(live, update);
    },
    onLocalUpdate(listener: (docKey: DocKey, update: Uint8Array) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** The doc as stored now (a fresh Y.Doc each call). */
    doc(docKey: DocKey): Y.Doc {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, merged(docKey));
      return doc;
    },
    /** A local edit: made on the stored state, stored, handed to the connection. */
    change(docKey: DocKey, edit: (doc: Y.Doc) => void): Uint8Array {
      let doc = loaded.get(docKey);
      if (!doc) loaded.set(docKey, (doc = store.doc(docKey)));
      const before = Y.encodeStateVector(doc);
      edit(doc);
      const update = Y.encodeStateAsUpdate(doc, before);
      add(docKey, update);
      for (const l of listeners) l(docKey, update);
      return update;
    },
  } satisfies ShardSyncStore & Record<string, unknown>;
  return store;
}
export type MemorySyncStore = ReturnType<typeof createMemorySyncStore>;

/** A workspace connection in Node over a memory store. */
export function connectWorkspace(relay: { wsUrl: string | string[] }, workspaceId: string, token: string, store = createMemorySyncStore(), options: Partial<WorkspaceConnectionOptions> = {}) {
  const connection = new WorkspaceConnection({ url: relay.wsUrl, workspaceId, token, store, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, maxBackoffTime: 300, ...options });
  return { connection, store };
}
