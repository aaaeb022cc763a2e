import { recordDocKey } from '../../../src/domain/routing.ts';
import { describe, expect, it } from 'vitest';

import { NotFoundError, PermissionError, RuleError, ValidationError, derivedId } from '../../../src/domain/index.ts';
import { addCustomField, retireConfigItem, convertLead, previewConversion, timeline, timelineSources, relatedTasks, createTask } from '../../../src/store/lifecycle/index.ts';
import { undoBatch } from '../../../src/store/undo.ts';
import { refused, snapshot, syncAll, workspace } from './helpers.ts';

const leadInput = { name: { first: 'Ada', last: 'Lovelace' }, title: 'CTO', email: 'ada@acme.io', companyName: 'Acme', phones: [{ number: '+1 415 555 0100' }], socials: [{ url: 'https://linkedin.com/in/ada' }], websites: [{ url: 'https://acme.io' }], address: { city: 'London' }, ownerId: 'm1', tags: ['hot'], sourceId: 'conference', monetaryValue: 1200, currency: 'EUR' };

describe('converting a lead', () => {
  it('creates person, company and opportunity in one transaction per shard with derived ids; the lead is kept, linked', () => {
    const { docs, repo } = workspace();
    const lead = repo.create('leads', leadInput);
    const perShard = new Map<string, number>();
    docs.onUpdate(({ key }) => { if (key.startsWith('records/')) perShard.set(key, (perShard.get(key) ?? 0) + 1); });
    const r = convertLead(repo, lead.id, { opportunity: { closeDate: '2026-12-31' } });
    expect(new Set([lead.id, derivedId(lead.id, 'person'), derivedId(lead.id, 'company'), derivedId(lead.id, 'opportunity')].map(recordDocKey))).toEqual(new Set(perShard.keys()));
    expect([...perShard.values()].every((n) => n === 1)).toBe(true);
    expect(r.person).toMatchObject({ id: derivedId(lead.id, 'person'), name: leadInput.name, title: 'CTO', emails: [{ email: 'ada@acme.io', category: 'work' }], phones: [{ number: '+1 415 555 0100' }], socials: [{ url: 'https://linkedin.com/in/ada' }], address: { city: 'London' }, ownerId: 'm1', tags: ['hot'], contactTypeId: 'potential-customer', companyId: derivedId(lead.id, 'company'), convertedFromLeadIds: [lead.id] });
    expect(r.company).toMatchObject({ id: derivedId(lead.id, 'company'), name: 'Acme', emailDomain: 'acme.io' });
    expect(r.companyCreated).toBe(true);
    expect(r.opportunity).toMatchObject({ name: 'Acme - Ada Lovelace', pipelineId: 'sales', stageId: 'qualified', winProbability: 5, monetaryValue: 1200, currency: 'EUR', closeDate: '2026-12-31', sourceId: 'conference', primaryPersonId: r.person.id, companyId: r.company!.id, status: 'open' });
    expect(r.lead).toMatchObject({ statusId: 'converted', convertedBy: 'm1', convertedTo: { personId: r.person.id, companyId: r.company!.id, opportunityId: r.opportunity!.id } });
    expect(r.lead.convertedAt).toBeTypeOf('number');
    expect(repo.get('leads', lead.id)).toBeDefined();
  });

  it('links an existing company chosen by id, or matched by domain or name (candidates returned), or none', () => {
    const { repo } = workspace();
    const acme = repo.create('companies', { name: 'ACME Inc.', emailDomain: 'acme.io' });
    const other = repo.create('companies', { name: 'Acme' });
    const l1 = repo.create('leads', leadInput);
    const r1 = convertLead(repo, l1.id);
    expect(r1.company?.id).toBe(acme.id);
    expect(r1.companyCreated).toBe(false);
    expect(r1.candidates.map((c) => [c.id, c.reason])).toEqual([[acme.id, 'domain'], [other.id, 'name']]);
    const l2 = repo.create('leads', { ...leadInput, email: 'ada@gmail.com' });
    expect(previewConversion(repo, l2.id).candidates.map((c) => c.reason)).toEqual(['name', 'name']);
    expect(convertLead(repo, l2.id, { company: { mode: 'existing', id: other.id } }).person.companyId).toBe(other.id);
    const l3 = repo.create('leads', leadInput);
    const r3 = convertLead(repo, l3.id, { company: { mode: 'none' }, contactTypeId: 'current-customer' });
    expect(r3.company).toBeUndefined();
    expect(r3.person).toMatchObject({ contactTypeId: 'current-customer' });
    expect(r3.person.companyId).toBeUndefined();
    const l4 = repo.create('leads', { name: { first: 'Bo' }, email: 'bo@gmail.com', companyName: 'Bo Ltd' });
    expect(convertLead(repo, l4.id, { company: { mode: 'new' } }).company).toMatchObject({ name: 'Bo Ltd' });
    expect(repo.get('companies', derivedId(l4.id, 'company'))?.emailDomain).toBeUndefined();
  });

  it('custom values move where their definition applies', () => {
    const { repo } = workspace();
    addCustomField(repo, { id: 'budget', name: 'Budget', dataType: 'currency', availableOn: ['leads', 'opportunities'] });
    addCustomField(repo, { id: 'linkedin-score', name: 'Score', dataType: 'number', availableOn: ['leads', 'people'] });
    const lead = repo.create('leads', { ...leadInput, custom: { budget: 10, 'linkedin-score': 7 } });
    const r = convertLead(repo, lead.id, { opportunity: {} });
    expect(r.person.custom).toEqual({ 'linkedin-score': 7 });
    expect(r.opportunity!.custom).toEqual({ budget: 10 });
    expect(r.company!.custom).toEqual({});
  });

  it('converting twice on one replica is refused ("already converted") and writes nothing', () => {
    const { docs, repo } = workspace();
    const lead = repo.create('leads', leadInput);
    convertLead(repo, lead.id);
    expect(refused(docs, () => convertLead(repo, lead.id), RuleError, 'convertedAt').message).toMatch(/already converted/);
  });

  it('two offline replicas converting the same lead end with one person, company and opportunity, merged field by field', () => {
    const a = workspace();
    const b = workspace({ memberId: 'm2', role: 'member' });
    const lead = a.repo.create('leads', leadInput);
    syncAll(a.docs, b.docs);
    const ra = convertLead(a.repo, lead.id, { opportunity: {} });
    a.repo.update('people', ra.person.id, { details: 'met at the conference' });
    const rb = convertLead(b.repo, lead.id, { opportunity: { monetaryValue: 5000 } });
    // An edit of a field the other replica's conversion also wrote is a true concurrent write
    // (either may win); edits of fields conversion leaves alone always survive.
    b.repo.update('companies', rb.company!.id, { details: 'big account' });
    syncAll(a.docs, b.docs);
    for (const { repo } of [a, b]) {
      expect(repo.list('people')).toHaveLength(1);
      expect(repo.list('companies')).toHaveLength(1);
      expect(repo.list('opportunities')).toHaveLength(1);
      expect(repo.get('people', ra.person.id)).toMatchObject({ details: 'met at the conference' });
      expect(repo.get('companies', ra.company!.id)).toMatchObject({ details: 'big account' });
      expect(timeline(repo, { type: 'leads', id: lead.id }).filter((x) => x.system?.to === 'converted')).toHaveLength(1);
    }
    expect(snapshot(a.docs)).toBe(snapshot(b.docs));
  });

  it("credits the lead's status change to the member who converted, not to the system or the lead's owner", () => {
    const { repo, as } = workspace();
    const lead = repo.create('leads', leadInput); // owned by m1
    convertLead(as({ memberId: 'rep2', role: 'member' }), lead.id);
    const line = timeline(repo, { type: 'leads', id: lead.id }).find((x) => x.system?.to === 'converted')!;
    expect(line).toMatchObject({ typeId: 'system', authorId: 'rep2', createdBy: 'rep2', system: { field: 'statusId', from: 'new', to: 'converted' } });
  });

  it('rejections write nothing: viewer, missing lead, retired contact type, bad stage, invalid value, nameless lead', () => {
    const { docs, repo, as } = workspace();
    const lead = repo.create('leads', leadInput);
    refused(docs, () => convertLead(as({ memberId: 'v', role: 'viewer' }), lead.id), PermissionError);
    refused(docs, () => convertLead(repo, 'nope'), NotFoundError);
    retireConfigItem(repo, 'contactTypes', 'other');
    refused(docs, () => convertLead(repo, lead.id, { contactTypeId: 'other' }), RuleError, 'contactTypeId');
    refused(docs, () => convertLead(repo, lead.id, { opportunity: { pipelineId: 'sales', stageId: 'nope' } }), RuleError, 'opportunity.stageId');
    refused(docs, () => convertLead(repo, lead.id, { opportunity: { currency: 'euro' } }), ValidationError, 'opportunity.currency');
    refused(docs, () => convertLead(repo, lead.id, { company: { mode: 'existing', id: 'zz' } }), RuleError, 'company.id');
    const nameless = repo.create('leads', {});
    refused(docs, () => convertLead(repo, nameless.id), RuleError, 'name');
    refused(docs, () => repo.update('leads', lead.id, { statusId: 'converted' }), RuleError, 'statusId');
    convertLead(repo, lead.id);
    refused(docs, () => repo.update('leads', lead.id, { statusId: 'open' }), RuleError, 'statusId');
  });

  it('undo reverts the whole conversion; converting again afterwards reuses the derived ids', () => {
    const { repo } = workspace();
    const lead = repo.create('leads', leadInput);
    const r = convertLead(repo, lead.id, { opportunity: {} });
    undoBatch(repo, r.batchId);
    expect(repo.get('people', r.person.id)).toBeUndefined();
    expect(repo.get('companies', r.company!.id)).toBeUndefined();
    expect(repo.get('opportunities', r.opportunity!.id)).toBeUndefined();
    expect(repo.get('leads', lead.id)).toMatchObject({ statusId: 'new' });
    expect(repo.get('leads', lead.id)?.convertedAt).toBeUndefined();
    const again = convertLead(repo, lead.id);
    expect(again.person.id).toBe(r.person.id);
    expect(repo.list('people')).toHaveLength(1);
    expect(repo.get('opportunities', r.opportunity!.id)).toBeUndefined();
  });
});

