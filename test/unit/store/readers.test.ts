import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { recordDocKey, type DocKey } from '../../../src/domain/routing.ts';
import { handleEngineMessage } from '../../../src/bridge/host.ts';
import { BRIDGE_VERSION, type EngineCall } from '../../../src/bridge/protocol.ts';
import { backupWorkspace, backupWorkspaceStreamed, BACKUP_SHARDS_AT_ONCE } from '../../../src/io/backup.ts';

const actor = { memberId: 'm1', role: 'admin' as const, name: 'Mo' };
const send = (e: Engine, call: EngineCall) => handleEngineMessage(e, { target: 'engine', v: BRIDGE_VERSION, call }, true);

async function workspace(n: number) {
  const e = new Engine({ workspaceId: `readers-${Math.random()}`, actor });
  await e.ready;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(e.repo.create('leads', { name: { first: `Lead${i}`, last: 'Reader' }, email: `l${i}@readers.example` }).id);
  for (let i = 0; i < n; i += 3) await e.run(() => e.repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: ids[i] }, details: `Call ${i}` }));
  await e.settle();
  await e.destroy();
  return { ws: e.options.workspaceId, ids };
}

/** A restarted engine (nothing loaded) that records every shard it loads. */
async function restarted(ws: string, budgetBytes?: number) {
  const e = new Engine({ workspaceId: ws, actor, budgetBytes });
  const loads: DocKey[][] = [];
  const load = e.docs.load.bind(e.docs);
  e.docs.load = (keys) => { const list = [...keys]; if (list.length) loads.push(list); return load(list); };
  expect((await e.ready).readModel).toBe('current');
  return { e, loads };
}

describe('readers that use the read model instead of loading shards', () => {
  it('undo of a batch finds its entries in the read model and loads only the record shards the batch touched', async () => {
    const { ws, ids } = await workspace(80);
    const batch = [ids[1], ids[20], ids[41], ids[77]];
    {
      const e = new Engine({ workspaceId: ws, actor });
      await e.ready;
      for (const id of batch) expect(await send(e, { op: 'update', collection: 'leads', id, patch: { title: 'Bulk' }, batchId: 'bulk-1' })).toMatchObject({ ok: true });
      await e.destroy();
    }
    const { e, loads } = await restarted(ws);
    expect(e.docs.loadedDocs()).toEqual([]);
    const undone = await send(e, { op: 'undoBatch', batchId: 'bulk-1' });
    expect(undone).toMatchObject({ ok: true, value: { reverted: 4, skipped: [] } });
    expect(new Set(loads.flat())).toEqual(new Set(batch.map(recordDocKey)));
    for (const id of batch) expect((await e.db.records.get(`leads:${id}`))?.data.title).toBeUndefined();
    // An unknown batch reverts nothing and loads nothing.
    loads.length = 0;
    expect(await send(e, { op: 'undoBatch', batchId: 'no-such-batch' })).toMatchObject({ ok: true, value: { reverted: 0 } });
    expect(loads).toEqual([]);
    await e.destroy();
  });

  it('a backup is read shard by shard, a bounded number loaded at once, and equals the all-in-memory one', async () => {
    const { ws } = await workspace(300);
    const now = () => 1_700_000_000_000;
    const { e, loads } = await restarted(ws, 4_000);
    const streamed = await backupWorkspaceStreamed(e.docs, { workspaceId: ws, now });
    expect(loads.length).toBeGreaterThan(1);
    expect(Math.max(...loads.map((l) => l.length))).toBeLessThanOrEqual(BACKUP_SHARDS_AT_ONCE);
    expect(e.docs.loadedBytes()).toBeLessThanOrEqual(4_000);
    expect(streamed.records.leads).toHaveLength(300);
    expect(streamed.activities).toHaveLength(100);
    expect(streamed.history.length).toBeGreaterThanOrEqual(300);
    // The same backup with every shard in memory at once (what it did before).
    e.docs.budgetBytes = Infinity;
    const whole = await e.run(() => backupWorkspace(e.docs, { workspaceId: ws, now }));
    expect(streamed).toEqual(whole);
    // Through the bridge (the dashboard's Export → backup).
    const reply = await send(e, { op: 'backup' });
    expect(reply).toMatchObject({ ok: true });
    expect(JSON.parse((reply as { value: string }).value).records.leads).toHaveLength(300);
    await e.destroy();
  });

  it('a merge finds the references to the loser in the read model and loads only their shards, the two records\' and the winner\'s', async () => {
    const { ws, ids } = await workspace(60);
    let acme = '', dupe = '', ada = '', deal = '', task = '', lead = '';
    {
      const e = new Engine({ workspaceId: ws, actor });
      await e.ready;
      const made = async (call: EngineCall) => ((await send(e, call)) as { ok: true; value: { id: string } }).value.id;
      acme = await made({ op: 'create', collection: 'companies', input: { name: 'Acme' } });
      dupe = await made({ op: 'create', collection: 'companies', input: { name: 'Acme Inc' } });
      ada = await made({ op: 'create', collection: 'people', input: { name: { first: 'Ada', last: 'Lovelace' }, companyId: dupe } });
      deal = await made({ op: 'create', collection: 'opportunities', input: { name: 'Big deal', pipelineId: 'sales', stageId: 'qualified', companyId: dupe } });
      task = await made({ op: 'create', collection: 'tasks', input: { name: 'Call Acme', related: { type: 'companies', id: dupe } } });
      lead = ids[7];
      const converted = await send(e, { op: 'convert', leadId: lead, options: { company: { mode: 'existing', id: dupe } } });
      expect(converted).toMatchObject({ ok: true });
      await e.settle();
      await e.destroy();
    }
    const { e, loads } = await restarted(ws);
    const reply = await send(e, { op: 'merge', collection: 'companies', winnerId: acme, loserId: dupe, choices: {} });
    expect(reply).toMatchObject({ ok: true, value: { winnerId: acme } });
    const person = e.repo.get('people', ada);
    expect(person?.companyId).toBe(acme);
    expect(e.repo.get('opportunities', deal)?.companyId).toBe(acme);
    expect(e.repo.get('tasks', task)?.related).toEqual({ type: 'companies', id: acme });
    expect((e.repo.get('leads', lead)?.convertedTo as { companyId?: string }).companyId).toBe(acme);
    const converted = e.repo.get('leads', lead)?.convertedTo as { personId: string };
    expect(e.repo.get('people', converted.personId)?.companyId).toBe(acme);
    const loaded = new Set(loads.flat());
    const touched = new Set([acme, dupe, ada, deal, task, lead, converted.personId].map((id) => recordDocKey(id)));
    for (const k of loaded) if (k.startsWith('records/')) expect(touched, `loaded ${k}`).toContain(k);
    expect(loaded.size).toBeLessThan(20); // not the workspace's record shards
    await e.destroy();
  });
});
