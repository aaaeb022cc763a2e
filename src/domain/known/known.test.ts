import { describe, expect, it } from 'vitest';
import { confirmMatch, domainKey, knownSummary, pageMatchKeys, recordMatchKeys, type PageKey } from './index.ts';

const NOW = Date.UTC(2026, 10, 30);
const DAY = 24 * 3600 * 1000;

describe('match keys', () => {
  it.each([
    ['https://www.acme.com/about', 'd:acme.com'],
    ['https://shop.eu.acme.co.uk/x?y=1#z', 'd:acme.co.uk'],
    ['ACME.COM.AU', 'd:acme.com.au'],
    ['ada@mail.acme.de', 'd:acme.de'],
    ['https://gmail.com/', undefined],
    ['https://mail.google.com/mail/u/0', 'd:google.com'], // google.com is a company; only gmail.com is free mail
    ['bob@yahoo.co.uk', undefined],
    ['eve@hotmail.fr', undefined],
    ['https://www.linkedin.com/company/acme', undefined],
    ['https://x.com/acme', undefined],
    ['http://localhost:3000/', undefined],
    ['not a url', undefined],
    ['', undefined],
  ])('domain of %s is %s', (input, key) => {
    expect(domainKey(input)).toBe(key);
  });

  it('a person offers email, work-email domain, website domain, phone and social keys; free mail gives no domain', () => {
    const keys = recordMatchKeys('people', {
      id: 'p', emails: [{ email: 'Ada@Acme.io' }, { email: 'ada.l@gmail.com' }], websites: [{ url: 'https://blog.ada.dev/' }, { url: 'https://github.com/ada' }],
      phones: [{ number: '+1 (415) 555-0100' }], socials: [{ url: 'https://twitter.com/ada' }],
    });
    // An email's key is its mailbox (the duplicate matcher's): Gmail's dots do not count.
    expect(keys.sort()).toEqual(['d:acme.io', 'd:ada.dev', 'e:adal@gmail.com', 'e:ada@acme.io', 'p:5550100', 's:github:ada', 's:twitter:ada'].sort());
  });

  it('a page and a record meet on the mailbox, whichever spelling each has; the page keeps its own spelling to show', () => {
    const record = recordMatchKeys('leads', { id: 'l', email: 'Jane.Doe+work@googlemail.com' });
    expect(record).toEqual(['e:janedoe@gmail.com']);
    const page = pageMatchKeys({ url: 'https://mail.google.com/', emails: ['JaneDoe+crm@gmail.com', 'jane.doe@gmail.com', 'sam+x@icloud.com', 'kim.poe@acme.io', 'kim.poe+a@acme.io'] });
    expect(page.map((k) => [k.key, k.value])).toEqual([
      ['d:google.com', 'google.com'],
      ['e:janedoe@gmail.com', 'janedoe+crm@gmail.com'],
      ['e:sam@icloud.com', 'sam+x@icloud.com'],
      ['e:kim.poe@acme.io', 'kim.poe@acme.io'],
      ['e:kim.poe+a@acme.io', 'kim.poe+a@acme.io'], // an unknown domain's "+" may be another mailbox
    ]);
  });

  it('a company offers its email domain and websites; deleted records, deals and tasks offer nothing', () => {
    expect(recordMatchKeys('companies', { id: 'c', emailDomain: 'Acme.co.uk', websites: [{ url: 'acme-group.com' }] }).sort()).toEqual(['d:acme-group.com', 'd:acme.co.uk']);
    expect(recordMatchKeys('companies', { id: 'c', emailDomain: 'acme.co.uk', deletedAt: 1 })).toEqual([]);
    expect(recordMatchKeys('opportunities', { id: 'o', name: 'x' })).toEqual([]);
    expect(recordMatchKeys('leads', { id: 'l', email: 'not an email', phones: [{ number: '12' }], websites: [{ url: 'javascript:alert(1)' }], socials: 'nope' })).toEqual([]);
  });

  it('a page offers its domain, or the profile it is, then what capture found on it (deduplicated, capped)', () => {
    expect(pageMatchKeys({ url: 'https://www.acme.com/team', emails: ['mailto:Ada@acme.com', 'ada@acme.com'], phones: ['+44 20 7946 0018'], socials: ['https://linkedin.com/in/ada/'], websites: ['https://acme.com/'] }).map((k) => k.key))
      .toEqual(['d:acme.com', 'e:ada@acme.com', 'p:9460018', 's:linkedin:in/ada']);
    expect(pageMatchKeys({ url: 'https://www.linkedin.com/in/ada-l/' }).map((k) => k.key)).toEqual(['s:linkedin:in/ada-l']);
    expect(pageMatchKeys({ url: 'chrome://extensions' })).toEqual([]);
    expect(pageMatchKeys({ url: 'https://a.io', emails: Array.from({ length: 500 }, (_, i) => `p${i}@a.io`) })).toHaveLength(200);
  });

  it('confirms a phone hit by the whole number, not just the indexed tail', () => {
    const key: PageKey = { key: 'p:9460018', kind: 'phone', value: '020 7946 0018' };
    expect(confirmMatch(key, { phones: [{ number: '+44 20 7946 0018' }] })).toBe(true);
    expect(confirmMatch(key, { phones: [{ number: '+1 312 794 6001 8' }] })).toBe(false);
    expect(confirmMatch(key, {})).toBe(false);
    expect(confirmMatch({ key: 'd:acme.com', kind: 'domain', value: 'acme.com' }, {})).toBe(true);
  });
});

describe('known summary', () => {
  it('says who, which open deals and when we last spoke', () => {
    expect(knownSummary({ domain: 'acme.com', people: 3, leads: 0, companies: ['Acme'], openDeals: [{ value: 12000, currency: 'EUR', stageName: 'Negotiation' }], lastContact: { at: NOW - 12 * DAY, byName: 'Sam' }, now: NOW }))
      .toBe('3 people at acme.com · 1 open deal (€12,000.00, Negotiation) · last contacted 12 days ago by Sam');
    expect(knownSummary({ people: 1, leads: 2, companies: [], openDeals: [{ value: 100, currency: 'USD', stageName: 'A' }, { value: 50, stageName: 'B' }, { value: 10, currency: 'EUR', stageName: 'B' }], now: NOW, defaultCurrency: 'USD' }))
      .toBe('1 person and 2 leads · 3 open deals ($150.00 + €10.00) · never contacted');
    expect(knownSummary({ domain: 'acme.com', people: 0, leads: 0, companies: ['Acme'], openDeals: [], lastContact: { at: NOW - 1000, byName: '' }, now: NOW }))
      .toBe('Acme (no people yet) · last contacted today');
    expect(knownSummary({ people: 0, leads: 0, companies: [], openDeals: [], now: NOW })).toBe('');
  });
});
