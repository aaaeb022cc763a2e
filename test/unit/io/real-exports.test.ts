import { describe, expect, it } from 'vitest';
import { planImport, runImport } from '../../../src/io/import.ts';
import { headerRow } from '../../../src/io/table.ts';
import { guessMapping } from '../../../src/domain/csv/index.ts';
import { newRepo } from './helpers.ts';

const enc = (text: string) => new TextEncoder().encode(text);
/** windows-1252 bytes of a Latin-1 string (every char below U+0100). */
const cp1252 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

describe('import of real-world exports', () => {
  it('reads a windows-1252 CSV (Excel "CSV") without being told, and says which encoding it used', async () => {
    const repo = newRepo();
    const plan = await planImport(repo, cp1252('Vorname;Nachname;E-Mail-Adresse;Firma\r\nJürgen;Müller;j.mueller@firma.de;Bäckerei Groß GmbH\r\n'), { as: 'people' });
    expect(plan.encoding).toBe('windows-1252');
    expect(plan.rows[0].fields).toMatchObject({ name: { first: 'Jürgen', last: 'Müller' }, emails: [{ email: 'j.mueller@firma.de' }] });
    expect(plan.newCompanies.map((c) => c.name)).toEqual(['Bäckerei Groß GmbH']);
  });

  it('a UTF-16 file with a BOM and an explicit override both work', async () => {
    const text = '\ufeffName,Email\nZoë Smith,zoe@x.test\n';
    const utf16 = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) { utf16[2 * i] = text.charCodeAt(i) & 0xff; utf16[2 * i + 1] = text.charCodeAt(i) >> 8; }
    expect((await planImport(newRepo(), utf16)).rows[0].fields.name).toEqual({ first: 'Zoë', last: 'Smith' });
    expect((await planImport(newRepo(), cp1252('Name,Email\nZoë Smith,zoe@x.test\n'), { encoding: 'iso-8859-1' })).rows[0].fields.name).toEqual({ first: 'Zoë', last: 'Smith' });
  });

  it('skips LinkedIn\'s "Notes:" preamble before the header, keeping line numbers', async () => {
    const file = [
      'Notes:',
      '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address."',
      '',
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'Ada,Lovelace,https://www.linkedin.com/in/ada,ada@acme.io,Acme Inc.,CTO,01 Jan 2024',
      'Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,Admiral,02 Jan 2024',
    ].join('\n');
    const plan = await planImport(newRepo(), enc(file), { as: 'people' });
    expect(plan.headers).toEqual(['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On']);
    expect(plan.rows.map((r) => r.line)).toEqual([5, 6]);
    expect(plan.rows[0].fields).toMatchObject({ name: { first: 'Ada', last: 'Lovelace' }, title: 'CTO', emails: [{ email: 'ada@acme.io' }] });
    expect(plan.invalid).toEqual([]);
  });

  it('skips an accounting export\'s title and date lines', async () => {
    const file = 'Customer Contact List\nAs of 30 November 2026\n\nCustomer,Contact,Phone,EmailID,Billing City\nAcme Inc.,Ada Lovelace,+1 415 555 0100,ada@acme.io,San Francisco\n';
    const plan = await planImport(newRepo(), enc(file), { as: 'leads' });
    expect(plan.rows).toHaveLength(1);
    expect(plan.rows[0].fields).toMatchObject({ email: 'ada@acme.io', phones: [{ number: '+1 415 555 0100' }], address: { city: 'San Francisco' } });
    expect(headerRow([['Report'], ['Name', 'Email'], ['Ada', 'a@x.io']])).toBe(1);
    expect(headerRow([['Shoe', 'Size'], ['1', '2']])).toBe(0);
  });

  it.each([
    ['EmailID', 'email', 'work'], ['Contact Email', 'email', 'work'], ['e-mail', 'email', 'work'], ['mail', 'email', 'work'], ['Personal E-Mail', 'email', 'home'],
    ['email_address_2', 'email', 'other'], ['MobilePhone', 'phone', 'mobile'], ['cell', 'phone', 'mobile'], ['phone 2', 'phone', 'other'], ['Tel.', 'phone', 'work'],
    ['Direct Dial Phone', 'phone', 'work'], ['Home Tel', 'phone', 'home'], ['WorkFax', 'phone', 'fax'], ['LinkedIn Profile URL', 'social', 'social'],
    ['Company Website', 'website', 'other'], ['Employer', 'companyName', undefined], ['Contact Name', 'name', undefined], ['Zip/Postcode', 'postalCode', undefined],
  ])('header family: "%s" → %s (%s)', (header, target, category) => {
    const [m] = guessMapping([header]);
    expect([m.target, m.category]).toEqual([target, category]);
  });

  it.each(['Email Opt Out', 'Email Bounced', 'Last Email Date', 'Phone Type', 'Do Not Call Phone', 'Emails Sent'])('a column about a value is not the value: "%s"', (header) => {
    expect(guessMapping([header])[0].target).toBeNull();
  });

  it('keeps every phone and email of a row', async () => {
    const repo = newRepo();
    await runImport(repo, enc('Name,EmailID,Contact Email,MobilePhone,Phone 2,Work Phone\nAda Lovelace,ada@acme.io,ada@gmail.com,+44 7911 123456,+44 20 7946 0958,+44 20 7946 0959\n'), { as: 'people' });
    const [ada] = repo.list('people');
    expect(ada.emails.map((e) => e.email)).toEqual(['ada@acme.io', 'ada@gmail.com']);
    expect(ada.phones.map((p) => [p.number, p.category])).toEqual([['+44 7911 123456', 'mobile'], ['+44 20 7946 0958', 'other'], ['+44 20 7946 0959', 'work']]);
  });

  it('splits a one-column address into its parts (never all of it in Street)', async () => {
    const plan = await planImport(newRepo(), enc('Name,Email,Address\nAda Lovelace,ada@acme.io,"1 Main St, Springfield, IL 62701, USA"\n'));
    expect(plan.rows[0].fields.address).toEqual({ street: '1 Main St', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'USA' });
  });

  it('imports a vCard that has only a nickname', async () => {
    const repo = newRepo();
    const result = await runImport(repo, enc('BEGIN:VCARD\r\nVERSION:3.0\r\nNICKNAME:Bobby\r\nTEL;TYPE=CELL:+1 415 555 0199\r\nEND:VCARD\r\n'), { as: 'people' });
    expect(result.created).toBe(1);
    expect(repo.list('people')[0]).toMatchObject({ name: { first: 'Bobby' }, phones: [{ number: '+1 415 555 0199', category: 'mobile' }] });
  });

  it('"Acme Inc." in the file is the workspace\'s "Acme": no second company', async () => {
    const repo = newRepo();
    const acme = repo.create('companies', { name: 'Acme' });
    await runImport(repo, enc('Name,Email,Company\nAda Lovelace,ada@acme.io,Acme Inc.\n'), { as: 'people' });
    expect(repo.list('companies')).toHaveLength(1);
    expect(repo.list('people')[0].companyId).toBe(acme.id);
    const plan = await planImport(repo, enc('Company\n"ACME, Inc."\n'), { as: 'companies' });
    expect(plan.rows[0].action).toBe('skip');
  });

  it('a lead already in the workspace under first.last@ is found again whatever the case', async () => {
    const repo = newRepo();
    const lead = repo.create('leads', { name: { first: 'Jane', last: 'Doe' }, email: 'first.last@company.com' });
    const plan = await planImport(repo, enc('Name,Email\nJane Doe,First.Last@Company.com\n'));
    expect(plan.rows[0]).toMatchObject({ action: 'skip', duplicateOf: { id: lead.id } });
  });
});
