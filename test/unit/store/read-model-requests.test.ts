import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { Projector } from '../../../src/store/projector.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { benchLead } from '../../../bench/support/row-costs.ts';
import { countIdbRequests } from '../../../bench/support/idb-requests.ts';
import { replica } from './helpers.ts';

/**
 * The read model's write cost as a count, which no machine load changes (docs/architecture.md,
 * "Read model 6"): every IndexedDB request is a round trip in Chromium, so an import's rows must
 * not grow back to one request per table per record (read model 5: 4.0 per imported lead).
 */
const requests = countIdbRequests();
const counts = requests.counts;
afterAll(() => requests.restore());

describe('read model requests per imported record', () => {
  it('a 1,000-lead import into a new workspace writes one row per lead and a history row per slice', async () => {
    const { docs, repo } = replica();
    const db = new ReadDB(`requests-${Math.random()}`);
    const projector = new Projector(docs, db);
    await projector.catchUp();
    await projector.flush();
    counts.clear();
    const N = 1_000;
    for (let s = 0; s < N; s += 500) {
      const changes = Array.from({ length: 500 }, (_, j) => {
        const { id, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, provenance: _p, ...set } = benchLead(s + j) as Record<string, unknown>;
        return { collection: 'leads' as const, id: id as string, op: 'create' as const, set };
      });
      repo.applyChanges(changes, { batchId: 'import1' });
      await projector.flush();
    }
    const total = requests.total();
    expect(counts.get('put')).toBe(N + 2 + 2); // the leads, a history row per slice, the meta per write
    expect(total / N).toBeLessThan(1.05);
    expect(await db.signals.count()).toBe(0); // new leads have no signals yet
    expect((await db.history.toArray()).map((r) => r.entries.length)).toEqual([500, 500]);
    projector.destroy();
    db.close();
  });
});
