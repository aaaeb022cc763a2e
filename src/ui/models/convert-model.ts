import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { Lead } from '../../domain/index.ts';
import { planConversion, type CompanyLookup } from '../../domain/lifecycle/index.ts';
import type { CompanyCandidate, ConvertOptions, ConvertResult, FieldError, ReadPort, Rec, WorkspaceConfig, WritePort } from '../ports.ts';
import { fieldErrors } from './errors.ts';
import type { UndoModel } from './undo-model.ts';

export type ConvertDraft = {
  companyMode: 'new' | 'existing' | 'none';
  companyName: string;
  existingId: string;
  contactTypeId: string;
  withOpportunity: boolean;
  opportunityName: string;
  pipelineId: string;
  stageId: string;
  value: string;
  closeDate: string;
};

/** The draft as the engine's conversion options (pure: tested without a DOM). */
export function convertOptions(d: ConvertDraft): ConvertOptions {
  const company: ConvertOptions['company'] = d.companyMode === 'none' ? { mode: 'none' }
    : d.companyMode === 'existing' ? { mode: 'existing', id: d.existingId }
    : { mode: 'new', ...(d.companyName.trim() ? { name: d.companyName.trim() } : {}) };
  const out: ConvertOptions = { company, ...(d.contactTypeId ? { contactTypeId: d.contactTypeId } : {}) };
  if (d.withOpportunity) {
    out.opportunity = {
      ...(d.opportunityName.trim() ? { name: d.opportunityName.trim() } : {}),
      ...(d.pipelineId ? { pipelineId: d.pipelineId } : {}),
      ...(d.stageId ? { stageId: d.stageId } : {}),
      ...(d.value.trim() !== '' ? { monetaryValue: Number(d.value) } : {}),
      ...(d.closeDate ? { closeDate: d.closeDate } : {}),
    };
  }
  return out;
}

/**
 * What Convert will make of the draft's empty boxes, from the conversion's own rule (the domain's
 * planConversion, not a copy of it): the new company's name (the lead's company name, else its
 * work email's domain) and the deal's ("Company - Name"). `noCompanyName`: a new company would be
 * refused, nothing names it (no company name, a personal email or none).
 */
export type ConvertPreview = { companyName?: string; companyFromDomain: boolean; dealName?: string; noCompanyName: boolean };

export function convertPreview(lead: Rec, d: ConvertDraft, config: WorkspaceConfig, candidates: CompanyCandidate[], now = Date.now()): ConvertPreview {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const lookup: CompanyLookup = { byId: (id) => byId.get(id), byDomain: () => [], byName: () => [] };
  // The deal's name follows the company chosen: plan it with an opportunity and the draft's company.
  const plan = (draft: ConvertDraft) => planConversion(lead as unknown as Lead, convertOptions({ ...draft, withOpportunity: true, opportunityName: '' }), config, lookup, { now, by: config.me.memberId });
  const out: ConvertPreview = { companyFromDomain: false, noCompanyName: false };
  try {
    const p = plan({ ...d, companyMode: 'new', companyName: '' });
    const fields = p.company?.fields;
    if (fields) { out.companyName = String(fields.name); out.companyFromDomain = fields.name === fields.emailDomain && !(lead.companyName as string | undefined)?.trim(); }
  } catch (e) {
    if ((e as { path?: string }).path === 'company.name') out.noCompanyName = true;
  }
  try { out.dealName = plan(d).opportunity?.fields.name as string | undefined; } catch { /* the draft is refused as it stands: Convert says why */ }
  return out;
}

/** Convert a lead: person, company (new / matched / none), optional opportunity. */
export function createConvertModel(ports: { read: ReadPort; write: WritePort }, leadId: string, undo: UndoModel | undefined, config: ReadonlySignal<WorkspaceConfig | null>) {
  const lead = signal<Rec | null | undefined>(undefined);
  const candidates = signal<CompanyCandidate[]>([]);
  const draft = signal<ConvertDraft>({ companyMode: 'new', companyName: '', existingId: '', contactTypeId: '', withOpportunity: false, opportunityName: '', pipelineId: '', stageId: '', value: '', closeDate: '' });
  const errors = signal<FieldError[]>([]);
  const converting = signal(false);
  const result = signal<ConvertResult | null>(null);
  const preview = computed<ConvertPreview | null>(() => (lead.value && config.value ? convertPreview(lead.value, draft.value, config.value, candidates.value) : null));
  let filled = false;
  const stopWatch = ports.read.watchRecord('leads', leadId, (r) => { lead.value = r; });
  // Once the lead (and the config the rule reads) is there, the draft starts from it. Nothing to
  // name a company from (no company name, a personal email or none): "No company" is chosen, not
  // "New company" over an empty box that Convert would refuse.
  const stopFill = effect(() => {
    const r = lead.value;
    if (!r || filled || !config.value) return;
    filled = true;
    const nameless = convertPreview(r, draft.peek(), config.value, []).noCompanyName;
    draft.value = { ...draft.peek(), companyName: (r.companyName as string) ?? '', value: r.monetaryValue !== undefined ? String(r.monetaryValue) : '', ...(nameless && draft.peek().companyMode === 'new' ? { companyMode: 'none' as const } : {}) };
  });
  const stop = () => { stopWatch(); stopFill(); };
  void ports.write.companyCandidates(leadId).then((c) => {
    candidates.value = c;
    if (c[0]) draft.value = { ...draft.value, companyMode: 'existing', existingId: c[0].id };
  }, () => {});
  return {
    lead, candidates, draft, errors, converting, result, preview,
    set<K extends keyof ConvertDraft>(k: K, v: ConvertDraft[K]) {
      draft.value = { ...draft.value, [k]: v, ...(k === 'pipelineId' ? { stageId: '' } : {}) };
    },
    async convert(): Promise<ConvertResult | null> {
      const d = draft.value;
      if (d.companyMode === 'existing' && !d.existingId) { errors.value = [{ path: 'company.id', message: 'Choose the company to link.' }]; return null; }
      if (d.withOpportunity && d.value.trim() !== '' && !(Number(d.value) >= 0)) { errors.value = [{ path: 'opportunity.monetaryValue', message: 'The value must be a number, zero or more.' }]; return null; }
      converting.value = true;
      try {
        // What Convert makes is the lead's owner's, else the rep's who converts it: the engine's to say (src/bridge/host.ts).
        const r = await ports.write.convert(leadId, convertOptions(d));
        result.value = r;
        errors.value = [];
        undo?.push({ label: 'Lead converted', undo: () => ports.write.undoBatch(r.batchId) });
        return r;
      } catch (e) {
        errors.value = fieldErrors(e);
        return null;
      } finally {
        converting.value = false;
      }
    },
    dispose: stop,
  };
}
export type ConvertModel = ReturnType<typeof createConvertModel>;
