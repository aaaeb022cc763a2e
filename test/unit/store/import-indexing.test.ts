import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { handleEngineMessage } from '../../../src/bridge/host.ts';
import { BRIDGE_VERSION } from '../../../src/bridge/protocol.ts';
import { splitPending } from '../../../src/store/projector.ts';
import { HISTORY_GROUP, historyRows, type RecordRow } from '../../../src/store/rows.ts';
import type { HistoryEntry } from '../../../src/store/history.ts';
import { recordHistory } from '../../../src/store/history.ts';

/**
 * An import answers once its docs are durable and its read-model rows are written after
 * (Engine.bulkWrite): the answer means saved — a browser killed before the read model has the
 * rows finds them at the next start — and the rows land in parts, the first names first.
 */
const actor = { memberId: 'm1', role: 'admin' as const };
const send = (e: Engine, call: unknown) => handleEngineMessage(e, { target: 'engine', v: BRIDGE_VERSION, call }, true);
const ROWS = 1_200;
/** Names in an order unlike the file's: the read model's first page is not the file's first rows. */
const csv = () => {
  const lines = ['First Name,Last Name,Email,Phone'];
  for (let i = 0; i < ROWS; i++) lines.push(`N${String((i * 7919) % ROWS).padStart(4, '0')},Row${i},row${i}@import.test,+1 415 555 ${String(i).padStart(4, '0')}`);
  return `${lines.join('\n')}\n`;
};
const importCall = (jobId: string) => ({ op: 'importRun', jobId, file: { name: 'leads.csv', base64: Buffer.from(csv()).toString('base64') }, settings: { as: 'leads', duplicates: 'create' }, confirmInvalid: false });
const listed = (e: Engine) => e.db.records.where('[type+deleted+sortName]').between(['leads', 0, ''], ['leads', 0, '\uffff']).count();

describe('an import indexed after its docs are durable', () => {
  const engines: Engine[] = [];
  afterEach(async () => { for (const e of engines.splice(0)) await e.destroy().catch(() => {}); });
  const open = (workspaceId: string) => { const e = new Engine({ workspaceId, actor }); engines.push(e); return e; };

  it('answers before the read model has the rows, then writes them in parts of at most 500, the first names first', async () => {
    const e = open(`ws-indexing-${Math.random()}`);
    await e.ready;
    // Each record row written, with the number of read-model writes finished before it.
    const written: [number, string][] = [];
    e.db.records.hook('creating', function (_key, row: RecordRow) { written.push([e.projector.writeTimings.flushes, row.sortName]); });
    const before = e.projector.writeTimings.flushes;
    const reply = await send(e, importCall('i1'));
    expect(reply).toMatchObject({ ok: true, value: { created: ROWS } });
    // Saved: every record is in the docs; the read model was not written during the import.
    expect(await e.run(() => e.repo.list('leads'))).toHaveLength(ROWS);
    expect(written).toEqual([]);
    expect(e.projector.backlog).toBeGreaterThanOrEqual(ROWS);
    expect(await send(e, { op: 'status' })).toMatchObject({ ok: true, value: { indexing: e.projector.backlog } });

    await e.settle();
    expect(e.projector.backlog).toBe(0);
    expect(((await send(e, { op: 'status' })) as { value: Record<string, unknown> }).value.indexing).toBeUndefined();
    expect(e.projector.writeTimings.flushes - before).toBe(Math.ceil(ROWS / 500));
    const all = written.map(([, name]) => name).sort();
    // The first write holds the import's first 500 names.
    const firstWrite = written.filter(([f]) => f === before).map(([, name]) => name);
    expect(firstWrite).toHaveLength(500);
    expect([...firstWrite].sort()).toEqual(all.slice(0, 500));
    expect(await listed(e)).toBe(ROWS);
    const firstPage = await e.db.records.where('[type+deleted+sortName]').between(['leads', 0, ''], ['leads', 0, '\uffff']).limit(50).toArray();
    expect(firstPage.map((r) => r.sortName)).toEqual(all.slice(0, 50));
  });

  it('a browser killed right after the answer restarts with every imported row listed and its history', async () => {
    const ws = `ws-indexing-kill-${Math.random()}`;
    const e1 = open(ws);
    await e1.ready;
    // A workspace in use: its read model has recorded what it reflects.
    await send(e1, { op: 'create', collection: 'leads', input: { name: { first: 'Zoe', last: 'Earlier' } } });
    const reply = await send(e1, importCall('i2'));
    expect(reply).toMatchObject({ ok: true, value: { created: ROWS } });
    const { createdIds } = (reply as { value: { createdIds: string[] } }).value;
    // Killed: the projector's backlog is never written; the docs were durable when it answered.
    e1.projector.destroy();
    expect(await listed(e1)).toBe(1);
    await e1.destroy();

    const e2 = open(ws);
    expect((await e2.ready).readModel).toBe('incremental');
    expect(await listed(e2)).toBe(ROWS + 1);
    const row = await e2.db.records.get(`leads:${createdIds[123]}`);
    expect(row?.data).toMatchObject({ email: 'row123@import.test', phones: [{ number: '+1 415 555 0123' }] });
    expect(await recordHistory(e2.db, `leads:${createdIds[123]}`)).toHaveLength(1);
    // The batch can be undone from the read model's history, as before.
    const batchId = (reply as { value: { batchId: string } }).value.batchId;
    expect(await send(e2, { op: 'undoBatch', batchId })).toMatchObject({ ok: true });
    expect(await e2.run(() => e2.repo.list('leads'))).toHaveLength(1);
  });

  it('a page\'s edit during a held import is written at once (an explicit flush is not held)', async () => {
    const e = open(`ws-indexing-edit-${Math.random()}`);
    await e.ready;
    const lead = e.repo.create('leads', { name: { first: 'Before' } });
    await e.settle();
    let resolveGate!: () => void;
    const gate = new Promise<void>((r) => { resolveGate = r; });
    const running = e.bulkWrite(async () => { await e.run(() => e.repo.update('leads', lead.id, { title: 'held' })); await gate; });
    await new Promise((r) => setTimeout(r, 20));
    expect((await e.db.records.get(`leads:${lead.id}`))?.data.title).toBeUndefined(); // held
    const reply = await send(e, { op: 'update', collection: 'leads', id: lead.id, patch: { title: 'edited' } });
    expect(reply).toMatchObject({ ok: true });
    expect((await e.db.records.get(`leads:${lead.id}`))?.data.title).toBe('edited');
    resolveGate();
    await running;
    await e.settle();
    expect((await e.db.records.get(`leads:${lead.id}`))?.data.title).toBe('edited');
  });
});

