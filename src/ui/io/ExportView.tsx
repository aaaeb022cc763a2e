import { useEffect, useMemo, useState } from 'preact/hooks';
import { IMPORT_AS } from '../../domain/csv/index.ts';
import type { IoPort, PickedFile, ReadPort } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { countOf, createExportModel, type ExportModel, type ExportStart } from '../models/export-model.ts';
import { LeadFilters } from '../leads/LeadFilters.tsx';
import { LABELS } from '../records/labels.ts';
import { pickedFile, saveFile } from './files.ts';

/** The dashboard's Export screen: CSV or vCard of one record type (all or filtered), backup and restore. */
export function ExportView({ io, read, config, start }: { io: IoPort; read: ReadPort; config: ConfigModel; start: ExportStart }) {
  const model = useMemo(() => createExportModel(io, read, saveFile, start), []);
  useEffect(() => () => model.dispose(), [model]);
  return (
    <section class="io" aria-labelledby="export-h">
      <h2 id="export-h">Export</h2>
      {model.message.value && <p role="status" class="saved">{model.message.value}</p>}
      {model.error.value && <p class="field-error" role="alert">{model.error.value}</p>}
      <ExportRecords model={model} config={config} />
      <Backup model={model} admin={config.isAdmin.value} />
    </section>
  );
}

function ExportRecords({ model, config }: { model: ExportModel; config: ConfigModel }) {
  const type = model.type.value;
  const list = model.filter.value;
  const vcardOk = type !== 'companies';
  return (
    <fieldset disabled={model.busy.value}>
      <legend>Records</legend>
      <div class="filters">
        <span class="filter">
          <label for="export-type">Record type</label>
          <select id="export-type" value={type} onChange={(e) => model.setType((e.currentTarget as HTMLSelectElement).value as typeof type)}>
            {IMPORT_AS.map((t) => <option key={t} value={t}>{LABELS[t].many}</option>)}
          </select>
        </span>
      </div>
      <fieldset class="inline">
        <legend>Format</legend>
        <label class="choice"><input type="radio" name="export-format" checked={model.format.value === 'csv'} onChange={() => { model.format.value = 'csv'; }} /> CSV (opens in Excel, Numbers, Google Sheets; Outpost imports it back)</label>
        <label class="choice"><input type="radio" name="export-format" checked={model.format.value === 'vcard'} disabled={!vcardOk} onChange={() => { model.format.value = 'vcard'; }} /> vCard (.vcf, for address books){vcardOk ? '' : ': people and leads only'}</label>
        {model.format.value === 'csv' && (
          <label class="check"><input type="checkbox" checked={model.provenance.value} onChange={(e) => { model.provenance.value = (e.currentTarget as HTMLInputElement).checked; }} /> Include where each value came from (columns like email__source)</label>
        )}
      </fieldset>
      <fieldset class="inline">
        <legend>Which</legend>
        <label class="choice"><input type="radio" name="export-scope" checked={model.scope.value === 'all'} onChange={() => { model.scope.value = 'all'; }} /> All {LABELS[type].many.toLowerCase()}</label>
        <label class="choice"><input type="radio" name="export-scope" checked={model.scope.value === 'filtered'} onChange={() => { model.scope.value = 'filtered'; }} /> Only those matching the filter</label>
      </fieldset>
      {model.scope.value === 'filtered' && (
        <div class="export-filter">
          <input type="search" class="search" aria-label={`Search ${LABELS[type].many.toLowerCase()}`} value={list.search.value} onInput={(e) => list.setSearch((e.currentTarget as HTMLInputElement).value)} />
          {type === 'leads' && <LeadFilters model={list} config={config} idPrefix="ef" />}
          <p class="count" aria-live="polite">{countOf(list.page.value.total, type)} {list.page.value.total === 1 ? 'matches' : 'match'}</p>
        </div>
      )}
      <button type="button" class="primary" onClick={() => void model.exportNow()}>Export {LABELS[type].many.toLowerCase()}</button>
    </fieldset>
  );
}

function Backup({ model, admin }: { model: ExportModel; admin: boolean }) {
  const [file, setFile] = useState<PickedFile | null>(null);
  const restoreErr = model.restoreError.value;
  return (
    <fieldset disabled={model.busy.value}>
      <legend>Backup</legend>
      <p class="hint">One JSON file with the whole workspace: every record (the trash too), activity, setting and field history.</p>
      <button type="button" onClick={() => void model.backupNow()}>Download a backup</button>
      <h3>Restore</h3>
      {!admin && <p class="notice" role="note">Only admins can restore a backup (it rewrites the settings).</p>}
      <p class="hint">Restores into an empty workspace. A workspace that already has records is only changed if you confirm a merge.</p>
      <div class="add">
        <label for="restore-file">Backup file (.json)</label>
        <input id="restore-file" type="file" accept=".json,application/json" disabled={!admin} aria-describedby={restoreErr ? 'restore-err' : undefined}
          onChange={(e) => { const f = (e.currentTarget as HTMLInputElement).files?.[0]; setFile(f ? pickedFile(f) : null); model.mergeNeeded.value = ''; model.restoreError.value = ''; }} />
        <button type="button" disabled={!admin || !file} onClick={() => file && void model.restore(file)}>Restore</button>
      </div>
      {restoreErr && <p id="restore-err" class="field-error" role="alert">{restoreErr}</p>}
      {model.mergeNeeded.value && file && (
        <div class="notice" role="alert">
          <p>{model.mergeNeeded.value}</p>
          <div class="actions">
            <button type="button" onClick={() => void model.restore(file, true)}>Merge the backup into this workspace</button>
            <button type="button" onClick={() => { model.mergeNeeded.value = ''; }}>Don't restore</button>
          </div>
        </div>
      )}
    </fieldset>
  );
}
