import { computed, signal } from '@preact/signals';
import type { Collection } from '../../domain/index.ts';
import type { ListFilters, SavedView, TableViewState, ViewsPort } from '../ports.ts';
import type { TableModel } from './table-model.ts';
import { batchId as newViewId } from './errors.ts';

/** Longer names don't fit the views menu and are a paste gone wrong, not a name. */
export const MAX_VIEW_NAME = 60;
/** A menu of more views than this is no longer a shortcut; it also bounds what storage holds. */
export const MAX_VIEWS_PER_TABLE = 50;

/** Why `name` can't name a view of `type` (empty, too long, taken), or '' when it can. */
export function viewNameError(name: string, views: SavedView[], type: Collection, exceptId?: string): string {
  const n = name.trim();
  if (!n) return 'Name the view first.';
  if (n.length > MAX_VIEW_NAME) return `A view name is at most ${MAX_VIEW_NAME} characters (this one has ${n.length}).`;
  const clash = views.find((v) => v.type === type && v.id !== exceptId && v.name.toLocaleLowerCase() === n.toLocaleLowerCase());
  return clash ? `There is already a view named "${clash.name}" for this table.` : '';
}

/** The table's current filters, sort, search and columns, as plain data (what storage keeps). */
export function captureView(table: TableModel): TableViewState {
  const { list } = table;
  const filters: ListFilters = {};
  for (const [k, v] of Object.entries(list.filters.value)) if (v) filters[k as keyof ListFilters] = v;
  const sort = list.sort.value;
  return { search: list.search.value, filters, ...(sort ? { sort: { field: sort.field, dir: sort.dir } } : {}), columns: [...table.columns.value] };
}

/**
 * Puts a saved state back on the table; columns the table no longer offers are skipped (custom
 * fields are kept: their definitions may not have loaded yet, and the table hides unknown ones).
 */
export function applyViewState(table: TableModel, state: TableViewState): void {
  const offered = new Set(table.offered.value.map((c) => c.key));
  table.list.search.value = state.search;
  table.list.filters.value = { ...state.filters };
  table.list.sort.value = state.sort ? { ...state.sort } : undefined;
  table.list.offset.value = 0;
  table.columns.value = state.columns.filter((k) => offered.has(k) || k.startsWith('custom.'));
  table.selected.value = new Set();
}

const sameState = (a: TableViewState, b: TableViewState) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The saved views of one table: save the current state under a name, apply, rename, delete.
 * Every write re-reads storage first, so views saved meanwhile in another tab are kept.
 */
export function createViewsModel(port: ViewsPort, table: TableModel, now: () => number = Date.now) {
  const all = signal<SavedView[]>([]);
  const views = computed(() => all.value.filter((v) => v.type === table.type).sort((a, b) => a.name.localeCompare(b.name)));
  const active = signal<string | null>(null);
  const error = signal('');
  const message = signal('');
  /** The applied view no longer matches the table (a filter or the sort changed since). */
  const changed = computed(() => {
    const v = views.value.find((x) => x.id === active.value);
    return !!v && !sameState(v.state, captureView(table));
  });

  async function write(change: (current: SavedView[]) => SavedView[] | string, done: string): Promise<boolean> {
    try {
      const current = await port.load();
      const next = change(current);
      if (typeof next === 'string') { error.value = next; return false; }
      await port.save(next);
      all.value = next;
      error.value = ''; message.value = done;
      return true;
    } catch (e) {
      error.value = `Could not save the views: ${(e as Error).message}`;
      return false;
    }
  }

  return {
    views, active, error, message, changed,
    async load() {
      try { all.value = await port.load(); } catch (e) { error.value = `Could not read the saved views: ${(e as Error).message}`; }
    },
    async save(name: string): Promise<boolean> {
      const id = newViewId();
      const ok = await write((current) => {
        const problem = viewNameError(name, current, table.type);
        if (problem) return problem;
        if (current.filter((v) => v.type === table.type).length >= MAX_VIEWS_PER_TABLE) return `This table has ${MAX_VIEWS_PER_TABLE} views already: delete one first.`;
        return [...current, { id, type: table.type, name: name.trim(), state: captureView(table), savedAt: now() }];
      }, `View "${name.trim()}" saved`);
      if (ok) active.value = id;
      return ok;
    },
    apply(id: string) {
      const v = views.value.find((x) => x.id === id);
      if (!v) { error.value = 'That view was deleted (in another tab?).'; return; }
      applyViewState(table, v.state);
      active.value = id; error.value = ''; message.value = `View "${v.name}" applied`;
    },
    /** Saves the table's current state into the applied view (after changing a filter). */
    update(id: string): Promise<boolean> {
      return write((current) => {
        const v = current.find((x) => x.id === id);
        return v ? current.map((x) => (x.id === id ? { ...x, state: captureView(table), savedAt: now() } : x)) : 'That view was deleted (in another tab?).';
      }, 'View updated');
    },
    rename(id: string, name: string): Promise<boolean> {
      return write((current) => {
        if (!current.some((x) => x.id === id)) return 'That view was deleted (in another tab?).';
        return viewNameError(name, current, table.type, id) || current.map((x) => (x.id === id ? { ...x, name: name.trim() } : x));
      }, `View renamed to "${name.trim()}"`);
    },
    async remove(id: string): Promise<boolean> {
      const name = all.value.find((x) => x.id === id)?.name ?? '';
      const ok = await write((current) => current.filter((x) => x.id !== id), `View "${name}" deleted`);
      if (ok && active.value === id) active.value = null;
      return ok;
    },
  };
}
export type ViewsModel = ReturnType<typeof createViewsModel>;
