import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { Projector } from '../../../src/store/projector.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { newId } from '../../../src/domain/ids.ts';
import { replica } from './helpers.ts';

/**
 * A batch's signal upkeep reads what the batch is about, not what the workspace holds: a join's
 * batches each span the whole key space (ids are random), so reading every signals key (or
 * counting every entry) in a batch's span made a 20,000-record join read 528,432 keys
 * (docs/architecture.md, helper "rowcost", seventh session). Counted as entries returned and
 * counted by IndexedDB, which no machine load changes.
 */
let entries = 0;
const restore: (() => void)[] = [];
for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Record<string, (...a: unknown[]) => IDBRequest>[]) {
  for (const m of ['getAll', 'getAllKeys', 'count']) {
    const orig = proto[m];
    proto[m] = function (this: unknown, ...a: unknown[]) {
      const req = orig.apply(this, a);
      req.addEventListener('success', () => { entries += Array.isArray(req.result) ? req.result.length : Number(req.result); });
      return req;
    };
    restore.push(() => { proto[m] = orig; });
  }
}
afterAll(() => { for (const r of restore) r(); });

describe("a batch's signal upkeep", () => {
  it('reads a bounded number of entries however many signals rows its span holds, and still drops stale rows', async () => {
    const { docs, repo } = replica();
    const db = new ReadDB(`upkeep-reads-${Math.random()}`);
    const projector = new Projector(docs, db);
    await projector.catchUp();
    const deal = (i: number) => ({ name: `Deal ${i}`, pipelineId: 'sales', stageId: 'qualified' });
    const older = Array.from({ length: 2_000 }, (_, i) => repo.create('opportunities', deal(i)));
    await projector.flush();
    expect(await db.signals.count()).toBe(2_000); // a deal in a stage has a signals row

    // One batch like a join's slice: 100 new deals and 10 old ones leaving their stage, with ids
    // spread over the whole key space.
    entries = 0;
    repo.applyChanges([
      ...Array.from({ length: 100 }, (_, i) => ({ collection: 'opportunities' as const, id: newId(), op: 'create' as const, set: deal(10_000 + i) })),
      ...older.slice(0, 10).map((d) => ({ collection: 'opportunities' as const, id: d.id, op: 'update' as const, set: { stageId: '' } })),
    ]);
    await projector.flush();
    // A few entries per record of the batch (221 when written; 1,993 before: the span's every key).
    expect(entries).toBeLessThanOrEqual(3 * 110);

    expect(await db.signals.count()).toBe(2_090);
    for (const d of older.slice(0, 10)) expect(await db.signals.get(`opportunities:${d.id}`)).toBeUndefined();
    expect(await db.signals.get(`opportunities:${older[10].id}`)).toMatchObject({ stageSince: expect.any(Number) });
    projector.destroy();
    db.close();
  });
});
