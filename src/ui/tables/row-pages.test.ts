import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { ListPage, ListRequest, ListRow, ReadPort } from '../ports.ts';
import { AHEAD_PAGES, BEHIND_PAGES, createRowPages, KEPT_PAGES, PAGE_ROWS, type PageQuery } from './row-pages.ts';

/**
 * A read port over N rows whose answers the test releases by hand (as a slow read model would):
 * it records every read, and which reads are still live (not unsubscribed).
 */
function slowPort(count: number) {
  const names = Array.from({ length: count }, (_, i) => `r${String(i).padStart(6, '0')}`);
  let version = 0;
  const row = (i: number, search: string): ListRow => ({ id: `${search}${names[i]}`, type: 'leads', name: names[i], subtitle: '', statusId: '', data: { id: names[i], v: i === 5 ? version : 0 } });
  const rowsOf = (req: ListRequest) => Array.from({ length: Math.max(0, Math.min(req.limit, count - req.offset)) }, (_, k) => row(req.offset + k, req.search));
  type Sub = { req: ListRequest; answer: () => void; live: boolean; kind: 'list' | 'rows' };
  const subs: Sub[] = [];
  const read = {
    watchList: (req: ListRequest, on: (p: ListPage) => void) => {
      const s: Sub = { req, kind: 'list', live: true, answer: () => { if (s.live) on({ rows: rowsOf(req), total: count }); } };
      subs.push(s);
      return () => { s.live = false; };
    },
    watchRows: (req: ListRequest, on: (rows: ListRow[]) => void) => {
      const s: Sub = { req, kind: 'rows', live: true, answer: () => { if (s.live) on(rowsOf(req)); } };
      subs.push(s);
      return () => { s.live = false; };
    },
  } as unknown as ReadPort;
  return {
    read, subs,
    /** Answers every live read (a change in the read model re-runs them all). */
    answerAll() { for (const s of subs) s.answer(); },
    change() { version++; },
    live: () => subs.filter((s) => s.live).map((s) => [s.req.offset, s.req.limit]),
  };
}

const query = (search = ''): PageQuery => ({ type: 'leads', search });

