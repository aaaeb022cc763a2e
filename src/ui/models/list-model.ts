import { batch, signal, computed, effect } from '@preact/signals';
import type { Collection } from '../../domain/index.ts';
import type { ListFilters, ListPage, ListRow, ListSort, ReadPort } from '../ports.ts';
import { watchedNames } from './watched-names.ts';
import { subtitleOf } from '../../domain/list-subtitle.ts';
import { PAGE, ROW_HEIGHT, listWindow } from './list-window.ts';

export { PAGE, ROW_HEIGHT } from './list-window.ts';

/**
 * A virtualized list: the model holds the query and the visible window; it asks the read
 * port for just the rows in view (plus a margin) and re-asks when the query or window moves.
 */
/**
 * `watch: false`: the model holds the query only (search, filters, sort) and reads no rows; a
 * dashboard table reads its rows page by page (src/ui/tables/row-pages.ts).
 */
export function createListModel(read: ReadPort, type: Collection, opts: { pageSize?: number; deleted?: boolean; rankOf?: (field: string) => string[] | undefined; watch?: boolean } = {}) {
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
  const view = computed(() => listWindow(offset.value, size));
  let unsubscribe: () => void = () => {};
  let lastKey = '';
  let lastTotal = 0;
  /** The query without its window: what the rows are, not which of them. */
  const query = computed(() => {
    const s = sort.value;
    const rank = s && opts.rankOf?.(s.field);
    return { type, search: search.value, statusId: statusId.value, filters: filters.value, sort: s && rank?.length ? { ...s, rank } : s, deleted: opts.deleted };
  });
  /** A search, status or filter hides some records: an empty list then says "nothing matches", not "none". */
  const narrowed = computed(() => !!search.value || !!statusId.value || Object.keys(filters.value).length > 0);
  const stop = opts.watch === false ? () => {} : effect(() => {
    const req = { ...query.value, ...view.value };
    unsubscribe();
    // While a new window of the same query is counted, its total is the one already known
    // (scrolling must not shrink the list to the rows fetched so far).
    const key = JSON.stringify({ ...req, offset: 0, limit: 0 });
    unsubscribe = read.watchList(req, (p) => {
      const total = p.totalPending && key === lastKey ? Math.max(lastTotal, p.total) : p.total;
      lastKey = key; lastTotal = total;
      batch(() => { page.value = { rows: p.rows, total }; pageOffset.value = req.offset; loaded.value = true; });
    });
  });
  // The companies the rows' people point at (`companyId`: the row holds only the id), named
  // for the rows in the window; a lead's typed company needs nothing.
  const companyNames = watchedNames(read, () => page.value.rows.map(companyIdOf).filter((id): id is string => !!id).map((id) => ({ type: 'companies' as const, id })));
  const companies = companyNames.names;
  return {
    type, search, statusId, filters, sort, query, offset, page, pageOffset, loaded, view, companies, narrowed,
    /** A row's second line, with its person's company by name once read ("Engineer · Analytical Engines Ltd · ada@…"). */
    subtitle(row: ListRow): string {
      const id = companyIdOf(row);
      const company = id ? companies.value[`companies:${id}`] : undefined;
      return company && !company.deleted ? subtitleOf(row.data, company.name) : row.subtitle;
    },
    // Batched: one query per change, not one for the new text at the old offset and another.
    setSearch(text: string) { batch(() => { search.value = text; offset.value = 0; }); },
    setFilter(key: keyof ListFilters, value: string) {
      const next = { ...filters.value };
      if (value) next[key] = value; else delete next[key];
      batch(() => { filters.value = next; offset.value = 0; });
    },
    /** Click a column: sort by it, again: the other way. */
    sortBy(field: string) {
      const s = sort.value ?? { field: 'name', dir: 'asc' as const };
      batch(() => { sort.value = s.field === field ? { field, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { field, dir: 'asc' }; offset.value = 0; });
    },
    scrolledTo(scrollTop: number) {
      const first = Math.floor(scrollTop / ROW_HEIGHT);
      if (Math.abs(first - offset.value) >= 10) offset.value = first;
    },
    goTo(newOffset: number) { offset.value = Math.max(0, newOffset); },
    dispose() { stop(); unsubscribe(); companyNames.dispose(); },
  };
}

/** The company a row's record points at by id (a person's, a deal's), if the row has no typed company name. */
const companyIdOf = (row: ListRow): string | undefined => {
  const id = row.data.companyId;
  return typeof id === 'string' && id && !row.data.companyName ? id : undefined;
};
export type ListModel = ReturnType<typeof createListModel>;
