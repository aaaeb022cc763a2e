import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishEarlyList, rememberWorkspace, startEarlyList, takeEarlyList, withFirstPage } from './early-list.ts';
import type { FirstPage } from '../store/first-page.ts';
import type { RecordRow } from '../store/rows.ts';
import type { ListPage, ListRequest, ReadPort } from '../ui/ports.ts';

const row = (id: string): RecordRow => ({ key: `leads:${id}`, type: 'leads', id, deleted: 0, sortName: id, updatedAt: 1, emails: [], domains: [], words: [], data: { id, name: { first: id } } as never });
const SIGNALS = new Map([['leads:l0', { lastContactAt: 5, lastContactBy: 'm1', interactions: 1, lastActivityAt: 5, stageSince: 0 }]]);
const first = (n: number, signals: FirstPage['signals'] = Promise.resolve(SIGNALS)): FirstPage => ({ rows: Array.from({ length: n }, (_, i) => row(`l${i}`)), signals });
const plain: ListRequest = { type: 'leads', search: '', offset: 0, limit: 70, filters: {} };

/** A read port whose list watches answer when the test says (the list's own Dexie query). */
function fakeRead() {
  const watches: { req: ListRequest; on: (p: ListPage) => void; closed: boolean }[] = [];
  const read = { watchList: (req: ListRequest, on: (p: ListPage) => void) => { const w = { req, on, closed: false }; watches.push(w); return () => { w.closed = true; }; } } as unknown as ReadPort;
  return { read, watches };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('withFirstPage: the first plain list answers with the page read early', () => {
  it('answers at once with the early rows (counted later), again with their signals, then every answer is the list query\'s', async () => {
    const { read, watches } = fakeRead();
    const seen: ListPage[] = [];
    const stop = withFirstPage(read, { type: 'leads', limit: 70, page: Promise.resolve(first(70)) }).watchList(plain, (p) => seen.push(p));
    await tick();
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ total: 70, totalPending: true });
    expect(seen[0].rows[0]).toMatchObject({ id: 'l0', name: 'l0' });
    expect(seen[0].rows[0].signals).toBeUndefined(); // the rows do not wait for their signals
    // The same rows again, with their signals: nothing else changes.
    expect(seen[1]).toMatchObject({ total: 70, totalPending: true });
    expect(seen[1].rows.map((r) => r.id)).toEqual(seen[0].rows.map((r) => r.id));
    expect(seen[1].rows[0]).toMatchObject({ id: 'l0', signals: { interactions: 1 } });
    expect(watches).toHaveLength(1); // the list's own query runs as always
    watches[0].on({ rows: [], total: 71 });
    expect(seen[2]).toEqual({ rows: [], total: 71 });
    stop();
    expect(watches[0].closed).toBe(true);
  });

  it('gives a short first page as the whole list, and a smaller window its part', async () => {
    const { read } = fakeRead();
    const seen: ListPage[] = [];
    withFirstPage(read, { type: 'leads', limit: 70, page: Promise.resolve(first(3)) }).watchList(plain, (p) => seen.push(p));
    const small: ListPage[] = [];
    withFirstPage(read, { type: 'leads', limit: 70, page: Promise.resolve(first(70)) }).watchList({ ...plain, limit: 20 }, (p) => small.push(p));
    await tick();
    expect(seen[0]).toEqual(expect.objectContaining({ total: 3 }));
    expect(seen[0].totalPending).toBeUndefined();
    expect(small[0].rows).toHaveLength(20);
  });

  it('drops the early page when the list query answered first, or the watch was closed', async () => {
    const { read, watches } = fakeRead();
    let release!: (p: FirstPage) => void;
    const page = new Promise<FirstPage>((r) => { release = r; });
    const seen: ListPage[] = [];
    withFirstPage(read, { type: 'leads', limit: 70, page }).watchList(plain, (p) => seen.push(p));
    watches[0].on({ rows: [], total: 0 });
    release(first(70));
    await tick();
    expect(seen).toEqual([{ rows: [], total: 0 }]);
    const closed: ListPage[] = [];
    withFirstPage(read, { type: 'leads', limit: 70, page: Promise.resolve(first(70)) }).watchList(plain, (p) => closed.push(p))();
    await tick();
    expect(closed).toEqual([]);
  });

  it('drops signals that come after the list query answered or the watch closed, and keeps the rows when the signals\' read failed', async () => {
    for (const end of ['answered', 'closed'] as const) {
      const { read, watches } = fakeRead();
      let signalsRead!: (s: Map<string, never>) => void;
      const seen: ListPage[] = [];
      const stop = withFirstPage(read, { type: 'leads', limit: 70, page: Promise.resolve(first(70, new Promise((r) => { signalsRead = r; }))) }).watchList(plain, (p) => seen.push(p));
      await tick();
      expect(seen).toHaveLength(1);
      if (end === 'answered') watches[0].on({ rows: [], total: 0 }); else stop();
      signalsRead(SIGNALS as Map<string, never>);
      await tick();
      expect(seen.slice(1), end).toEqual(end === 'answered' ? [{ rows: [], total: 0 }] : []);
    }
    const seen: ListPage[] = [];
    withFirstPage(fakeRead().read, { type: 'leads', limit: 70, page: Promise.resolve(first(70, Promise.resolve(null))) }).watchList(plain, (p) => seen.push(p));
    await tick();
    expect(seen).toHaveLength(1);
    expect(seen[0].rows).toHaveLength(70);
  });

  it('answers only the first plain watch of its type: a search, filter, sort, status, trash, other offset or type waits for its query', async () => {
    const others: ListRequest[] = [
      { ...plain, search: 'ada' }, { ...plain, filters: { ownerId: 'm1' } }, { ...plain, sort: { field: 'updatedAt', dir: 'desc' } },
      { ...plain, statusId: 'open' }, { ...plain, deleted: true }, { ...plain, offset: 10 }, { ...plain, type: 'people' }, { ...plain, limit: 100 },
    ];
    for (const req of others) {
      const { read } = fakeRead();
      const seen: ListPage[] = [];
      withFirstPage(read, { type: 'leads', limit: 70, page: Promise.resolve(first(70)) }).watchList(req, (p) => seen.push(p));
      await tick();
      expect(seen, JSON.stringify(req)).toEqual([]);
    }
    const { read } = fakeRead();
    const primed = withFirstPage(read, { type: 'leads', limit: 70, page: Promise.resolve(first(70)) });
    const a: ListPage[] = [];
    const b: ListPage[] = [];
    primed.watchList(plain, (p) => a.push(p));
    primed.watchList(plain, (p) => b.push(p));
    await tick();
    expect([a.length, b.length]).toEqual([2, 0]); // the rows, then with their signals
  });
});

