import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { readPort } from '../../../src/ext/read-port.ts';
import { createRecordModel, otherParents, parentLabels } from '../../../src/ui/models/record-model.ts';
import type { Activity } from '../../../src/domain/index.ts';
import type { ReadDB } from '../../../src/store/read-db.ts';
import type { RecordRow } from '../../../src/store/rows.ts';
import { timelineParentKeys } from '../../../src/store/timeline-query.ts';

const until = async (ok: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!ok()) { if (Date.now() - t0 > ms) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 10)); }
};

/** Moves rows out of `records` into one staged slice, as a join leaves them before the unpack (src/store/staged.ts). */
async function stage(db: ReadDB, keys: string[], edit: (r: RecordRow) => RecordRow = (r) => r) {
  await db.transaction('rw', db.records, db.staged, async () => {
    const rows = (await db.records.bulkGet(keys)).map((r) => edit(r!));
    await db.records.bulkDelete(keys);
    await db.staged.put({ seq: 1, rows });
  });
  for (const k of keys) expect(await db.records.get(k)).toBeUndefined();
}

describe('a timeline line logged on another record names it ("on Ada Lovelace")', () => {
  it('otherParents: each other record once, in key order, never the record itself', () => {
    const line = (type: string, id: string) => ({ parent: { type, id } }) as Activity;
    expect(otherParents({ type: 'companies', id: 'c1' }, [line('companies', 'c1'), line('people', 'p2'), line('people', 'p1'), line('people', 'p2'), line('leads', 'l1')]))
      .toEqual([{ type: 'leads', id: 'l1' }, { type: 'people', id: 'p1' }, { type: 'people', id: 'p2' }]);
    expect(otherParents({ type: 'people', id: 'p1' }, [line('people', 'p1')])).toEqual([]);
  });

  it('parentLabels: a lead says so, a trashed record too; an unnamed one is left out, never an id', () => {
    expect(parentLabels({
      'people:p1': { name: 'Ada Lovelace', deleted: false },
      'leads:l1': { name: 'Ada Lovelace', deleted: false },
      'people:p2': { name: 'Charles Babbage', deleted: true },
      'leads:l2': { name: 'Grace', deleted: true },
      'people:p3': { name: '', deleted: false },
    })).toEqual({ 'people:p1': 'Ada Lovelace', 'leads:l1': 'Ada Lovelace (lead)', 'people:p2': 'Charles Babbage (deleted)', 'leads:l2': 'Grace (lead, deleted)' });
  });

  it('a deal’s timeline names its person, also while the person’s read-model row is still staged (a join not yet unpacked)', async () => {
    const engine = new Engine({ workspaceId: `timeline-parents-${Date.now()}`, actor: { memberId: 'm1', role: 'admin', name: 'M' } });
    await engine.ready;
    const ada = await engine.run(() => engine.repo.create('people', { name: { first: 'Ada', last: 'Lovelace' } }));
    const deal = await engine.run(() => engine.repo.create('opportunities', { name: 'Difference engine', pipelineId: 'sales', stageId: 'qualified', primaryPersonId: ada.id }));
    await engine.run(() => engine.repo.logActivity({ typeId: 'call', parent: { type: 'people', id: ada.id }, details: 'Asked about the cards' }));
    await engine.run(() => engine.repo.logActivity({ typeId: 'note', parent: { type: 'opportunities', id: deal.id }, details: 'Budget agreed' }));
    await engine.settle();
    // The person's row as a join leaves it: in a staged slice, not in `records` (src/store/staged.ts).
    const db = engine.db;
    await stage(db, [`people:${ada.id}`]);

    const model = createRecordModel({ read: readPort(db, () => () => {}), write: {} as never }, 'opportunities', deal.id);
    await until(() => model.activities.value.length === 2 && Object.keys(model.parents.value).length > 0);
    expect(model.parents.value).toEqual({ [`people:${ada.id}`]: 'Ada Lovelace' });
    // The deal's own note names nothing: only lines from elsewhere say whose.
    const own = model.activities.value.find((a) => a.typeId === 'note')!;
    expect(model.parents.value[`${own.parent.type}:${own.parent.id}`]).toBeUndefined();
    model.dispose();
    await engine.destroy();
  });
});

