import type { Collection, RecordSignals } from '../domain/index.ts';
import { readDbName } from '../store/db-names.ts';
import { readFirstPage, type FirstPage } from '../store/first-page.ts';
import type { ListFilters, ReadPort } from '../ui/ports.ts';
import { toListRow } from './list-row.ts';

/**
 * The workspace this page's origin last opened, in `localStorage` (which a page reads at once;
 * the profile is in extension storage, an asynchronous read). A guess: the page checks it
 * against the profile before it shows anything read with it, and keeps it in step.
 */
const LAST_WORKSPACE_KEY = 'outpost.lastWorkspace';

export type EarlyList = {
  /** The first page read with the last workspace's id, if that is `workspaceId`; else null (and the id is kept for next time). */
  forWorkspace(workspaceId: string): Promise<FirstPage | null> | null;
  type: Collection;
  limit: number;
};

const stored = (): string | null => { try { return globalThis.localStorage?.getItem(LAST_WORKSPACE_KEY) ?? null; } catch { return null; } };

/** Remembers the workspace a page shows (at each start, and when the profile changes). */
export function rememberWorkspace(workspaceId: string): void {
  try { if (stored() !== workspaceId) globalThis.localStorage?.setItem(LAST_WORKSPACE_KEY, workspaceId); } catch { /* no localStorage: the next start waits for the profile */ }
}

/**
 * Starts reading a list's first page before anything else: from the read model of the last
 * workspace this origin opened (docs/architecture.md, "The side panel's first paint").
 */
export function startEarlyList(type: Collection, limit: number): EarlyList {
  const last = stored();
  const page = last ? readFirstPage(readDbName(last), type, limit) : null;
  // Boot phases (bench U1): when the early rows were read, apart from when the page used them.
  void page?.then(() => performance.mark('outpost:early-read'), () => {});
  return {
    type, limit,
    forWorkspace(workspaceId) {
      rememberWorkspace(workspaceId);
      return last === workspaceId ? page : null;
    },
  };
}

/** Where `/early-list.js` (entrypoints/early-list.ts) leaves the read it started for the page's entry. */
const EARLY_LIST_KEY = '__outpostEarlyList';
type EarlyHolder = { [EARLY_LIST_KEY]?: EarlyList };

/** Leaves a started read for the page's entry (`takeEarlyList`). */
export function publishEarlyList(early: EarlyList): void {
  (globalThis as EarlyHolder)[EARLY_LIST_KEY] = early;
}

/**
 * The read `/early-list.js` started before the page's modules loaded, if it is of this list and
 * size. Else none: the page waits for its list's query (and remembers its workspace for the next
 * start). Not a read started here: that would bring the read's code back into the entry chunk,
 * which the page's HTML always runs the script before.
 */
export function takeEarlyList(type: Collection, limit: number): EarlyList {
  const holder = globalThis as EarlyHolder;
  const early = holder[EARLY_LIST_KEY];
  delete holder[EARLY_LIST_KEY];
  if (early && early.type === type && early.limit === limit) return early;
  return { type, limit, forWorkspace(workspaceId) { rememberWorkspace(workspaceId); return null; } };
}

const isPlain = (filters: ListFilters | undefined) => !filters || Object.values(filters).every((v) => !v);

/** The frame after this one has been painted: the next frame, then one task later. */
export const afterPaint = (): Promise<void> => new Promise((done) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(done, 0));
  else setTimeout(done, 0);
});

/**
 * A read port whose first watch of the plain list (type, name order, no search or filter,
 * from the top) answers with `early` at once if the list's own query has not answered yet;
 * that query runs as always and every later answer is its. `early.shown` is called once: after
 * the frame that painted the early rows, or at once when they will not be used (no page read,
 * the list's query answered first, the watch closed, or the list's first watch is not the plain
 * one), so that the page can hold back other work until then (src/ext/boot.ts: the read
 * model's code).
 */
export function withFirstPage(read: ReadPort, early: { type: Collection; limit: number; page: Promise<FirstPage | null>; shown?: () => void }): ReadPort {
  let used = false;
  let told = false;
  const shown = () => { if (!told) { told = true; early.shown?.(); } };
  return {
    ...read,
    watchList(req, onPage) {
      if (used || req.type !== early.type) return read.watchList(req, onPage);
      used = true;
      const plain = req.offset === 0 && req.limit <= early.limit && !req.search.trim()
        && !req.statusId && !req.deleted && !req.sort && isPlain(req.filters);
      if (!plain) { shown(); return read.watchList(req, onPage); }
      let answered = false;
      let closed = false;
      const stop = read.watchList(req, (p) => { answered = true; onPage(p); });
      early.page.then((first) => {
        if (!first || answered || closed) { shown(); return; }
        performance.mark('outpost:early-rows'); // boot phases (bench U1, the first-paint e2e)
        const answer = (signals?: Map<string, RecordSignals>) => {
          const rows = first.rows.slice(0, req.limit).map((r) => toListRow(r, signals?.get(r.key)));
          // As the list's query: a first page shorter than a page is the whole list; else it is counted later.
          onPage(rows.length < req.limit ? { rows, total: rows.length } : { rows, total: rows.length, totalPending: true });
        };
        answer();
        // Their signals, read after the rows, answer again (the same rows, with them) unless the list's query has.
        void first.signals.then((signals) => { if (signals && !answered && !closed) answer(signals); });
        void afterPaint().then(shown);
      }, shown);
      return () => { closed = true; shown(); stop(); };
    },
  };
}
