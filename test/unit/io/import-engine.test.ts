import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { handleEngineMessage } from '../../../src/bridge/host.ts';
import { BRIDGE_VERSION } from '../../../src/bridge/protocol.ts';
import { recordKey } from '../../../src/store/layout.ts';
import type { DocKey } from '../../../src/domain/routing.ts';

/**
 * Imports in an engine with stored shards (fake-indexeddb), as the extension runs them: the
 * duplicate check reads the read model, new rows are written without loading any record shard,
 * only the shards of the records a row updates are loaded — and duplicates are still found by
 * email, phone and earlier lines, across every shard of a workspace that already has thousands.
 */
const actor = { memberId: 'm1', role: 'admin' as const };
const send = (e: Engine, call: unknown) => handleEngineMessage(e, { target: 'engine', v: BRIDGE_VERSION, call }, true);
const file = (text: string) => ({ name: 'leads.csv', base64: Buffer.from(text).toString('base64') });
const HEADER = 'First Name,Last Name,Email,Phone,Job Title,Tags';
const existingRow = (i: number) => `Ann${i},Lee${i},ann.lee${i}@example.test,+1 415 555 ${String(1000 + i).padStart(4, '0')},Buyer,event`;

/** Every shard the engine loads from now on (a load builds a doc from stored updates). */
function watchLoads(e: Engine): DocKey[] {
  const loaded: DocKey[] = [];
  const load = e.docs.load.bind(e.docs);
  e.docs.load = (keys) => { const list = [...keys]; loaded.push(...list); return load(list); };
  return loaded;
}

