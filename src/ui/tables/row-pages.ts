import { batch, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { ListRequest, ListRow, ReadPort } from '../ports.ts';

/**
 * A long table's rows, read in fixed pages around what is in view: pages ahead in the scroll
 * direction are read before they are reached, each page is read once (and kept live while near
 * the view), pages scrolled past stay cached, and a row that did not change keeps its object, so
 * a memoised row component does not re-render when its page is read again.
 */

/** Rows per page (one read each): 100 rows are 8 frames of a fast flick at 12 rows a frame. */
export const PAGE_ROWS = 100;
/** Pages read ahead in the scroll direction: 400 rows, ~33 frames of a fast flick, longer than a page read takes at 50k. */
export const AHEAD_PAGES = 4;
/** Pages kept live behind the view (a small scroll back shows current rows). */
export const BEHIND_PAGES = 1;
/** Pages kept in memory once out of reach, not live: scrolling back shows them while they are read again. */
export const KEPT_PAGES = 40;

export type PageQuery = Omit<ListRequest, 'offset' | 'limit'>;

type Page = { rows: ListRow[]; usedAt: number };
/** One live read of `count` pages from page `first` (contiguous pages missing at once are one read). */
type Run = { first: number; count: number; stop: () => void };
/** Everything read for one query; a new query starts a new generation, shown once its first page answers. */
type Generation = { key: string; query: PageQuery; pages: Map<number, Page>; runs: Set<Run>; stopFirst: () => void; total: number; pending: boolean; answered: boolean };

export function createRowPages(read: ReadPort, query: ReadonlySignal<PageQuery>) {
  const total = signal(0);
  const loaded = signal(false);
  /** Bumped whenever a shown page's rows change: a component reading it re-renders then. */
  const version = signal(0);
  let view = { first: 0, last: 0, dir: 1 as 1 | -1 };
  let clock = 0;
  let current: Generation | null = null;
  let shown: Generation | null = null;

  const runOf = (gen: Generation, page: number) => {
    for (const r of gen.runs) if (page >= r.first && page < r.first + r.count) return r;
    return null;
  };

  /** A page's new rows, reusing the objects of rows that did not change. */
  function put(gen: Generation, page: number, rows: ListRow[]) {
    const before = gen.pages.get(page)?.rows;
    const old = new Map(before?.map((r) => [r.id, r]));
    gen.pages.set(page, { rows: rows.map((r) => { const o = old.get(r.id); return o && sameRow(o, r) ? o : r; }), usedAt: ++clock });
  }

  function show(gen: Generation) {
    shown = gen;
    batch(() => { total.value = gen.total; loaded.value = true; version.value++; });
  }

  function start(q: PageQuery) {
    const gen: Generation = { key: JSON.stringify(q), query: q, pages: new Map(), runs: new Set(), stopFirst: () => {}, total: 0, pending: true, answered: false };
    current = gen;
    view = { first: 0, last: 0, dir: 1 };
    // The first page carries the total (counted after its rows): it stays live for the whole query.
    let stopped = false;
    const stopFirst = read.watchList({ ...q, offset: 0, limit: PAGE_ROWS }, (p) => {
      if (stopped) return;
      put(gen, 0, p.rows);
      gen.total = p.total;
      gen.pending = !!p.totalPending;
      gen.answered = true;
      show(gen);
      want();
    });
    gen.stopFirst = () => { stopped = true; stopFirst(); };
  }

  function stopAll(gen: Generation) {
    gen.stopFirst();
    gen.stopFirst = () => {};
    for (const r of gen.runs) r.stop();
    gen.runs.clear();
  }

  function startRun(gen: Generation, first: number, count: number) {
    const run: Run = { first, count, stop: () => {} };
    gen.runs.add(run);
    let stopped = false;
    const stop = read.watchRows({ ...gen.query, offset: first * PAGE_ROWS, limit: count * PAGE_ROWS }, (rows) => {
      if (stopped) return;
      for (let k = 0; k < count; k++) put(gen, first + k, rows.slice(k * PAGE_ROWS, (k + 1) * PAGE_ROWS));
      if (shown === gen) version.value++;
    });
    run.stop = () => { stopped = true; stop(); };
  }

  /** Reads the pages the view needs and drops what it no longer does. */
  function want() {
    const gen = current;
    if (!gen) return;
    // Until the first page answers, its total is unknown: nothing else is read (a sorted or
    // filtered table reads every matching row for any page, so a guess would cost a whole read).
    if (!gen.answered) return;
    const { first, last, dir } = view;
    // While the total is still being counted it is only a lower bound: read ahead anyway.
    const end = gen.pending ? Number.POSITIVE_INFINITY : gen.total;
    const lo = Math.max(0, first - (dir > 0 ? BEHIND_PAGES : AHEAD_PAGES) * PAGE_ROWS);
    const hi = Math.min(end, last + 1 + (dir > 0 ? AHEAD_PAGES : BEHIND_PAGES) * PAGE_ROWS);
    const pLo = Math.floor(lo / PAGE_ROWS);
    const pHi = Math.max(pLo, Math.ceil(hi / PAGE_ROWS) - 1);
    for (const r of [...gen.runs]) {
      if (r.first + r.count - 1 < pLo || r.first > pHi) { r.stop(); gen.runs.delete(r); }
    }
    const lastPage = Number.isFinite(end) ? Math.ceil(end / PAGE_ROWS) - 1 : Number.POSITIVE_INFINITY;
    const free = (p: number) => p > 0 && p <= lastPage && !runOf(gen, p);
    let from = -1;
    for (let p = pLo; p <= pHi + 1; p++) {
      const missing = p <= pHi && free(p);
      if (missing && from < 0) from = p;
      else if (!missing && from >= 0) { startRun(gen, ...grown(from, p - 1, dir, free)); from = -1; }
      const page = gen.pages.get(p);
      if (page && p <= pHi) page.usedAt = ++clock;
    }
    evict(gen);
  }

  /** Pages past KEPT_PAGES, least recently near the view first, that no live read holds. */
  function evict(gen: Generation) {
    if (gen.pages.size <= KEPT_PAGES) return;
    const idle = [...gen.pages].filter(([p]) => p > 0 && !runOf(gen, p)).sort((a, b) => a[1].usedAt - b[1].usedAt);
    for (const [p] of idle.slice(0, gen.pages.size - KEPT_PAGES)) gen.pages.delete(p);
  }

  const stopQuery = effect(() => {
    const q = query.value;
    if (current && JSON.stringify(q) === current.key) return;
    // The last query's reads stop now; its rows stay shown until the new first page answers.
    if (current) stopAll(current);
    start(q);
  });

  return {
    total, loaded, version,
    /** The row at `index` in the whole list, if its page has been read (else the table shows a placeholder). */
    rowAt(index: number): ListRow | undefined {
      return shown?.pages.get(Math.floor(index / PAGE_ROWS))?.rows[index % PAGE_ROWS];
    },
    /** Rows `first`…`last` that are loaded (a table's "select the rows shown"). */
    rowsIn(first: number, last: number): ListRow[] {
      const out: ListRow[] = [];
      for (let i = first; i <= last; i++) { const r = this.rowAt(i); if (r) out.push(r); }
      return out;
    },
    /** Every row held (the pages read so far of the shown query). */
    held(): ListRow[] {
      return shown ? [...shown.pages.values()].flatMap((p) => p.rows) : [];
    },
    /** The rows in view are `first`…`last`: read ahead of the way the view moves. */
    view(first: number, last: number) {
      const dir = first > view.first ? 1 : first < view.first ? -1 : view.dir;
      if (first === view.first && last === view.last) return;
      view = { first, last, dir };
      want();
    },
    /** Which pages are read live now (tests and the bench's notes). */
    liveReads(): { first: number; count: number }[] {
      return current ? [...current.runs].map(({ first, count }) => ({ first, count })).sort((a, b) => a.first - b.first) : [];
    },
    dispose() {
      stopQuery();
      if (current) stopAll(current);
    },
  };
}
export type RowPages = ReturnType<typeof createRowPages>;

/**
 * A read of the missing pages `from`…`to`, grown to AHEAD_PAGES pages in the scroll direction
 * over pages no read holds: one read per few screens, not per page (a sorted or filtered table
 * reads every matching row whatever the page's size).
 */
function grown(from: number, to: number, dir: 1 | -1, free: (p: number) => boolean): [first: number, count: number] {
  if (dir > 0) while (to - from + 1 < AHEAD_PAGES && free(to + 1)) to++;
  else while (to - from + 1 < AHEAD_PAGES && free(from - 1)) from--;
  return [from, to - from + 1];
}

/** Same content: a row re-read after a change elsewhere on its page keeps its object. */
function sameRow(a: ListRow, b: ListRow): boolean {
  return a.name === b.name && a.subtitle === b.subtitle && a.statusId === b.statusId && JSON.stringify(a.data) === JSON.stringify(b.data) && JSON.stringify(a.signals) === JSON.stringify(b.signals);
}
