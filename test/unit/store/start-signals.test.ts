import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { putConfigEntity } from '../../../src/store/config-store.ts';

/**
 * A start with a current read model writes nothing to it: re-deriving every record's sales
 * signals (a read-write transaction over all signals and records) held up every page's reads
 * for the whole start at 50k records. A change of which activity types count still re-derives.
 */
describe('engine start and the sales signals', () => {
  it('loads the config without re-deriving signals; a change of the types that count re-derives them, also across a restart', async () => {
    const ws = `start-signals-${Date.now()}`;
    const actor = { memberId: 'm1', role: 'admin' as const, name: 'M' };
    const e1 = new Engine({ workspaceId: ws, actor });
    await e1.ready;
    const leads = Array.from({ length: 30 }, (_, i) => e1.repo.create('leads', { name: { first: `A${i}` } }));
    const note = await e1.run(() => e1.repo.logActivity({ typeId: 'note', parent: { type: 'leads', id: leads[0].id }, details: 'n' }));
    await e1.settle();
    expect((await e1.db.signals.get(`leads:${leads[0].id}`))?.interactions).toBe(0);
    await e1.destroy();

    const e2 = new Engine({ workspaceId: ws, actor });
    let writes = 0;
    e2.db.signals.hook('creating', () => { writes++; });
    e2.db.signals.hook('updating', () => { writes++; return undefined; });
    expect((await e2.ready).readModel).toBe('current');
    await e2.settle();
    expect(writes).toBe(0);
    // Renaming a type is no change of what counts: nothing re-derived.
    e2.docs.config.transact(() => putConfigEntity(e2.docs.config, 'admin', 'activityTypes', { id: 'note', name: 'Private note', order: 0 }));
    await e2.settle();
    expect(writes).toBe(0);
    putConfigEntity(e2.docs.config, 'admin', 'activityTypes', { id: 'note', name: 'Note', order: 0, countsAsInteraction: true });
    await e2.settle();
    // Every signals row is re-derived: the lead with a note (the 29 others have no signals, so no row).
    expect(writes).toBe(await e2.db.signals.count());
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(await e2.db.signals.get(`leads:${leads[0].id}`)).toMatchObject({ interactions: 1, lastContactAt: note.date });
    await e2.durable();
    await e2.destroy();

    // The next start finds the signals derived with the stored types: nothing to re-derive.
    const e3 = new Engine({ workspaceId: ws, actor });
    let again = 0;
    e3.db.signals.hook('updating', () => { again++; return undefined; });
    await e3.ready;
    await e3.settle();
    expect(again).toBe(0);
    expect((await e3.db.signals.get(`leads:${leads[0].id}`))?.interactions).toBe(1);
    await e3.destroy();
  });
});
