import { batch, signal, computed, effect } from '@preact/signals';
import type { Collection } from '../../domain/index.ts';
import type { ListFilters, ListPage, ListSort, ReadPort } from '../ports.ts';

export const ROW_HEIGHT = 52;
export const PAGE = 50;

/**
 * A virtualized list: the model holds the query and the visible window; it asks the read
 * port for just the rows in view (plus a margin) and re-asks when the query or window moves.
 */
export function createListModel(read: ReadPort, type: Collection, opts: { pageSize?: number; deleted?: boolean; rankOf?: (field: string) => string[] | undefined } = {}) {
  const search = signal('');
  const statusId = signal<string | undefined>(undefined);
  const filters = signal<ListFilters>({});
  const sort = signal<ListSort | undefined>(undefined);
  const offset = signal(0);
  const page = signal<ListPage>({ rows: [], total: 0 });
  /** Where `page.rows[0]` sits in the whole list (the window the answer was asked for). */
  const pageOffset = signal(0);
  const loaded = signal(false);
  const size = opts.pageSize ?? PAGE;
  const view = computed(() => ({ offset: Math.max(0, offset.value - 10), limit: size + 20 }));
  let unsubscribe: () => void = () => {};
  const stop = effect(() => {
    const s = sort.value;
    const rank = s && opts.rankOf?.(s.field);
    const req = { type, search: search.value, statusId: statusId.value, filters: filters.value, sort: s && rank?.length ? { ...s, rank } : s, deleted: opts.deleted, ...view.value };
    unsubscribe();
    unsubscribe = read.watchList(req, (p) => { batch(() => { page.value = p; pageOffset.value = req.offset; loaded.value = true; }); });
  });
  return {
    type, search, statusId, filters, sort, offset, page, pageOffset, loaded, view,
    setSearch(text: string) { search.value = text; offset.value = 0; },
    setFilter(key: keyof ListFilters, value: string) {
      const next = { ...filters.value };
      if (value) next[key] = value; else delete next[key];
      filters.value = next;
      offset.value = 0;
    },
    /** Click a column: sort by it, again: the other way. */
    sortBy(field: string) {
      const s = sort.value ?? { field: 'name', dir: 'asc' as const };
      sort.value = s.field === field ? { field, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { field, dir: 'asc' };
      offset.value = 0;
    },
    scrolledTo(scrollTop: number) {
      const first = Math.floor(scrollTop / ROW_HEIGHT);
      if (Math.abs(first - offset.value) >= 10) offset.value = first;
    },
    goTo(newOffset: number) { offset.value = Math.max(0, newOffset); },
    dispose() { stop(); unsubscribe(); },
  };
}
export type ListModel = ReturnType<typeof createListModel>;
