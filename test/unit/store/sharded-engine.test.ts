import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Engine } from '../../../src/store/engine.ts';
import { allDocKeys, recordDocKey, type DocKey } from '../../../src/domain/routing.ts';

const actor = { memberId: 'm1', role: 'admin' as const };
const fresh = (opts: Partial<ConstructorParameters<typeof Engine>[0]> = {}) => new Engine({ workspaceId: `sharded-${Math.random()}`, actor, ...opts });

async function seeded(n: number, opts: Partial<ConstructorParameters<typeof Engine>[0]> = {}) {
  const e = fresh(opts);
  await e.ready;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(e.repo.create('leads', { name: { first: `Lead${i}`, last: 'Sharded' }, email: `l${i}@shard.example`, title: 'x'.repeat(200) }).id);
  await e.settle();
  await e.destroy();
  return { ws: e.options.workspaceId, ids };
}

describe('an engine that loads shards on demand', () => {
  it('creating loads nothing; a restart with a current read model loads nothing; editing a record loads its one shard', async () => {
    const e = fresh();
    await e.ready;
    const lead = e.repo.create('leads', { name: { first: 'Ada' } });
    expect(e.docs.loadedDocs()).toEqual([]);
    await e.settle();
    expect((await e.db.records.get(`leads:${lead.id}`))?.data.name).toEqual({ first: 'Ada' });
    await e.destroy();

    const again = new Engine({ workspaceId: e.options.workspaceId, actor });
    expect((await again.ready).readModel).toBe('current');
    expect(again.docs.loadedDocs()).toEqual([]);
    await again.run(() => again.repo.update('leads', lead.id, { title: 'CEO' }));
    expect(again.docs.loadedDocs().map(([k]) => k)).toEqual([recordDocKey(lead.id)]);
    await again.settle();
    expect((await again.db.records.get(`leads:${lead.id}`))?.data.title).toBe('CEO');
    await again.destroy();
  });

  it('stays within its memory budget while editing many records, and loses no edit to unloading', async () => {
    const { ws, ids } = await seeded(400);
    const budgetBytes = 20_000;
    const e = new Engine({ workspaceId: ws, actor, budgetBytes });
    await e.ready;
    for (let i = 0; i < 100; i++) {
      await e.run(() => e.repo.update('leads', ids[(i * 37) % ids.length], { title: `edit ${i}` }));
      expect(e.docs.loadedBytes()).toBeLessThanOrEqual(budgetBytes + e.store!.bytes(recordDocKey(ids[(i * 37) % ids.length])));
    }
    expect(e.docs.loadedDocs().length).toBeLessThan(20);
    await e.settle();
    await e.destroy();
    const check = new Engine({ workspaceId: ws, actor });
    await check.ready;
    for (let i = 0; i < 100; i++) {
      const id = ids[(i * 37) % ids.length];
      const last = Math.max(...[...Array(100).keys()].filter((j) => (j * 37) % ids.length === (i * 37) % ids.length));
      expect((await check.db.records.get(`leads:${id}`))?.data.title).toBe(`edit ${last}`);
    }
    await check.destroy();
  });

  it('a refused edit of a record that is not there says so and loads nothing more than its shard', async () => {
    const e = fresh();
    await e.ready;
    await expect(e.run(() => e.repo.update('leads', 'nobody', { title: 'x' }))).rejects.toThrow(/No leads record/);
    expect(e.docs.loadedDocs().map(([k]) => k)).toEqual([recordDocKey('nobody')]);
    await e.destroy();
  });
});

describe('engine.syncStore (sync without loading)', () => {
  it('answers a joining peer from stored updates without loading a shard; the peer gets every record', async () => {
    const { ws, ids } = await seeded(150);
    const a = new Engine({ workspaceId: ws, actor });
    await a.ready;
    const b = fresh({ seed: false, actor: { memberId: 'm2', role: 'member' } });
    await b.ready;
    let exchanged = 0;
    for (const key of allDocKeys()) {
      const diff = await a.syncStore.diff(key, await b.syncStore.stateVector(key));
      exchanged += diff.byteLength;
      if (Y.parseUpdateMeta(diff).to.size || key === 'config') await b.syncStore.applyRemote(key, diff);
    }
    expect(a.docs.loadedDocs()).toEqual([]); // answered from stored updates only
    await b.settle();
    expect(await b.db.records.count()).toBe(150);
    for (const key of allDocKeys()) expect(await b.syncStore.stateVector(key)).toEqual(await a.syncStore.stateVector(key));
    expect(exchanged).toBeGreaterThan(150 * 200);

    // Reconnect after one edit: a's diff against b's vectors is that edit only.
    const sent: [DocKey, Uint8Array][] = [];
    const off = a.syncStore.onLocalUpdate((k, u) => sent.push([k, u]));
    await a.run(() => a.repo.update('leads', ids[7], { title: 'changed' }));
    off();
    expect(sent.map(([k]) => k)).toContain(recordDocKey(ids[7]));
    let bytes = 0;
    for (const key of allDocKeys()) {
      const diff = await a.syncStore.diff(key, await b.syncStore.stateVector(key));
      if (!Y.parseUpdateMeta(diff).to.size) continue;
      bytes += diff.byteLength;
      await b.syncStore.applyRemote(key, diff);
    }
    expect(bytes).toBeLessThan(2_000);
    await b.settle();
    expect((await b.db.records.get(`leads:${ids[7]}`))?.data.title).toBe('changed');
    // Remote updates are not echoed back as local ones.
    const echoed: DocKey[] = [];
    b.syncStore.onLocalUpdate((k) => echoed.push(k));
    await b.syncStore.applyRemote(recordDocKey(ids[7]), await a.syncStore.diff(recordDocKey(ids[7]), new Uint8Array([0])));
    expect(echoed).toEqual([]);
    await a.destroy();
    await b.destroy();
  });

  it('a malformed update from the relay is refused with an error and stores nothing', async () => {
    const e = fresh();
    await e.ready;
    const key: DocKey = 'records/5';
    const before = e.store!.meta(key);
    await expect(e.syncStore.applyRemote(key, new Uint8Array([1, 2, 3, 250, 251]))).rejects.toThrow();
    expect(e.store!.meta(key)).toEqual(before);
    await e.durable();
    await e.destroy();
  });
});
