import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { queryOpenConflicts } from '../../../src/store/conflict-rows.ts';
import { recordKey, timelineKey } from '../../../src/store/layout.ts';
import type { DocKey } from '../../../src/domain/routing.ts';
import { droppedMap, namesMap } from '../../../src/store/conflicts.ts';
import { handleEngineMessage } from '../../../src/bridge/host.ts';
import { BRIDGE_VERSION } from '../../../src/bridge/protocol.ts';
import * as Y from 'yjs';

const engines: Engine[] = [];
afterEach(async () => { for (const e of engines.splice(0)) await e.destroy(); });

/** Two profiles of one workspace, each with its own stored docs and read model (real DocStore, fake-indexeddb). */
async function pair() {
  const ws = `conflicts-${Math.random()}`;
  const make = (memberId: string) => {
    const e = new Engine({ workspaceId: `${ws}-${memberId}`, actor: { memberId, role: 'admin', name: memberId === 'ann' ? 'Ann' : 'Bob' } });
    engines.push(e);
    return e;
  };
  const a = make('ann');
  const b = make('bob');
  await Promise.all([a.ready, b.ready]);
  return { a, b };
}

/** What the relay connection does: the peer's missing updates, applied as remote ones. */
async function deliver(from: Engine, to: Engine, keys: DocKey[]) {
  for (const k of keys) await to.syncStore.applyRemote(k, await from.syncStore.diff(k, await to.syncStore.stateVector(k)));
  await to.settle();
}

describe('conflicts in the read model', () => {
  it('both profiles list the same open conflict after an offline edit, and neither after one is kept', async () => {
    const { a, b } = await pair();
    const lead = await a.run(() => a.repo.create('leads', { name: { first: 'Ada' }, title: 'CTO' }));
    const keys: DocKey[] = ['config', recordKey(lead.id), timelineKey(lead.id)];
    await deliver(a, b, keys);
    await a.run(() => a.repo.update('leads', lead.id, { title: 'CEO' }));
    await b.run(() => b.repo.update('leads', lead.id, { title: 'Founder' }));
    await deliver(a, b, keys);
    await deliver(b, a, keys);
    await deliver(a, b, keys);
    const key = `leads:${lead.id}`;
    const [ca, cb] = [await queryOpenConflicts(a.db, key), await queryOpenConflicts(b.db, key)];
    expect(ca).toHaveLength(1);
    expect(cb).toEqual(ca);
    expect(await queryOpenConflicts(a.db)).toEqual(ca); // the workspace's Conflicts view
    const values = [ca[0].current.value, ca[0].others[0].value].sort();
    expect(values).toEqual(['CEO', 'Founder']);
    expect(ca[0].others[0].setter?.by).toBe(ca[0].others[0].value === 'CEO' ? 'ann' : 'bob');
    // Both writers detect it (each receives the other's write) and leave their names for the others.
    expect(ca[0].names).toEqual({ ann: 'Ann', bob: 'Bob' });

    // A rebuilt read model holds the same conflict (derived from the docs alone).
    await b.projector.rebuild();
    expect(await queryOpenConflicts(b.db, key)).toEqual(cb);

    // Bob keeps the value that lost: a normal edit, synced; both read models clear.
    await b.run(() => b.repo.update('leads', lead.id, { title: ca[0].others[0].value }));
    await deliver(b, a, keys);
    expect(await queryOpenConflicts(a.db, key)).toEqual([]);
    expect(await queryOpenConflicts(b.db, key)).toEqual([]);
    expect((await a.db.records.get(key))!.data.title).toBe(ca[0].others[0].value);
  });

  it('a malformed entry from a peer is left out; the good ones still show', async () => {
    const { a, b } = await pair();
    const lead = await a.run(() => a.repo.create('leads', { name: { first: 'Ada' } }));
    const keys: DocKey[] = ['config', recordKey(lead.id), timelineKey(lead.id)];
    await deliver(a, b, keys);
    await a.run(() => a.repo.update('leads', lead.id, { title: 'CEO' }));
    await b.run(() => b.repo.update('leads', lead.id, { title: 'Founder' }));
    await deliver(a, b, keys);
    // A hostile or broken client writes junk into the synced maps.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, await b.syncStore.diff(keys[2], new Uint8Array([0])));
    const good = [...droppedMap(peer).values()][0];
    peer.transact(() => {
      droppedMap(peer).set('junk', 'not an entry' as never);
      droppedMap(peer).set(`${lead.id}/title/9.9`, { ...good, id: `${lead.id}/title/9.9`, collection: 'nope' } as never);
      droppedMap(peer).set(`${lead.id}/_u/9.8`, { ...good, id: `${lead.id}/_u/9.8`, field: '_u', item: '9.8' } as never);
      droppedMap(peer).set(`${lead.id}/title/9.7`, { ...good } as never); // filed under another key
      namesMap(peer).set('x', 42 as never);
    });
    await a.syncStore.applyRemote(keys[2], Y.encodeStateAsUpdate(peer));
    await deliver(b, a, keys);
    await a.settle();
    const rows = await a.db.conflicts.toArray();
    expect(rows.map((r) => r.id)).toEqual([good.id]);
    const [c] = await queryOpenConflicts(a.db);
    expect([c.current.value, c.others[0].value].sort()).toEqual(['CEO', 'Founder']);
    expect(Object.values(c.names).every((n) => typeof n === 'string')).toBe(true);
  });

  it('"keep current" through the engine bridge refuses a malformed call and a missing record, clearly', async () => {
    const { a } = await pair();
    const send = (call: Record<string, unknown>) => handleEngineMessage(a, { target: 'engine', v: BRIDGE_VERSION, call: { op: 'keepCurrent', collection: 'leads', ...call } }, true);
    expect(await send({ id: 'x', field: '' })).toMatchObject({ ok: false, error: { code: 'bad-message' } });
    expect(await send({ id: 'x', field: 't'.repeat(201) })).toMatchObject({ ok: false, error: { code: 'bad-message' } });
    expect(await send({ id: 'missing', field: 'title' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/No leads record with id missing/) } });
    const lead = await a.run(() => a.repo.create('leads', { name: { first: 'Ada' } }));
    expect(await send({ id: lead.id, field: 'title' })).toEqual({ ok: true, value: 0 }); // nothing to settle
  });

  it('a record in the trash lists no conflict', async () => {
    const { a, b } = await pair();
    const lead = await a.run(() => a.repo.create('leads', { name: { first: 'Ada' } }));
    const keys: DocKey[] = ['config', recordKey(lead.id), timelineKey(lead.id)];
    await deliver(a, b, keys);
    await a.run(() => a.repo.update('leads', lead.id, { title: 'CEO' }));
    await b.run(() => b.repo.update('leads', lead.id, { title: 'Founder' }));
    await deliver(a, b, keys);
    expect(await queryOpenConflicts(b.db)).toHaveLength(1);
    await b.run(() => b.repo.delete('leads', lead.id));
    await b.settle();
    expect(await queryOpenConflicts(b.db)).toEqual([]);
  });
});