describe('a large import into a workspace with stored shards', () => {
  const engines: Engine[] = [];
  afterEach(async () => { for (const e of engines.splice(0)) await e.destroy(); });
  const open = (workspaceId: string) => { const e = new Engine({ workspaceId, actor }); engines.push(e); return e; };

  it('finds duplicates by email, phone and earlier line across every shard, loading only the shards of updated records', async () => {
    const ws = `ws-import-size-${Math.random()}`;
    const seed = open(ws);
    const seeded = await send(seed, { op: 'importRun', jobId: 'seed', file: file([HEADER, ...Array.from({ length: 3_000 }, (_, i) => existingRow(i))].join('\n')), settings: { as: 'leads', duplicates: 'create' }, confirmInvalid: false });
    expect(seeded).toMatchObject({ ok: true, value: { created: 3_000 } });
    await seed.destroy();
    engines.splice(0);

    // A fresh start: a current read model loads no shard.
    const e = open(ws);
    await e.ready;
    const loads = watchLoads(e);
    const rows: string[] = [];
    // 0–199: an existing email in other letter case (every 10th of the first 2,000: spread over the shards).
    for (let i = 0; i < 200; i++) rows.push(`Ann${i * 10},Lee,ANN.LEE${i * 10}@Example.test,,Head of Buying,vip`);
    // 200–299: a new email, the phone of one of the records 2,000–2,099 written another way.
    for (let i = 0; i < 100; i++) rows.push(`Phone${i},Dup,phone.dup${i}@other.test,(415) 555-${String(1000 + 2_000 + i).padStart(4, '0')},,vip`);
    // 300–399: new; 400–449 repeat the emails of 300–349 (duplicates of an earlier line).
    for (let i = 0; i < 100; i++) rows.push(`New${i},Person,new${i}@fresh.test,,,`);
    for (let i = 0; i < 50; i++) rows.push(`Again${i},Person,new${i}@fresh.test,,,`);
    const csv = file([HEADER, ...rows].join('\n'));
    const settings = { as: 'leads', duplicates: 'update' };

    const preview = await send(e, { op: 'importPreview', jobId: 'p', file: csv, settings });
    expect(preview).toMatchObject({ ok: true, value: { counts: { rows: 450, update: 300, skip: 50, create: 100, invalid: 0 } } });
    const sample = (preview as { value: { sample: { line: number; action: string; duplicateOf?: { name: string; line?: number } }[] } }).value.sample;
    expect(sample[0]).toMatchObject({ line: 2, action: 'update', duplicateOf: { name: 'Ann0 Lee0' } });
    expect(loads.filter((k) => k.startsWith('records/'))).toEqual([]); // the check read the read model

    const run = await send(e, { op: 'importRun', jobId: 'r', file: csv, settings, confirmInvalid: false });
    expect(run).toMatchObject({ ok: true, value: { created: 100, updated: 300, skipped: 50 } });
    const { updatedIds, createdIds } = (run as { value: { updatedIds: string[]; createdIds: string[] } }).value;
    const updatedShards = new Set(updatedIds.map(recordKey));
    expect(updatedShards.size).toBeGreaterThan(150); // spread over most of the 256 shards
    // Exactly the shards of updated records were loaded; the 100 new ones went in without a load.
    expect(new Set(loads.filter((k) => k.startsWith('records/')))).toEqual(updatedShards);
    expect(createdIds.some((id) => !updatedShards.has(recordKey(id)))).toBe(true);

    // The updates merged into the existing records; the read model has them all once it caught
    // up (an import answers once its docs are durable, its rows land after: Engine.bulkWrite).
    await e.settle();
    const byEmail = await e.db.records.where('emails').equals('ann.lee1990@example.test').toArray();
    expect(byEmail).toHaveLength(1);
    expect(byEmail[0].data).toMatchObject({ title: 'Head of Buying', tags: ['event', 'vip'] });
    const byPhone = await e.run(() => e.repo.get('leads', updatedIds[250]));
    expect(byPhone).toMatchObject({ email: 'phone.dup50@other.test', tags: ['event', 'vip'], name: { first: 'Phone50', last: 'Dup' } });
    expect(await e.db.records.where('[type+deleted+sortName]').between(['leads', 0, ''], ['leads', 0, '\uffff']).count()).toBe(3_100);

    // The same file again, skipping duplicates: every row is in the workspace now.
    const again = await send(e, { op: 'importRun', jobId: 'r2', file: csv, settings: { as: 'leads', duplicates: 'skip' }, confirmInvalid: false });
    expect(again).toMatchObject({ ok: false, error: { code: 'nothing-to-import', message: expect.stringMatching(/all 450 rows are already in the workspace/) } });
  }, 120_000);

  it('a cancel while saving undoes the rows written so far, once (the undo never needs a shard it lacks)', async () => {
    const e = open(`ws-import-cancel-${Math.random()}`);
    await e.ready;
    const csv = file([HEADER, ...Array.from({ length: 4_000 }, (_, i) => existingRow(i))].join('\n'));
    const reply = send(e, { op: 'importRun', jobId: 'c', file: csv, settings: { as: 'leads', duplicates: 'create' }, confirmInvalid: false });
    let cancelled = false;
    for (let i = 0; i < 10_000 && !cancelled; i++) {
      const p = (await send(e, { op: 'importProgress', jobId: 'c' })) as { value: { phase: string; done: number } | null };
      if (p.value === null && i > 100) break;
      if (p.value?.phase === 'saving') cancelled = (await send(e, { op: 'importCancel', jobId: 'c' }))?.ok === true;
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(cancelled).toBe(true);
    expect(await reply).toMatchObject({ ok: false, error: { code: 'cancelled', message: expect.stringMatching(/rows saved before you cancelled were undone/) } });
    await e.settle();
    // Nothing is live; what was written is in the trash, and nothing was imported a second time.
    const live = await e.db.records.where('[type+deleted+sortName]').between(['leads', 0, ''], ['leads', 0, '\uffff']).count();
    const trashed = await e.db.records.where('[type+deleted+sortName]').between(['leads', 1, ''], ['leads', 1, '\uffff']).count();
    expect(live).toBe(0);
    expect(trashed).toBeGreaterThan(0);
    expect(trashed).toBeLessThan(4_000);
  }, 120_000);
});

describe('an import writes each shard once or twice, not once per slice', () => {
  it('3,000 new rows: at most two updates per record shard and per activity shard they touch, the created ids in file order', async () => {
    const e = new Engine({ workspaceId: `ws-import-updates-${Math.random()}`, actor });
    try {
      await e.ready;
      const updates = new Map<string, number>();
      const off = e.docs.onUpdate((u) => { updates.set(u.key, (updates.get(u.key) ?? 0) + 1); });
      const csv = file([HEADER, ...Array.from({ length: 3_000 }, (_, i) => existingRow(i))].join('\n'));
      const run = await send(e, { op: 'importRun', jobId: 'u', file: csv, settings: { as: 'leads', duplicates: 'create' }, confirmInvalid: false });
      off();
      expect(run).toMatchObject({ ok: true, value: { created: 3_000 } });
      const records = [...updates].filter(([k]) => k.startsWith('records/'));
      const activities = [...updates].filter(([k]) => k.startsWith('activities/'));
      expect(records.length).toBeGreaterThan(200); // spread over the shards…
      expect(Math.max(...records.map(([, n]) => n))).toBeLessThanOrEqual(2); // …each written once or twice (a slice may end inside a shard)
      expect(Math.max(...activities.map(([, n]) => n))).toBeLessThanOrEqual(2);
      const { createdIds } = (run as { value: { createdIds: string[] } }).value;
      for (const i of [0, 1, 1_500, 2_999]) expect((await e.run(() => e.repo.get('leads', createdIds[i])))?.email).toBe(`ann.lee${i}@example.test`);
    } finally {
      await e.destroy();
    }
  });
});
