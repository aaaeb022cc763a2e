import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { readPort } from '../../../src/ext/read-port.ts';
import { createRecordModel, otherParents, parentLabels } from '../../../src/ui/models/record-model.ts';
import type { Activity } from '../../../src/domain/index.ts';

const until = async (ok: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!ok()) { if (Date.now() - t0 > ms) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 10)); }
};

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
    await db.transaction('rw', db.records, db.staged, async () => {
      const row = (await db.records.get(`people:${ada.id}`))!;
      await db.records.delete(row.key);
      await db.staged.put({ seq: 1, rows: [row] });
    });
    expect(await db.records.get(`people:${ada.id}`)).toBeUndefined();

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