describe('a staged person\u2019s and deal\u2019s lines are on their company\u2019s page as soon as the join lands, before the unpack', () => {
  it('the company lists its staged person and deal, and its timeline holds the person\u2019s call, named', async () => {
    const engine = new Engine({ workspaceId: `timeline-staged-${Date.now()}`, actor: { memberId: 'm1', role: 'admin', name: 'M' } });
    await engine.ready;
    const acme = await engine.run(() => engine.repo.create('companies', { name: 'Acme' }));
    const ada = await engine.run(() => engine.repo.create('people', { name: { first: 'Ada', last: 'Lovelace' }, companyId: acme.id }));
    const grace = await engine.run(() => engine.repo.create('people', { name: { first: 'Grace', last: 'Hopper' }, companyId: acme.id }));
    const deal = await engine.run(() => engine.repo.create('opportunities', { name: 'Difference engine', pipelineId: 'sales', stageId: 'qualified', companyId: acme.id, primaryPersonId: ada.id }));
    await engine.run(() => engine.repo.logActivity({ typeId: 'call', parent: { type: 'people', id: ada.id }, details: 'Asked about the cards' }));
    await engine.run(() => engine.repo.logActivity({ typeId: 'note', parent: { type: 'companies', id: acme.id }, details: 'Met at the fair' }));
    await engine.settle();
    const db = engine.db;
    // Ada and the deal staged; Grace staged as moved to another company (a staged row is newer than its `records` row).
    await stage(db, [`people:${ada.id}`, `opportunities:${deal.id}`, `people:${grace.id}`],
      (r) => (r.key === `people:${grace.id}` ? { ...r, companyId: 'elsewhere', data: { ...r.data, companyId: 'elsewhere' } } : r));

    const model = createRecordModel({ read: readPort(db, () => () => {}), write: {} as never }, 'companies', acme.id);
    await until(() => model.activities.value.length === 2 && Object.keys(model.parents.value).length > 0);
    expect(model.people.value.map((p) => p.id)).toEqual([ada.id]);
    expect(model.opportunities.value.map((o) => o.id)).toEqual([deal.id]);
    expect(model.activities.value.map((a) => a.details).sort()).toEqual(['Asked about the cards', 'Met at the fair']);
    expect(model.parents.value).toEqual({ [`people:${ada.id}`]: 'Ada Lovelace' });
    // The person's page lists the staged deal too.
    const person = createRecordModel({ read: readPort(db, () => () => {}), write: {} as never }, 'people', ada.id);
    await until(() => person.opportunities.value.length === 1);
    expect(person.opportunities.value[0].id).toBe(deal.id);
    person.dispose();
    model.dispose();
    await engine.destroy();
  });

  it('the timeline walk reads a staged row by key and follows a staged row\u2019s `into` (a lead converted into this person)', async () => {
    const engine = new Engine({ workspaceId: `timeline-walk-staged-${Date.now()}`, actor: { memberId: 'm1', role: 'admin', name: 'M' } });
    await engine.ready;
    const ada = await engine.run(() => engine.repo.create('people', { name: { first: 'Ada', last: 'Lovelace' } }));
    const lead = await engine.run(() => engine.repo.create('leads', { name: { first: 'Ada', last: 'L' } }));
    await engine.settle();
    const db = engine.db;
    // The lead's row flows into Ada's timeline (its `into`, as a conversion writes it), and only a staged slice holds it.
    await stage(db, [`leads:${lead.id}`], (r) => ({ ...r, into: [`people:${ada.id}`] }));
    expect(await timelineParentKeys(db, [`people:${ada.id}`])).toEqual([`leads:${lead.id}`, `people:${ada.id}`].sort());
    // A row in `records` whose staged copy no longer flows there does not count: the staged row is newer.
    await db.transaction('rw', db.records, db.staged, async () => {
      const row = (await db.staged.get(1))!.rows[0];
      expect(row.into).toEqual([`people:${ada.id}`]);
      await db.records.put(row);
      // A slice is replaced under a new seq, never changed in place (staged.ts).
      await db.staged.delete(1);
      await db.staged.put({ seq: 2, rows: [{ ...row, into: undefined }] });
    });
    expect(await timelineParentKeys(db, [`people:${ada.id}`])).toEqual([`people:${ada.id}`]);
    await engine.destroy();
  });
});
