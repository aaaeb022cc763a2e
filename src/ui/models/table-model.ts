import { computed, effect, signal } from '@preact/signals';
import { displayName, type Collection } from '../../domain/index.ts';
import type { FieldError, ListRow, ReadPort, Rec, WorkspaceConfig, WritePort } from '../ports.ts';
import { watchedNames } from './watched-names.ts';
import { createListModel } from './list-model.ts';
import { createRowPages } from '../tables/row-pages.ts';
import { batchId, fieldErrors } from './errors.ts';
import type { UndoModel } from './undo-model.ts';
import { bulkFields, defaultColumns, tableColumns, type Column } from '../dashboard/columns.ts';
import { groupDigits } from '../records/labels.ts';

/**
 * The most records one bulk action changes: each is one engine write, so 5,000 take a few
 * seconds; more would look hung. "Select all" stops there and says so.
 */
export const MAX_BULK = 5000;

type Ports = { read: ReadPort; write: WritePort };
type Opts = { deleted?: boolean; config?: () => WorkspaceConfig | null };

/**
 * A dashboard table: the list query, chosen columns (in the user's order), a selection that
 * stays until cleared (across scrolling, filters and bulk actions), in-place edits and bulk
 * actions (each undoable as one batch).
 */
export function createTableModel(ports: Ports, type: Collection, undo?: UndoModel, opts: Opts = {}) {
  const config = opts.config ?? (() => null);
  const offered = computed(() => tableColumns(type, config()));
  // The list holds the query (search, filters, sort); the rows are read page by page around the view.
  const list = createListModel(ports.read, type, {
    deleted: opts.deleted, watch: false,
    rankOf: (field) => offered.value.find((c) => c.key === field)?.rank?.(config()),
  });
  const pages = createRowPages(ports.read, list.query);
  let lastDefault = defaultColumns(type, config());
  const columns = signal<string[]>(lastDefault);
  // Until the user (or a saved view) chooses columns, the default follows the workspace's custom
  // fields as the config arrives or changes; chosen columns are never replaced.
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((k, i) => k === b[i]);
  const stopDefault = effect(() => {
    const next = defaultColumns(type, config());
    if (same(columns.peek(), lastDefault) && !same(next, lastDefault)) columns.value = next;
    lastDefault = next;
  });
  const editable = computed(() => bulkFields(type, config()));
  const selected = signal<Set<string>>(new Set());
  const errors = signal<FieldError[]>([]);
  /** Errors of in-place edits, by `${id}:${columnKey}`. */
  const cellErrors = signal<Record<string, string>>({});
  /** The cell open for editing in place (`${id}:${columnKey}`), if any. */
  const editing = signal<string | null>(null);
  /**
   * The grid's one tab stop (`${id}:${columnKey}`, `#select` for a row's checkbox): arrows move
   * it (roving tabindex), so Tab enters and leaves the table in one step.
   */
  const active = signal<string | null>(null);
  const message = signal('');
  const busy = signal(false);
  // The records behind the selection, kept from the pages they were seen on, so a bulk edit
  // patches a record scrolled out of view from its own values (tags, name parts, lists).
  const known = new Map<string, Rec>();
  const stopKnown = effect(() => {
    const sel = selected.value;
    if (!sel.size) return; // nothing selected: no page answer needs looking through
    void pages.version.value;
    for (const r of pages.held()) if (sel.has(r.id)) known.set(r.id, r.data);
  });
  const shown = computed(() => columns.value.map((k) => offered.value.find((c) => c.key === k)).filter((c): c is Column => !!c));

  async function bulk(label: string, each: (id: string, b: string) => Promise<unknown>, opt: { leaves?: boolean } = {}) {
    const ids = [...selected.value];
    if (!ids.length) { errors.value = [{ path: '', message: 'Select rows first: nothing was changed.' }]; message.value = ''; return; }
    const b = batchId();
    const failed: string[] = [];
    const done: string[] = [];
    busy.value = true;
    try {
      for (const id of ids) {
        try { await each(id, b); done.push(id); } catch (e) { failed.push(`${known.get(id) ? nameOf(known.get(id)!) : id}: ${fieldErrors(e)[0].message}`); }
      }
    } finally { busy.value = false; }
    errors.value = failed.length ? [{ path: '', message: `${failed.length} not changed — ${failed.slice(0, 3).join('; ')}${failed.length > 3 ? '; …' : ''}` }] : [];
    message.value = `${label}: ${done.length} of ${ids.length}`;
    // Records that left the table (deleted, restored) leave the selection; the rest stay selected.
    if (opt.leaves) { const s = new Set(selected.value); for (const id of done) { s.delete(id); known.delete(id); } selected.value = s; }
    // Undone, the line saying what was done no longer holds ("Moved to the trash: 3 of 3" stayed over the rows back).
    const said = message.value;
    if (done.length) undo?.push({ label, undo: async () => { await ports.write.undoBatch(b); if (message.value === said) message.value = ''; } });
  }

  // The names of the records the shown reference columns point at (a person's company), for the
  // rows held: renewed when a page arrives or the columns change, not at each scrolled frame.
  const refWatch = watchedNames(ports.read, () => {
    const refCols = shown.value.filter((c) => c.refOf);
    void pages.version.value;
    if (!refCols.length) return [];
    return pages.held().flatMap((r) => refCols.map((c) => c.refOf!(r.data)).filter((ref): ref is { type: Collection; id: string } => !!ref));
  });
  const refNames = refWatch.names;

  const column = (key: string) => offered.value.find((c) => c.key === key);

  return {
    type, list, pages, columns, offered, editable, shown, refNames, selected, errors, cellErrors, editing, active, message, busy,
    toggleColumn(key: string) {
      const cur = columns.value;
      columns.value = cur.includes(key) ? cur.filter((k) => k !== key) : [...cur, key];
    },
    /** Moves a shown column one place left (-1) or right (+1); the name column stays first. */
    moveColumn(key: string, dir: -1 | 1) {
      const cur = [...columns.value];
      const i = cur.indexOf(key);
      const j = i + dir;
      if (i < 0 || j < 0 || j >= cur.length || cur[i] === 'name' || cur[j] === 'name') return;
      [cur[i], cur[j]] = [cur[j], cur[i]];
      columns.value = cur;
    },
    toggle(id: string, data?: Rec) {
      const s = new Set(selected.value);
      if (s.has(id)) { s.delete(id); known.delete(id); } else { s.add(id); if (data) known.set(id, data); }
      selected.value = s;
    },
    /** Selects (or unselects) the rows shown (`rows`: those in view). */
    selectRows(on: boolean, rows: ListRow[]) {
      const s = new Set(selected.value);
      for (const r of rows) { if (on) { s.add(r.id); known.set(r.id, r.data); } else { s.delete(r.id); known.delete(r.id); } }
      selected.value = s;
    },
    /** Every record matching the search and filters, up to MAX_BULK. */
    async selectAll() {
      const page = await ports.read.queryList({ type, search: list.search.value, filters: list.filters.value, statusId: list.statusId.value, sort: list.sort.value, deleted: opts.deleted, offset: 0, limit: MAX_BULK });
      for (const r of page.rows) known.set(r.id, r.data);
      selected.value = new Set(page.rows.map((r) => r.id));
      message.value = page.total > MAX_BULK ? `Selected the first ${groupDigits(MAX_BULK)} of ${groupDigits(page.total)}: a bulk action changes at most ${groupDigits(MAX_BULK)} at once.` : `Selected all ${groupDigits(page.rows.length)}`;
    },
    clearSelection() { selected.value = new Set(); known.clear(); message.value = ''; errors.value = []; },
    /** Sets one field of every selected record, through the field's own spec (so it validates the same). */
    bulkEdit(key: string, value: string) {
      const spec = editable.value.find((f) => f.key === key);
      if (!spec) { errors.value = [{ path: '', message: 'Choose a field to change.' }]; return Promise.resolve(); }
      return bulk(`${spec.label} changed`, (id, b) => ports.write.update(type, id, spec.patch(value, known.get(id) ?? ({ id } as Rec)), { batchId: b }));
    },
    bulkUpdate(patch: Record<string, unknown>, label = 'Bulk edit') {
      return bulk(label, (id, b) => ports.write.update(type, id, patch, { batchId: b }));
    },
    /** Adds a tag to each selected record (keeping their other tags). */
    bulkTag(tag: string) {
      const t = tag.trim();
      if (!t) { errors.value = [{ path: '', message: 'Type the tag to add.' }]; return Promise.resolve(); }
      return bulk(`Tagged "${t}"`, (id, b) => {
        const tags = (known.get(id)?.tags as string[] | undefined) ?? [];
        return ports.write.update(type, id, { tags: [...new Set([...tags, t])] }, { batchId: b });
      });
    },
    bulkDelete() { return bulk('Moved to the trash', (id, b) => ports.write.delete(type, id, { batchId: b }), { leaves: true }); },
    bulkRestore() { return bulk('Restored', (id, b) => ports.write.restore(type, id, { batchId: b }), { leaves: true }); },
    /** Saves one cell edited in place; its error stays on that cell until the next try. */
    async saveCell(row: Rec, key: string, value: string): Promise<boolean> {
      const c = column(key);
      if (!c?.edit) return false;
      const cell = cellKey(row.id, key);
      if (value === c.edit.get(row)) return true;
      const b = batchId();
      try {
        await ports.write.update(type, row.id, c.edit.patch(value, row), { batchId: b });
        const { [cell]: _, ...rest } = cellErrors.value;
        cellErrors.value = rest;
        message.value = `${c.label} of ${nameOf(row)} saved`;
        undo?.push({ label: `${c.label} of ${nameOf(row)} changed`, undo: () => ports.write.undoBatch(b) });
        return true;
      } catch (e) {
        cellErrors.value = { ...cellErrors.value, [cell]: fieldErrors(e).map((x) => x.message).join('; ') };
        return false;
      }
    },
    dispose() { stopKnown(); stopDefault(); refWatch.dispose(); pages.dispose(); list.dispose(); },
  };
}

const nameOf = (r: Rec) => displayName(r) || '(no name)';

export type TableModel = ReturnType<typeof createTableModel>;

/** One cell's key in the table model (`editing`, `cellErrors`). */
export const cellKey = (rowId: string, columnKey: string) => `${rowId}:${columnKey}`;
/** The column key of a row's selection checkbox in the grid's keys. */
export const SELECT_COLUMN = '#select';
