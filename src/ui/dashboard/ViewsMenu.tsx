import { useState } from 'preact/hooks';
import type { ViewsModel } from '../models/views-model.ts';

/** A table's saved views: the menu to apply, rename or delete them, and "Save view". */
export function ViewsMenu({ model }: { model: ViewsModel }) {
  const [name, setName] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const views = model.views.value;
  const active = views.find((v) => v.id === model.active.value);
  const rename = async (id: string) => { if (await model.rename(id, newName)) setEditing(null); };
  return (
    <div class="views" role="group" aria-label="Saved views">
      <details class="views-menu">
        <summary>Views{active ? `: ${active.name}${model.changed.value ? ' (changed)' : ''}` : ''}</summary>
        <div class="views-panel">
          {views.length === 0 && <p class="empty">No saved views for this table yet.</p>}
          <ul>
            {views.map((v) => (
              <li key={v.id} data-view={v.name} aria-current={v.id === model.active.value ? 'true' : undefined}>
                {editing === v.id ? (
                  <form onSubmit={(e) => { e.preventDefault(); void rename(v.id); }}>
                    <input aria-label={`New name for view ${v.name}`} value={newName} onInput={(e) => setNewName((e.currentTarget as HTMLInputElement).value)} />
                    <button type="submit">Save name</button>
                    <button type="button" class="link" onClick={() => setEditing(null)}>Cancel</button>
                  </form>
                ) : (
                  <>
                    <span class="view-name">{v.name}</span>
                    <button type="button" aria-label={`Apply view ${v.name}`} onClick={(e) => { model.apply(v.id); e.currentTarget.closest('details')?.removeAttribute('open'); }}>Apply</button>
                    <button type="button" class="link" aria-label={`Rename view ${v.name}`} onClick={() => { setEditing(v.id); setNewName(v.name); }}>Rename</button>
                    <button type="button" class="link" aria-label={`Delete view ${v.name}`} onClick={() => void model.remove(v.id)}>Delete</button>
                  </>
                )}
              </li>
            ))}
          </ul>
          {active && model.changed.value && <button type="button" onClick={() => void model.update(active.id)}>Update “{active.name}” with the current table</button>}
          <form class="save-view" onSubmit={async (e) => { e.preventDefault(); if (await model.save(name)) setName(''); }}>
            <label for="view-name">Save the current filters, sort and columns as</label>
            <input id="view-name" class="ds-input" placeholder="View name" value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
            <button type="submit">Save view</button>
          </form>
        </div>
      </details>
      {model.error.value && <p class="field-error" role="alert">{model.error.value}</p>}
      {model.message.value && !model.error.value && <p class="saved" role="status">{model.message.value}</p>}
    </div>
  );
}
