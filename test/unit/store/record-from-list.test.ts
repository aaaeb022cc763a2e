import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { readPort } from '../../../src/ext/read-port.ts';
import type { ListPage, Rec } from '../../../src/ui/ports.ts';

const until = async (ok: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!ok()) { if (Date.now() - t0 > ms) throw new Error('timed out'); await new Promise((r) => setTimeout(r, 10)); }
};

describe('a record opened from a list paints from its row at once (read port)', () => {
  it('answers watchRecord from the rows a list shows now, then from its own query; never a row that left the list', async () => {
    const engine = new Engine({ workspaceId: `record-from-list-${Date.now()}`, actor: { memberId: 'm1', role: 'admin', name: 'M' } });
    await engine.ready;
    const ada = engine.repo.create('leads', { name: { first: 'Ada' }, title: 'Analyst' });
    const bob = engine.repo.create('leads', { name: { first: 'Bob' } });
    await engine.settle();
    const read = readPort(engine.db, () => () => {});
    const pages: ListPage[] = [];
    const stopList = read.watchList({ type: 'leads', search: '', offset: 0, limit: 70 }, (p) => pages.push(p));
    await until(() => pages.length > 0);

    // Opened from the list: the first answer comes before any query (synchronously), the query's after it.
    const seen: (Rec | null)[] = [];
    const stopAda = read.watchRecord('leads', ada.id, (r) => seen.push(r));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id: ada.id, title: 'Analyst' });
    await until(() => seen.length === 2);
    expect(seen[1]).toEqual(seen[0]);
    stopAda();

    // Deleted: the list's next answer leaves it out, and opening it answers only "gone".
    await engine.run(() => engine.repo.delete('leads', bob.id));
    await engine.settle();
    await until(() => !pages.at(-1)!.rows.some((r) => r.id === bob.id));
    const bobSeen: (Rec | null)[] = [];
    const stopBob = read.watchRecord('leads', bob.id, (r) => bobSeen.push(r));
    expect(bobSeen).toEqual([]);
    await until(() => bobSeen.length === 1);
    expect(bobSeen[0]).toBeNull();
    stopBob();

    // No open list: no answer but the query's.
    stopList();
    const late: (Rec | null)[] = [];
    const stopLate = read.watchRecord('leads', ada.id, (r) => late.push(r));
    expect(late).toEqual([]);
    await until(() => late.length === 1);
    stopLate();
    await engine.destroy();
  });
});
