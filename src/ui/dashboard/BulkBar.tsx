import { useState } from 'preact/hooks';
import type { TableModel } from '../models/table-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { Button, Select, icons } from '../ds/index.ts';
import { FieldInput } from './FieldInput.tsx';
import { groupDigits } from '../records/labels.ts';

/**
 * Bulk actions on the selection: set any field, add a tag, delete (or restore, in the trash);
 * with nothing selected, one line that says how to select (and "select all matching").
 * The selection stays after each action, so a second one applies to the same records;
 * "Clear selection" ends it.
 */
export function BulkBar({ model, config, trash }: { model: TableModel; config: ConfigModel; trash?: boolean }) {
  const [field, setField] = useState('');
  const [value, setValue] = useState('');
  const [tag, setTag] = useState('');
  const n = model.selected.value.size;
  const editable = model.editable.value;
  const spec = editable.find((c) => c.key === field);
  const busy = model.busy.value;
  // Nothing selected: a line saying how, not a bar of disabled controls.
  if (n === 0) {
    return (
      <div class="bulk bulk-idle" role="group" aria-label="Bulk actions">
        <span class="muted">Tick rows to {trash ? 'restore' : 'change, tag or delete'} several at once, or</span>
        <Button variant="link" size="sm" onClick={() => void model.selectAll()}>select all matching</Button>
      </div>
    );
  }
  const selection = (
    <span class="selection">
      <strong>{groupDigits(n)} selected</strong>
      <Button variant="link" size="sm" onClick={() => void model.selectAll()}>Select all matching</Button>
      <Button variant="link" size="sm" onClick={() => model.clearSelection()}>Clear selection</Button>
    </span>
  );
  if (trash) {
    return <div class="bulk" role="group" aria-label="Bulk actions">{selection}<Button icon={icons.Undo2} disabled={busy} onClick={() => void model.bulkRestore()}>Restore selected</Button></div>;
  }
  return (
    <div class="bulk" role="group" aria-label="Bulk actions">
      {selection}
      <form class="bulk-edit" onSubmit={(e) => { e.preventDefault(); void model.bulkEdit(field, value); }}>
        <Select id="bulk-field" label="Set field" value={field} placeholder="Choose…" options={editable.map((c) => ({ value: c.key, label: c.label }))}
          onChange={(v) => { setField(v); setValue(''); }} />
        {spec && <FieldInput key={field} spec={spec} record={{ id: '' }} config={config.config.value} id="bulk-value" label="To" visibleLabel onCommit={(v) => void model.bulkEdit(field, v)} onInput={setValue} />}
        <Button type="submit" variant="primary" disabled={!spec || busy}>Apply to selected</Button>
      </form>
      <form class="bulk-tag" onSubmit={(e) => { e.preventDefault(); void model.bulkTag(tag).then(() => setTag('')); }}>
        <span class="ds-field">
          <label for="bulk-tag">Add tag</label>
          <input id="bulk-tag" class="ds-input" value={tag} onInput={(e) => setTag((e.currentTarget as HTMLInputElement).value)} />
        </span>
        <Button type="submit" icon={icons.Tag} disabled={busy}>Add</Button>
      </form>
      <Button variant="danger" icon={icons.Trash} disabled={busy} onClick={() => void model.bulkDelete()}>Delete selected</Button>
    </div>
  );
}
