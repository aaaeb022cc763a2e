import { describe, expect, it } from 'vitest';
import { defaults, defaultSettings, RuleError, Lead, derivedId, CustomFieldDef } from '../index.ts';
import { opportunityCreateRules, opportunityUpdateRules } from './opportunity.ts';
import { planMerge } from './merge.ts';
import { checkLastAdmin, nextOrder, reorder } from './admin.ts';
import { planConversion, type CompanyLookup } from './conversion.ts';
import type { ConfigView } from './config-view.ts';

const config = { settings: defaultSettings, ...structuredClone(defaults) } as unknown as ConfigView;
const ruleErr = (f: () => unknown) => { try { f(); } catch (e) { expect(e).toBeInstanceOf(RuleError); return (e as RuleError).path; } throw new Error('no error'); };

describe('opportunity rules', () => {
  const base = () => ({ name: 'Deal', pipelineId: 'sales', stageId: 'qualified', status: 'open' });
  it('probability from the stage, manual when typed, stage time stamped', () => {
    const f: Record<string, unknown> = base();
    opportunityCreateRules(f, config, 5);
    expect(f).toMatchObject({ winProbability: 5, stageChangedAt: 5 });
    expect(f.winProbabilityManual).toBeUndefined();
    const g: Record<string, unknown> = { ...base(), winProbability: 33 };
    opportunityCreateRules(g, config, 5);
    expect(g).toMatchObject({ winProbability: 33, winProbabilityManual: true });
  });
  it('a stage change sets time and probability unless manual; closing sets 100/0', () => {
    const cur = { ...base(), winProbability: 5, stageChangedAt: 1 };
    const set: Record<string, unknown> = { stageId: 'negotiation' };
    opportunityUpdateRules(cur, set, [], config, 9);
    expect(set).toEqual({ stageId: 'negotiation', stageChangedAt: 9, winProbability: 80 });
    const manual: Record<string, unknown> = { stageId: 'negotiation' };
    opportunityUpdateRules({ ...cur, winProbability: 33, winProbabilityManual: true }, manual, [], config, 9);
    expect(manual).toEqual({ stageId: 'negotiation', stageChangedAt: 9 });
    const won: Record<string, unknown> = { status: 'won' };
    opportunityUpdateRules(cur, won, [], config, 9);
    expect(won.winProbability).toBe(100);
    const reopened: Record<string, unknown> = { status: 'open' };
    const clear: string[] = [];
    opportunityUpdateRules({ ...cur, status: 'lost', lossReasonId: 'price', winProbability: 0 }, reopened, clear, config, 9);
    expect(reopened.winProbability).toBe(5);
    expect(clear).toEqual(['lossReasonId']);
    const moved: Record<string, unknown> = { pipelineId: 'sales' };
    opportunityUpdateRules({ ...cur, pipelineId: 'other' }, moved, [], { ...config, pipelines: [...config.pipelines, { id: 'other', name: 'O', order: 1, retired: false }] }, 9);
    expect(moved.stageId).toBe('qualified');
  });
  it('rejections name the field: lost without reason, unknown/retired stage, stage of another pipeline', () => {
    expect(ruleErr(() => opportunityUpdateRules(base(), { status: 'lost' }, [], config, 1))).toBe('lossReasonId');
    expect(ruleErr(() => opportunityCreateRules({ ...base(), status: 'lost' }, config, 1))).toBe('lossReasonId');
    expect(ruleErr(() => opportunityCreateRules({ ...base(), status: 'lost', lossReasonId: 'nope' }, config, 1))).toBe('lossReasonId');
    expect(ruleErr(() => opportunityCreateRules({ ...base(), stageId: 'nope' }, config, 1))).toBe('stageId');
    expect(ruleErr(() => opportunityCreateRules({ ...base(), pipelineId: 'nope' }, config, 1))).toBe('pipelineId');
    const retired = { ...config, stages: config.stages.map((s) => (s.id === 'qualified' ? { ...s, retired: true } : s)) };
    expect(ruleErr(() => opportunityCreateRules(base(), retired, 1))).toBe('stageId');
    expect(ruleErr(() => opportunityCreateRules({ ...base(), sourceId: 'nope' }, config, 1))).toBe('sourceId');
  });
});

describe('merge plan', () => {
  it('winner keeps its values, empty ones take the loser’s, choices override, lists union', () => {
    const w = { id: 'a', name: { first: 'Ada' }, title: undefined, emails: [{ email: 'ada@acme.io', category: 'work' }], phones: [{ number: '+1 415 555 0100', category: 'work' }], tags: ['vip'], custom: { x: 1 } };
    const l = { id: 'b', name: { first: 'Ada', last: 'L' }, title: 'CTO', emails: [{ email: 'ADA@acme.io', category: 'work' }, { email: 'ada@home.org', category: 'personal' }], phones: [{ number: '(415) 555-0100', category: 'mobile' }], tags: ['VIP', 'hot'], custom: { x: 2, y: 3 } };
    const plan = planMerge('people', w, l, { name: 'loser', 'custom.x': 'loser' });
    expect(plan.set).toEqual({
      name: { first: 'Ada', last: 'L' }, title: 'CTO',
      emails: [{ email: 'ada@acme.io', category: 'work' }, { email: 'ada@home.org', category: 'personal' }],
      tags: ['vip', 'hot'], custom: { x: 2, y: 3 },
    });
    expect(plan.clear).toEqual([]);
    expect(planMerge('people', { id: 'a', title: 'CEO' }, { id: 'b' }, { title: 'loser' }).clear).toEqual(['title']);
    expect(ruleErr(() => planMerge('people', w, w))).toBe('loserId');
    expect(ruleErr(() => planMerge('people', w, l, { colour: 'loser' }))).toBe('colour');
  });
});

