import { describe, expect, it } from 'vitest';
import { runImport, planImport } from '../../../src/io/import.ts';
import { fixture, newRepo } from './helpers.ts';

const enc = (text: string) => new TextEncoder().encode(text);
function utf16(text: string, be: boolean, bom = true): Uint8Array {
  const body = (bom ? '\uFEFF' : '') + text;
  const out = new Uint8Array(body.length * 2);
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    out[i * 2 + (be ? 1 : 0)] = c & 0xff;
    out[i * 2 + (be ? 0 : 1)] = c >> 8;
  }
  return out;
}
const CSV = 'First Name,Last Name,Email\nJosé,Núñez,jose@x.test\n';

describe('encodings and delimiters', () => {
  it.each([
    ['UTF-8 without BOM', enc(CSV), 'utf-8'],
    ['UTF-8 with BOM', enc('\uFEFF' + CSV), 'utf-8'],
    ['UTF-16 LE with BOM', utf16(CSV, false), 'utf-16le'],
    ['UTF-16 BE with BOM', utf16(CSV, true), 'utf-16be'],
    ['UTF-16 LE without BOM', utf16(CSV, false, false), 'utf-16le'],
  ])('%s', async (_, bytes, encoding) => {
    const repo = newRepo();
    const plan = await planImport(repo, bytes);
    expect(plan.encoding).toBe(encoding);
    expect(plan.headers[0]).toBe('First Name');
    expect(plan.rows[0].fields).toMatchObject({ name: { first: 'José', last: 'Núñez' }, email: 'jose@x.test' });
  });

  it('reads windows-1252 when the user chooses it', async () => {
    const bytes = new Uint8Array([...enc('First Name,Email\nJos'), 0xe9, ...enc(',jose@x.test\n')]);
    const plan = await planImport(newRepo(), bytes, { encoding: 'windows-1252' });
    expect(plan.rows[0].fields.name).toEqual({ first: 'José' });
  });

  it('reads ; and tab delimiters, CRLF, and quoted multi-line cells with their line numbers', async () => {
    const semi = await planImport(newRepo(), enc('Name;Email;Notes\r\n"Ada Lovelace";ada@x.test;"line one\r\nline two"\r\nBob;bob@x.test;\r\n'));
    expect(semi.delimiter).toBe(';');
    expect(semi.rows.map((r) => [r.line, r.fields.details ?? null])).toEqual([[2, 'line one\r\nline two'], [4, null]]);
    const tab = await planImport(newRepo(), fixture('tabs.tsv'));
    expect(tab.delimiter).toBe('\t');
    expect(tab.rows[0].fields).toMatchObject({ name: { first: 'Alan', last: 'Turing' }, companyName: 'Bletchley Park' });
  });
});

describe('vendor exports (synthetic rows under real headers)', () => {
  it('Google Contacts: BOM, multi-line notes, " ::: " values, labels, umlauts, phone-only row', async () => {
    const repo = newRepo();
    const result = await runImport(repo, fixture('google-contacts.csv'), { as: 'people' });
    expect(result.created).toBe(3);
    const [j, phoneOnly, zoe] = result.createdIds.map((id) => repo.get('people', id)!);
    expect(j).toMatchObject({
      name: { first: 'Jürgen', last: 'Müller' }, title: 'Inhaber', details: 'Met at the fair.\nWants a demo "soon".', tags: ['myContacts', 'Messe'],
      emails: [{ email: 'juergen@baeckerei.test', category: 'work' }, { email: 'jm@privat.test', category: 'home' }],
      phones: [{ number: '+49 170 1234567', category: 'mobile' }, { number: '+49 30 765432', category: 'mobile' }],
      address: { street: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'Germany' },
      websites: [{ url: 'https://baeckerei.test', category: 'homepage' }],
    });
    expect(repo.get('companies', j.companyId!)?.name).toBe('Bäckerei Müller GmbH');
    expect(phoneOnly.phones).toEqual([{ number: '+49 171 0000000', category: 'mobile' }]);
    expect(zoe.emails).toEqual([{ email: 'zoe@example.test', category: 'work' }]);
  });

  it('Pipedrive people: full name split (also "Last, First"), typed emails and phones, owner by name', async () => {
    const repo = newRepo();
    await runImport(repo, fixture('pipedrive-people.csv'), { as: 'people' });
    const people = repo.list('people');
    const [grace, ada] = ['Grace', 'Ada'].map((first) => people.find((p) => p.name.first === first)!);
    expect(grace).toMatchObject({ name: { first: 'Grace', last: 'Hopper' }, ownerId: 'admin', tags: ['Hot lead'], phones: [{ number: '+1 555 0100', category: 'work' }, { number: '+1 555 0101', category: 'mobile' }] });
    expect(ada).toMatchObject({ name: { first: 'Ada', last: 'Lovelace' }, emails: [{ email: 'ada@engines.test', category: 'work' }, { email: 'ada@home.test', category: 'home' }] });
  });

  it('HubSpot contacts as leads: owner by email, status and source by name', async () => {
    const repo = newRepo();
    await runImport(repo, fixture('hubspot-contacts.csv'));
    expect(repo.list('leads')[0]).toMatchObject({
      name: { first: 'Linus', last: 'Tor' }, companyName: 'Kernel Inc', title: 'Maintainer', ownerId: 'admin', statusId: 'open', sourceId: 'cold-call',
      address: { street: '1 Penguin Way', city: 'Portland', state: 'OR', postalCode: '97201', country: 'USA' }, websites: [{ url: 'https://kernel.test' }],
    });
  });

  it('Salesforce leads: salutation, mailing address over two lines', async () => {
    const repo = newRepo();
    await runImport(repo, fixture('salesforce-leads.csv'));
    expect(repo.list('leads')[0]).toMatchObject({
      name: { prefix: 'Ms.', first: 'Katherine', last: 'Johnson' }, title: 'Mathematician', companyName: 'NASA', sourceId: 'conference', statusId: 'unqualified',
      address: { street: '1 Langley Blvd, Building 4', city: 'Hampton' }, details: 'Orbit calculations',
    });
  });
});
