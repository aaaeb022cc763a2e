import { describe, expect, it } from 'vitest';
import { Lead, Person } from '../domain/index.ts';
import type { Candidate } from './candidate.ts';
import { candidateExtras, captureChanges, captureProvenance, describeExtras, newDetailsPatch, withExtras } from './to-record.ts';

const p = { source: 'json-ld', confidence: 1 } as const;
const pat: Candidate = {
  kind: 'person', confidence: 1, sources: ['json-ld'],
  name: { full: 'Pat Doe', first: 'Pat', last: 'Doe', ...p },
  emails: [{ value: 'pat@acme.example', ...p }, { value: 'pat.doe@gmail.example', type: 'home', ...p }],
  phones: [{ value: '+14155550100', original: '(415) 555-0100', ...p }, { value: '+14155550199', original: '+1 415 555 0199', type: 'mobile', ...p }],
  websites: [{ value: 'https://acme.example/', ...p }, { value: 'https://pat.example/', ...p }],
  socials: [{ network: 'linkedin', url: 'https://www.linkedin.com/in/patdoe', ...p }],
  address: { street: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US', ...p },
};
const form = { name: { first: 'Pat', last: 'Doe' }, email: 'pat@acme.example', phones: [{ number: '(415) 555-0100' }], websites: [{ url: 'https://acme.example/' }] };

describe('a captured candidate as a record', () => {
  it('keeps what the form does not show: more phones, websites, socials, the address', () => {
    const x = candidateExtras(pat);
    expect(describeExtras(x)).toBe('1 more email · 1 more phone · 1 more website · linkedin · address (Springfield, US)');
    const lead = Lead.parse({ id: 'l1', ...withExtras(form, x, 'leads'), createdAt: 1, createdBy: 'm', updatedAt: 1, updatedBy: 'm' });
    expect(lead.phones.map((ph) => ph.number)).toEqual(['(415) 555-0100', '+1 415 555 0199']);
    expect(lead.phones[1].category).toBe('mobile');
    expect(lead.websites.map((w) => w.url)).toEqual(['https://acme.example/', 'https://pat.example/']);
    expect(lead.socials).toEqual([{ url: 'https://www.linkedin.com/in/patdoe', category: 'linkedin' }]);
    expect(lead.address).toEqual({ street: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' });
    // A lead has one email field: the other address is kept in the details, not dropped.
    expect(lead.details).toBe('Other emails: pat.doe@gmail.example');
    const person = Person.parse({ id: 'p1', ...withExtras({ name: form.name, emails: [{ email: 'pat@acme.example' }] }, x, 'people'), createdAt: 1, createdBy: 'm', updatedAt: 1, updatedBy: 'm' });
    expect(person.emails.map((e) => [e.email, e.category])).toEqual([['pat@acme.example', 'work'], ['pat.doe@gmail.example', 'personal']]);
  });

  it('never doubles a value the user typed into the form too', () => {
    const x = candidateExtras(pat);
    const out = withExtras({ ...form, phones: [{ number: '415-555-0199' }] }, x, 'leads');
    expect((out.phones as unknown[]).length).toBe(1);
  });
});

describe('adding a capture to an existing record', () => {
  const existing = { id: 'l1', name: { first: 'Pat', last: 'Doe' }, email: 'pat@acme.example', title: 'CTO', phones: [{ number: '+1 415 555 0100', category: 'work' }], websites: [], socials: [] };
  it('fills what is missing and appends new list entries, never overwriting', () => {
    const input = withExtras({ ...form, title: 'Engineer', companyName: 'Acme' }, candidateExtras(pat), 'leads');
    const patch = newDetailsPatch(existing, input, 'leads')!;
    expect(patch.title).toBeUndefined();
    expect(patch.name).toBeUndefined();
    expect(patch.companyName).toBe('Acme');
    expect((patch.phones as { number: string }[]).map((x) => x.number)).toEqual(['+1 415 555 0100', '+1 415 555 0199']);
    expect(patch.address).toMatchObject({ city: 'Springfield' });
    expect(patch.socials).toHaveLength(1);
  });
  it('says when the capture adds nothing', () => {
    expect(newDetailsPatch(existing, { name: { first: 'Pat' }, email: 'PAT@acme.example', phones: [{ number: '(415) 555-0100' }] }, 'leads')).toBeNull();
  });
  it('keeps a different email of a lead in its details', () => {
    expect(newDetailsPatch(existing, { email: 'pat@other.example' }, 'leads')).toEqual({ details: 'Other emails: pat@other.example' });
  });
});

describe('identity rules in a captured record', () => {
  it('splits a whole address a page gave as Street', () => {
    const x = candidateExtras({ ...pat, address: { street: 'Unter den Linden 77, 10117 Berlin, Deutschland', ...p } });
    expect(x.address).toEqual({ street: 'Unter den Linden 77', city: 'Berlin', postalCode: '10117', country: 'Deutschland' });
  });
  it('appends only numbers, sites and profiles the record lacks, by their identity keys', () => {
    const patch = newDetailsPatch(
      { phones: [{ number: '+1 (415) 555-0100', category: 'work' }], socials: [{ url: 'https://x.com/Pat', category: 'twitter' }], websites: [{ url: 'http://www.acme.example', category: 'work' }] },
      { phones: [{ number: '415.555.0100', category: 'work' }], socials: [{ url: 'twitter.com/pat', category: 'twitter' }], websites: [{ url: 'https://acme.example/', category: 'other' }] },
      'people',
    );
    expect(patch).toBeNull();
  });
});

describe('re-capture: what changed since, field by field', () => {
  const existing = { id: 'l1', name: { first: 'Pat', last: 'Doe' }, email: 'pat@acme.example', title: 'CTO', phones: [{ number: '+1 415 555 0100', category: 'work' }], websites: [], socials: [] };
  it('lists new values, changed values (with what they were) and list entries the record lacks; each patch writes only its field', () => {
    const input = withExtras({ ...form, title: 'VP Sales', companyName: 'Acme' }, candidateExtras(pat), 'leads');
    const changes = captureChanges(existing, input, 'leads');
    const by = Object.fromEntries(changes.map((c) => [c.field, c]));
    expect(by.title).toEqual({ field: 'title', kind: 'changed', before: 'CTO', after: 'VP Sales', patch: { title: 'VP Sales' } });
    expect(by.companyName).toMatchObject({ kind: 'new', before: '', after: 'Acme', patch: { companyName: 'Acme' } });
    // The same number written another way is not new; the mobile is.
    expect(by.phones).toMatchObject({ kind: 'more', after: '+1 415 555 0199' });
    expect((by.phones.patch.phones as { number: string }[]).map((x) => x.number)).toEqual(['+1 415 555 0100', '+1 415 555 0199']);
    expect(by.address).toMatchObject({ kind: 'new' });
    // Same name, same email (whatever its case): no change.
    expect(by.name).toBeUndefined();
    expect(by.email).toBeUndefined();
    expect(captureChanges(existing, { ...existing, email: 'PAT@acme.example', title: ' cto ' }, 'leads')).toEqual([]);
  });
  it('a person has no company name or single email: those never show as changes', () => {
    const changes = captureChanges({ name: { first: 'Pat' }, emails: [{ email: 'pat@acme.example' }] }, { name: { first: 'Pat' }, companyName: 'Acme', email: 'x@y.example', emails: [{ email: 'pat@acme.example' }, { email: 'pat@home.example' }] }, 'people');
    expect(changes.map((c) => [c.field, c.kind, c.after])).toEqual([['emails', 'more', 'pat@home.example']]);
  });
});

describe('where each captured value came from', () => {
  const h = { source: 'h-card', confidence: 0.9 } as const;
  const mixed: Candidate = { ...pat, phones: [pat.phones[0], { ...pat.phones[1], ...h }], title: { value: 'CTO', ...h }, origin: { page: 'https://acme.example/team' } };
  it('gives each field and each list entry the extractor that found it, and the page; what the user changed is typed', () => {
    const input = withExtras({ ...form, title: 'CTO', companyName: 'Typed Co' }, candidateExtras(mixed), 'leads');
    const prov = captureProvenance(mixed, input);
    expect(prov.origin).toEqual({ method: 'typed' });
    expect(prov.fields?.name).toEqual({ method: 'json-ld', url: 'https://acme.example/team' });
    expect(prov.fields?.title).toEqual({ method: 'h-card', url: 'https://acme.example/team' });
    expect(prov.fields?.email).toMatchObject({ method: 'json-ld' });
    expect(prov.fields?.companyName).toBeUndefined(); // not what the page said: typed
    expect(prov.items?.phones).toEqual({ '(415) 555-0100': { method: 'json-ld', url: 'https://acme.example/team' }, '+1 415 555 0199': { method: 'h-card', url: 'https://acme.example/team' } });
    // A renamed person is typed, a file capture names the file and the Message-ID.
    expect(captureProvenance(mixed, { name: { first: 'Patricia', last: 'Doe' } }).fields?.name).toBeUndefined();
    const fromMail = captureProvenance({ ...pat, sources: ['email-header'], name: { ...pat.name!, source: 'email-header' }, origin: { file: 'hello.eml', messageId: '<a@b>' } }, { name: { first: 'Pat', last: 'Doe' } });
    expect(fromMail.fields?.name).toEqual({ method: 'email-header', file: 'hello.eml', messageId: '<a@b>' });
  });
});
