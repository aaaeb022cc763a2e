import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from '../../../src/ui/models/nav-model.ts';
import { convertOptions, type ConvertDraft } from '../../../src/ui/models/convert-model.ts';
import { groupByStage } from '../../../src/ui/models/board-model.ts';
import { timelineParents } from '../../../src/domain/lifecycle/timeline.ts';
import { moved } from '../../../src/ui/models/admin-model.ts';
import { draftFromCandidate, draftInput, createNewLeadModel, likelyDuplicates } from '../../../src/ui/models/new-lead-model.ts';
import { entryList, namePart, addressPart, configChoice, money } from '../../../src/ui/records/field-kinds.ts';
import { parseInvite, relayBases } from '../../../src/ext/first-run.ts';
import type { ListRow, WorkspaceConfig, WritePort } from '../../../src/ui/ports.ts';

describe('routes', () => {
  it('round-trips every screen through the hash', () => {
    for (const r of [{ view: 'home' }, { view: 'tasks' }, { view: 'admin' }, { view: 'trash' }, { view: 'trash', type: 'people' }, { view: 'board', pipelineId: 'sales' }, { view: 'convert', id: 'l1' }, { view: 'table', type: 'people' }, { view: 'record', type: 'opportunities', id: 'a.b' }] as const) {
      expect(parseRoute(routeHash(r))).toEqual(r);
    }
    expect(parseRoute('#/nonsense/x')).toEqual({ view: 'home' });
  });
});

describe('field specs', () => {
  const rec = { id: 'x', name: { first: 'Ada', last: 'L' }, phones: [{ number: '+1 555', category: 'mobile' }], address: { city: 'London' } };
  it('edit name parts, lists (keeping categories), address, money and clear with null', () => {
    expect(namePart('first', 'First').patch('  Grace ', rec)).toEqual({ name: { first: 'Grace', last: 'L' } });
    expect(entryList('phones', 'Phones', 'number').patch('+1 555, +44 20', rec)).toEqual({ phones: [{ number: '+1 555', category: 'mobile' }, { number: '+44 20' }] });
    expect(addressPart('city', 'City').patch('', rec)).toEqual({ address: null });
    expect(money('monetaryValue', 'Value').patch('', rec)).toEqual({ monetaryValue: null });
    expect(money('monetaryValue', 'Value').patch('12.5', rec)).toEqual({ monetaryValue: 12.5 });
  });
  it('offers retired choices only to the record that has them', () => {
    const config = { leadStatuses: [{ id: 'new', name: 'New', retired: false }, { id: 'old', name: 'Old', retired: true }] } as unknown as WorkspaceConfig;
    const spec = configChoice('statusId', 'Status', 'leadStatuses');
    expect(spec.options!(config, { id: 'a', statusId: 'new' }).map((o) => o.value)).toEqual(['new']);
    expect(spec.options!(config, { id: 'a', statusId: 'old' }).map((o) => o.value)).toEqual(['new', 'old']);
  });
});

describe('convert options', () => {
  const base: ConvertDraft = { companyMode: 'new', companyName: ' Acme ', existingId: '', contactTypeId: '', withOpportunity: true, opportunityName: '', pipelineId: 'sales', stageId: 'follow-up', value: '1200', closeDate: '2027-01-31' };
  it('maps the draft to what the engine expects', () => {
    expect(convertOptions(base)).toEqual({ company: { mode: 'new', name: 'Acme' }, opportunity: { pipelineId: 'sales', stageId: 'follow-up', monetaryValue: 1200, closeDate: '2027-01-31' } });
    expect(convertOptions({ ...base, companyMode: 'existing', existingId: 'c1', withOpportunity: false })).toEqual({ company: { mode: 'existing', id: 'c1' } });
    expect(convertOptions({ ...base, companyMode: 'none', withOpportunity: false })).toEqual({ company: { mode: 'none' } });
  });
});

