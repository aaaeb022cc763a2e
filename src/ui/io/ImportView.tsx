import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { displayName } from '../../domain/index.ts';
import { IMPORT_AS, type ImportAs } from '../../domain/csv/index.ts';
import type { PlannedRow } from '../../io/index.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import { counted, leaveOutLabel, mappingChoice, previewSummary, progressText, unitsOf, type DuplicateChoice, type ImportModel } from '../models/import-model.ts';
import { LABELS, groupDigits as n } from '../records/labels.ts';
import { countOf } from '../models/export-model.ts';
import { pickedFile, TARGET_LABELS, targetsFor } from './files.ts';
import { Button, buttonClass, icons } from '../ds/index.ts';

const ENCODINGS: [string, string][] = [
  ['', 'Detect (UTF-8 or UTF-16)'], ['windows-1252', 'Windows-1252 (Western, old Excel)'], ['iso-8859-1', 'ISO-8859-1 (Latin-1)'],
  ['iso-8859-15', 'ISO-8859-15 (Latin-9)'], ['macintosh', 'Mac Roman'], ['windows-1250', 'Windows-1250 (Central European)'],
  ['windows-1251', 'Windows-1251 (Cyrillic)'], ['shift_jis', 'Shift JIS (Japanese)'], ['gb18030', 'GB18030 (Chinese)'], ['utf-16le', 'UTF-16 LE'], ['utf-16be', 'UTF-16 BE'],
];
const DUPLICATES: [DuplicateChoice, string][] = [['skip', 'Skip them'], ['update', 'Update the existing record (lists and tags are merged)'], ['create', 'Create anyway']];
/** A file with 50k invalid rows would build 50k list items: the rest is counted, not listed. */
const MAX_LISTED_INVALID = 1000;

/** The dashboard's Import screen: file → preview (mapping, batch values, duplicates) → import → undo. */
export function ImportView({ model, config, nav }: { model: ImportModel; config: ConfigModel; nav: NavModel }) {
  const leadsOn = config.config.value?.settings.leadsEnabled !== false;
  useEffect(() => { if (!leadsOn && model.as.value === 'leads') model.setAs('people'); }, [leadsOn]);
  const { stage, preview: p, result } = model;
  // The Import button goes with the preview it stood under: focus goes to what it did, not <body>.
  const resultHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (result.value && focusLost()) resultHeading.current?.focus();
  }, [result.value]);
  // The file's step is locked while its preview is made: focus goes on to what the preview says.
  useEffect(() => {
    if (p.value && focusLost()) document.getElementById(PREVIEW_H)?.focus();
  }, [p.value]);
  const previewing = !!p.value && stage.value !== 'done';
  return (
    <section class="io" aria-labelledby="import-h">
      <h2 id="import-h">Import</h2>
      <p class="hint">A CSV file (Google Contacts, Outlook, HubSpot, Salesforce, Pipedrive, a spreadsheet…) or a vCard file with one card or many. Nothing is saved until you press Import, and an import can be undone.</p>
      {/* One step after the other, numbered; the ones seldom changed are folded, their summary saying what they are set to. */}
      <ol class="steps">
        <FileChoice model={model} leadsOn={leadsOn} />
        {previewing && <Columns model={model} config={config} />}
        {previewing && <BatchValues model={model} config={config} />}
        {previewing && <Preview model={model} config={config} />}
      </ol>
      {model.busy.value && <Progress model={model} />}
      {model.error.value && <p class="field-error" role="alert">{model.error.value}</p>}
      {model.message.value && <p role="status" class="saved">{model.message.value}</p>}
      {result.value && (
        <div class="result" role="status" aria-labelledby="import-result-h">
          <h3 id="import-result-h" tabIndex={-1} ref={resultHeading}>Import finished</h3>
          <p>{n(result.value.created)} created, {n(result.value.updated)} updated, {n(result.value.skipped)} skipped as duplicates{result.value.invalid ? `, ${counted(result.value.invalid, { one: 'invalid row', many: 'invalid rows' })} left out` : ''}. It is one batch in the history.</p>
          {/* Its line is kept when it empties (nothing below moves); not read out at every count. */}
          <p class="listing" aria-live="off">{model.listing.value}</p>
          {/* The next steps as buttons of one size on one line: what was imported first, undo last. */}
          <div class="actions">
            <a class={buttonClass('primary', 'sm')} href={`#/table/${result.value.as}`} onClick={(e) => { e.preventDefault(); nav.go({ view: 'table', type: result.value!.as }); }}>Show {LABELS[result.value.as].many.toLowerCase()}</a>
            <Button size="sm" onClick={() => model.again()}>Import another file</Button>
            <Button size="sm" variant="ghost" icon={icons.Undo2} onClick={() => void model.undo()}>Undo this import</Button>
          </div>
        </div>
      )}
    </section>
  );
}

