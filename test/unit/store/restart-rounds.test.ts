import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { DocStore, docStoreName } from '../../../src/store/doc-store.ts';
import { ReadDB, readDbName } from '../../../src/store/read-db.ts';
import { largeSeed, SEED_TABLES } from '../../../bench/support/seed-large.ts';
import { workspaceRecords } from '../../../bench/support/workspace.ts';

/**
 * S1's rounds in Node: a seeded workspace, then starts that each edit one existing record and
 * stop. Every later start finds at most the edited docs moved on (incremental), never a doc
 * "behind" its recorded vector (which drops and re-reads whole tables), and re-derives no signal
 * row (S1@50k: 27–39 s in two rounds of five, before the projector read its meta first).
 */
describe('restarts after an edit each', () => {
  it('catch up incrementally, never rebuilding a doc', async () => {
    const size = { leads: 300, people: 200, companies: 60, opportunities: 100, activities: 800 };
    const ws = `rounds-${Date.now()}`;
    const seed = largeSeed(size, { by: 'm1' });
    const store = new DocStore(docStoreName(ws));
    await Promise.all(seed.docs.map(([k, u]) => store.replace(k, u)));
    await store.close();
    const read = new ReadDB(readDbName(ws));
    for (const t of SEED_TABLES) await read.table(t).bulkPut(seed.rows[t]);
    await read.meta.put(seed.meta);
    read.close();
    const ids = [...workspaceRecords(size, 'm1')];
    const found: string[] = [];
    const rederived: number[] = [];
    for (let i = 0; i < 8; i++) {
      const e = new Engine({ workspaceId: ws, actor: { memberId: 'm1', role: 'admin' } });
      let signalWrites = 0;
      e.db.signals.hook('updating', () => { signalWrites++; return undefined; });
      found.push((await e.ready).readModel);
      await e.projector.flush();
      rederived.push(signalWrites);
      const r = ids[(i * 104_729 + 17) % ids.length];
      await e.run(() => e.repo.update(r.c, r.id, { tags: [`round-${i}`] }));
      await e.durable();
      await e.destroy();
    }
    expect(found[0]).toBe('current');
    expect(found.filter((f) => f === 'rebuilt')).toEqual([]);
    // Nor are the signals re-derived at a start (the config loads before the meta is read).
    expect(rederived).toEqual(rederived.map(() => 0));
  });
});
