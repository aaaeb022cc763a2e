import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Engine } from '../../../src/store/engine.ts';
import { DocStore, docStoreName } from '../../../src/store/doc-store.ts';
import { activityDocKey, recordDocKey } from '../../../src/domain/routing.ts';
import { putConfigEntity } from '../../../src/store/config-store.ts';
import { recordHistory } from '../../../src/store/history.ts';

const actor = { memberId: 'm1', role: 'admin' as const };
const open = (workspaceId: string) => new Engine({ workspaceId, actor });

/** A workspace of `n` leads spread over many shards, cleanly shut down. */
async function workspace(n: number) {
  const e = open(`restart-${Math.random()}`);
  await e.ready;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(e.repo.create('leads', { name: { first: `Lead${i}`, last: 'Restart' } }).id);
  await e.settle();
  await e.destroy();
  return { ws: e.options.workspaceId, ids };
}

/**
 * Edits a record twice with the read model cut between the two (the first batch is written,
 * the second never is), then shuts the engine down as a closed browser would: the docs are
 * durable, the projector's pending batch is lost.
 */
async function closeBetweenBatches(e: Engine, id: string, first: string, second: string) {
  let firstBatch: Promise<void> = Promise.resolve();
  await e.run(() => {
    e.repo.update('leads', id, { title: first });
    firstBatch = e.projector.flush();
    e.repo.update('leads', id, { title: second });
    e.projector.destroy(); // the browser goes away before the next batch is written
  });
  await firstBatch;
  await e.durable();
  await e.destroy();
}

