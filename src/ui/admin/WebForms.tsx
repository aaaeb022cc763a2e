import { useState } from 'preact/hooks';
import { WEB_FORM_INPUTS } from '../../domain/index.ts';
import type { TeamRelay } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { AdminModel } from '../models/admin-model.ts';
import { draftOf, formLink, newFormDraft, saveAction, snippetFor, WEB_FORM_FIELDS, withField, withRequired, type FormDraft } from '../models/web-form-model.ts';
import { CopyBox } from './CopyBox.tsx';
import { routeHash } from '../models/nav-model.ts';

const TITLE = 'Web-to-lead forms';

/** Forms a website embeds; the team relay takes the posts and adds a lead here. */
export function WebForms({ config, model, ro, relay }: { config: ConfigModel; model: AdminModel; ro: boolean; relay?: TeamRelay }) {
  const c = config.config.value!;
  const [draft, setDraft] = useState<FormDraft | null>(null);
  if (!relay) {
    return (
      <section class="admin-section" aria-labelledby="forms-h">
        <h3 id="forms-h" class="sr-only">{TITLE}</h3>
        <p class="notice" role="note">Web forms need a team relay: a website posts the form to the relay, which adds the lead to the workspace. This workspace is kept only in this browser, so there is nowhere to post to.</p>
        <p class="hint">Join or create a team relay in <a href={routeHash({ view: 'admin', section: 'members' })}>Members and team relay</a>, then add forms here and paste their HTML into your site.</p>
      </section>
    );
  }
  const save = async (d: FormDraft) => {
    const r = saveAction(d);
    if (!r.ok) { model.errors.value = { ...model.errors.value, forms: r.error }; return; }
    if (await model.run('forms', r.action, d.id ? `Form ${d.name.trim()} saved` : `Form ${d.name.trim()} added: copy its HTML below`)) setDraft(null);
  };
  return (
    <section class="admin-section" aria-labelledby="forms-h">
      {/* The page's title already says it; the section keeps its name for screen readers. */}
      <h3 id="forms-h" class="sr-only">{TITLE}</h3>
      {c.forms.length === 0 && <p class="hint">No forms yet.</p>}
      {c.forms.map((f) => (
        <article key={f.id} class="web-form" aria-labelledby={`form-h-${f.id}`}>
          <h4 id={`form-h-${f.id}`}>{f.name}{f.enabled ? '' : ' (off: posts are refused)'}</h4>
          <p class="hint">Fields: {f.fields.map((x) => `${WEB_FORM_INPUTS[x].label}${f.required.includes(x) ? ' (required)' : ''}`).join(', ')}.</p>
          {!ro && (
            <p>
              <button type="button" onClick={() => setDraft(draftOf(f))}>Edit {f.name}</button>{' '}
              <button type="button" onClick={() => void model.run('forms', { action: 'updateForm', id: f.id, patch: { enabled: !f.enabled } }, f.enabled ? 'Form turned off' : 'Form turned on')}>{f.enabled ? `Turn ${f.name} off` : `Turn ${f.name} on`}</button>
            </p>
          )}
          <CopyBox id={`form-link-${f.id}`} label={`Link of ${f.name} (where the form posts)`} text={formLink(relay, f)} rows={1} />
          <CopyBox id={`form-html-${f.id}`} label={`HTML of ${f.name}`} text={snippetFor(relay, f)} rows={8} />
        </article>
      ))}
      {!ro && !draft && <button type="button" onClick={() => setDraft(newFormDraft())}>New form</button>}
      {!ro && draft && <FormEditor draft={draft} setDraft={setDraft} onSave={save} sources={c.sources} statuses={c.leadStatuses} />}
      {model.errors.value.forms && <p class="field-error" role="alert">{model.errors.value.forms}</p>}
    </section>
  );
}

type Option = { id: string; name: string; retired: boolean };

function FormEditor({ draft: d, setDraft, onSave, sources, statuses }: { draft: FormDraft; setDraft: (d: FormDraft | null) => void; onSave: (d: FormDraft) => Promise<void>; sources: Option[]; statuses: Option[] }) {
  const active = (list: Option[], keep: string) => list.filter((o) => !o.retired || o.id === keep);
  const text = (key: 'name' | 'redirectUrl') => (e: Event) => setDraft({ ...d, [key]: (e.currentTarget as HTMLInputElement).value });
  return (
    <form class="form-editor" noValidate aria-label={d.id ? `Edit form ${d.name}` : 'New form'} onSubmit={(e) => { e.preventDefault(); void onSave(d); }}>
      <div class="field"><label for="wf-name">Form name</label><input id="wf-name" value={d.name} onInput={text('name')} /></div>
      <fieldset>
        <legend>Fields on the form</legend>
        <ul class="config-list">
          {WEB_FORM_FIELDS.map((f) => (
            <li key={f}>
              <label class="choice"><input type="checkbox" checked={d.fields.includes(f)} onChange={(e) => setDraft(withField(d, f, e.currentTarget.checked))} /> {WEB_FORM_INPUTS[f].label}</label>
              <label class="choice"><input type="checkbox" checked={d.required.includes(f)} onChange={(e) => setDraft(withRequired(d, f, e.currentTarget.checked))} /> {WEB_FORM_INPUTS[f].label} required</label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div class="field">
        <label for="wf-source">Source of new leads</label>
        <select id="wf-source" value={d.sourceId} onChange={(e) => setDraft({ ...d, sourceId: e.currentTarget.value })}>
          {active(sources, d.sourceId).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="wf-status">Status of new leads</label>
        <select id="wf-status" value={d.statusId} onChange={(e) => setDraft({ ...d, statusId: e.currentTarget.value })}>
          <option value="">The workspace default</option>
          {active(statuses, d.statusId).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      </div>
      <div class="field"><label for="wf-redirect">Page to show after sending (optional, https://…)</label><input id="wf-redirect" type="url" value={d.redirectUrl} onInput={text('redirectUrl')} /></div>
      <button type="submit" class="primary">{d.id ? 'Save form' : 'Add form'}</button>{' '}
      <button type="button" onClick={() => setDraft(null)}>Cancel</button>
    </form>
  );
}