describe('timelines', () => {
  it('person, company and opportunity show the lead’s activities, emails, notes and tasks; a company shows its people’s', () => {
    const { repo } = workspace();
    const lead = repo.create('leads', leadInput);
    repo.logActivity({ typeId: 'email', parent: { type: 'leads', id: lead.id }, details: 'Hi', email: { subject: 'Hello', from: 'ada@acme.io', to: ['me@x.io'], messageId: '<1@acme.io>' } });
    repo.logActivity({ typeId: 'note', parent: { type: 'leads', id: lead.id }, details: 'Likes tea' });
    const task = createTask(repo, { name: 'Send deck', related: { type: 'leads', id: lead.id } });
    const r = convertLead(repo, lead.id, { opportunity: {} });
    repo.logActivity({ typeId: 'call', parent: { type: 'people', id: r.person.id }, details: 'Called' });
    const colleague = repo.create('people', { name: { first: 'Bob' }, companyId: r.company!.id });
    repo.logActivity({ typeId: 'meeting', parent: { type: 'people', id: colleague.id }, details: 'Lunch' });
    const details = (ref: { type: 'people' | 'companies' | 'opportunities'; id: string }) => timeline(repo, ref).map((a) => a.details || a.system?.to);
    expect(details({ type: 'people', id: r.person.id })).toEqual(['Called', 'converted', 'Likes tea', 'Hi']);
    expect(details({ type: 'companies', id: r.company!.id })).toEqual(['Lunch', 'Called', 'converted', 'Likes tea', 'Hi']);
    expect(details({ type: 'opportunities', id: r.opportunity!.id })).toEqual(['Called', 'converted', 'Likes tea', 'Hi']);
    expect(timeline(repo, { type: 'people', id: r.person.id }).find((a) => a.typeId === 'email')?.email).toMatchObject({ subject: 'Hello', messageId: '<1@acme.io>' });
    for (const type of ['people', 'companies', 'opportunities'] as const) {
      expect(relatedTasks(repo, { type, id: (type === 'people' ? r.person : type === 'companies' ? r.company : r.opportunity)!.id }).map((t) => t.id)).toEqual([task.id]);
    }
    expect(timelineSources(repo, { type: 'people', id: 'nope' })).toEqual([]);
  });
});

