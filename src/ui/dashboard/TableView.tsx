import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Collection } from '../../domain/index.ts';
import type { ReadPort, ViewsPort, WritePort } from '../ports.ts';
import { createTableModel, TABLE_PAGE } from '../models/table-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { routeHash, type NavModel } from '../models/nav-model.ts';
import type { UndoModel } from '../models/undo-model.ts';
import { LeadFilters } from '../leads/LeadFilters.tsx';
import { LABELS } from '../records/fields.ts';
import { COLUMNS } from './columns.ts';
import { createViewsModel } from '../models/views-model.ts';
import { ViewsMenu } from './ViewsMenu.tsx';

type Props = { type: Collection; ports: { read: ReadPort; write: WritePort; views?: ViewsPort }; config: ConfigModel; nav: NavModel; undo: UndoModel; trash?: boolean };

/** A table of one record type: sort, filter, column choice, bulk edit and delete (or restore, in the trash). */
export function TableView({ type, ports, config, nav, undo, trash }: Props) {
  const model = useMemo(() => createTableModel(ports, type, undo, { deleted: trash }), [type, trash]);
  useEffect(() => () => model.dispose(), [model]);
  const views = useMemo(() => (ports.views && !trash ? createViewsModel(ports.views, model) : null), [model]);
  useEffect(() => { void views?.load(); }, [views]);
  const { list } = model;
  const { rows, total } = list.page.value;
  const cols = COLUMNS[type].filter((c) => model.columns.value.includes(c.key));
  const sort = list.sort.value ?? { field: 'name', dir: 'asc' };
  const sel = model.selected.value;
  const readOnly = config.config.value?.me.role === 'viewer';
  const start = list.offset.value;
  const title = trash ? `Trash: ${LABELS[type].many.toLowerCase()}` : LABELS[type].many;
  return (
    <section class="table-view" aria-labelledby="table-h">
      <h2 id="table-h">{title}</h2>
      <div class="toolbar">
        <input type="search" class="search" aria-label={`Search ${LABELS[type].many.toLowerCase()}`} value={list.search.value} onInput={(e) => list.setSearch((e.currentTarget as HTMLInputElement).value)} />
        <details class="columns">
          <summary>Columns</summary>
          <fieldset><legend>Show columns</legend>
            {COLUMNS[type].map((c) => <label key={c.key} class="choice"><input type="checkbox" checked={model.columns.value.includes(c.key)} onChange={() => model.toggleColumn(c.key)} /> {c.label}</label>)}
          </fieldset>
        </details>
        {!trash && type !== 'opportunities' && type !== 'tasks' && (
          <a href={routeHash({ view: 'export', type, filters: list.filters.value, search: list.search.value })} onClick={(e) => { e.preventDefault(); nav.go({ view: 'export', type, filters: list.filters.value, search: list.search.value }); }}>Export these</a>
        )}
      </div>
      {views && <ViewsMenu model={views} />}
      {type === 'leads' && !trash && <LeadFilters model={list} config={config} idPrefix="tf" />}
      {!readOnly && <BulkBar type={type} model={model} config={config} trash={trash} />}
      {model.message.value && <p role="status" class="saved">{model.message.value}</p>}
      {model.errors.value.map((e) => <p key={e.message} class="field-error" role="alert">{e.message}</p>)}
      <p class="count" aria-live="polite">{total} {LABELS[type].many.toLowerCase()}{sel.size ? `, ${sel.size} selected` : ''}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col"><input type="checkbox" aria-label="Select all on this page" checked={rows.length > 0 && rows.every((r) => sel.has(r.id))} onChange={(e) => model.selectPage((e.currentTarget as HTMLInputElement).checked)} /></th>
              {cols.map((c) => (
                <th scope="col" key={c.key} aria-sort={sort.field === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {c.sortable ? <button type="button" class="link" onClick={() => list.sortBy(c.key)}>{c.label}{sort.field === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</button> : c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(start - list.view.value.offset, start - list.view.value.offset + TABLE_PAGE).map((r) => (
              <tr key={r.id} data-id={r.id} class={sel.has(r.id) ? 'selected' : undefined}>
                <td><input type="checkbox" aria-label={`Select ${r.name || 'row'}`} checked={sel.has(r.id)} onChange={() => model.toggle(r.id)} /></td>
                {cols.map((c, i) => (
                  <td key={c.key}>{i === 0 && !trash ? <a href={`#/${type}/${encodeURIComponent(r.id)}`} onClick={(e) => { e.preventDefault(); nav.open(type, r.id); }}>{c.value(r, config)}</a> : c.value(r, config)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {list.loaded.value && total === 0 && <p class="empty">{trash ? 'The trash is empty.' : 'Nothing here yet.'}</p>}
      </div>
      <div class="pager">
        <button type="button" disabled={start === 0} onClick={() => list.goTo(start - TABLE_PAGE)}>Previous</button>
        <span>{total ? `${start + 1}–${Math.min(start + TABLE_PAGE, total)} of ${total}` : ''}</span>
        <button type="button" disabled={start + TABLE_PAGE >= total} onClick={() => list.goTo(start + TABLE_PAGE)}>Next</button>
      </div>
    </section>
  );
}

function BulkBar({ type, model, config, trash }: { type: Collection; model: ReturnType<typeof createTableModel>; config: ConfigModel; trash?: boolean }) {
  const [tag, setTag] = useState('');
  if (trash) return <div class="bulk" role="group" aria-label="Bulk actions"><button type="button" onClick={() => void model.bulkRestore()}>Restore selected</button></div>;
  const ownerKey = type === 'tasks' ? 'assigneeId' : 'ownerId';
  return (
    <div class="bulk" role="group" aria-label="Bulk actions">
      {type === 'leads' && (
        <span class="filter">
          <label for="bulk-status">Set status</label>
          <select id="bulk-status" value="" onChange={(e) => { const v = (e.currentTarget as HTMLSelectElement).value; if (v) void model.bulkUpdate({ statusId: v }, 'Status changed'); }}>
            <option value="">—</option>
            {config.active('leadStatuses').map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </span>
      )}
      <span class="filter">
        <label for="bulk-owner">Set owner</label>
        <select id="bulk-owner" value="" onChange={(e) => { const v = (e.currentTarget as HTMLSelectElement).value; if (v) void model.bulkUpdate({ [ownerKey]: v }, 'Owner changed'); }}>
          <option value="">—</option>
          {config.active('members').map((m) => <option key={m.id} value={m.id}>{m.name || m.email || m.id}</option>)}
        </select>
      </span>
      <span class="filter">
        <label for="bulk-tag">Add tag</label>
        <input id="bulk-tag" value={tag} onInput={(e) => setTag((e.currentTarget as HTMLInputElement).value)} onKeyDown={(e) => { if (e.key === 'Enter' && tag.trim()) { void model.bulkTag(tag.trim()); setTag(''); } }} />
      </span>
      <button type="button" onClick={() => void model.bulkDelete()}>Delete selected</button>
    </div>
  );
}
