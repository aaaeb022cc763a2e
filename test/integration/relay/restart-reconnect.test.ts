import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../../src/store/engine.ts';
import { recordDocKey, type DocKey } from '../../../src/domain/routing.ts';
import { WorkspaceConnection } from '../../../src/sync/index.ts';
import type { ShardSyncStore } from '../../../src/sync/shard-sync-store.ts';
import { startTestRelay, waitFor, workspaceWith } from './helpers.ts';
import { startRedis } from './redis-server.ts';

const actor = (memberId: string) => ({ memberId, role: 'member' as const });

/** The engine's sync store, counting the docs it diffs for the relay (what a restart re-reads) and what it is sent. */
function counted(store: ShardSyncStore) {
  const diffed: DocKey[] = [];
  const applied: DocKey[] = [];
  const wrapped: ShardSyncStore = {
    stateVector: (k) => store.stateVector(k),
    diff: (k, v) => (diffed.push(k), store.diff(k, v)),
    applyRemote: (k, u, sv) => (applied.push(k), store.applyRemote(k, u, sv)),
    onLocalUpdate: (l) => store.onLocalUpdate(l),
    relayHolds: store.relayHolds && (() => store.relayHolds!()),
    noteRelayHolds: store.noteRelayHolds && ((k, v, d) => store.noteRelayHolds!(k, v, d)),
  };
  return { store: wrapped, diffed, applied };
}

function connect(url: string, workspaceId: string, token: string, store: ShardSyncStore) {
  return new WorkspaceConnection({ url, workspaceId, token, store, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, maxBackoffTime: 200 });
}

const saved = (c: WorkspaceConnection) => waitFor(() => c.status.get().synced && c.status.get().unsaved === 0, 20_000, 'synced and saved');

describe('a restarted client skips docs the relay already holds, and still gets and sends what changed while it was away', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('two relays on one Redis: a change through the other relay and an offline edit both cross; unchanged docs are not diffed', async () => {
    const prefix = `restart${Math.random()}:`;
    // Rooms unload quickly: the second relay opens them cold from their kept summaries.
    const [r1, r2] = [await startTestRelay({ redisUrl: redis.url, redisPrefix: prefix, limits: { roomIdleMs: 50 } }), await startTestRelay({ redisUrl: redis.url, redisPrefix: prefix, limits: { roomIdleMs: 50 } })];
    try {
      const ws = await workspaceWith(r1.relay);
      // A seeds 60 leads through relay 1.
      const a = new Engine({ workspaceId: `a-${ws.workspaceId}`, actor: actor('a') });
      await a.ready;
      const ca = connect(r1.relay.wsUrl, ws.workspaceId, ws.tokens.admin, a.syncStore);
      await ca.whenSynced;
      const ids = Array.from({ length: 60 }, (_, i) => a.repo.create('leads', { name: { first: `Lead${i}`, last: 'Restart' }, email: `l${i}@restart.example` }).id);
      // An overwrite: its room keeps a deletion, which a restarted client must not be sent again.
      await a.run(() => a.repo.update('leads', ids[0], { title: 'First title' }));
      await a.run(() => a.repo.update('leads', ids[0], { title: 'Second title' }));
      await a.settle();
      await saved(ca);

      // B joins through relay 2, then its browser closes.
      const bId = `b-${ws.workspaceId}`;
      let b = new Engine({ workspaceId: bId, actor: actor('b') });
      await b.ready;
      let cb = connect(r2.relay.wsUrl, ws.workspaceId, ws.tokens.member, counted(b.syncStore).store);
      await saved(cb);
      await b.settle();
      expect(await b.db.records.count()).toBe(60);
      const recordShards = new Set(ids.map(recordDocKey)).size;
      cb.destroy();
      await b.destroy();

      // Restart, in step: nothing to diff, nothing sent (not even the deletions B holds).
      b = new Engine({ workspaceId: bId, actor: actor('b') });
      await b.ready;
      let count = counted(b.syncStore);
      cb = connect(r2.relay.wsUrl, ws.workspaceId, ws.tokens.member, count.store);
      await saved(cb);
      expect(count.diffed).toEqual([]);
      expect(count.applied).toEqual([]);
      cb.destroy();

      // Offline: B edits lead 9 (browser closed before it was sent); A changes lead 3 through relay 1.
      await b.run(() => b.repo.update('leads', ids[9], { title: 'Edited offline by B' }));
      await b.settle();
      await b.destroy();
      await a.run(() => a.repo.update('leads', ids[3], { title: 'Changed by A elsewhere' }));
      await a.settle();
      await saved(ca);
      await new Promise((r) => setTimeout(r, 200)); // relay 2's rooms unload meanwhile

      b = new Engine({ workspaceId: bId, actor: actor('b') });
      await b.ready;
      count = counted(b.syncStore);
      cb = connect(r2.relay.wsUrl, ws.workspaceId, ws.tokens.member, count.store);
      await saved(cb);
      await b.settle();
      // Only the docs B's offline edit wrote (the record's shard and its history's) were diffed.
      expect(new Set(count.diffed)).toEqual(new Set([recordDocKey(ids[9]), recordDocKey(ids[9]).replace('records/', 'activities/')]));
      expect(count.diffed.length).toBeLessThan(recordShards);
      expect((await b.db.records.get(`leads:${ids[3]}`))?.data.title).toBe('Changed by A elsewhere');
      await waitFor(async () => (await a.db.records.get(`leads:${ids[9]}`))?.data.title === 'Edited offline by B', 10_000, 'B offline edit at A');
      cb.destroy();
      ca.destroy();
      await b.destroy();
      await a.destroy();
    } finally {
      await r1.stop();
      await r2.stop();
    }
  });
});
