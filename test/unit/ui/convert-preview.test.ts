import { describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { defaults, defaultSettings } from '../../../src/domain/index.ts';
import { convertPreview, createConvertModel, type ConvertDraft } from '../../../src/ui/models/convert-model.ts';
import type { CompanyCandidate, ReadPort, Rec, WorkspaceConfig, WritePort } from '../../../src/ui/ports.ts';

/**
 * The convert form's empty boxes say what Convert will make of them, from the conversion's rule
 * (src/domain/lifecycle/conversion.ts): its placeholder was "Company - Lead name" whatever the lead.
 */
const config = { settings: defaultSettings, ...structuredClone(defaults), me: { memberId: 'm-1', role: 'admin' } } as unknown as WorkspaceConfig;
const draft: ConvertDraft = { companyMode: 'new', companyName: '', existingId: '', contactTypeId: '', withOpportunity: true, opportunityName: '', pipelineId: '', stageId: '', value: '', closeDate: '' };
const lead = (fields: Record<string, unknown>): Rec => ({ id: 'l-1', name: { first: 'Ada', last: 'Lovelace' }, statusId: 'new', ...fields });

describe('what Convert will name the company and the deal', () => {
  it('a work email and no company name: the company takes the domain, the deal "domain - name"', () => {
    const p = convertPreview(lead({ email: 'ada@analytical-engines.example' }), draft, config, []);
    expect(p).toEqual({ companyName: 'analytical-engines.example', companyFromDomain: true, dealName: 'analytical-engines.example - Ada Lovelace', noCompanyName: false });
  });

  it("the lead's company name wins over the domain, and a typed one over both for the deal", () => {
    const l = lead({ email: 'grace@navy.example', companyName: 'US Navy', name: { first: 'Grace', last: 'Hopper' } });
    expect(convertPreview(l, draft, config, [])).toMatchObject({ companyName: 'US Navy', companyFromDomain: false, dealName: 'US Navy - Grace Hopper' });
    expect(convertPreview(l, { ...draft, companyName: 'Harvard Mark I' }, config, []).dealName).toBe('Harvard Mark I - Grace Hopper');
  });

  it('an existing company names the deal; no company leaves the person’s name', () => {
    const found: CompanyCandidate[] = [{ id: 'c-9', name: 'Eniac Corp', emailDomain: 'eniac.example', reason: 'domain' }];
    const l = lead({ email: 'kay@eniac.example', name: { first: 'Kay', last: 'McNulty' } });
    expect(convertPreview(l, { ...draft, companyMode: 'existing', existingId: 'c-9' }, config, found).dealName).toBe('Eniac Corp - Kay McNulty');
    expect(convertPreview(l, { ...draft, companyMode: 'none' }, config, found).dealName).toBe('Kay McNulty');
  });

  it('a personal email names no company: said, and the deal is the person’s name if no company is chosen', () => {
    const l = lead({ email: 'bo@gmail.com', name: { first: 'Bo' } });
    const p = convertPreview(l, draft, config, []);
    expect(p.noCompanyName).toBe(true);
    expect(p.companyName).toBeUndefined();
    expect(p.dealName).toBeUndefined(); // "New company" with nothing to name it is refused: Convert says why
    expect(convertPreview(l, { ...draft, companyMode: 'none' }, config, []).dealName).toBe('Bo');
  });

  it('the model starts a lead with a personal email on "No company" (it started on "New company" over an empty box that Convert refused)', async () => {
    const recs: Record<string, Rec> = { gmail: lead({ id: 'gmail', email: 'bo@gmail.com' }), work: lead({ id: 'work', email: 'ada@analytical.example' }) };
    const read = { watchRecord: (_t: string, id: string, cb: (r: Rec | null) => void) => { cb(recs[id]); return () => {}; } } as unknown as ReadPort;
    const write = { companyCandidates: async () => [] } as unknown as WritePort;
    const cfg = signal<WorkspaceConfig | null>(null);
    const m = createConvertModel({ read, write }, 'gmail', undefined, cfg);
    // The rule reads the config: nothing is decided before it is there.
    expect(m.draft.value.companyMode).toBe('new');
    expect(m.preview.value).toBeNull();
    cfg.value = config;
    expect(m.draft.value.companyMode).toBe('none');
    const w = createConvertModel({ read, write }, 'work', undefined, cfg);
    expect(w.draft.value.companyMode).toBe('new');
    expect(w.preview.value?.companyName).toBe('analytical.example');
    m.dispose(); w.dispose();
  });
});