describe('board, timeline, admin order', () => {
  const row = (id: string, data: Record<string, unknown>): ListRow => ({ id, type: 'opportunities', name: id, subtitle: '', statusId: '', data: { id, ...data } });
  it('groups open deals by stage with value totals', () => {
    const cols = groupByStage([{ id: 'a', name: 'A', winProbability: 5 }, { id: 'b', name: 'B', winProbability: 50 }], [row('1', { stageId: 'a', monetaryValue: 10 }), row('2', { stageId: 'a', monetaryValue: 5 }), row('3', { stageId: 'b', status: 'won', monetaryValue: 99 })]);
    expect(cols.map((c) => [c.stage.id, c.cards.length, c.total])).toEqual([['a', 2, 15], ['b', 0, 0]]);
  });
  it('a timeline unions the record, its leads and its people', () => {
    expect(timelineParents('people', { id: 'p', convertedFromLeadIds: ['l'] })).toEqual(['leads:l', 'people:p']);
    expect(timelineParents('companies', { id: 'c' }, { people: [{ id: 'p', convertedFromLeadIds: ['l'] }] })).toEqual(['companies:c', 'leads:l', 'people:p']);
    expect(timelineParents('opportunities', { id: 'o', convertedFromLeadIds: ['l'] }, { person: { id: 'p' } })).toEqual(['leads:l', 'opportunities:o', 'people:p']);
  });
  it('moves an entry up or down, never off the ends', () => {
    expect(moved(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('capture draft', () => {
  const candidate = { kind: 'person', name: { full: 'Ada Lovelace', first: 'Ada', last: 'Lovelace', source: 'json-ld', confidence: 1 }, emails: [{ value: 'ada@x.example', source: 'json-ld', confidence: 1 }], phones: [{ value: '+442079460018', original: '+44 20 7946 0018', source: 'json-ld', confidence: 1 }], websites: [], socials: [], confidence: 1, sources: ['json-ld'] } as never;
  it('fills the form and makes a lead, or a person when Leads are off', () => {
    const d = { first: '', last: '', email: '', title: '', phone: '', website: '', sourceId: '', statusId: '', ...draftFromCandidate(candidate), companyName: 'Acme' };
    expect(draftInput(d, 'leads')).toMatchObject({ name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@x.example', companyName: 'Acme', phones: [{ number: '+44 20 7946 0018' }], sourceId: 'web-page' });
    expect(draftInput(d, 'people')).toMatchObject({ emails: [{ email: 'ada@x.example' }] });
    expect(draftInput(d, 'people')).not.toHaveProperty('sourceId');
  });
  it('puts the engine\'s field errors next to the field and keeps the draft', async () => {
    const write = { create: async () => { throw Object.assign(new Error('Invalid lead'), { issues: [{ path: 'email', message: 'must be an email address' }] }); } } as unknown as WritePort;
    const m = createNewLeadModel(write);
    m.fill({ first: 'Bad', email: 'nope' });
    expect(await m.save()).toBeNull();
    expect(m.errors.value).toEqual([{ path: 'email', message: 'must be an email address' }]);
    expect(m.draft.value.first).toBe('Bad');
    const empty = createNewLeadModel(write);
    expect(await empty.save()).toBeNull();
    expect(empty.errors.value[0].path).toBe('name');
  });
});

describe('capture from a file or into an existing record', () => {
  type Call = [string, ...unknown[]];
  const recorder = () => {
    const calls: Call[] = [];
    const write = {
      create: async (c: string, input: unknown) => { calls.push(['create', c, input]); return { id: 'new1' }; },
      update: async (c: string, id: string, patch: unknown) => { calls.push(['update', c, id, patch]); return {}; },
      logActivity: async (input: unknown) => { calls.push(['logActivity', input]); return {}; },
    } as unknown as WritePort;
    return { calls, write };
  };
  const message = { email: { subject: 'Re: pricing', from: 'Pat <pat@acme.example>', to: ['me@outpost.example'], date: 1_700_000_000_000 }, text: 'Can we talk Tuesday?' };
  const cand = {
    kind: 'person', confidence: 1, sources: ['email-header'], name: { full: 'Pat Doe', first: 'Pat', last: 'Doe', source: 'email-header', confidence: 1 },
    emails: [{ value: 'pat@acme.example', source: 'email-header', confidence: 1 }],
    phones: [{ value: '+14155550100', original: '415 555 0100', source: 'signature', confidence: 0.7 }, { value: '+14155550199', original: '415 555 0199', source: 'signature', confidence: 0.7 }],
    websites: [], socials: [],
  } as never;

  it('saves the lead with every phone and logs the dropped email on it', async () => {
    const { calls, write } = recorder();
    const m = createNewLeadModel(write);
    m.fillFromCandidate(cand, message);
    expect(m.extrasText()).toBe('1 more phone');
    expect(await m.save()).toBe('new1');
    expect(calls[0]).toEqual(['create', 'leads', expect.objectContaining({ phones: [{ number: '415 555 0100' }, { number: '415 555 0199', category: 'work' }] })]);
    expect(calls[1]).toEqual(['logActivity', { typeId: 'email', parent: { type: 'leads', id: 'new1' }, details: 'Re: pricing\n\nCan we talk Tuesday?', date: 1_700_000_000_000, email: message.email }]);
    expect(m.email.value).toBeNull();
    expect(m.extrasText()).toBe('');
  });

  it('does not log the email when the user unticks it', async () => {
    const { calls, write } = recorder();
    const m = createNewLeadModel(write);
    m.fillFromCandidate(cand, message);
    m.logEmail.value = false;
    await m.save();
    expect(calls.map((c) => c[0])).toEqual(['create']);
  });

  it('adds the new details to a duplicate instead of creating one, and opens that record', async () => {
    const { calls, write } = recorder();
    const m = createNewLeadModel(write);
    m.fillFromCandidate(cand, message);
    const dup: ListRow = { id: 'p7', type: 'people', name: 'Pat Doe', subtitle: '', statusId: '', data: { id: 'p7', name: { first: 'Pat' }, emails: [{ email: 'pat@acme.example', category: 'work' }], phones: [{ number: '+1 415 555 0100', category: 'work' }] } };
    expect(await m.addDetailsTo(dup)).toBe(true);
    expect(calls[0]).toEqual(['update', 'people', 'p7', { phones: [{ number: '+1 415 555 0100', category: 'work' }, { number: '415 555 0199', category: 'work' }] }]);
    expect(calls[1]).toEqual(['logActivity', expect.objectContaining({ parent: { type: 'people', id: 'p7' } })]);
    expect(m.savedType.value).toBe('people');
    expect(m.savedId.value).toBe('p7');
    expect(m.message.value).toMatch(/Added the new details to Pat Doe/);
  });

  it('re-capture: lists what changed since, accepts one field (with where it came from) or all, and typed saves carry no capture origin', async () => {
    const calls: [string, string, unknown, unknown][] = [];
    const write = {
      create: async (c: string, input: unknown, opts: unknown) => { calls.push(['create', c, input, opts]); return { id: 'new1' }; },
      update: async (_c: string, id: string, patch: unknown, opts: unknown) => { calls.push(['update', id, patch, opts]); return {}; },
      logActivity: async () => ({}),
    } as unknown as WritePort;
    const m = createNewLeadModel(write);
    m.fillFromCandidate({ ...(cand as object), title: { value: 'VP Sales', source: 'signature', confidence: 0.7 }, origin: { messageId: '<m1@acme>' } } as never, message);
    const dup: ListRow = { id: 'l7', type: 'leads', name: 'Pat Doe', subtitle: '', statusId: '', data: { id: 'l7', name: { first: 'Pat', last: 'Doe' }, email: 'pat@acme.example', title: 'Engineer', phones: [{ number: '415 555 0100', category: 'work' }] } };
    expect(m.changesFor(dup).map((c) => [c.field, c.kind, c.after, c.before])).toEqual([['title', 'changed', 'VP Sales', 'Engineer'], ['phones', 'more', '415 555 0199', '415 555 0100']]);
    expect(await m.acceptChange(dup, m.changesFor(dup)[0])).toBe(true);
    expect(calls[0]).toEqual(['update', 'l7', { title: 'VP Sales' }, { provenance: expect.objectContaining({ fields: expect.objectContaining({ title: { method: 'signature', messageId: '<m1@acme>' } }) }) }]);
    // Accepted: it leaves the list; the rest is still offered, all at once.
    expect(m.changesFor(dup).map((c) => c.field)).toEqual(['phones']);
    expect(await m.acceptAll(dup)).toBe(true);
    expect(calls[1][2]).toEqual({ phones: [{ number: '415 555 0100', category: 'work' }, { number: '415 555 0199', category: 'work' }] });
    expect((calls[1][3] as { provenance: { items: Record<string, unknown> } }).provenance.items.phones).toEqual({ '415 555 0100': { method: 'signature', messageId: '<m1@acme>' }, '415 555 0199': { method: 'signature', messageId: '<m1@acme>' } });
    expect(m.message.value).toMatch(/Updated Pat Doe/);
    // A form typed by hand says nothing about a capture: the store records it as typed.
    m.fill({ first: 'Typed' });
    await m.save();
    expect(calls[2]).toEqual(['create', 'leads', expect.anything(), {}]);
  });
});

describe('invite links', () => {
  const token = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;
  it('reads relay address and token in the accepted forms', () => {
    const t = token({ ws: 'w1', sub: 'm1', role: 'member', exp: Date.now() / 1000 + 60 });
    for (const link of [`ws://127.0.0.1:1234/#token=${t}`, `ws://127.0.0.1:1234?token=${t}`, `ws://127.0.0.1:1234 ${t}`]) {
      expect(parseInvite(link)).toMatchObject({ url: 'ws://127.0.0.1:1234', token: t, workspaceId: 'w1', memberId: 'm1', role: 'member' });
    }
  });
  it('says what is wrong with a bad link', () => {
    expect(() => parseInvite('https://x')).toThrow(/relay address/);
    expect(() => parseInvite('ws://x abc')).toThrow(/no valid token/);
    expect(() => parseInvite(`ws://x ${token({ ws: 'w', sub: 'm', role: 'admin', exp: 1 })}`)).toThrow(/expired/);
  });
  it('reads a relay address for creating a workspace: admin API over http(s), sync over ws(s)', () => {
    expect(relayBases('ws://127.0.0.1:1234/')).toEqual({ http: 'http://127.0.0.1:1234', ws: 'ws://127.0.0.1:1234' });
    expect(relayBases(' https://relay.example.com ')).toEqual({ http: 'https://relay.example.com', ws: 'wss://relay.example.com' });
    expect(relayBases('relay.local:8080')).toEqual({ http: 'http://relay.local:8080', ws: 'ws://relay.local:8080' });
    expect(() => relayBases('ftp://x')).toThrow(/ws:\/\/host:port/);
  });
});

describe('what a capture offers to add its details to', () => {
  const row = (type: 'leads' | 'people', id: string, data: Record<string, unknown> = {}): ListRow => ({ id, type, name: 'Katherine Johnson', subtitle: '', statusId: '', data: { id, ...data } });
  it('a converted lead gives way to the person it became; one whose person is not listed stays (the form calls it a converted lead), and an open lead stays', () => {
    const person = row('people', 'p1');
    const converted = row('leads', 'l1', { convertedTo: { personId: 'p1' } });
    const elsewhere = row('leads', 'l2', { convertedTo: { personId: 'p9' } });
    const open = row('leads', 'l3');
    expect(likelyDuplicates([converted, person])).toEqual([person]);
    expect(likelyDuplicates([converted, elsewhere, open, person]).map((r) => r.id)).toEqual(['l2', 'l3', 'p1']);
    expect(likelyDuplicates([])).toEqual([]);
  });
});