describe('rows read under a hold', () => {
  it('are read when their doc is let go before the flush (an unloaded shard, a retired append doc)', async () => {
    const e = new Engine({ workspaceId: `ws-indexing-unload-${Math.random()}`, actor });
    try {
      await e.ready;
      const lead = e.repo.create('leads', { name: { first: 'Unloaded' } });
      await e.settle();
      const release = e.projector.hold();
      await e.run(() => e.repo.update('leads', lead.id, { title: 'while held' }));
      const key = [...e.docs.loadedDocs('records')].map(([k]) => k).find((k) => e.docs.doc(k).getMap('leads').has(`${lead.id}/_c`))!;
      expect(e.projector.backlog).toBeGreaterThan(0);
      e.docs.unload(key);
      expect(e.docs.isLoaded(key)).toBe(false);
      release();
      await e.settle();
      expect((await e.db.records.get(`leads:${lead.id}`))?.data.title).toBe('while held');
    } finally {
      await e.destroy();
    }
  });
});

describe('splitPending', () => {
  const row = (name: string, i: number): RecordRow => ({ key: `leads:${i}`, type: 'leads', id: String(i), deleted: 0, sortName: name, updatedAt: 0, emails: [], domains: [], words: [] } as unknown as RecordRow);
  const entry = (batchId: string, i: number): HistoryEntry => ({ id: `h${String(i).padStart(5, '0')}`, batchId, collection: 'leads', recordId: String(i), at: 0, by: 'm1', op: 'create' } as unknown as HistoryEntry);

  it('cuts a held batch into parts of at most `max` per table, names in order, history rows as the whole batch makes them, vectors last', () => {
    const n = 1_234;
    const records = new Map<string, RecordRow | null>();
    for (let i = 0; i < n; i++) records.set(`leads:${i}`, row(`name ${String((i * 31) % n).padStart(5, '0')}`, i));
    records.set('leads:gone', null);
    const history = new Map<string, HistoryEntry>();
    for (let i = n - 1; i >= 0; i--) { const h = entry('b1', i); history.set(h.id, h); }
    const loose = { ...entry('', 99_999), batchId: undefined } as unknown as HistoryEntry;
    history.set(loose.id, loose);
    const vectors = [{ key: 'records/1' as const, from: new Map([[1, 0]]), to: new Map([[1, 5]]) }];
    const parts = splitPending({ records, activities: new Map(), history, conflicts: new Map(), vectors }, 500);

    expect(parts.length).toBe(3);
    for (const p of parts) { expect(p.records.size).toBeLessThanOrEqual(500); expect(p.history.size).toBeLessThanOrEqual(500); }
    expect(parts.map((p) => p.vectors)).toEqual([[], [], vectors]);
    const order = parts.flatMap((p) => [...p.records.values()].map((r) => (r ? r.sortName : null)));
    expect(order[0]).toBeNull(); // deletions first
    const names = order.slice(1) as string[];
    expect(names).toEqual([...names].sort());
    expect(new Set(parts.flatMap((p) => [...p.records.keys()]))).toEqual(new Set(records.keys()));
    // Each part's history rows are exactly the rows of the whole batch.
    const whole = historyRows(history.values()).map((r) => r.id).sort();
    expect(parts.flatMap((p) => historyRows(p.history.values()).map((r) => r.id)).sort()).toEqual(whole);
    expect(whole.length).toBe(Math.ceil(n / HISTORY_GROUP) + 1);
  });

  it('leaves a batch within the limit whole', () => {
    const records = new Map<string, RecordRow | null>([['leads:1', row('a', 1)]]);
    const p = { records, activities: new Map(), history: new Map(), conflicts: new Map(), vectors: [] };
    expect(splitPending(p, 500)).toEqual([p]);
  });
});