describe('table row pages', () => {
  it('reads the first page with its total, then pages ahead of a downward scroll before they are reached, each once', () => {
    const port = slowPort(50_000);
    const pages = createRowPages(port.read, signal(query()));
    // The first page alone until it answers with the total; then the pages ahead, in one read.
    expect(port.live()).toEqual([[0, PAGE_ROWS]]);
    port.answerAll();
    expect(pages.total.value).toBe(50_000);
    expect(port.live()).toEqual([[0, PAGE_ROWS], [PAGE_ROWS, AHEAD_PAGES * PAGE_ROWS]]);
    port.answerAll();
    expect(pages.rowAt(0)?.name).toBe('r000000');
    expect(pages.rowAt(450)?.name).toBe('r000450');
    const reads = port.subs.length;
    // Scrolling down within what is read already reads nothing new until a page enters the lookahead.
    pages.view(10, 40);
    expect(port.subs.length).toBe(reads);
    pages.view(130, 160); // rows up to 160 + 400 are wanted: page 5 is new, read with the next ones
    expect(port.subs.length).toBe(reads + 1);
    expect(port.subs.at(-1)!.req).toMatchObject({ offset: 5 * PAGE_ROWS, limit: AHEAD_PAGES * PAGE_ROWS });
    port.answerAll();
    // A fast flick: every row it reaches was read before the view got there.
    for (let first = 160; first < 5000; first += 12) {
      pages.view(first, first + 24);
      for (let i = first; i <= first + 24; i++) expect(pages.rowAt(i), `row ${i}`).toBeDefined();
      port.answerAll();
    }
    // No page was read twice while scrolling one way.
    const offsets = port.subs.filter((s) => s.kind === 'rows').flatMap((s) => Array.from({ length: s.req.limit / PAGE_ROWS }, (_, k) => s.req.offset / PAGE_ROWS + k));
    expect(new Set(offsets).size).toBe(offsets.length);
    // Only reads near the view stay live (besides the first page, for its total): each reaches
    // into the pages behind, in view or ahead; the ones scrolled past were stopped.
    const liveRuns = port.subs.filter((s) => s.live && s.kind === 'rows');
    const lastFirst = 160 + Math.floor((5000 - 160 - 1) / 12) * 12;
    for (const r of liveRuns) {
      expect(r.req.offset + r.req.limit).toBeGreaterThan(lastFirst - BEHIND_PAGES * PAGE_ROWS);
      expect(r.req.offset).toBeLessThan(lastFirst + 25 + AHEAD_PAGES * PAGE_ROWS);
    }
    expect(liveRuns.length).toBeLessThanOrEqual(3);
    pages.dispose();
    expect(port.live()).toEqual([]);
  });

  it('reads ahead upward after the scroll turns, and shows kept pages while they are read again', () => {
    const port = slowPort(50_000);
    const pages = createRowPages(port.read, signal(query()));
    port.answerAll();
    for (let first = 0; first <= 3000; first += 100) { pages.view(first, first + 24); port.answerAll(); }
    const before = port.subs.length;
    pages.view(2900, 2924); // turning back up: the lookahead is now above
    const upward = port.subs.slice(before).map((s) => s.req.offset);
    expect(Math.min(...upward)).toBeLessThan(2900 - 2 * PAGE_ROWS);
    // Pages scrolled past are kept (up to KEPT_PAGES): shown at once, before their new answer.
    expect(pages.rowAt(2500)?.name).toBe('r002500');
    expect(pages.rowAt(3000 - KEPT_PAGES * PAGE_ROWS - 200)).toBeUndefined(); // older ones were let go
    pages.dispose();
  });

  it('keeps the object of a row that did not change when its page is read again, so it does not re-render', () => {
    const port = slowPort(300);
    const pages = createRowPages(port.read, signal(query()));
    port.answerAll();
    const [r4, r5] = [pages.rowAt(4), pages.rowAt(5)];
    const v = pages.version.value;
    port.change(); // row 5 changes in the read model: every live read answers again
    port.answerAll();
    expect(pages.version.value).toBeGreaterThan(v);
    expect(pages.rowAt(4)).toBe(r4);
    expect(pages.rowAt(5)).not.toBe(r5);
    expect(pages.rowAt(5)?.data.v).toBe(1);
    pages.dispose();
  });

  it('a new query keeps showing the last rows until its first page answers, then only its own', () => {
    const port = slowPort(1000);
    const q = signal(query());
    const pages = createRowPages(port.read, q);
    port.answerAll();
    pages.view(500, 524);
    port.answerAll();
    q.value = query('x');
    expect(pages.rowAt(0)?.id).toBe('r000000'); // no blank flash while the new query runs
    // The old query's reads stopped; the new one reads from its top.
    expect(port.subs.filter((s) => s.live && s.req.search === '')).toEqual([]);
    port.answerAll();
    expect(pages.rowAt(0)?.id).toBe('xr000000');
    expect(pages.rowAt(500)).toBeUndefined(); // the old query's pages are gone
    // The same query again (a new object, same content) reads nothing.
    const reads = port.subs.length;
    q.value = query('x');
    expect(port.subs.length).toBe(reads);
    pages.dispose();
  });

  it('a short list reads its one page and nothing past its end', () => {
    const port = slowPort(30);
    const pages = createRowPages(port.read, signal(query()));
    port.answerAll();
    expect(pages.total.value).toBe(30);
    pages.view(0, 29);
    expect(port.live()).toEqual([[0, PAGE_ROWS]]);
    expect(pages.rowsIn(0, 40)).toHaveLength(30);
    pages.dispose();
  });
});
