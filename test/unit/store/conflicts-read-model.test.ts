import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { queryOpenConflicts } from '../../../src/store/conflict-rows.ts';
import { recordKey, timelineKey } from '../../../src/store/layout.ts';
import type { DocKey } from '../../../src/domain/routing.ts';

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