describe('admin rules', () => {
  const items = [{ id: 'a', order: 0 }, { id: 'b', order: 1 }, { id: 'c', order: 2 }];
  it('reorder returns only moved entities; refuses a partial or repeated list', () => {
    expect(reorder(items, ['a', 'c', 'b'])).toEqual([{ id: 'c', order: 1 }, { id: 'b', order: 2 }]);
    expect(ruleErr(() => reorder(items, ['a', 'b']))).toBe('ids');
    expect(ruleErr(() => reorder(items, ['a', 'a', 'b']))).toBe('ids');
    expect(nextOrder(items)).toBe(3);
  });
  it('the last active admin cannot be demoted or removed', () => {
    const m = [{ id: 'x', role: 'admin' as const, active: true }, { id: 'y', role: 'member' as const, active: true }];
    expect(ruleErr(() => checkLastAdmin(m, { id: 'x', role: 'member' }))).toBe('role');
    expect(ruleErr(() => checkLastAdmin(m, { id: 'x', active: false }))).toBe('role');
    expect(() => checkLastAdmin([...m, { id: 'z', role: 'admin', active: true }], { id: 'x', active: false })).not.toThrow();
  });
});

describe('conversion plan', () => {
  const none: CompanyLookup = { byId: () => undefined, byDomain: () => [], byName: () => [] };
  const lead = (x: object = {}) => Lead.parse({ id: 'L1', createdAt: 1, createdBy: 'm', updatedAt: 1, updatedBy: 'm', name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@acme.io', companyName: 'Acme', statusId: 'open', sourceId: 'conference', monetaryValue: 500, ...x });
  const ctx = { now: 10, by: 'm1' };
  it('person, new company (corporate domain), opportunity at the first stage with the lead’s value and source', () => {
    const p = planConversion(lead(), { opportunity: {} }, config, none, ctx);
    expect(p.person.id).toBe(derivedId('L1', 'person'));
    expect(p.person.fields).toMatchObject({ name: { first: 'Ada', last: 'Lovelace' }, emails: [{ email: 'ada@acme.io' }], contactTypeId: 'potential-customer', companyId: 'L1.c', convertedFromLeadIds: ['L1'] });
    expect(p.company).toMatchObject({ id: 'L1.c', create: true, fields: { name: 'Acme', emailDomain: 'acme.io' } });
    expect(p.opportunity!.fields).toMatchObject({ name: 'Acme - Ada Lovelace', pipelineId: 'sales', stageId: 'qualified', winProbability: 5, monetaryValue: 500, currency: 'USD', sourceId: 'conference', primaryPersonId: 'L1.p', companyId: 'L1.c' });
    expect(p.leadPatch).toMatchObject({ statusId: 'converted', convertedAt: 10, convertedBy: 'm1', convertedTo: { personId: 'L1.p', companyId: 'L1.c', opportunityId: 'L1.o' } });
  });
  it('never a free-mail company domain; no company name and free mail → no company', () => {
    const p = planConversion(lead({ email: 'ada@gmail.com' }), {}, config, none, ctx);
    expect(p.company?.fields?.emailDomain).toBeUndefined();
    expect(planConversion(lead({ email: 'ada@gmail.com', companyName: undefined }), {}, config, none, ctx).company).toBeUndefined();
  });
  it('auto links the best existing match and returns the candidates; custom values move where defined', () => {
    const found: CompanyLookup = { byId: (id) => ({ id, name: 'Acme Inc' }), byDomain: () => [{ id: 'c9', name: 'Acme Inc', reason: 'domain' }], byName: () => [{ id: 'c8', name: 'ACME', reason: 'name' }] };
    const defs = [CustomFieldDef.parse({ id: 'size', name: 'Size', order: 0, dataType: 'number', availableOn: ['leads', 'people'] }), CustomFieldDef.parse({ id: 'bant', name: 'BANT', order: 1, dataType: 'text', availableOn: ['leads'] })];
    const p = planConversion(lead({ custom: { size: 5, bant: 'yes' } }), {}, { ...config, customFields: defs }, found, ctx);
    expect(p.company).toEqual({ id: 'c9', create: false });
    expect(p.candidates.map((c) => c.id)).toEqual(['c9', 'c8']);
    expect(p.person.fields.custom).toEqual({ size: 5 });
  });
  it('rejections: converted lead, retired contact type, unknown company, stage outside pipeline, nameless lead', () => {
    expect(ruleErr(() => planConversion(lead({ convertedAt: 3 }), {}, config, none, ctx))).toBe('convertedAt');
    const retired = { ...config, contactTypes: config.contactTypes.map((c) => ({ ...c, retired: c.id === 'other' })) };
    expect(ruleErr(() => planConversion(lead(), { contactTypeId: 'other' }, retired, none, ctx))).toBe('contactTypeId');
    expect(ruleErr(() => planConversion(lead(), { company: { mode: 'existing', id: 'zz' } }, config, none, ctx))).toBe('company.id');
    expect(ruleErr(() => planConversion(lead(), { opportunity: { stageId: 'nope' } }, config, none, ctx))).toBe('opportunity.stageId');
    expect(ruleErr(() => planConversion(lead({ name: {}, email: undefined }), {}, config, none, ctx))).toBe('name');
    expect(ruleErr(() => planConversion(lead({ companyName: undefined, email: 'a@gmail.com' }), { company: { mode: 'new' } }, config, none, ctx))).toBe('company.name');
  });
});