describe('startEarlyList: the last workspace is a guess the profile confirms', () => {
  const store = new Map<string, string>();
  beforeEach(() => {
    store.clear();
    Object.assign(globalThis, { localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => { store.set(k, v); } } });
  });
  afterEach(() => { delete (globalThis as { localStorage?: unknown }).localStorage; });

  it('reads nothing on a first start, and uses its page only for the workspace it was read from', async () => {
    const none = startEarlyList('leads', 70);
    expect(none.forWorkspace('w1')).toBeNull(); // nothing known yet: the list's own query answers
    const again = startEarlyList('leads', 70);
    expect(again.forWorkspace('w1')).not.toBeNull(); // w1's read model (absent here: it resolves null)
    expect(await again.forWorkspace('w1')).toBeNull();
    // The profile moved to another workspace (switched, joined a team, left): the guess is not used, and is corrected.
    const switched = startEarlyList('leads', 70);
    expect(switched.forWorkspace('w2')).toBeNull();
    expect(startEarlyList('leads', 70).forWorkspace('w2')).not.toBeNull();
    rememberWorkspace('w3');
    expect(startEarlyList('leads', 70).forWorkspace('w2')).toBeNull();
  });

  it('works without localStorage (the page then waits for its profile)', () => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
    expect(startEarlyList('leads', 70).forWorkspace('w1')).toBeNull();
  });
});

describe('withFirstPage: `shown` lets the page hold work back until the early rows painted', () => {
  it('is told once, after the frame with the early rows', async () => {
    const { read } = fakeRead();
    let told = 0;
    withFirstPage(read, { type: 'leads', limit: 70, page: Promise.resolve(first(70)), shown: () => { told++; } }).watchList(plain, () => {});
    await Promise.resolve(); await Promise.resolve();
    expect(told).toBe(0); // the rows are handed over; their frame has not been painted yet
    await tick(); await tick();
    expect(told).toBe(1);
  });

  it('is told at once when the early rows will not be used: no page, the query answered first, closed, or a first watch that is not plain', async () => {
    const cases: [string, (shown: () => void) => void][] = [
      ['no page', (shown) => { withFirstPage(fakeRead().read, { type: 'leads', limit: 70, page: Promise.resolve(null), shown }).watchList(plain, () => {}); }],
      ['answered', (shown) => { const f = fakeRead(); withFirstPage(f.read, { type: 'leads', limit: 70, page: Promise.resolve(first(70)), shown }).watchList(plain, () => {}); f.watches[0].on({ rows: [], total: 0 }); }],
      ['closed', (shown) => { withFirstPage(fakeRead().read, { type: 'leads', limit: 70, page: new Promise<FirstPage>(() => {}), shown }).watchList(plain, () => {})(); }],
      ['not plain', (shown) => { withFirstPage(fakeRead().read, { type: 'leads', limit: 70, page: Promise.resolve(first(70)), shown }).watchList({ ...plain, search: 'ada' }, () => {}); }],
      ['read failed', (shown) => { withFirstPage(fakeRead().read, { type: 'leads', limit: 70, page: Promise.reject(new Error('idb')), shown }).watchList(plain, () => {}); }],
    ];
    for (const [name, run] of cases) {
      let told = 0;
      run(() => { told++; });
      await Promise.resolve(); await Promise.resolve();
      expect(told, name).toBe(1);
    }
  });
});

describe('takeEarlyList: the read /early-list.js started before the page\'s modules', () => {
  const store = new Map<string, string>();
  beforeEach(() => { store.clear(); Object.assign(globalThis, { localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => { store.set(k, v); } } }); });
  afterEach(() => { delete (globalThis as { localStorage?: unknown }).localStorage; });

  it('hands the page the published read once, if it is of the list and size the page shows', async () => {
    rememberWorkspace('w1');
    const started = startEarlyList('leads', 70);
    publishEarlyList(started);
    expect(takeEarlyList('leads', 70)).toBe(started);
    // Taken: a second take (a page that boots again) has none, and reads nothing.
    const none = takeEarlyList('leads', 70);
    expect(none).not.toBe(started);
    expect(none.forWorkspace('w1')).toBeNull();
    publishEarlyList(startEarlyList('leads', 70));
    expect(takeEarlyList('people', 70).forWorkspace('w1')).toBeNull();
    publishEarlyList(startEarlyList('leads', 70));
    expect(takeEarlyList('leads', 50).forWorkspace('w1')).toBeNull();
  });

  it('without a published read, remembers the workspace the page shows for the next start', () => {
    expect(takeEarlyList('leads', 70).forWorkspace('w9')).toBeNull();
    expect(store.get('outpost.lastWorkspace')).toBe('w9');
  });
});
