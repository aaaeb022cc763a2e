import { describe, expect, it } from 'vitest';
import { defaults } from '../config.ts';
import { guessMapping } from './targets.ts';
import { draftFromRow } from './row.ts';
import { checkDraft, resolveRefs, type Lookups } from './check.ts';
import { parseNumber, splitMulti } from './cells.ts';

const lookups: Lookups = {
  sources: defaults.sources, leadStatuses: defaults.leadStatuses,
  members: [{ id: 'm1', name: 'Sam Seller', email: 'sam@acme.test', active: true }],
  customFields: [
    { id: 'budget', name: 'Budget', order: 0, retired: false, dataType: 'number', options: [], availableOn: ['leads'] },
    { id: 'size', name: 'Size', order: 1, retired: false, dataType: 'dropdown', options: [{ id: 's', name: 'Small' }, { id: 'l', name: 'Large' }], availableOn: ['leads'] },
  ],
};

function row(headers: string[], cells: string[], as: 'leads' | 'people' | 'companies' = 'leads', batch = {}) {
  const draft = draftFromRow(cells, guessMapping(headers, as, lookups.customFields), as, lookups.customFields);
  resolveRefs(draft, as, lookups, batch);
  return { draft, checked: checkDraft(as, draft, lookups.customFields) };
}

describe('the name of a row: columns as filled, a whole name read by the name rule', () => {
  it('First and Last as filled are never swapped: a family name typed in First Name stays the first name', () => {
    // Outlook or LinkedIn, the person put the family name first; the columns are taken as filled.
    expect(row(['First Name', 'Last Name'], ['Nguyễn', 'Văn An'], 'people').draft.input.name).toEqual({ first: 'Nguyễn', last: 'Văn An' });
    expect(row(['First Name', 'Last Name'], ['Kim', 'Lee'], 'people').draft.input.name).toEqual({ first: 'Kim', last: 'Lee' });
    expect(row(['First Name', 'Last Name'], ['Sean', 'McALLISTER'], 'people').draft.input.name).toEqual({ first: 'Sean', last: 'McAllister' });
  });
  it('a full-name column, or a First Name of several words with Last empty, follows the name rule (the Vietnamese order too)', () => {
    expect(row(['Full Name'], ['Nguyễn Văn An'], 'people').draft.input.name).toEqual({ first: 'An', middle: 'Văn', last: 'Nguyễn' });
    expect(row(['First Name', 'Last Name'], ['Nguyễn Văn An', ''], 'people').draft.input.name).toEqual({ first: 'An', middle: 'Văn', last: 'Nguyễn' });
    expect(row(['First Name', 'Last Name'], ['Priya Raghunathan', ''], 'people').draft.input.name).toEqual({ first: 'Priya', last: 'Raghunathan' });
    expect(row(['Prefix', 'First Name', 'Last Name'], ['DR.', 'WANG Xiaoming', ''], 'people').draft.input.name).toEqual({ prefix: 'Dr.', first: 'Xiaoming', last: 'Wang' });
    // One word in First Name is a first name.
    expect(row(['First Name', 'Last Name'], ['Nguyễn', ''], 'people').draft.input.name).toEqual({ first: 'Nguyễn' });
  });
});

