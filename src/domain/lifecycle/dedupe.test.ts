import { describe, expect, it } from 'vitest';
import { duplicateReasons, profileOf, sameCompany, score } from './dedupe.ts';

describe('the duplicate matcher', () => {
  it('profiles carry the identity keys: email, company domain, phone, social handle, company', () => {
    const p = profileOf('leads', {
      name: { first: 'Ada', last: 'Lovelace' }, email: ' First.Last@Company.com ', companyName: 'Acme Inc.',
      phones: [{ number: '+1 (415) 555-0100 ext. 23' }], socials: [{ url: 'https://www.linkedin.com/in/Ada/?trk=x' }],
    });
    expect(p).toMatchObject({
      emails: ['first.last@company.com'], domains: ['company.com'], phones: ['4155550100x23'], socials: ['linkedin:in/ada'], companyName: 'acme', name: 'Ada Lovelace',
    });
    expect(profileOf('people', { emails: [{ email: 'ada@gmail.com' }] }).domains).toEqual([]);
  });

  it('"first.last@" addresses match whatever their case', () => {
    const a = profileOf('leads', { email: 'First.Last@company.com' });
    const b = profileOf('people', { emails: [{ email: 'first.last@COMPANY.com' }] });
    expect(duplicateReasons(a, b, false)).toEqual([{ kind: 'email', value: 'first.last@COMPANY.com' }]);
    expect(duplicateReasons(b, a, false)).toEqual([{ kind: 'email', value: 'First.Last@company.com' }]);
  });

  it('two spellings of one mailbox match (Gmail dots, googlemail, documented "+tags"); at an unknown domain they do not', () => {
    const reasons = (x: string, y: string) => duplicateReasons(profileOf('leads', { email: x }), profileOf('people', { emails: [{ email: y }] }), false);
    expect(reasons('Jane.Doe+crm@googlemail.com', 'janedoe@gmail.com')).toEqual([{ kind: 'email', value: 'janedoe@gmail.com' }]);
    expect(reasons('sam+news@hotmail.com', 'Sam@Hotmail.com')).toEqual([{ kind: 'email', value: 'Sam@Hotmail.com' }]);
    // The reason shows the matched record's own spelling, not the mailbox key both share.
    expect(reasons('janedoe@gmail.com', ' Jane.Doe+crm@gmail.com ')).toEqual([{ kind: 'email', value: 'Jane.Doe+crm@gmail.com' }]);
    expect(profileOf('people', { emails: [{ email: 'Jane.Doe@gmail.com' }, { email: 'janedoe+x@googlemail.com' }, { email: 42 }, {}] })).toMatchObject({ emails: ['janedoe@gmail.com'], emailSpelling: { 'janedoe@gmail.com': 'Jane.Doe@gmail.com' } });
    expect(reasons('jane.doe@acme.io', 'janedoe@acme.io')).toEqual([]);
    expect(reasons('jane+eu@acme.io', 'jane@acme.io')).toEqual([]);
  });

  it('"Acme Inc." is "Acme" for companies', () => {
    const a = profileOf('companies', { id: 'c1', name: 'Acme Inc.' });
    const b = profileOf('companies', { id: 'c2', name: 'ACME' });
    expect(duplicateReasons(a, b, false).map((r) => r.kind)).toEqual(['companyName']);
  });

  it('reasons: email, phone, social, similar name only at the same company; ranked by weight', () => {
    const a = profileOf('leads', { id: 'l1', name: { first: 'Ada', last: 'Lovelace' }, email: 'ADA@acme.io', companyName: 'Acme Inc', phones: [{ number: '+1 415 555 0100' }], socials: [{ url: 'linkedin.com/in/ada' }] });
    const b = profileOf('people', { id: 'p1', name: { first: 'A.', last: 'Lovelace' }, emails: [{ email: 'ada@acme.io' }], companyId: 'c1', phones: [{ number: '(415) 555-0100' }], socials: [{ url: 'https://www.linkedin.com/in/ada/' }] });
    const kinds = duplicateReasons(a, b, sameCompany(a, b, () => 'ACME')).map((r) => r.kind);
    expect(kinds).toEqual(['email', 'phone', 'social', 'name']);
    expect(duplicateReasons(a, b, false).map((r) => r.kind)).toEqual(['email', 'phone', 'social']);
    const c = profileOf('people', { id: 'p2', name: { first: 'Ada', last: 'Lovelace' } });
    expect(duplicateReasons(a, c, false)).toEqual([]);
    expect(score([{ kind: 'email', value: 'x' }])).toBeGreaterThan(score([{ kind: 'name', value: 'x', similarity: 1 }]));
  });

  it('companies match companies on domain and normalized name, not on colleagues', () => {
    const a = profileOf('companies', { id: 'c1', name: 'Acme Inc', emailDomain: 'acme.io' });
    const b = profileOf('companies', { id: 'c2', name: 'ACME', emailDomain: 'ACME.io' });
    expect(duplicateReasons(a, b, false).map((r) => r.kind)).toEqual(['domain', 'companyName']);
    const person = profileOf('people', { id: 'p', name: { first: 'Acme' }, emails: [{ email: 'x@acme.io' }] });
    expect(duplicateReasons(a, person, true)).toEqual([]);
  });
});
