import type { ListRow, RecordName, WorkspaceConfig } from '../ports.ts';
import { cellKey, type TableModel } from '../models/table-model.ts';
import type { Column } from './columns.ts';
import { FieldInput } from './FieldInput.tsx';

type Props = {
  column: Column; row: ListRow; model: TableModel; config: WorkspaceConfig | null; readOnly: boolean;
  /** This cell is open for editing (the table model holds which one: at most one at a time). */
  editing: boolean;
  /** This cell is the grid's tab stop. */
  active: boolean;
  /** The engine's message for a refused value of this cell. */
  error?: string;
  /** Closes the editor; the table puts focus back on the cell. */
  onClose: (cellKey: string) => void;
  /** The names of referenced records by "type:id" (reference columns: `Column.refOf`). */
  names?: Readonly<Record<string, RecordName>>;
};

/** An empty cell: its column's words when empty is an answer ("No owner"), else a dash that screen readers skip. */
const Empty = ({ column }: { column: Column }) => (column.empty ? <span class="cell-empty">{column.empty}</span> : <span class="cell-empty" aria-hidden="true">—</span>);

/** A reference cell: the record's name, a link to it; "(deleted)" and no link for one in the trash; nothing before its name is read. */
function RefCell({ column, row, names, cellKey: key, tab }: { column: Column; row: ListRow; names?: Readonly<Record<string, RecordName>>; cellKey: string; tab: number }) {
  const ref = column.refOf!(row.data);
  const n = ref ? names?.[`${ref.type}:${ref.id}`] : undefined;
  const label = n ? n.name || '(no name)' : '';
  // The grid's arrow keys and tab stop go to the element holding `data-cell`: the link when there is one.
  if (n && !n.deleted) return <td role="gridcell" aria-readonly="true"><a data-cell={key} tabIndex={tab} title={label} href={`#/${ref!.type}/${encodeURIComponent(ref!.id)}`}>{label}</a></td>;
  return <td role="gridcell" aria-readonly="true" data-cell={key} tabIndex={tab}>{n ? `${label} (deleted)` : <span class="cell-empty" aria-hidden="true">—</span>}</td>;
}

/**
 * A grid cell edited in place: click it (or Enter/F2 on it) to edit, Enter or leaving the field
 * saves, Esc puts the value back. Focus comes back to the cell either way, so the keyboard stays in
 * the table. A refused value keeps the editor open with the engine's message under it.
 * No hooks and no signal read here: a fast scroll mounts a dozen rows of cells every frame.
 */
export function Cell({ column, row, model, config, readOnly, editing, active, error, onClose, names }: Props) {
  if (column.refOf) return <RefCell column={column} row={row} names={names} cellKey={cellKey(row.id, column.key)} tab={active ? 0 : -1} />;
  const text = column.fromRow ? column.fromRow(row, config) : column.text(row.data, config);
  const cls = column.numeric ? 'num' : undefined;
  const key = cellKey(row.id, column.key);
  // Every cell is a stop of the grid's arrow keys; only the active one is in the tab order.
  const tab = active ? 0 : -1;
  if (!column.edit || readOnly) return <td role="gridcell" aria-readonly="true" class={cls} data-cell={key} tabIndex={tab}>{text || (column.empty && <Empty column={column} />)}</td>;
  if (editing) {
    return (
      <td role="gridcell" class={`editing ${cls ?? ''}`}>
        <FieldInput spec={column.edit} record={row.data} config={config} id={`cell-${row.id}-${column.key}`} label={`${column.label} of ${row.name || 'this record'}`} error={error} autoFocus
          onCancel={() => onClose(key)}
          onCommit={async (value) => { if (await model.saveCell(row.data, column.key, value)) onClose(key); }} />
      </td>
    );
  }
  // Opened by a click or Enter/F2, both handled once for the whole grid (TableView.tsx).
  return (
    <td role="gridcell" class={cls ? `${cls} editable` : 'editable'} data-cell={key} tabIndex={tab} aria-describedby={error ? `cell-${row.id}-${column.key}-error` : undefined}>
      {text || <Empty column={column} />}
      {error && <span id={`cell-${row.id}-${column.key}-error`} class="field-error cell-error" role="alert">{error}</span>}
    </td>
  );
}
