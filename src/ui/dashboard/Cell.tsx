import { useEffect, useRef, useState } from 'preact/hooks';
import type { ListRow, WorkspaceConfig } from '../ports.ts';
import type { TableModel } from '../models/table-model.ts';
import type { Column } from './columns.ts';
import { FieldInput } from './FieldInput.tsx';

/**
 * A cell edited in place: click it (or Enter on it) to edit, Enter or leaving the field saves,
 * Esc puts the value back. Focus comes back to the cell either way, so the keyboard stays in
 * the table. A refused value keeps the editor open with the engine's message under it.
 */
export function Cell({ column, row, model, config, readOnly }: { column: Column; row: ListRow; model: TableModel; config: WorkspaceConfig | null; readOnly: boolean }) {
  const [editing, setEditing] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => { if (!editing && refocus.current) { refocus.current = false; button.current?.focus(); } }, [editing]);
  const text = column.fromRow ? column.fromRow(row, config) : column.text(row.data, config);
  const error = model.cellErrors.value[`${row.id}:${column.key}`];
  const cls = column.numeric ? 'num' : undefined;
  if (!column.edit || readOnly) return <td class={cls}>{text}</td>;
  const spec = column.edit;
  const close = () => { refocus.current = true; setEditing(false); };
  if (editing) {
    return (
      <td class={`editing ${cls ?? ''}`}>
        <FieldInput spec={spec} record={row.data} config={config} id={`cell-${row.id}-${column.key}`} label={`${column.label} of ${row.name || 'this record'}`} error={error} autoFocus
          onCancel={close}
          onCommit={async (value) => { if (await model.saveCell(row.data, column.key, value)) close(); }} />
      </td>
    );
  }
  return (
    <td class={cls}>
      <button ref={button} type="button" class="cell" onClick={() => setEditing(true)} aria-describedby={error ? `cell-${row.id}-${column.key}-error` : undefined}>
        {text || <span class="cell-empty" aria-hidden="true">—</span>}<span class="sr-only">{text ? '' : 'empty'}, edit {column.label}</span>
      </button>
      {error && <span id={`cell-${row.id}-${column.key}-error`} class="field-error cell-error" role="alert">{error}</span>}
    </td>
  );
}
