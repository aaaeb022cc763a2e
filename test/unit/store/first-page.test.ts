import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { Engine } from '../../../src/store/engine.ts';
import { readDbName } from '../../../src/store/read-db.ts';
import { queryRows } from '../../../src/store/queries.ts';
import { signalsOf } from '../../../src/store/signal-queries.ts';
import { readFirstPage } from '../../../src/store/first-page.ts';

/**
 * The side panel's first rows, read with IndexedDB alone before Dexie has loaded
 * (src/store/first-page.ts), are the rows and signals the list's own query gives.
 */
describe('readFirstPage: the plain list read without Dexie', () => {
  it('gives the rows queryRows gives (live records of the type by name) and their signals', async () => {
    const workspaceId = `first-page-${Date.now()}`;
    const engine = new Engine({ workspaceId, actor: { memberId: 'm1', role: 'admin', name: 'M' } });
    await engine.ready;
    const leads: { id: string }[] = [];
    for (let i = 0; i < 40; i++) leads.push(engine.repo.create('leads', { name: { first: `Lee${String(39 - i).padStart(2, '0')}` } }));
    for (let i = 0; i < 5; i++) engine.repo.create('people', { name: { first: `Aaron${i}` } });
    engine.repo.create('companies', { name: 'Aardvark Inc' });
    await engine.settle();
    await engine.run(() => engine.repo.delete('leads', leads[39].id)); // "Lee00": first by name, but in the trash
    await engine.run(() => engine.repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: leads[38].id }, details: 'intro' }));
    await engine.settle();

    for (const limit of [10, 70]) {
      const page = await readFirstPage(readDbName(workspaceId), 'leads', limit);
      const expected = await queryRows(engine.db, { type: 'leads', offset: 0, limit });
      expect(page!.rows).toEqual(expected.rows);
      expect(page!.rows.map((r) => r.data.name)).not.toContainEqual({ first: 'Lee00' });
      expect(await page!.signals).toEqual(await signalsOf(engine.db, expected.rows.map((r) => r.key)));
    }
    const withCall = await readFirstPage(readDbName(workspaceId), 'leads', 1);
    expect(withCall!.rows[0].data.name).toEqual({ first: 'Lee01' });
    expect((await withCall!.signals)!.get(withCall!.rows[0].key)).toMatchObject({ interactions: 1 });
    await engine.destroy();
  });

  it('answers null for a workspace with no read model, and creates no database', async () => {
    const name = readDbName(`nowhere-${Date.now()}`);
    expect(await readFirstPage(name, 'leads', 70)).toBeNull();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
    // The engine then makes its read model there as if nothing had looked.
    const engine = new Engine({ workspaceId: name.slice('outpost-read:'.length), actor: { memberId: 'm1', role: 'admin', name: 'M' } });
    await engine.ready;
    engine.repo.create('leads', { name: { first: 'Ada' } });
    await engine.settle();
    expect((await readFirstPage(name, 'leads', 70))!.rows.map((r) => r.data.name)).toEqual([{ first: 'Ada' }]);
    await engine.destroy();
  });

  it('answers null for a database of another shape, and closes its connection so an upgrade is not blocked', async () => {
    const name = `first-page-other-${Date.now()}`;
    const other = new Dexie(name);
    other.version(1).stores({ things: 'id' });
    await other.open();
    other.close();
    expect(await readFirstPage(name, 'leads', 70)).toBeNull();
    const upgraded = new Dexie(name);
    upgraded.version(2).stores({ things: 'id', more: 'id' });
    await upgraded.open(); // would wait forever behind an open connection
    upgraded.close();
  });
});
