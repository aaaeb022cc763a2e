import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Redis } from 'ioredis';
import { allDocKeys } from '../../../src/domain/routing.ts';
import { roomName } from '../../../sync-server/protocol.ts';
import { GAP_CATCH_UP_AT_ONCE } from '../../../sync-server/rooms/room-manager.ts';
import { client, startTestRelay, waitFor, workspaceWith } from './helpers.ts';
import { connectWorkspace } from './memory-sync-store.ts';
import { startRedis } from './redis-server.ts';

/**
 * Two relays on one Redis; this relay's fan-out subscription drops (a network blip, a Redis
 * failover) and comes back. Writes the other relay stored meanwhile were never announced here.
 * Before, every loaded room was dropped at once and every peer closed (1013): all clients of the
 * relay reconnected and re-synced together, and every room was read in the same moment. Now the
 * rooms catch up from storage a few at a time, and their peers are sent what they missed.
 */
describe('relay: two relays on one Redis, writes that continue a doc, and a fan-out gap on a relay with many loaded rooms', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let admin: Redis;
  let a: Awaited<ReturnType<typeof startTestRelay>>;
  let b: Awaited<ReturnType<typeof startTestRelay>>;
  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
    a = await startTestRelay({ redisUrl: redis.url, redisPrefix: 'gap:' });
    b = await startTestRelay({ redisUrl: redis.url, redisPrefix: 'gap:' });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    admin?.disconnect();
    await redis?.stop();
  });

  // The gap as it happens: the write is published while this relay's subscription is down.
  it("a teammate on the other relay writes while this relay's subscription is down: the write still reaches this relay's clients", async () => {
    const ws = await workspaceWith(a.relay);
    const onA = client(a.relay, ws.workspaceId, 'records/8', ws.tokens.member);
    const onB = client(b.relay, ws.workspaceId, 'records/8', ws.tokens.member);
    try {
      await Promise.all([onA.whenSynced, onB.whenSynced]);
      onB.doc.getMap('leads').set('before', 1);
      await waitFor(() => onA.doc.getMap('leads').get('before') === 1, 10_000, 'fan-out before');
      // Redis drops every subscriber connection (a network blip, a Redis failover): ioredis
      // reconnects and subscribes again, and what was published meanwhile is gone for good.
      await admin.client('KILL', 'TYPE', 'pubsub');
      onB.doc.getMap('leads').set('during', 2);
      await waitFor(() => onB.status.get().unsaved === 0, 10_000, "the other relay's write stored");
      await waitFor(() => onA.doc.getMap('leads').get('during') === 2, 15_000, "the write made during the gap on this relay's client");
      // And the relays keep fanning out.
      onB.doc.getMap('leads').set('after', 3);
      await waitFor(() => onA.doc.getMap('leads').get('after') === 3, 10_000, 'fan-out after');
    } finally {
      onA.destroy();
      onB.destroy();
    }
  });

  it('writes stored during the gap reach every client of the relay without a reconnect; rooms are read a few at a time', async () => {
    const ws = await workspaceWith(a.relay);
    const docKeys = allDocKeys().slice(0, 80);
    const clients = (['admin', 'member', 'viewer'] as const).map((role) => connectWorkspace(a.relay, ws.workspaceId, ws.tokens[role], undefined, { docKeys }));
    const closes: Array<{ code: number; reason: string }> = [];
    for (const { connection } of clients) connection.status.subscribe(({ lastClose }) => lastClose && !closes.includes(lastClose) && closes.push(lastClose));
    try {
      await waitFor(() => clients.every(({ connection }) => connection.status.get().synced), 20_000, 'three clients synced on relay A');
      // A key that relay B will delete during the gap (a deletion alone: no struct, only a delete set).
      const deletedIn = docKeys[40];
      clients[0].store.change(deletedIn, (d) => d.getMap('leads').set('gone/email', 'gone@example.com'));
      await waitFor(() => clients.every(({ store }) => store.doc(deletedIn).getMap('leads').has('gone/email')) && clients[0].connection.status.get().unsaved === 0, 10_000, 'the key to delete everywhere');
      expect(a.relay.loadedRooms().length).toBeGreaterThanOrEqual(docKeys.length);

      // The projection reads each room of a workspace once, in the background (its own catch-up,
      // one room at a time): done before counting, so the count is the gap's.
      await a.relay.projection.ensureWorkspace(ws.workspaceId);
      // Relay A's reads of stored rooms, and how many at once.
      const storage = a.relay.storage;
      const loadRoom = storage.loadRoom.bind(storage);
      let reading = 0;
      let most = 0;
      let reads = 0;
      storage.loadRoom = async (room) => {
        reads++;
        most = Math.max(most, ++reading);
        try {
          return await loadRoom(room);
        } finally {
          reading--;
        }
      };

      // Relay B stores writes to 20 of the rooms that are never announced on the fan-out (as when
      // they were published while A's subscription was down): only storage has them.
      const missed = docKeys.slice(1, 21);
      for (const [i, key] of missed.entries()) {
        const doc = new Y.Doc();
        doc.getMap('leads').set(`gap-${i}/email`, `gap${i}@example.com`);
        await b.relay.storage.append([{ room: roomName(ws.workspaceId, key), update: Y.encodeStateAsUpdate(doc) }]);
      }
      const room40 = roomName(ws.workspaceId, deletedIn);
      const stored40 = new Y.Doc();
      Y.applyUpdate(stored40, Y.mergeUpdates(await b.relay.storage.loadRoom(room40)));
      const before40 = Y.encodeStateVector(stored40);
      stored40.getMap('leads').delete('gone/email');
      await b.relay.storage.append([{ room: room40, update: Y.encodeStateAsUpdate(stored40, before40) }]);
      const connectionsBefore = a.relay.connectionCount();
      const caughtUpBefore = a.relay.metrics.counter('outpost_gap_rooms_caught_up_total');
      const started = Date.now();
      // Redis drops every subscriber connection; ioredis reconnects and subscribes again.
      await admin.client('KILL', 'TYPE', 'pubsub');
      await waitFor(
        () => clients.every(({ store }) => missed.every((key, i) => store.doc(key).getMap('leads').get(`gap-${i}/email`) === `gap${i}@example.com`) && !store.doc(deletedIn).getMap('leads').has('gone/email')),
        20_000,
        'every missed write and the deletion on every client of relay A',
      );
      console.log(`fan-out gap: ${missed.length} missed writes and a deletion on ${a.relay.loadedRooms().length} loaded rooms reached 3 clients in ${Date.now() - started} ms; ${reads} stored rooms read, at most ${most} at once; closes: ${JSON.stringify(closes)}`);
      expect(closes).toEqual([]);
      expect(a.relay.connectionCount()).toBe(connectionsBefore);
      expect(most).toBeLessThanOrEqual(GAP_CATCH_UP_AT_ONCE);
      expect(a.relay.metrics.counter('outpost_gap_rooms_caught_up_total') - caughtUpBefore).toBe(missed.length + 1);

      // And the relays keep fanning out after the gap.
      clients[1].store.change(docKeys[30], (d) => d.getMap('leads').set('after/email', 'after@example.com'));
      const onB = connectWorkspace(b.relay, ws.workspaceId, ws.tokens.admin, undefined, { docKeys: [docKeys[30]] });
      try {
        await waitFor(() => onB.store.doc(docKeys[30]).getMap('leads').get('after/email') === 'after@example.com', 10_000, 'a write after the gap, read through relay B');
      } finally {
        onB.connection.destroy();
      }
    } finally {
      for (const { connection } of clients) connection.destroy();
    }
  });

  it("a write that builds on another relay's second write is accepted (the relay knew only the first: a continuing update's vector read as empty)", async () => {
    const ws = await workspaceWith(a.relay);
    const onA = client(a.relay, ws.workspaceId, 'records/3', ws.tokens.member);
    const onB = client(b.relay, ws.workspaceId, 'records/3', ws.tokens.admin);
    const closes: number[] = [];
    onA.status.subscribe(({ lastClose }) => lastClose && closes.push(lastClose.code));
    try {
      await Promise.all([onA.whenSynced, onB.whenSynced]);
      const list = (p: typeof onA) => p.doc.getArray<string>('list');
      // Two writes through relay B: the second continues B's client (its first clock is 1, not 0).
      list(onB).push(['b1']);
      await waitFor(() => list(onA).length === 1, 10_000, 'the first write on A');
      list(onB).push(['b2']);
      await waitFor(() => list(onA).length === 2, 10_000, 'the second write on A');
      // A's client appends after b2: its item's origin is B's second write.
      list(onA).push(['a1']);
      await waitFor(() => list(onB).toArray().join() === 'b1,b2,a1', 10_000, "A's write, through both relays");
      await waitFor(() => onA.status.get().unsaved === 0, 10_000, "A's write acked");
      expect(closes).toEqual([]);
      // Relay A's room knows B's second write: its vector covers it.
      const roomA = a.relay.loadedRooms().find((r) => r.name === roomName(ws.workspaceId, 'records/3'))!;
      expect(roomA.sv.get(onB.doc.clientID)).toBe(2);
    } finally {
      onA.destroy();
      onB.destroy();
    }
  });
});
