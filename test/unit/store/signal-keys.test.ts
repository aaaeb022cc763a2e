import 'fake-indexeddb/auto';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Projector } from '../../../src/store/projector.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { signalsRow, type SignalsRow } from '../../../src/store/known-index.ts';
import { forgetSignalKeys, noteSignalWrites, signalKeys, SIGNAL_KEYS_IDLE_MS } from '../../../src/store/signal-keys.ts';
import { digestActivities } from '../../../src/domain/index.ts';
import { replica } from './helpers.ts';

/**
 * The signals keys kept per ReadDB connection (src/store/signal-keys.ts): read once, kept by the
 * upkeep's writes, and forgotten whenever they could be stale — a stale set that misses a row
 * would leave a deleted record's signals row behind, or drop a merged record's parents.
 */
let keyReads = 0;
const restore: (() => void)[] = [];
for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Record<string, (...a: unknown[]) => IDBRequest>[]) {
  for (const m of ['getAllKeys', 'openKeyCursor']) {
    const orig = proto[m];
    proto[m] = function (this: IDBObjectStore | IDBIndex, ...a: unknown[]) {
      if ((this instanceof IDBIndex ? this.objectStore.name : this.name) === 'signals') keyReads++;
      return orig.apply(this, a);
    };
    restore.push(() => { proto[m] = orig; });
  }
}
afterAll(() => { for (const r of restore) r(); });
afterEach(() => { vi.useRealTimers(); });

const row = (key: string, parents: string[] = []): SignalsRow =>
  signalsRow(key, { id: key.slice(key.indexOf(':') + 1), name: key }, [key, ...parents], digestActivities([{ typeId: 'call', date: 1_000, authorId: 'm1' }]), ['call'], undefined);

async function keysNow(db: ReadDB): Promise<string[]> {
  return db.transaction('r', db.signals, () => signalKeys(db)).then((s) => [...s].sort());
}

