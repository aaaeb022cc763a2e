import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Redis } from 'ioredis';
import { CloseCode } from '../../../sync-server/protocol.ts';
import type { Storage } from '../../../sync-server/storage/types.ts';
import { client, closedWithin, rawConnect, startTestRelay, waitFor, workspaceWith } from './helpers.ts';
import { startRedis } from './redis-server.ts';

/**
 * A write the storage refuses (Redis refusing writes, a full disk) must not be acknowledged, and
 * must not be believed stored: the room's state in memory said it held the write, so the writer's
 * retry after reconnecting sent nothing, got its ack, and the write was never stored anywhere the
 * relay reads from.
 */
type Scene = { relay: Awaited<ReturnType<typeof startTestRelay>>; refuse(on: boolean): Promise<void> };

function storedDoc(updates: Uint8Array[]) {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getMap('leads');
}

function refusedWriteIsResent(scene: () => Scene) {
  it('a write the storage refused is not acked, and once storage is back it is stored (the writer and the peers send it again)', async () => {
    const { relay: t, refuse } = scene();
    const { relay } = t;
    const ws = await workspaceWith(relay);
    const room = `${ws.workspaceId}/records/5`;
    const writer = client(relay, ws.workspaceId, 'records/5', ws.tokens.member);
    const peer = client(relay, ws.workspaceId, 'records/5', ws.tokens.member);
    try {
      await Promise.all([writer.whenSynced, peer.whenSynced]);
      writer.doc.getMap('leads').set('before', 1);
      await waitFor(() => writer.status.get().unsaved === 0, 10_000, 'the first write acked');

      await refuse(true);
      writer.doc.getMap('leads').set('refused', 2);
      await waitFor(() => writer.status.get().lastClose?.code === CloseCode.tryAgain, 15_000, 'the writer told to try again');
      expect(storedDoc(await relay.storage.loadRoom(room).catch(() => [])).get('refused')).toBeUndefined();
      await refuse(false);

      await waitFor(() => writer.status.get().unsaved === 0 && writer.status.get().synced, 20_000, 'the refused write acked after storage came back');
      // Acked means stored: read from storage, not from any client.
      await waitFor(async () => storedDoc(await relay.storage.loadRoom(room)).get('refused') === 2, 10_000, 'the refused write stored');
      const late = client(relay, ws.workspaceId, 'records/5', ws.tokens.viewer);
      await late.whenSynced;
      expect(late.doc.getMap('leads').toJSON()).toEqual({ before: 1, refused: 2 });
      late.destroy();
      // The relay keeps serving: a write after the failure is acked and reaches the peer.
      writer.doc.getMap('leads').set('after', 3);
      await waitFor(() => peer.doc.getMap('leads').get('after') === 3 && writer.status.get().unsaved === 0, 10_000, 'a write after the failure');
    } finally {
      writer.destroy();
      peer.destroy();
    }
  });
}

describe('storage failure: Redis refuses writes (a real redis-server)', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let admin: Redis;
  const scene = {} as Scene;
  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
    scene.relay = await startTestRelay({ redisUrl: redis.url });
    // With no replica connected, Redis answers every write with NOREPLICAS: what a full disk (MISCONF) does too.
    scene.refuse = async (on) => void (await admin.config('SET', 'min-replicas-to-write', on ? '1' : '0'));
  });
  afterAll(async () => {
    await scene.relay?.stop();
    admin?.disconnect();
    await redis?.stop();
  });
  refusedWriteIsResent(() => scene);
});

describe('storage failure: Redis killed mid-write and started again (a real redis-server)', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestRelay({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  });

  it('writes while Redis is gone are not acked; a newcomer gets a clear try-again; once Redis is back every write is stored', async () => {
    const { relay } = t;
    const ws = await workspaceWith(relay);
    const room = `${ws.workspaceId}/records/6`;
    const writer = client(relay, ws.workspaceId, 'records/6', ws.tokens.member);
    try {
      await writer.whenSynced;
      for (let i = 0; i < 20; i++) writer.doc.getMap('leads').set(`before-${i}`, i);
      await waitFor(() => writer.status.get().unsaved === 0, 10_000, 'the writes before the crash acked');
      await redis.crash();
      for (let i = 0; i < 20; i++) writer.doc.getMap('leads').set(`during-${i}`, i);
      await waitFor(() => writer.status.get().lastClose?.code === CloseCode.tryAgain, 20_000, 'the writer told to try again');
      expect(writer.status.get().unsaved).toBeGreaterThan(0);
      // Someone connecting meanwhile (their token cannot be checked): a clear, transient close, not a reset.
      const newcomer = rawConnect(`${relay.wsUrl}/${ws.workspaceId}/records/6?token=${ws.tokens.viewer}`);
      const refused = await closedWithin(newcomer, 20_000);
      expect(refused.code).toBe(CloseCode.tryAgain);
      expect(refused.reason).toMatch(/storage/);
      expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
      await redis.start();
      await waitFor(() => writer.status.get().unsaved === 0 && writer.status.get().synced, 30_000, 'every write acked after Redis came back');
      const stored = storedDoc(await relay.storage.loadRoom(room));
      expect([...Array(20).keys()].filter((i) => stored.get(`before-${i}`) !== i || stored.get(`during-${i}`) !== i)).toEqual([]);
    } finally {
      writer.destroy();
    }
  });
});

describe('storage failure: the disk is full (LevelDB)', () => {
  const scene = {} as Scene;
  let full = false;
  beforeAll(async () => {
    scene.relay = await startTestRelay();
    const storage: Storage = scene.relay.relay.storage;
    const append = storage.append.bind(storage);
    // The real LevelDB store, with its appends failing as they do when the disk is full.
    storage.append = (batch) => (full ? Promise.reject(Object.assign(new Error('IO error: No space left on device'), { code: 'ENOSPC' })) : append(batch));
    scene.refuse = async (on) => void (full = on);
  });
  afterAll(async () => {
    await scene.relay?.stop();
  });
  refusedWriteIsResent(() => scene);
});
