import { describe, expect, it } from 'vitest';
import { parseCreate, parsePatch, ValidationError, defaults, CustomFieldDef, WebForm, Settings, collections, COLLECTIONS, derivedId, newId, searchWords } from './index.ts';

function issuesOf(fn: () => unknown) {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(ValidationError); return (e as ValidationError).issues.map((i) => i.path); }
  throw new Error('expected a ValidationError');
}

describe('record schemas', () => {
  it('accept a full lead and apply defaults', () => {
    const lead = parseCreate('leads', { name: { first: 'Ada', last: 'Lovelace' }, email: ' Ada@Example.COM ', phones: [{ number: '+44 20 7946 0958' }], tags: ['vip'], monetaryValue: 1000, currency: 'EUR' });
    expect(lead.email).toBe('ada@example.com');
    expect(lead.phones).toEqual([{ number: '+44 20 7946 0958', category: 'work' }]);
    expect(lead.socials).toEqual([]);
  });

  it.each([
    ['leads', { email: 'not-an-email' }, ['email']],
    ['leads', { currency: 'euro', monetaryValue: -1 }, ['monetaryValue', 'currency']],
    ['leads', { name: { first: 'x'.repeat(301) } }, ['name.first']],
    ['leads', { nickname: 'x' }, ['']],
    ['leads', { phones: [{ number: '' }] }, ['phones.0.number']],
    ['people', { emails: [{ email: 'bad' }] }, ['emails.0.email']],
    ['companies', {}, ['name']],
    ['companies', { name: 'Acme', emailDomain: 'not a domain' }, ['emailDomain']],
    ['opportunities', { name: 'Deal' }, ['pipelineId', 'stageId']],
    ['opportunities', { name: 'Deal', pipelineId: 'sales', stageId: 'qualified', winProbability: 120 }, ['winProbability']],
    ['opportunities', { name: 'Deal', pipelineId: 'sales', stageId: 'qualified', status: 'maybe' }, ['status']],
    ['opportunities', { name: 'Deal', pipelineId: 'sales', stageId: 'qualified', closeDate: '12/31/2026' }, ['closeDate']],
    ['tasks', { name: '' }, ['name']],
    ['tasks', { name: 'Call', related: { type: 'widgets', id: 'x' } }, ['related.type']],
  ] as const)('reject bad %s input %j naming %j', (collection, input, paths) => {
    expect(issuesOf(() => parseCreate(collection, input)).sort()).toEqual([...paths].sort());
  });

  it('patches refuse meta fields and unknown fields, and null clears', () => {
    const current = { id: 'a', name: { first: 'A' }, title: 'CEO', createdAt: 1 };
    expect(issuesOf(() => parsePatch('leads', current, { createdAt: 5 }))).toEqual(['createdAt']);
    expect(issuesOf(() => parsePatch('leads', current, { colour: 'red' }))).toEqual(['colour']);
    expect(issuesOf(() => parsePatch('leads', current, 'x'))).toEqual(['']);
    expect(parsePatch('leads', current, { title: null })).toEqual({ set: {}, clear: ['title'] });
  });

  it('custom values are checked against their definitions', () => {
    const defs = [CustomFieldDef.parse({ id: 'size', name: 'Size', order: 0, dataType: 'dropdown', options: [{ id: 's', name: 'Small' }], availableOn: ['leads'] })];
    expect(parseCreate('leads', { custom: { size: 's' } }, defs).custom).toEqual({ size: 's' });
    expect(issuesOf(() => parseCreate('leads', { custom: { size: 'xl' } }, defs))).toEqual(['custom.size']);
    expect(issuesOf(() => parseCreate('leads', { custom: { nope: 1 } }, defs))).toEqual(['custom.nope']);
    expect(issuesOf(() => parseCreate('people', { custom: { size: 's' } }, defs))).toEqual(['custom.size']);
  });

  it('config defaults follow DESIGN.md', () => {
    expect(defaults.leadStatuses.map((s) => s.name)).toEqual(['New', 'Open', 'Unqualified', 'Junk']);
    expect(defaults.stages.map((s) => [s.name, s.winProbability])).toEqual([['Qualified', 5], ['Follow-up', 10], ['Presentation', 20], ['Contract Sent', 40], ['Negotiation', 80]]);
    expect(defaults.contactTypes.map((s) => s.name)).toContain('Potential Customer');
    expect(defaults.lossReasons.map((s) => s.name)).toEqual(['Price', 'Features', 'Competitor']);
    expect(Settings.parse({})).toMatchObject({ leadsEnabled: true, defaultLeadStatusId: 'new' });
    expect(WebForm.safeParse({ id: 'f', name: 'Contact us', fields: [] }).success).toBe(false);
    expect(COLLECTIONS).toEqual(Object.keys(collections));
  });

  it('ids: random ones differ, derived ones are stable', () => {
    expect(newId()).not.toBe(newId());
    // Drawn from a pool of random bytes (refilled every 409 ids): shaped as a v4 UUID's first 20 hex digits, as before.
    const ids = Array.from({ length: 5000 }, newId);
    expect(new Set(ids).size).toBe(5000);
    for (const id of [...ids, crypto.randomUUID().replace(/-/g, '').slice(0, 20)]) expect(id).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{3}$/);
    // Every hex digit of the random positions occurs (no stuck byte).
    for (const pos of [0, 5, 11, 13, 17, 19]) expect(new Set(ids.map((id) => id[pos])).size).toBe(16);
    expect(derivedId('L1', 'person')).toBe(derivedId('L1', 'person'));
    expect(derivedId('L1', 'person')).not.toBe(derivedId('L1', 'company'));
  });

  it('search words cover name, email, company, phone digits, title, tags', () => {
    const w = searchWords('leads', { name: { first: 'Zoë', last: 'Smith' }, email: 'zoe@acme.io', companyName: 'Acme Ltd', phones: [{ number: '+1 (415) 555-0100' }], title: 'CTO', tags: ['Hot lead'] });
    for (const x of ['zoe', 'smith', 'zoe@acme.io', 'acme', 'ltd', '14155550100', '5550100', 'cto', 'hot']) expect(w).toContain(`leads:${x}`);
  });
});