describe('kept signals keys', () => {
  it('are read once and then kept by the upkeep\'s own writes', async () => {
    const db = new ReadDB(`signal-keys-${Math.random()}`);
    await db.signals.bulkPut([row('leads:a'), row('leads:b')]);
    keyReads = 0;
    expect(await keysNow(db)).toEqual(['leads:a', 'leads:b']);
    await db.transaction('rw', db.signals, async () => {
      await signalKeys(db);
      await db.signals.put(row('leads:c'));
      await db.signals.delete('leads:a');
      noteSignalWrites(db, ['leads:c'], ['leads:a']);
    });
    expect(await keysNow(db)).toEqual(['leads:b', 'leads:c']);
    expect(keyReads).toBe(1);
    db.close();
  });

  it('are forgotten when a transaction that changed them aborts', async () => {
    const db = new ReadDB(`signal-keys-${Math.random()}`);
    await db.signals.bulkPut([row('leads:a')]);
    expect(await keysNow(db)).toEqual(['leads:a']);
    await expect(db.transaction('rw', db.signals, async () => {
      await signalKeys(db);
      await db.signals.put(row('leads:x'));
      noteSignalWrites(db, ['leads:x'], ['leads:a']);
      throw new Error('write failed');
    })).rejects.toThrow('write failed');
    keyReads = 0;
    expect(await keysNow(db)).toEqual(['leads:a']); // neither the put nor the delete happened
    expect(keyReads).toBe(1);
    db.close();
  });

  it('are forgotten on reopen: rows another connection wrote meanwhile are seen', async () => {
    const name = `signal-keys-${Math.random()}`;
    const db = new ReadDB(name);
    await db.signals.bulkPut([row('leads:a')]);
    expect(await keysNow(db)).toEqual(['leads:a']);
    db.close();
    const other = new ReadDB(name);
    await other.signals.put(row('leads:b'));
    other.close();
    await db.open();
    expect(await keysNow(db)).toEqual(['leads:a', 'leads:b']);
    db.close();
  });

  it('are forgotten on request (a cleared table) and after 30 s idle', async () => {
    const name = `signal-keys-${Math.random()}`;
    const db = new ReadDB(name);
    const other = new ReadDB(name);
    await db.signals.bulkPut([row('leads:a')]);
    expect(await keysNow(db)).toEqual(['leads:a']);
    await db.signals.clear();
    forgetSignalKeys(db);
    expect(await keysNow(db)).toEqual([]);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    expect(await keysNow(db)).toEqual([]); // kept: the idle timer starts again
    await other.signals.put(row('leads:b'));
    vi.advanceTimersByTime(SIGNAL_KEYS_IDLE_MS - 1);
    expect(await keysNow(db)).toEqual([]); // still kept (used within the idle time)
    vi.advanceTimersByTime(SIGNAL_KEYS_IDLE_MS);
    expect(await keysNow(db)).toEqual(['leads:b']);
    db.close();
    other.close();
  });

  it('make no wrong signals row: after 30 s idle a row another connection wrote is dropped with its deleted record', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { docs, repo } = replica();
    const name = `signal-keys-${Math.random()}`;
    const db = new ReadDB(name);
    const projector = new Projector(docs, db);
    await projector.catchUp();
    const leads = Array.from({ length: 10 }, (_, i) => repo.create('leads', { name: { first: 'Lead', last: `L${i}` } }));
    await projector.flush();
    // A batch of 10 loads the kept set (no lead has signals yet).
    repo.applyChanges(leads.map((l) => ({ collection: 'leads' as const, id: l.id, op: 'update' as const, set: { title: 'CTO' } })));
    await projector.flush();
    expect(await db.signals.count()).toBe(0);
    // Another context writes a signals row for a lead; this connection has not seen it.
    const other = new ReadDB(name);
    await other.signals.put(row(`leads:${leads[0].id}`));
    other.close();
    vi.advanceTimersByTime(SIGNAL_KEYS_IDLE_MS);
    for (const l of leads) repo.delete('leads', l.id);
    await projector.flush();
    expect(await db.signals.count()).toBe(0);
    projector.destroy();
    db.close();
  });

  it('are forgotten by a rebuild: the rows after it are those a fresh read model derives', async () => {
    const { docs, repo } = replica();
    const db = new ReadDB(`signal-keys-${Math.random()}`);
    const projector = new Projector(docs, db);
    await projector.catchUp();
    const deal = (i: number) => ({ name: `Deal ${i}`, pipelineId: 'sales', stageId: 'qualified' });
    const deals = Array.from({ length: 20 }, (_, i) => repo.create('opportunities', deal(i)));
    await projector.flush();
    expect(await db.signals.count()).toBe(20);
    // A row no doc derives (as a read model of another version could hold): the rebuild drops it.
    await db.transaction('rw', db.signals, async () => {
      await signalKeys(db);
      await db.signals.put(row('leads:ghost'));
      noteSignalWrites(db, ['leads:ghost'], []);
    });
    await projector.rebuild();
    expect(await keysNow(db)).toEqual((await db.signals.toCollection().primaryKeys()).sort());
    expect(await keysNow(db)).not.toContain('leads:ghost');
    // Half the deals leave their stage in one batch: their rows, derived again by the rebuild, go.
    repo.applyChanges(deals.slice(0, 10).map((d) => ({ collection: 'opportunities' as const, id: d.id, op: 'update' as const, set: { stageId: '' } })));
    await projector.flush();
    const fresh = new ReadDB(`signal-keys-${Math.random()}`);
    const again = new Projector(docs, fresh);
    await again.catchUp();
    await again.flush();
    const strip = (rs: SignalsRow[]) => rs.map((r) => ({ ...r, stageSince: r.stageSince > 0 }));
    expect(strip(await db.signals.toArray())).toEqual(strip(await fresh.signals.toArray()));
    expect(await db.signals.count()).toBe(10);
    for (const p of [projector, again]) p.destroy();
    db.close();
    fresh.close();
  });
});
