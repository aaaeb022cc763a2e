import { useState } from 'preact/hooks';
import type { TableModel } from '../models/table-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { FieldInput } from './FieldInput.tsx';

/**
 * Bulk actions on the selection: set any field, add a tag, delete (or restore, in the trash).
 * The selection stays after each action, so a second one applies to the same records;
 * "Clear selection" ends it.
 */
export function BulkBar({ model, config, trash }: { model: TableModel; config: ConfigModel; trash?: boolean }) {
  const [field, setField] = useState('');
  const [value, setValue] = useState('');
  const [tag, setTag] = useState('');
  const n = model.selected.value.size;
  const editable = model.offered.value.filter((c) => c.edit);
  const column = editable.find((c) => c.key === field);
  const busy = model.busy.value;
  const selection = (
    <span class="selection">
      <strong>{n.toLocaleString()} selected</strong>
      <button type="button" class="link" onClick={() => void model.selectAll()}>Select all matching</button>
      {n > 0 && <button type="button" class="link" onClick={() => model.clearSelection()}>Clear selection</button>}
    </span>
  );
  if (trash) {
    return <div class="bulk" role="group" aria-label="Bulk actions">{selection}<button type="button" disabled={busy} onClick={() => void model.bulkRestore()}>Restore selected</button></div>;
  }
  return (
    <div class="bulk" role="group" aria-label="Bulk actions">
      {selection}
      <form class="bulk-edit" onSubmit={(e) => { e.preventDefault(); void model.bulkEdit(field, value); }}>
        <span class="filter">
          <label for="bulk-field">Set field</label>
          <select id="bulk-field" value={field} onChange={(e) => { setField((e.currentTarget as HTMLSelectElement).value); setValue(''); }}>
            <option value="">Choose…</option>
            {editable.map((c) => <option key={c.key} value={c.key}>{c.label}</option>)}
          </select>
        </span>
        {column?.edit && (
          <span class="filter">
            <FieldInput key={field} spec={column.edit} record={{ id: '' }} config={config.config.value} id="bulk-value" label="To" visibleLabel onCommit={(v) => void model.bulkEdit(field, v)} onInput={setValue} />
          </span>
        )}
        <button type="submit" disabled={!column || busy}>Apply to selected</button>
      </form>
      <form class="bulk-tag" onSubmit={(e) => { e.preventDefault(); void model.bulkTag(tag).then(() => setTag('')); }}>
        <span class="filter">
          <label for="bulk-tag">Add tag</label>
          <input id="bulk-tag" value={tag} onInput={(e) => setTag((e.currentTarget as HTMLInputElement).value)} />
        </span>
        <button type="submit" disabled={busy}>Add</button>
      </form>
      <button type="button" class="danger" disabled={busy} onClick={() => void model.bulkDelete()}>Delete selected</button>
    </div>
  );
}