describe('the read model across restarts', () => {
  it('a browser closed between two read-model batches restarts with the row the doc holds (vector never ahead of its rows)', async () => {
    const { ws, ids } = await workspace(40);
    const id = ids[7];
    const e1 = open(ws);
    await e1.ready;
    await closeBetweenBatches(e1, id, 'First', 'Second');

    const e2 = open(ws);
    expect((await e2.ready).readModel).toBe('incremental');
    expect((await e2.db.records.get(`leads:${id}`))?.data.title).toBe('Second');
    expect((await e2.run(() => e2.repo.get('leads', id)))?.title).toBe('Second');
    // Field history of both edits is in the read model too.
    expect((await recordHistory(e2.db, `leads:${id}`)).length).toBe(3); // create + 2 updates
    await e2.destroy();
  });

  it('after an unclean shutdown only the shards whose stored vector is behind are loaded; after a clean one nothing is', async () => {
    const { ws, ids } = await workspace(120);
    const id = ids[3];
    const e1 = open(ws);
    await e1.ready;
    await closeBetweenBatches(e1, id, 'One', 'Two');

    const e2 = open(ws);
    const loads: string[] = [];
    const load = e2.docs.load.bind(e2.docs);
    e2.docs.load = (keys) => { const list = [...keys]; loads.push(...list); return load(list); };
    expect((await e2.ready).readModel).toBe('incremental');
    expect(new Set(loads)).toEqual(new Set([recordDocKey(id), activityDocKey(id)]));
    for (const other of ids.filter((x) => x !== id)) expect((await e2.db.records.get(`leads:${other}`))?.data.title).toBeUndefined();
    expect((await e2.db.records.get(`leads:${id}`))?.data.title).toBe('Two');
    // An edit after the catch-up, then a clean shutdown.
    await e2.run(() => e2.repo.update('leads', ids[5], { title: 'Three' }));
    await e2.settle();
    await e2.destroy();

    const e3 = open(ws);
    expect((await e3.ready).readModel).toBe('current');
    expect(e3.docs.loadedDocs()).toEqual([]);
    expect((await e3.db.records.get(`leads:${ids[5]}`))?.data.title).toBe('Three');
    expect(await e3.db.records.count()).toBe(120);
    await e3.destroy();
  });

  it('rows recorded ahead of the stored updates (a doc write lost) are re-derived from the docs at the next start', async () => {
    const { ws, ids } = await workspace(10);
    const id = ids[2];
    const e1 = open(ws);
    await e1.ready;
    await e1.run(() => e1.repo.update('leads', id, { title: 'Kept' }));
    await e1.settle();
    await e1.destroy();
    // The read model says a later edit happened, one that never reached the doc store.
    const e2 = open(ws);
    await e2.ready;
    await e2.run(() => e2.repo.update('leads', id, { title: 'Lost' }));
    await e2.settle();
    expect((await e2.db.records.get(`leads:${id}`))?.data.title).toBe('Lost');
    await e2.destroy();
    // Drop the stored update of that edit (its write never committed), keeping the rest.
    const store = new DocStore(docStoreName(ws));
    const updates = await store.updates(recordDocKey(id));
    await store.replace(recordDocKey(id), Y.mergeUpdates(updates.slice(0, -1)));
    await store.close();

    const e3 = open(ws);
    expect((await e3.ready).readModel).toBe('rebuilt');
    expect((await e3.db.records.get(`leads:${id}`))?.data.title).toBe('Kept');
    expect(await e3.db.records.count()).toBe(10);
    await e3.destroy();
  });

  it('a start re-derives no signals when the interaction types are as derived; a change closed before its upkeep is re-derived after the next start', async () => {
    const { ws, ids } = await workspace(30);
    const id = ids[4];
    const e1 = open(ws);
    await e1.ready;
    await e1.run(() => e1.repo.logActivity({ typeId: 'note', parent: { type: 'leads', id }, details: 'n' }));
    await e1.settle();
    expect((await e1.db.signals.get(`leads:${id}`))?.interactions).toBe(0); // a note is no interaction by default
    await e1.destroy();

    // A start whose config is as the signals were derived: the signals table is not even read.
    const e2 = open(ws);
    let reads = 0;
    const toArray = e2.db.signals.toArray.bind(e2.db.signals);
    e2.db.signals.toArray = (() => { reads++; return toArray(); }) as typeof toArray;
    expect((await e2.ready).readModel).toBe('current');
    await e2.settle();
    expect(reads).toBe(0);
    // An admin makes notes count; the browser closes before the read model's upkeep ran.
    putConfigEntity(e2.docs.config, 'admin', 'activityTypes', { id: 'note', name: 'Note', order: 0, countsAsInteraction: true });
    e2.projector.destroy();
    await e2.durable();
    await e2.destroy();

    const e3 = open(ws);
    await e3.ready;
    await e3.settle();
    expect((await e3.db.signals.get(`leads:${id}`))?.interactions).toBe(1);
    await e3.destroy();
    const e4 = open(ws);
    let later = 0;
    const toArray4 = e4.db.signals.toArray.bind(e4.db.signals);
    e4.db.signals.toArray = (() => { later++; return toArray4(); }) as typeof toArray4;
    await e4.ready;
    await e4.settle();
    expect(later).toBe(0);
    expect((await e4.db.signals.get(`leads:${id}`))?.interactions).toBe(1);
    await e4.destroy();
  });

  it('editing a record after a start writes its row only: loading its shard re-projects nothing', async () => {
    const { ws, ids } = await workspace(600);
    const e = open(ws);
    expect((await e.ready).readModel).toBe('current');
    const written: string[] = [];
    const bulkPut = e.db.records.bulkPut.bind(e.db.records);
    e.db.records.bulkPut = ((rows: readonly { key: string }[]) => { written.push(...rows.map((r) => r.key)); return bulkPut(rows as never); }) as typeof bulkPut;
    // A record that shares its shard (600 random ids over the record shards: most, not all, do).
    const id = ids.find((x) => ids.some((y) => y !== x && recordDocKey(y) === recordDocKey(x)))!;
    await e.run(() => e.repo.update('leads', id, { title: 'Only me' }));
    await e.settle();
    const shard = e.docs.doc(recordDocKey(id));
    expect(ids.filter((x) => recordDocKey(x) === recordDocKey(id)).length).toBeGreaterThan(1); // others share the shard
    expect(shard.getMap('leads').size).toBeGreaterThan(0);
    expect(written).toEqual([`leads:${id}`]);
    expect((await e.db.records.get(`leads:${id}`))?.data.title).toBe('Only me');
    await e.destroy();
  });
});