describe('draftFromRow + checkDraft', () => {
  it('splits " ::: " multi-value cells and takes categories from Google label columns', () => {
    const { draft, checked } = row(
      ['First Name', 'E-mail 1 - Label', 'E-mail 1 - Value', 'Phone 1 - Label', 'Phone 1 - Value', 'Labels'],
      ['Ada', '* Home', 'ada@home.test ::: ada@work.test', 'Mobile', '+44 20 7946 0958 ::: +44 20 7946 0959', '* myContacts ::: Vip'],
      'people',
    );
    expect(checked.ok).toBe(true);
    expect(draft.input.emails).toEqual([{ email: 'ada@home.test', category: 'home' }, { email: 'ada@work.test', category: 'home' }]);
    expect(draft.input.phones).toEqual([{ number: '+44 20 7946 0958', category: 'mobile' }, { number: '+44 20 7946 0959', category: 'mobile' }]);
    expect(draft.input.tags).toEqual(['myContacts', 'Vip']);
  });

  it('a formatted address beside parts that hold no street: the street comes from the formatted one, the parts win, nothing is lost', () => {
    const headers = ['Name', 'Address 1 - Formatted', 'Address 1 - City', 'Address 1 - Region', 'Address 1 - Postal Code', 'Address 1 - Country'];
    const { draft } = row(headers, ['Ada Lovelace', 'Suite 5, 12 King St W\nToronto ON M5H 1A1\nCanada', 'Toronto', 'ON', 'M5H 1A1', 'Canada'], 'people');
    expect(draft.input.address).toEqual({ street: 'Suite 5, 12 King St W', city: 'Toronto', state: 'ON', postalCode: 'M5H 1A1', country: 'Canada' });
    expect(draft.input.details).toBeUndefined();
    // A formatted address that says more than the parts (another city): the parts are the record's, the text is kept.
    const other = row(headers, ['Ada Lovelace', '1 Front St\nOttawa ON K1A 0A1', 'Toronto', 'ON', '', ''], 'people').draft;
    expect(other.input.address).toEqual({ street: '1 Front St', city: 'Toronto', state: 'ON', postalCode: 'K1A 0A1' });
    expect(other.input.details).toBe('Address as written: 1 Front St, Ottawa ON K1A 0A1');
  });

  it('keeps a phone or website cell that is not one in the details, with a warning, instead of refusing the row', () => {
    const { draft, checked } = row(['Name', 'Phone', 'Website'], ['Ada Lovelace', 'ask reception', 'javascript:alert(1)'], 'people');
    expect(checked.ok).toBe(true);
    expect(draft.input.phones).toBeUndefined();
    expect(draft.input.websites).toBeUndefined();
    expect(draft.input.details).toBe('Phone: ask reception\nWebsite: javascript:alert(1)');
    expect(draft.warnings).toEqual([expect.stringMatching(/"ask reception" is not a phone number: kept in the details/), expect.stringMatching(/"javascript:alert\(1\)" is not a web address: kept in the details/)]);
  });

  it('splits a full-name column only when no part column has a value', () => {
    expect(row(['Name', 'Email'], ['Dr. Ada Lovelace', 'a@x.test']).draft.input.name).toEqual({ prefix: 'Dr.', first: 'Ada', last: 'Lovelace' });
    expect(row(['Display Name', 'First Name', 'Last Name'], ['Displayname', 'Firstname', 'Lastname']).draft.input.name).toEqual({ first: 'Firstname', last: 'Lastname' });
    expect(row(['Display Name', 'First Name', 'Last Name'], ['Grace Hopper', '', '']).draft.input.name).toEqual({ first: 'Grace', last: 'Hopper' });
  });

  it('keeps every email of a lead: the first in its email field, the others in its details', () => {
    const { draft } = row(['Email', 'Email Home'], ['a@x.test', 'b@y.test']);
    expect(draft.input.email).toBe('a@x.test');
    expect(draft.input.details).toBe('Other emails: b@y.test');
    expect(draft.warnings[0]).toMatch(/b@y\.test kept in its details/);
  });

  it('resolves source, status and owner by name; unknown names are warnings; the batch wins', () => {
    const a = row(['Email', 'Lead Source', 'Lead Status', 'Owner'], ['a@x.test', 'Cold call', 'open', 'sam@acme.test']);
    expect(a.draft.input).toMatchObject({ sourceId: 'cold-call', statusId: 'open', ownerId: 'm1' });
    const b = row(['Email', 'Lead Source', 'Lead Status', 'Owner'], ['a@x.test', 'Trade show', 'Hot', 'Nobody']);
    expect(b.checked.ok).toBe(true);
    expect(b.draft.warnings).toHaveLength(3);
    const c = row(['Email', 'Lead Source', 'Tags'], ['a@x.test', 'Cold call', 'x'], 'leads', { sourceId: 'conference', statusId: 'junk', tags: ['event', 'X'] });
    expect(c.draft.input).toMatchObject({ sourceId: 'conference', statusId: 'junk', tags: ['x', 'event'] });
  });

  it('reports a bad value with its field and the value', () => {
    const bad = row(['First Name', 'Email'], ['Ada', 'ada@']);
    expect(bad.checked).toEqual({ ok: false, reason: expect.stringMatching(/^email: .*\(got "ada@"\)/) });
    const people = row(['First Name', 'Email', 'Other Email'], ['Ada', 'ada@x.test', 'nope'], 'people');
    expect(people.checked.ok || people.checked.reason).toMatch(/^email 2: .*"nope"/);
  });

  it('refuses a row with nothing to identify a contact, skips a blank one', () => {
    expect(row(['First Name', 'Notes'], ['', 'just a note']).checked).toEqual({ ok: false, reason: expect.stringMatching(/no name, email, phone or company/) });
    expect(row(['First Name', 'Email'], ['', ' ']).draft.blank).toBe(true);
    expect(row(['Company', 'Website'], ['', 'https://acme.test'], 'companies').checked).toEqual({ ok: false, reason: 'has no company name' });
  });

  it('converts numbers, currencies and custom fields, and names the bad ones', () => {
    const ok = row(['Email', 'Value', 'Currency', 'Budget', 'Size'], ['a@x.test', '$1,200.50', 'eur', '3.000,5', 'large']);
    expect(ok.checked.ok && ok.checked.fields).toMatchObject({ monetaryValue: 1200.5, currency: 'EUR', custom: { budget: 3000.5, size: 'l' } });
    const bad = row(['Email', 'Value', 'Size'], ['a@x.test', 'lots', 'medium']);
    expect(bad.checked.ok || bad.checked.reason).toMatch(/value: must be a number \(got "lots"\); Size: "Size" must be one of Small, Large/);
  });

  it('derives a company email domain from its website and picks the work address', () => {
    const c = row(['Account Name', 'Website', 'Home City', 'Business City'], ['Acme', 'https://www.acme.test/about', 'Paris', 'Lyon'], 'companies');
    expect(c.checked.ok && c.checked.fields).toMatchObject({ name: 'Acme', emailDomain: 'acme.test', address: { city: 'Lyon' } });
  });
});

