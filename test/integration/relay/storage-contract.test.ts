import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStorage } from '../../../sync-server/storage/memory.ts';
import { openLevelStorage } from '../../../sync-server/storage/leveldb.ts';
import { openRedisStorage } from '../../../sync-server/storage/redis.ts';
import type { Storage } from '../../../sync-server/storage/types.ts';
import { tempDir } from './helpers.ts';
import { startRedis } from './redis-server.ts';

/** One contract, every adapter: memory, LevelDB, Redis. */
const adapters: Array<[string, () => Promise<{ storage: Storage; done(): Promise<void> }>]> = [
  ['memory', async () => ({ storage: createMemoryStorage(), done: async () => {} })],
  ['leveldb', async () => {
    const temp = await tempDir();
    const storage = await openLevelStorage(temp.dir);
    return { storage, done: async () => (await storage.close(), await temp.remove()) };
  }],
  ['redis', async () => {
    const storage = await openRedisStorage({ url: redis.url, prefix: `contract${Math.random()}:` });
    return { storage, done: () => storage.close() };
  }],
];
let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

for (const [name, open] of adapters) {
  describe(`storage contract: ${name}`, () => {
    it('appends in order per room, compacts to one equivalent update, keeps appends made after', async () => {
      const { storage, done } = await open();
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 10; i++) doc.getArray('a').push([i]);
      await storage.append(updates.slice(0, 6).map((update) => ({ room: 'w/records', update })));
      await storage.append([{ room: 'w/config', update: updates[6] }]);
      expect(await storage.loadRoom('w/records')).toEqual(updates.slice(0, 6));
      expect(await storage.compact('w/records')).toEqual({ before: 6, after: 1 });
      await storage.append(updates.slice(7).map((update) => ({ room: 'w/records', update })));
      const loaded = await storage.loadRoom('w/records');
      expect(loaded.length).toBe(4);
      const check = new Y.Doc();
      loaded.forEach((u) => Y.applyUpdate(check, u));
      Y.applyUpdate(check, updates[6]);
      expect(check.getArray('a').toArray()).toEqual([...Array(10).keys()]);
      expect(await storage.loadRoom('w/activities')).toEqual([]);
      await done();
    });

    it('keeps meta values; setMetaIfAbsent never overwrites', async () => {
      const { storage, done } = await open();
      expect(await storage.getMeta('x')).toBeUndefined();
      await storage.setMeta('member:w:1', 'a');
      await storage.setMeta('member:w:2', 'b');
      await storage.setMeta('member:v:1', 'c');
      expect(await storage.listMeta('member:w:')).toEqual([['member:w:1', 'a'], ['member:w:2', 'b']]);
      expect(await storage.setMetaIfAbsent('secret', 's1')).toBe('s1');
      expect(await storage.setMetaIfAbsent('secret', 's2')).toBe('s1');
      await done();
    });

    it("a room's stamp changes with every append (to that room only); summaries are kept apart from meta", async () => {
      const { storage, done } = await open();
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 4; i++) doc.getArray('a').push([i]);
      const stamps = [await storage.roomStamp('w/records/1')];
      for (const update of updates.slice(0, 3)) {
        await storage.append([{ room: 'w/records/1', update }]);
        stamps.push(await storage.roomStamp('w/records/1'));
      }
      expect(new Set(stamps).size).toBe(4);
      const other = await storage.roomStamp('w/records/2');
      await storage.append([{ room: 'w/records/2', update: updates[3] }]);
      expect(await storage.roomStamp('w/records/1')).toBe(stamps[3]);
      expect(await storage.roomStamp('w/records/2')).not.toBe(other);
      // A stamp never comes back after a compaction and a later append.
      await storage.compact('w/records/1');
      await storage.append([{ room: 'w/records/1', update: updates[3] }]);
      expect(stamps).not.toContain(await storage.roomStamp('w/records/1'));
      expect(await storage.getRoomSummary('w/records/1')).toBeUndefined();
      await storage.setRoomSummary('w/records/1', '{"v":1}');
      expect(await storage.getRoomSummary('w/records/1')).toBe('{"v":1}');
      expect(await storage.listMeta('')).toEqual([]);
      await done();
    });
  });
}
