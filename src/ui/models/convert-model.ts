import { signal } from '@preact/signals';
import type { CompanyCandidate, ConvertOptions, ConvertResult, FieldError, ReadPort, Rec, WritePort } from '../ports.ts';
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

/** Convert a lead: person, company (new / matched / none), optional opportunity. */
export function createConvertModel(ports: { read: ReadPort; write: WritePort }, leadId: string, undo?: UndoModel) {
  const lead = signal<Rec | null | undefined>(undefined);
  const candidates = signal<CompanyCandidate[]>([]);
  const draft = signal<ConvertDraft>({ companyMode: 'new', companyName: '', existingId: '', contactTypeId: '', withOpportunity: false, opportunityName: '', pipelineId: '', stageId: '', value: '', closeDate: '' });
  const errors = signal<FieldError[]>([]);
  const converting = signal(false);
  const result = signal<ConvertResult | null>(null);
  let filled = false;
  const stop = ports.read.watchRecord('leads', leadId, (r) => {
    lead.value = r;
    if (r && !filled) {
      filled = true;
      // Nothing to name a company from (no company name, no email whose domain could): "No
      // company" is chosen, not "New company" over an empty box that Convert would refuse.
      const nameable = !!(r.companyName as string | undefined)?.trim() || !!r.email;
      draft.value = { ...draft.value, companyName: (r.companyName as string) ?? '', value: r.monetaryValue !== undefined ? String(r.monetaryValue) : '', ...(nameable ? {} : { companyMode: 'none' as const }) };
    }
  });
  void ports.write.companyCandidates(leadId).then((c) => {
    candidates.value = c;
    if (c[0]) draft.value = { ...draft.value, companyMode: 'existing', existingId: c[0].id };
  }, () => {});
  return {
    lead, candidates, draft, errors, converting, result,
    set<K extends keyof ConvertDraft>(k: K, v: ConvertDraft[K]) {
      draft.value = { ...draft.value, [k]: v, ...(k === 'pipelineId' ? { stageId: '' } : {}) };
    },
    async convert(): Promise<ConvertResult | null> {
      const d = draft.value;
      if (d.companyMode === 'existing' && !d.existingId) { errors.value = [{ path: 'company.id', message: 'Choose the company to link.' }]; return null; }
      if (d.withOpportunity && d.value.trim() !== '' && !(Number(d.value) >= 0)) { errors.value = [{ path: 'opportunity.monetaryValue', message: 'The value must be a number, zero or more.' }]; return null; }
      converting.value = true;
      try {
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