const PREVIEW_H = 'preview-h';
const focusLost = () => !document.activeElement || document.activeElement === document.body;

/** A numbered step of the import: its title is the legend of what it holds. */
function Step({ n, title, children, disabled, id }: { n: number; title: string; children: ComponentChildren; disabled?: boolean; id?: string }) {
  return (
    <li class="step" id={id}>
      <fieldset disabled={disabled}>
        <legend><span class="step-n" aria-hidden="true">{n}</span>{title}</legend>
        {children}
      </fieldset>
    </li>
  );
}

/** One of a few, as radio buttons in a row. */
function Choices<T extends string>({ name, label, value, options, onChange }: { name: string; label: string; value: T; options: readonly (readonly [T, string])[]; onChange: (v: T) => void }) {
  return (
    <div class="choices" role="radiogroup" aria-label={label}>
      {options.map(([v, text]) => (
        <label key={v} class="choice"><input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} /> {text}</label>
      ))}
    </div>
  );
}

function FileChoice({ model, leadsOn }: { model: ImportModel; leadsOn: boolean }) {
  const err = model.fileError.value;
  const locked = model.busy.value || model.stage.value === 'done';
  const encoding = ENCODINGS.find(([v]) => v === model.encoding.value)?.[1] ?? model.encoding.value;
  return (
    <>
      <Step n={1} title="Choose a file" disabled={locked}>
        <div class="field">
          <label for="import-file">CSV or vCard file (up to 25 MB)</label>
          <input key={model.round.value} id="import-file" type="file" accept=".csv,.tsv,.txt,.vcf,.vcard,text/csv,text/vcard,text/plain" aria-describedby={err ? 'import-file-err' : undefined} aria-invalid={err ? true : undefined}
            onChange={(e) => { const f = (e.currentTarget as HTMLInputElement).files?.[0]; void model.choose(f ? pickedFile(f) : null); }} />
          {err && <p id="import-file-err" class="field-error" role="alert">{err}</p>}
        </div>
        {/* Detect is right for nearly every file: the choice is folded, its summary says which. */}
        <details class="fold" open={model.encoding.value !== ''}>
          <summary>Encoding: {encoding}</summary>
          <div class="field">
            <label for="import-encoding">Encoding</label>
            <select id="import-encoding" value={model.encoding.value} onChange={(e) => model.setEncoding((e.currentTarget as HTMLSelectElement).value)}>
              {ENCODINGS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
            </select>
          </div>
        </details>
      </Step>
      <Step n={2} title="What the rows are" disabled={locked}>
        <Choices name="import-as" label="Import as" value={model.as.value} onChange={model.setAs}
          options={IMPORT_AS.filter((t) => leadsOn || t !== 'leads').map((t) => [t, LABELS[t].many])} />
      </Step>
    </>
  );
}

/** The file's columns and what each becomes: matched by their headers, so folded unless some are left out. */
function Columns({ model, config }: { model: ImportModel; config: ConfigModel }) {
  const p = model.preview.value!;
  const as = model.as.value;
  const custom = (config.config.value?.customFields ?? []).filter((d) => !d.retired && d.availableOn.includes(as));
  const busy = model.busy.value;
  const mapping = model.mapping.value ?? p.mapping;
  const left = mapping.filter((m) => mappingChoice(m, as) === '').length;
  const step = useStepsAcrossTasks(1);
  return (
    <Step n={3} title="Columns" disabled={busy}>
      {step >= 1 && <details class="fold mapping" open={left > 0 && p.headers.length <= 12}>
        <summary>{p.headers.length} in the file: {left ? `${n(p.headers.length - left)} imported, ${n(left)} not` : 'all imported'}</summary>
        <table>
          <thead><tr><th scope="col">Column in the file</th><th scope="col">Imported as</th></tr></thead>
          <tbody>
            {mapping.map((m) => (
              <tr key={m.index}>
                <td>{m.header || `(column ${m.index + 1})`}</td>
                <td>
                  <select aria-label={`Field for column ${m.header || m.index + 1}`} value={mappingChoice(m, as)} onChange={(e) => model.setMapping(m.index, (e.currentTarget as HTMLSelectElement).value)}>
                    <option value="">Don't import</option>
                    {targetsFor(as).map((t) => <option key={t} value={t}>{TARGET_LABELS[t]}</option>)}
                    {custom.map((d) => <option key={d.id} value={`custom:${d.id}`}>{d.name} (custom)</option>)}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>}
    </Step>
  );
}

function BatchValues({ model, config }: { model: ImportModel; config: ConfigModel }) {
  const b = model.batch.value;
  const as = model.as.value;
  const locked = model.busy.value || model.stage.value === 'done';
  const choose = (id: string, label: string, key: 'sourceId' | 'statusId' | 'ownerId', options: { id: string; name?: string; email?: string }[]) => (
    <span class="filter">
      <label for={id}>{label}</label>
      <select id={id} value={b[key]} onChange={(e) => model.setBatch({ [key]: (e.currentTarget as HTMLSelectElement).value })}>
        <option value="">From the file</option>
        {options.map((o) => <option key={o.id} value={o.id}>{key === 'ownerId' ? config.memberName(o.id) : o.name || o.id}</option>)}
      </select>
    </span>
  );
  // What each folded step is set to, in words: "Source: Trade show · Tags: expo" or "nothing: as in the file".
  const set = [
    as === 'leads' && b.sourceId && `Source: ${config.nameOf('sources', b.sourceId)}`,
    as === 'leads' && b.statusId && `Status: ${config.nameOf('leadStatuses', b.statusId)}`,
    b.ownerId && `Owner: ${config.memberName(b.ownerId)}`,
    b.tags.trim() && `Tags: ${b.tags.trim()}`,
  ].filter(Boolean).join(' · ');
  const duplicates = DUPLICATES.find(([v]) => v === model.duplicates.value)![1];
  return (
    <>
      <Step n={4} title="Values for every row" disabled={locked}>
        <details class="fold" open={!!set}>
          <summary>{set || 'None: each row keeps what the file says'}</summary>
          <div class="filters">
            {as === 'leads' && choose('import-source', 'Source', 'sourceId', config.active('sources'))}
            {as === 'leads' && choose('import-status', 'Status', 'statusId', config.active('leadStatuses'))}
            {choose('import-owner', 'Owner', 'ownerId', config.active('members'))}
            <span class="filter">
              <label for="import-tags">Tags (comma-separated)</label>
              <input id="import-tags" value={b.tags} onChange={(e) => model.setBatch({ tags: (e.currentTarget as HTMLInputElement).value })} />
            </span>
          </div>
        </details>
      </Step>
      <Step n={5} title={`Rows whose ${as === 'companies' ? 'name' : 'email'} is already here`} disabled={locked}>
        <details class="fold" open={model.duplicates.value !== 'skip'}>
          <summary>{duplicates}</summary>
          <Choices name="import-duplicates" label={`Rows whose ${as === 'companies' ? 'name' : 'email'} is already in the workspace`}
            value={model.duplicates.value} onChange={model.setDuplicates} options={DUPLICATES} />
        </details>
      </Step>
    </>
  );
}

function Preview({ model, config }: { model: ImportModel; config: ConfigModel }) {
  const p = model.preview.value!;
  const as = model.as.value;
  const writable = p.counts.create + p.counts.update;
  const busy = model.busy.value;
  const step = useStepsAcrossTasks(2);
  // A Warnings column only when a row has one, beside the action (at the far right it was off the screen at 360 px).
  const warned = p.sample.some((r) => r.warnings.length > 0);
  return (
    <>
      <li class="step preview" aria-busy={model.stage.value === 'previewing' ? true : undefined}>
        <h3 id={PREVIEW_H} tabIndex={-1}><span class="step-n" aria-hidden="true">6</span>Preview</h3>
        <p class="count">{previewSummary(p)}</p>
        {step >= 2 && p.sample.length > 0 && (
          // Wider than a narrow window: a region the keyboard can scroll (arrows, once focused).
          <div class="table-wrap" role="region" aria-label="Preview rows" tabIndex={0}>
            <table aria-labelledby={PREVIEW_H}>
              <caption class="sr-only">The first {counted(p.sample.length, unitsOf(p.format))} as they will be saved</caption>
              <thead><tr><th scope="col">Line</th><th scope="col">Action</th>{warned && <th scope="col">Warnings</th>}<th scope="col">Name</th><th scope="col">{as === 'companies' ? 'Email domain' : 'Email'}</th><th scope="col">{as === 'companies' ? 'Phone' : 'Company'}</th>{as === 'leads' && <><th scope="col">Status</th><th scope="col">Source</th></>}<th scope="col">Owner</th><th scope="col">Tags</th></tr></thead>
              <tbody>
                {p.sample.map((r) => <PreviewRow key={r.line} row={r} as={as} config={config} warned={warned} />)}
              </tbody>
            </table>
          </div>
        )}
      </li>
      <li class="step">
        <h3><span class="step-n" aria-hidden="true">7</span>Import</h3>
        {p.invalid.length > 0 && (
          <div class="invalid" role="group" aria-labelledby="invalid-h">
            <h4 id="invalid-h">{p.format === 'vcard' ? 'Cards' : 'Rows'} that can't be imported ({n(p.invalid.length)})</h4>
            <ul>
              {p.invalid.slice(0, MAX_LISTED_INVALID).map((x) => <li key={x.line}><strong>Line {x.line}</strong>: {x.reason}</li>)}
            </ul>
            {p.invalid.length > MAX_LISTED_INVALID && <p class="hint">… and {p.invalid.length - MAX_LISTED_INVALID} more.</p>}
            <label class="choice"><input type="checkbox" id={CONFIRM_INVALID_ID} checked={model.confirmInvalid.value} disabled={busy} onChange={(e) => { model.confirmInvalid.value = (e.currentTarget as HTMLInputElement).checked; }} /> {leaveOutLabel(writable, p.format)}</label>
          </div>
        )}
        <div class="actions">
          <button type="button" class="primary" disabled={busy || writable === 0} onClick={() => void importOrAsk(model)}>Import {countOf(writable, as)}</button>
          {writable === 0 && <p class="hint">Nothing to import with these choices.</p>}
        </div>
      </li>
    </>
  );
}

const CONFIRM_INVALID_ID = 'import-confirm-invalid';

/**
 * Import refused because some rows can't be imported and the rep has not said to leave them out:
 * focus goes to the box that says so (the error under the button names it), one Space away.
 */
async function importOrAsk(model: ImportModel) {
  if (await model.importNow()) return;
  const box = document.getElementById(CONFIRM_INVALID_ID) as HTMLInputElement | null;
  if (box && !box.checked && model.error.value) box.focus();
}

/**
 * How much of a new preview to build: 0 at first (its counts and the Import button), 1 a task
 * later (the column mapping, in its step), 2 a task after that (the sample rows). Built at once, a file's
 * first preview (the mapping's selects and the sample table) went over 50 ms of the thread every
 * extension page shares (test/e2e/responsive.test.ts).
 */
function useStepsAcrossTasks(last: number): number {
  const [step, setStep] = useState(0);
  useEffect(() => {
    if (step >= last) return;
    const t = setTimeout(() => setStep(step + 1), 0);
    return () => clearTimeout(t);
  }, [step]);
  return step;
}

function PreviewRow({ row, as, config, warned }: { row: PlannedRow; as: ImportAs; config: ConfigModel; warned: boolean }) {
  const f = row.fields as Record<string, unknown>;
  const list = (k: string, key: string) => ((f[k] as Record<string, string>[] | undefined) ?? []).map((e) => e[key]).join(', ');
  const action = row.action === 'create' ? 'New' : row.action === 'update'
    ? `Update ${row.duplicateOf?.name || 'existing'}`
    : `Skip: ${row.duplicateOf?.line ? `same as line ${row.duplicateOf.line}` : `already here (${row.duplicateOf?.name || 'existing'})`}`;
  const company = as === 'people' ? row.newCompany ? `${row.newCompany.name} (new)` : f.companyId ? 'existing company' : '' : String(f.companyName ?? '');
  return (
    <tr class={`action-${row.action}`}>
      <td>{row.line}</td>
      <td>{action}</td>
      {warned && <td class="warn">{row.warnings.join('; ')}</td>}
      <td>{displayName(f)}</td>
      <td>{as === 'leads' ? String(f.email ?? '') : as === 'people' ? list('emails', 'email') : String(f.emailDomain ?? '')}</td>
      <td>{as === 'companies' ? list('phones', 'number') : company}</td>
      {as === 'leads' && <><td>{config.nameOf('leadStatuses', f.statusId)}</td><td>{config.nameOf('sources', f.sourceId)}</td></>}
      <td>{config.nameOf('members', f.ownerId)}</td>
      <td>{((f.tags as string[] | undefined) ?? []).join(', ')}</td>
    </tr>
  );
}

function Progress({ model }: { model: ImportModel }) {
  const pr = model.progress.value;
  const counted = pr && pr.phase === 'checking' && pr.total > 0;
  const kind = LABELS[model.as.value];
  const noun = { one: kind.one.toLowerCase(), many: kind.many.toLowerCase() };
  const label = model.stage.value === 'importing' ? 'Import progress' : 'Preview progress';
  return (
    <div class="progress" role="group" aria-label={label}>
      {counted ? <progress aria-label={label} max={pr.total} value={pr.done} /> : <progress aria-label={label} />}
      <span aria-live="polite">{progressText(pr, model.stage.value === 'importing' ? noun : unitsOf(model.preview.value?.format ?? 'csv'))}</span>
      {/* Saving is one transaction: past that point there is nothing to cancel, only to undo. */}
      {pr?.phase !== 'saving' && pr?.phase !== 'done' && <button type="button" onClick={() => void model.cancel()}>Cancel</button>}
    </div>
  );
}