describe('cells', () => {
  it('splits and parses', () => {
    expect(splitMulti('a ::: b:::c')).toEqual(['a', 'b', 'c']);
    expect(splitMulti('a, b; c', true)).toEqual(['a', 'b', 'c']);
    expect([parseNumber('1 234,56 €'), parseNumber('1,234'), parseNumber('abc')]).toEqual([1234.56, 1234, undefined]);
  });
});

describe('extension columns (session 16)', () => {
  const phonesOf = (headers: string[], cells: string[]) => (row(headers, cells, 'people').draft.input as { phones?: { number: string; category: string }[]; details?: string }).phones;
  it('an extension column joins the number of its phone column: named the same, else the nearest one to its left', () => {
    expect(phonesOf(['Work Phone', 'Work Phone Extension', 'Mobile Phone'], ['+1 415 555 0100', '204', '+1 415 555 0199'])).toEqual([
      { number: '+1 415 555 0100 ext. 204', category: 'work' }, { number: '+1 415 555 0199', category: 'mobile' },
    ]);
    expect(phonesOf(['Phone', 'Ext'], ['+44 20 7946 0958', 'x 31'])).toEqual([{ number: '+44 20 7946 0958 ext. 31', category: 'work' }]);
    expect(phonesOf(['Mobile', 'Phone Number', 'Extension'], ['+1 415 555 0199', '+1 415 555 0100', '7'])).toEqual([
      { number: '+1 415 555 0199', category: 'mobile' }, { number: '+1 415 555 0100 ext. 7', category: 'work' },
    ]);
  });
  it('with no number to join, the extension is kept in the details, never lost; an extension with no phone column at all stays an ignored column', () => {
    const { draft } = row(['First Name', 'Phone', 'Phone Extension'], ['Ada', '', '204'], 'people');
    expect((draft.input as { details?: string }).details).toBe('Phone extension: 204');
    expect(guessMapping(['First Name', 'Extension']).map((m) => m.target)).toEqual(['firstName', null]);
  });
});

describe('a country column\'s values', () => {
  it('an ISO code is written in capitals; a name is kept as written, over a code of the same address', () => {
    const country = (headers: string[], cells: string[]) => row(headers, ['Ada', ...cells], 'people').draft.input.address;
    expect(country(['Name', 'Country'], ['us'])).toEqual({ country: 'US' });
    expect(country(['Name', 'Country'], ['gbr'])).toEqual({ country: 'GBR' });
    expect(country(['Name', 'Country'], ['USA'])).toEqual({ country: 'USA' });
    expect(country(['Name', 'Country'], ['Deutschland'])).toEqual({ country: 'Deutschland' });
    expect(country(['Name', 'Country'], ['UK'])).toEqual({ country: 'UK' });
    const both = ['Name', 'Country', 'Country/Region'];
    expect(country(both, ['Italia', 'IT'])).toEqual({ country: 'Italia' });
    expect(country(both, ['ita', 'Italia'])).toEqual({ country: 'Italia' });
  });
  it('a code\'s country reads the street the way that country writes it', () => {
    expect(row(['Name', 'Address', 'Country'], ['Ada', 'Calle Mayor 5, 28013 Madrid', 'esp'], 'people').draft.input.address)
      .toMatchObject({ street: 'Calle Mayor 5', city: 'Madrid', postalCode: '28013', country: 'ESP' });
  });
});
