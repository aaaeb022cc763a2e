import { signal } from '@preact/signals';
import type { Collection } from '../../domain/index.ts';
import type { FieldError, ReadPort, WritePort } from '../ports.ts';
import { createListModel } from './list-model.ts';
import { batchId, fieldErrors } from './errors.ts';
import type { UndoModel } from './undo-model.ts';
import { COLUMNS, DEFAULT_COLUMN_COUNT } from '../dashboard/columns.ts';

export const TABLE_PAGE = 100;

/** A dashboard table: the list query, chosen columns, selection and bulk actions (undoable as one batch). */
export function createTableModel(ports: { read: ReadPort; write: WritePort }, type: Collection, undo?: UndoModel, opts: { deleted?: boolean } = {}) {
  const list = createListModel(ports.read, type, { pageSize: TABLE_PAGE, deleted: opts.deleted });
  const columns = signal<string[]>(COLUMNS[type].slice(0, DEFAULT_COLUMN_COUNT).map((c) => c.key));
  const selected = signal<Set<string>>(new Set());
  const errors = signal<FieldError[]>([]);
  const message = signal('');

  async function bulk(label: string, each: (id: string, b: string) => Promise<unknown>, inverse: (b: string, ids: string[]) => Promise<unknown>) {
    const ids = [...selected.value];
    if (!ids.length) { errors.value = [{ path: '', message: 'Select rows first.' }]; return; }
    const b = batchId();
    const failed: string[] = [];
    for (const id of ids) {
      try { await each(id, b); } catch (e) { failed.push(`${id}: ${fieldErrors(e)[0].message}`); }
    }
    errors.value = failed.length ? [{ path: '', message: `${failed.length} not changed — ${failed.slice(0, 3).join('; ')}` }] : [];
    message.value = `${label}: ${ids.length - failed.length} of ${ids.length}`;
    selected.value = new Set();
    undo?.push({ label, undo: () => inverse(b, ids) });
  }

  return {
    type, list, columns, selected, errors, message,
    toggleColumn(key: string) {
      const cur = columns.value;
      columns.value = cur.includes(key) ? cur.filter((k) => k !== key) : COLUMNS[type].map((c) => c.key).filter((k) => k === key || cur.includes(k));
    },
    toggle(id: string) {
      const s = new Set(selected.value);
      if (s.has(id)) s.delete(id); else s.add(id);
      selected.value = s;
    },
    selectPage(on: boolean) { selected.value = on ? new Set(list.page.value.rows.map((r) => r.id)) : new Set(); },
    bulkUpdate(patch: Record<string, unknown>, label = 'Bulk edit') {
      return bulk(label, (id, b) => ports.write.update(type, id, patch, { batchId: b }), (b) => ports.write.undoBatch(b));
    },
    /** Adds a tag to each selected record (keeping their other tags). */
    bulkTag(tag: string) {
      const rows = new Map(list.page.value.rows.map((r) => [r.id, r]));
      return bulk(`Tagged "${tag}"`, (id, b) => {
        const tags = (rows.get(id)?.data.tags as string[] | undefined) ?? [];
        return ports.write.update(type, id, { tags: [...new Set([...tags, tag])] }, { batchId: b });
      }, (b) => ports.write.undoBatch(b));
    },
    bulkDelete() {
      return bulk('Moved to the trash', (id, b) => ports.write.delete(type, id, { batchId: b }), (b) => ports.write.undoBatch(b));
    },
    bulkRestore() {
      return bulk('Restored', (id, b) => ports.write.restore(type, id, { batchId: b }), (b) => ports.write.undoBatch(b));
    },
    dispose() { list.dispose(); },
  };
}
export type TableModel = ReturnType<typeof createTableModel>;
