import { describe, expect, it } from 'vitest';
import {
  companyDomainOf, duplicateReasons, isFreeMailDomain, nameSimilarity, normalizeCompanyName, normalizePhone,
  normalizeSocialUrl, profileOf, sameCompany, score,
} from './dedupe.ts';

describe('dedupe keys', () => {
  it('free-mail domains are never company domains, country variants included', () => {
    for (const d of ['gmail.com', 'GoogleMail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'me.com', 'aol.com', 'gmx.de', 'gmx.net', 'proton.me', 'protonmail.com', 'mail.ru', 'yandex.ru', 'qq.com', '163.com', 'yahoo.co.uk', 'hotmail.fr']) {
      expect(isFreeMailDomain(d), d).toBe(true);
    }
    for (const d of ['acme.io', 'yahoo-inc.example', 'livenation.com', 'gmxcorp.com']) expect(isFreeMailDomain(d), d).toBe(false);
    expect(companyDomainOf('Ada@ACME.io')).toBe('acme.io');
    expect(companyDomainOf('ada@gmail.com')).toBeUndefined();
    expect(companyDomainOf(undefined)).toBeUndefined();
  });

  it('phones match with or without country code and punctuation', () => {
    expect(normalizePhone('+1 (415) 555-0100')).toBe('4155550100');
    expect(normalizePhone('415.555.0100')).toBe('4155550100');
    expect(normalizePhone('+44 20 7946 0958')).toBe('2079460958');
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('2079460958');
    expect(normalizePhone('12')).toBeUndefined();
  });

  it('social URLs drop scheme, www, query, trailing slash and case; x.com is twitter.com', () => {
    expect(normalizeSocialUrl('https://www.LinkedIn.com/in/Ada-L/?trk=abc')).toBe('linkedin.com/in/ada-l');
    expect(normalizeSocialUrl('linkedin.com/in/ada-l')).toBe('linkedin.com/in/ada-l');
    expect(normalizeSocialUrl('https://x.com/ada')).toBe(normalizeSocialUrl('http://twitter.com/ada/'));
    expect(normalizeSocialUrl('https://linkedin.com/')).toBeUndefined();
    expect(normalizeSocialUrl('not a url at all ::')).toBeUndefined();
  });

  it('company names lose legal suffixes and case', () => {
    expect(normalizeCompanyName('The ACME Corp., Inc.')).toBe('acme');
    expect(normalizeCompanyName('Acme GmbH')).toBe('acme');
    expect(normalizeCompanyName('Inc')).toBe('inc');
  });

  it('names: equal, initials and nicknames-by-prefix are similar; different people are not', () => {
    expect(nameSimilarity('Ada Lovelace', 'ada  LOVELACE')).toBe(1);
    expect(nameSimilarity('Zoë Smith', 'Zoe Smith')).toBe(1);
    expect(nameSimilarity('A. Lovelace', 'Ada Lovelace')).toBeGreaterThanOrEqual(0.9);
    expect(nameSimilarity('Ada Lovelace', 'Ada Lovelance')).toBeGreaterThanOrEqual(0.9);
    expect(nameSimilarity('Ada Lovelace', 'Grace Hopper')).toBeLessThan(0.9);
    expect(nameSimilarity('Ada Lovelace', 'Bob Lovelace')).toBeLessThan(0.9);
    expect(nameSimilarity('', 'Ada')).toBe(0);
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
