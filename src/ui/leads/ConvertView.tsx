import { useEffect, useMemo } from 'preact/hooks';
import { displayName } from '../../domain/index.ts';
import type { ReadPort, WritePort } from '../ports.ts';
import { createConvertModel, type ConvertDraft } from '../models/convert-model.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import type { UndoModel } from '../models/undo-model.ts';
import { errorFor } from '../models/errors.ts';

/** Convert a lead: person, company (new / matched / none), optional opportunity; then open the person. */
export function ConvertView({ leadId, ports, config, nav, undo }: { leadId: string; ports: { read: ReadPort; write: WritePort }; config: ConfigModel; nav: NavModel; undo: UndoModel }) {
  const model = useMemo(() => createConvertModel(ports, leadId, undo, config.config), [leadId]);
  useEffect(() => () => model.dispose(), [model]);
  const lead = model.lead.value;
  // Keyboard users land on the step's title, not at the top of the page.
  useEffect(() => { if (lead) document.getElementById('convert-title')?.focus(); }, [!!lead]);
  const d = model.draft.value;
  const errors = model.errors.value;
  const set = <K extends keyof ConvertDraft>(k: K) => (e: Event) => {
    const el = e.currentTarget as HTMLInputElement;
    model.set(k, (el.type === 'checkbox' ? el.checked : el.value) as ConvertDraft[K]);
  };
  if (lead === undefined) return <p role="status">Loading…</p>;
  if (lead === null) return <p role="status">This lead no longer exists.</p>;
  const pipelines = config.active('pipelines');
  const pipelineId = d.pipelineId || pipelines[0]?.id || '';
  const stages = config.active('stages').filter((s) => s.pipelineId === pipelineId);
  const general = errors.filter((e) => !e.path || !/^(company|opportunity|contactTypeId)/.test(e.path));
  const err = (p: string) => errorFor(errors, p);
  const preview = model.preview.value;
  // An empty company box says what the company will be called (the lead's company name, else its work email's domain).
  const companyHint = !d.companyName.trim() && preview?.companyName
    ? (preview.companyFromDomain ? `Left empty, the company is named after the email’s domain: ${preview.companyName}.` : `Left empty, the company is named ${preview.companyName}.`)
    : !d.companyName.trim() && preview?.noCompanyName ? 'The lead has no company name and no work email to take one from: type a name.' : '';
  return (
    <form class="convert" aria-labelledby="convert-title" onSubmit={async (e) => {
      e.preventDefault();
      const r = await model.convert();
      if (r) nav.open('people', r.personId);
    }}>
      <h2 id="convert-title" tabIndex={-1}>Convert {displayName(lead) || 'lead'}</h2>
      <p>A person is created from this lead. The lead is kept, marked converted, and its activities show on what it becomes.</p>
      <div class="field">
        <label for="cv-contact-type">Contact type</label>
        <select id="cv-contact-type" value={d.contactTypeId || config.defaultOf('contactTypes')} onChange={set('contactTypeId')}>
          {config.active('contactTypes').map((c) => <option key={c.id} value={c.id}>{config.choiceLabel('contactTypes', c)}</option>)}
        </select>
        {err('contactTypeId') && <span class="field-error" role="alert">{err('contactTypeId')}</span>}
      </div>
      <fieldset>
        <legend>Company</legend>
        {/* The choices together, then what the chosen one needs (a name under "New company" split them). */}
        <div class="choices">
          <label class="choice"><input type="radio" name="company" value="new" checked={d.companyMode === 'new'} onChange={() => model.set('companyMode', 'new')} /> New company</label>
          {model.candidates.value.length > 0 && <label class="choice"><input type="radio" name="company" value="existing" checked={d.companyMode === 'existing'} onChange={() => model.set('companyMode', 'existing')} /> An existing company</label>}
          <label class="choice"><input type="radio" name="company" value="none" checked={d.companyMode === 'none'} onChange={() => model.set('companyMode', 'none')} /> No company</label>
        </div>
        {d.companyMode === 'new' && (
          <div class="field">
            <label for="cv-company-name">Company name</label>
            <input id="cv-company-name" value={d.companyName} placeholder={preview?.companyName} onInput={set('companyName')} aria-invalid={err('company.name') ? 'true' : undefined} aria-describedby={companyHint ? 'cv-company-hint' : undefined} />
            {companyHint && <span id="cv-company-hint" class="hint">{companyHint}</span>}
            {err('company.name') && <span class="field-error" role="alert">{err('company.name')}</span>}
          </div>
        )}
        {d.companyMode === 'existing' && (
          <div class="field">
            <label for="cv-company-existing">Matching companies</label>
            <select id="cv-company-existing" value={d.existingId} onChange={set('existingId')}>
              {model.candidates.value.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.reason === 'domain' ? `same domain ${c.emailDomain}` : 'same name'})</option>)}
            </select>
            {err('company.id') && <span class="field-error" role="alert">{err('company.id')}</span>}
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Opportunity</legend>
        <label class="choice"><input type="checkbox" checked={d.withOpportunity} onChange={set('withOpportunity')} /> Create an opportunity</label>
        {d.withOpportunity && (
          <>
            <div class="field"><label for="cv-opp-name">Opportunity name</label><input id="cv-opp-name" placeholder={preview?.dealName} value={d.opportunityName} onInput={set('opportunityName')} /></div>
            <div class="field">
              <label for="cv-pipeline">Pipeline</label>
              <select id="cv-pipeline" value={pipelineId} onChange={set('pipelineId')}>{pipelines.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select>
            </div>
            <div class="field">
              <label for="cv-stage">Stage</label>
              <select id="cv-stage" value={d.stageId || stages[0]?.id} onChange={set('stageId')}>{stages.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.winProbability}%)</option>)}</select>
              {err('opportunity.stageId') && <span class="field-error" role="alert">{err('opportunity.stageId')}</span>}
            </div>
            <div class="field">
              <label for="cv-value">Value</label>
              <input id="cv-value" type="number" min="0" step="any" value={d.value} onInput={set('value')} aria-invalid={err('opportunity.monetaryValue') ? 'true' : undefined} />
              {err('opportunity.monetaryValue') && <span class="field-error" role="alert">{err('opportunity.monetaryValue')}</span>}
            </div>
            <div class="field">
              <label for="cv-close">Close date</label>
              <input id="cv-close" type="date" value={d.closeDate} onInput={set('closeDate')} />
              {err('opportunity.closeDate') && <span class="field-error" role="alert">{err('opportunity.closeDate')}</span>}
            </div>
          </>
        )}
      </fieldset>
      {general.map((e) => <p key={e.message} class="field-error" role="alert">{e.message}</p>)}
      <div class="actions">
        <button type="submit" class="primary" disabled={model.converting.value}>Convert lead</button>
        <button type="button" onClick={() => nav.open('leads', leadId)}>Cancel</button>
      </div>
    </form>
  );
}
