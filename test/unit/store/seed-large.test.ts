import { describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Projector } from '../../../src/store/projector.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { Repository } from '../../../src/store/repository.ts';
import { buildWorkspace } from '../../../bench/support/workspace.ts';
import { readModelOf, SEED_TABLES } from '../../../bench/support/seed-large.ts';

/**
 * The large-workspace seeder (bench/support/seed-large.ts) writes a read model the engine then
 * trusts as current: it must be exactly what the engine's own rebuild derives from the same docs,
 * table by table — tasks, deleted records, edits (history) and interactions included — or the 50k e2e and the S1/S2 figures would run on rows nobody writes.
 */
describe('the large-workspace seeder', () => {
  it('derives the same rows and meta as Projector.rebuild', async () => {
    const docs = buildWorkspace({ leads: 60, people: 40, companies: 12, opportunities: 20, activities: 150 }, 'seed');
    const repo = new Repository({ docs, actor: { memberId: 'seed', role: 'admin' }, now: () => 1_700_000_100_000 });
    repo.create('tasks', { name: 'Call back', related: { type: 'leads', id: 'l3' }, dueAt: 1_700_000_200_000 });
    repo.create('tasks', { name: 'Done one', related: { type: 'people', id: 'p2' }, status: 'done' });
    repo.update('leads', 'l4', { title: 'VP Seeds' });
    repo.delete('people', 'p5');
    repo.logActivity({ typeId: 'meeting', parent: { type: 'leads', id: 'l3' }, details: 'met' });

    const read = new ReadDB(`seed-check-${Date.now()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    const projector = new Projector(docs, read);
    await projector.rebuild();
    projector.destroy();
    const { rows, meta } = readModelOf(docs);
    const sorted = (xs: unknown[], key: (x: never) => string) => [...xs].sort((a, b) => (key(a as never) < key(b as never) ? -1 : 1));
    const keyOf: Record<string, (x: never) => string> = {
      records: (x: { key: string }) => x.key, activities: (x: { id: string }) => x.id, history: (x: { id: string }) => x.id, conflicts: (x: { id: string }) => x.id,
      matchKeys: (x: { recordKey: string }) => x.recordKey, taskLinks: (x: { taskKey: string }) => x.taskKey, signals: (x: { recordKey: string }) => x.recordKey,
    };
    for (const t of SEED_TABLES) {
      const rebuilt = await read.table(t).toArray();
      expect(rows[t].length, t).toBe(rebuilt.length);
      expect(sorted(rows[t], keyOf[t]), t).toEqual(sorted(rebuilt, keyOf[t]));
    }
    expect(rows.taskLinks.length).toBeGreaterThan(0);
    expect(rows.history.length).toBeGreaterThan(0);
    expect(rows.records.some((r) => r.deleted)).toBe(true);
    expect(meta).toEqual(await read.meta.get('state'));
    read.close();
    docs.destroy();
  });
});
