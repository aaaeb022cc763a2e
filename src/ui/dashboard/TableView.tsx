import { useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { memo } from 'preact/compat';
import type { Collection } from '../../domain/index.ts';
import type { ListRow, ReadPort, RecordName, ViewsPort, WorkspaceConfig, WritePort } from '../ports.ts';
import { cellKey, createTableModel, SELECT_COLUMN, type TableModel } from '../models/table-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { routeHash, type NavModel } from '../models/nav-model.ts';
import type { UndoModel } from '../models/undo-model.ts';
import { countLabel, LABELS } from '../records/labels.ts';
import { createViewsModel } from '../models/views-model.ts';
import { ViewsMenu } from './ViewsMenu.tsx';
import { TableFilters } from './TableFilters.tsx';
import { BulkBar } from './BulkBar.tsx';
import { Cell } from './Cell.tsx';
import { ColumnsMenu } from './ColumnsMenu.tsx';
import type { Column } from './columns.ts';
import { useVirtualRows } from './use-virtual-rows.ts';
import { computed } from '@preact/signals';
import { createTrashedModel } from '../models/trashed-model.ts';
import { TrashedEmpty } from '../records/TrashedEmpty.tsx';
import { EmptyState, buttonClass, icons } from '../ds/index.ts';
import './tables.css';

type Props = {
  type: Collection; ports: { read: ReadPort; write: WritePort; views?: ViewsPort }; config: ConfigModel; nav: NavModel; undo: UndoModel; trash?: boolean;
  /** The view's own filter controls (the trash's record type), first in the toolbar, after the heading. */
  controls?: ComponentChildren;
};

/** One row's height in px (fixed: the virtualizer never measures while scrolling). */
export const ROW_PX = 36;
/**
 * Column widths are fixed (`table-layout: fixed`): with automatic widths the browser measured
 * every cell of every row at each scrolled frame, and columns changed width as rows came in.
 * Longer values end in an ellipsis; the record page shows them whole.
 */
const CHECK_EM = 2.5;
/** More than the rows a view holds (a 1,440 px screen shows 40, plus the virtualizer's overscan). */
const SLOTS = 100;
const columnEm = (c: Column) => (c.primary ? 16 : c.numeric ? 8 : 12);

/**
 * A table of one record type: every column sorts, cells edit in place, columns are chosen and
 * ordered (saved with a view), a selection that stays until cleared feeds bulk actions, and
 * only the rows in view are in the DOM, so 50,000 records scroll like 50.
 */
export function TableView({ type, ports, config, nav, undo, trash, controls }: Props) {
  const model = useMemo(() => createTableModel(ports, type, undo, { deleted: trash, config: () => config.config.value }), [type, trash]);
  useEffect(() => () => model.dispose(), [model]);
  const views = useMemo(() => (ports.views && !trash ? createViewsModel(ports.views, model) : null), [model]);
  // Nothing live and nothing filtered out: are they in the trash? (Asked only then.)
  const trashed = useMemo(() => (trash ? null : createTrashedModel(ports.read, type, computed(() =>
    model.pages.loaded.value && model.pages.total.value === 0 && !model.list.narrowed.value))), [model]);
  useEffect(() => () => trashed?.dispose(), [trashed]);
  const inTrash = trashed?.count.value ?? 0;
  useEffect(() => { void views?.load(); }, [views]);
  const { list } = model;
  const total = model.pages.total.value;
  const sel = model.selected.value;
  const readOnly = config.config.value?.me.role === 'viewer';
  const title = trash ? `Trash: ${LABELS[type].many.toLowerCase()}` : LABELS[type].many;
  const empty = model.pages.loaded.value && total === 0;
  const filtered = !!list.search.value || Object.keys(list.filters.value).length > 0;
  const exportable = !trash && (type === 'leads' || type === 'people' || type === 'companies');
  // A bulk action whose rows leave (delete, restore) takes its bar and button away: focus, lost to
  // the page, goes to the line saying what was done (next to Tab: the rows).
  const said = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => {
    const lost = !document.activeElement || document.activeElement === document.body;
    if (model.message.value && lost) said.current?.focus();
  }, [model.message.value, sel]);
  return (
    <section class="table-view" aria-labelledby="table-h">
      <div class="table-head">
        <h2 id="table-h">{title}</h2>
        <p class="count" aria-live="polite">{countLabel(total, type)}</p>
      </div>
      <div class="toolbar">
        {controls}
        <input type="search" class="ds-input search" aria-label={`Search ${LABELS[type].many.toLowerCase()}`} placeholder="Search…" value={list.search.value} onInput={(e) => list.setSearch((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => { if (e.key === 'Escape') (e.currentTarget as HTMLInputElement).blur(); }} />
        {!trash && <TableFilters type={type} model={list} config={config} />}
        <ColumnsMenu model={model} />
        {exportable && (
          <a class={buttonClass('ghost')} href={routeHash({ view: 'export', type, filters: list.filters.value, search: list.search.value })} onClick={(e) => { e.preventDefault(); nav.go({ view: 'export', type: type as 'leads', filters: list.filters.value, search: list.search.value }); }}>Export these</a>
        )}
      </div>
      {views && <ViewsMenu model={views} />}
      {!readOnly && !empty && <BulkBar model={model} config={config} trash={trash} />}
      {model.message.value && <p role="status" class="saved" tabIndex={-1} ref={said}>{model.message.value}</p>}
      {model.errors.value.map((e) => <p key={e.message} class="field-error" role="alert">{e.message}</p>)}
      {/* Nothing to show: the empty state where the rows would be, not under an empty grid. */}
      {empty && !filtered && inTrash > 0 ? <TrashedEmpty type={type} count={inTrash} nav={nav} /> : empty ? (
        <EmptyState icon={trash ? icons.Trash : icons.Inbox} title={trash ? 'The trash is empty.' : filtered ? 'Nothing matches these filters.' : `No ${LABELS[type].many.toLowerCase()} yet.`}>
          {trash ? 'Deleted records wait here until they are restored.' : filtered ? 'Change the search or a filter to see more.' : emptyHint(type)}
        </EmptyState>
      ) : (
        <Grid model={model} config={config.config.value} nav={nav} trash={trash} readOnly={readOnly || !!trash} />
      )}
      {sel.size > 0 && <p class="sr-only" aria-live="polite">{sel.size} selected</p>}
    </section>
  );
}

/** How an empty table of this type gets its first records. */
function emptyHint(type: Collection): string {
  if (type === 'leads' || type === 'people') return 'Capture one from a page in the side panel, add one with New, or import a CSV or vCard file.';
  if (type === 'companies') return 'Add one with New, or import a CSV file; converting a lead adds its company too.';
  if (type === 'opportunities') return 'Add one with New, or convert a qualified lead into a deal.';
  return 'Add one with New, or from any record’s Add task.';
}

function Grid({ model, config, nav, trash, readOnly }: { model: TableModel; config: WorkspaceConfig | null; nav: NavModel; trash?: boolean; readOnly: boolean }) {
  const { list, pages } = model;
  const scroller = useRef<HTMLDivElement>(null);
  const total = pages.total.value;
  void pages.version.value; // re-render when a page of rows arrives
  const v = useVirtualRows(total, ROW_PX, () => scroller.current);
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  // Pages ahead of the scroll are read before they come into view (src/ui/tables/row-pages.ts).
  useLayoutEffect(() => { pages.view(first, last); }, [first, last, total]);
  // The box fits its rows (tables.css): room for a sideways scrollbar too, when the columns are wider than the window.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const bar = `${Math.max(0, el.offsetHeight - el.clientHeight - el.clientTop * 2)}px`;
    if (el.style.getPropertyValue('--bar-px') !== bar) el.style.setProperty('--bar-px', bar);
    // Not at every render: a scroll renders each frame, and these reads force a layout.
  }, [model.shown.value, total, pages.loaded.value]);
  // A new query (search, filter, sort) starts at the top.
  useEffect(() => { scroller.current?.scrollTo({ top: 0 }); }, [list.search.value, list.filters.value, list.sort.value]);
  const at = (i: number): ListRow | undefined => pages.rowAt(i);
  const cols = model.shown.value;
  const names = model.refNames.value;
  // Which cell is open and which cells have an error, handed to the rows that have them only, so
  // the other rows' props stay the same and their memo holds.
  const editing = model.editing.value;
  const errorsByRow = useMemo(() => byRow(model.cellErrors.value), [model.cellErrors.value]);
  // A cell to focus once it is rendered (after an editor closed, or an arrow key moved past the
  // rows in the DOM and the view scrolls there).
  const refocus = useRef<string | null>(null);
  const onClose = useMemo(() => (key: string) => { refocus.current = key; model.editing.value = null; }, [model]);
  useLayoutEffect(() => {
    if (editing) return;
    // Rows are recycled by position: when an edit re-sorts the list (a title changed while sorted
    // by title), the focused cell's element now shows another record. Focus follows the record.
    const focused = document.activeElement as HTMLElement | null;
    const drifted = focused?.dataset?.cell && scroller.current?.contains(focused) && focused.dataset.cell !== model.active.value ? model.active.value : null;
    const want = refocus.current ?? drifted;
    if (!want) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-cell="${CSS.escape(want)}"]`);
    if (el) { el.focus(); refocus.current = null; }
  });
  const keys = [SELECT_COLUMN, ...cols.map((c) => c.key)];
  // The grid's one tab stop: the active cell while its row is in the DOM; else the scroller,
  // whose focus hands it to the first row in view.
  const active = model.active.value;
  const activeRow = active ? items.find((it) => { const r = at(it.index); return r && active.startsWith(`${r.id}:`) && keys.includes(active.slice(r.id.length + 1)); }) : undefined;
  const activeId = activeRow ? at(activeRow.index)!.id : null;
  const moveTo = (index: number, col: number) => {
    const i = Math.max(0, Math.min(total - 1, index));
    const row = pages.rowAt(i);
    v.scrollToIndex(i);
    if (!row) return;
    const key = cellKey(row.id, keys[Math.max(0, Math.min(keys.length - 1, col))]);
    model.active.value = key;
    refocus.current = key;
    scroller.current?.querySelector<HTMLElement>(`[data-cell="${CSS.escape(key)}"]`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-cell]');
    const tr = el?.closest<HTMLElement>('tr[data-id]');
    if (!el || !tr) return;
    const index = Number(tr.getAttribute('aria-rowindex')) - 2;
    const col = keys.indexOf(el.dataset.cell!.slice(tr.dataset.id!.length + 1));
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_PX * 10) / ROW_PX) - 1);
    const ctrl = e.ctrlKey || e.metaKey;
    const to: Record<string, () => void> = {
      ArrowDown: () => moveTo(index + 1, col), ArrowUp: () => moveTo(index - 1, col),
      ArrowRight: () => moveTo(index, col + 1), ArrowLeft: () => moveTo(index, col - 1),
      PageDown: () => moveTo(index + page, col), PageUp: () => moveTo(index - page, col),
      Home: () => moveTo(ctrl ? 0 : index, 0), End: () => moveTo(ctrl ? total - 1 : index, keys.length - 1),
    };
    if (to[e.key]) { e.preventDefault(); to[e.key](); return; }
    // Enter or F2 on a cell edits it (a link or checkbox keeps its own Enter and Space).
    if ((e.key === 'Enter' || e.key === 'F2') && el.classList.contains('editable')) { e.preventDefault(); model.editing.value = el.dataset.cell!; }
  };
  const onClick = (e: MouseEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('td.editable[data-cell]');
    if (el) model.editing.value = el.dataset.cell!;
  };
  // Focus on a cell (a click, Tab back into the grid) makes it the tab stop.
  const onFocusIn = (e: FocusEvent) => {
    const key = (e.target as HTMLElement).dataset?.cell;
    if (key && key !== model.active.value) model.active.value = key;
  };
  const onScrollerFocus = (e: FocusEvent) => {
    if (e.target !== scroller.current || activeId) return;
    const i = Math.min(total - 1, Math.ceil((scroller.current?.scrollTop ?? 0) / ROW_PX));
    if (i >= 0) moveTo(i, 1);
  };
  const sort = list.sort.value ?? { field: 'name', dir: 'asc' };
  const sel = model.selected.value;
  // "The rows shown": those in view, not the overscan above and below it.
  const seen = v.range ?? { startIndex: first, endIndex: last };
  const shownRows = pages.rowsIn(seen.startIndex, seen.endIndex);
  const allShown = shownRows.length > 0 && shownRows.every((r) => sel.has(r.id));
  const height = v.getTotalSize();
  const padTop = items[0]?.start ?? 0;
  return (
    <div class="table-scroll" ref={scroller} style={pages.loaded.value ? { '--rows-px': `${height + ROW_PX}px` } : undefined} tabIndex={activeId ? -1 : 0} onFocus={onScrollerFocus} aria-label={activeId ? undefined : 'Table rows: press Tab or an arrow key to move through cells'}>
      <div style={{ height: `${height + ROW_PX}px`, paddingTop: `${padTop}px`, boxSizing: 'border-box' }}>
        <table role="grid" aria-rowcount={total + 1} aria-colcount={keys.length} aria-labelledby="table-h" aria-readonly={readOnly || undefined} style={{ width: `${CHECK_EM + cols.reduce((n, c) => n + columnEm(c), 0)}em` }}>
          <colgroup>
            <col style={{ width: `${CHECK_EM}em` }} />
            {cols.map((c) => <col key={c.key} style={{ width: `${columnEm(c)}em` }} />)}
          </colgroup>
          <thead role="rowgroup">
            <tr role="row" aria-rowindex={1}>
              <th role="columnheader" scope="col" class="check"><input type="checkbox" aria-label="Select the rows shown" checked={allShown} onChange={(e) => model.selectRows((e.currentTarget as HTMLInputElement).checked, shownRows)} /></th>
              {cols.map((c) => (
                <th role="columnheader" scope="col" key={c.key} class={c.numeric ? 'num' : undefined} aria-sort={sort.field === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {/* A reference column holds ids: sorted by them it would look shuffled, so its header is a label. */}
                  {c.refOf ? <span class="sort">{c.label}</span>
                    : <button type="button" class="sort" onClick={() => list.sortBy(c.key)}>{c.label}<span aria-hidden="true">{sort.field === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span></button>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody role="rowgroup" onKeyDown={onKeyDown} onClick={onClick} onFocusIn={onFocusIn}>
            {items.map((it, _i, all) => {
              const r = at(it.index);
              // Keyed by slot, not by record: a row that stays in view keeps its slot and, memoised,
              // is not rendered again. (A slot per rendered row, reused as rows scroll out, made
              // Preact move rows in the DOM each frame: measured slower, docs/architecture.md.)
              const slot = it.index % Math.max(SLOTS, all.length);
              if (!r) return <tr role="row" key={slot} class="placeholder" aria-rowindex={it.index + 2} style={{ height: `${ROW_PX}px` }}><td role="gridcell" colSpan={cols.length + 1}><span class="skeleton-line" /></td></tr>;
              const open = editing?.startsWith(`${r.id}:`) ? editing.slice(r.id.length + 1) : undefined;
              return <Row key={slot} r={r} index={it.index} selected={sel.has(r.id)} cols={cols} model={model} config={config} nav={nav} trash={trash} readOnly={readOnly} editing={open} active={r.id === activeId ? active!.slice(r.id.length + 1) : undefined} errors={errorsByRow.get(r.id)} onClose={onClose} names={names} />;
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}


type RowProps = {
  r: ListRow; index: number; selected: boolean; cols: Column[]; model: TableModel; config: WorkspaceConfig | null; nav: NavModel; trash?: boolean; readOnly: boolean;
  /** The column being edited in this row; the column of the grid's tab stop, if in this row; its cells' errors by column. */
  editing?: string; active?: string; errors?: Map<string, string>; onClose: (cellKey: string) => void;
  /** The names of records the reference columns point at (the table model's `refNames`). */
  names: Readonly<Record<string, RecordName>>;
};

/** Cell errors (`${id}:${column}` → message) grouped by row id. */
function byRow(errors: Record<string, string>): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [key, message] of Object.entries(errors)) {
    const i = key.lastIndexOf(':');
    const row = key.slice(0, i);
    if (!out.has(row)) out.set(row, new Map());
    out.get(row)!.set(key.slice(i + 1), message);
  }
  return out;
}

/**
 * One row; memoised, so a scrolled frame re-renders only the rows that came into view (the
 * others keep their props: the same record, selection and columns).
 */
const Row = memo(function Row({ r, index, selected, cols, model, config, nav, trash, readOnly, editing, active, errors, onClose, names }: RowProps) {
  const tab = (key: string) => (active === key ? 0 : -1);
  return (
    <tr role="row" data-id={r.id} aria-rowindex={index + 2} class={selected ? 'selected' : undefined} style={{ height: `${ROW_PX}px` }}>
      <td role="gridcell" class="check"><input type="checkbox" data-cell={cellKey(r.id, SELECT_COLUMN)} tabIndex={tab(SELECT_COLUMN)} aria-label={`Select ${r.name || 'row'}`} checked={selected} onChange={() => model.toggle(r.id, r.data)} /></td>
      {cols.map((c) => (c.primary ? (
        <th role="rowheader" scope="row" key={c.key} class="primary">
          {trash ? <span data-cell={cellKey(r.id, c.key)} tabIndex={tab(c.key)}>{c.text(r.data, config)}</span>
            : <a data-cell={cellKey(r.id, c.key)} tabIndex={tab(c.key)} href={`#/${model.type}/${encodeURIComponent(r.id)}`} onClick={(e) => { e.preventDefault(); nav.open(model.type, r.id); }}>{c.text(r.data, config)}</a>}
        </th>
      ) : <Cell key={c.key} column={c} row={r} model={model} config={config} readOnly={readOnly} editing={editing === c.key} active={active === c.key} error={errors?.get(c.key)} onClose={onClose} names={names} />))}
    </tr>
  );
});
