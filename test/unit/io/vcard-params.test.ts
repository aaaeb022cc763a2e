import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFromVcf } from '../../../src/capture/vcard.ts';
import { candidateExtras, describeExtras } from '../../../src/capture/to-record.ts';
import { planImport } from '../../../src/io/import.ts';
import { newRepo } from './helpers.ts';

/**
 * vCard parameters and addresses in every form the versions and their exporters write, read the
 * same by the capture (a dropped .vcf) and the import (one rule: vcard-normalize.ts). A TYPE is a
 * category, never part of a value or a label; an address typed on one line, or given only as a
 * LABEL, lands in its parts.
 */
const card = (version: string, lines: string[]) =>
  ['BEGIN:VCARD', `VERSION:${version}`, 'FN:Priya Raman', 'N:Raman;Priya;;;', ...lines, 'END:VCARD', ''].join('\r\n');

async function bothWays(text: string) {
  const [captured] = extractFromVcf(text);
  const plan = await planImport(newRepo(), text, { as: 'people' });
  expect(plan.invalid).toEqual([]);
  return { captured, imported: plan.rows[0].fields as Record<string, unknown>, described: describeExtras(candidateExtras(captured)) };
}

/** Every value a record holds, as text: a TYPE word must be in none of them. */
const valuesOf = (x: unknown): string[] => (x && typeof x === 'object' ? Object.values(x).flatMap(valuesOf) : typeof x === 'string' ? [x] : []);

describe('TYPE parameters, every form (2.1, 3.0, 4.0)', () => {
  const forms: [string, string, string[], { phone: string; email: string }][] = [
    ['3.0 TYPE= repeated', '3.0', ['TEL;TYPE=CELL;TYPE=VOICE:+1 415 555 0134', 'EMAIL;TYPE=INTERNET;TYPE=HOME:priya@raman.example'], { phone: 'mobile', email: 'home' }],
    ['3.0 TYPE=a,b', '3.0', ['TEL;TYPE=WORK,FAX:+1 415 555 0135', 'EMAIL;TYPE=INTERNET,WORK:priya@raman.example'], { phone: 'fax', email: 'work' }],
    ['2.1 bare parameters', '2.1', ['TEL;HOME;VOICE:+1 415 555 0136', 'EMAIL;INTERNET;HOME:priya@raman.example'], { phone: 'home', email: 'home' }],
    ['lower-case type=', '3.0', ['TEL;type=cell:+1 415 555 0137', 'EMAIL;type=home;type=pref:priya@raman.example'], { phone: 'mobile', email: 'home' }],
    ['4.0 quoted list', '4.0', ['TEL;VALUE=uri;TYPE="cell,text":tel:+1-415-555-0138', 'EMAIL;TYPE="home";PREF=1:priya@raman.example'], { phone: 'mobile', email: 'home' }],
    ['quoted with spaces', '3.0', ['TEL;TYPE="work, voice":+1 415 555 0139', 'EMAIL;TYPE="work, internet":priya@raman.example'], { phone: 'work', email: 'work' }],
    // A kind of its own is some other line, as the CSV's "Phone Video" column; INTERNET/PREF say no kind.
    ['a kind of its own', '3.0', ['TEL;TYPE=video:+1 415 555 0141', 'EMAIL;TYPE=INTERNET;TYPE=school:priya@raman.example'], { phone: 'other', email: 'other' }],
    ['Apple group label', '3.0', ['item1.TEL:+1 415 555 0140', 'item1.X-ABLabel:_$!<Mobile>!$_', 'item2.EMAIL;type=INTERNET:priya@raman.example', 'item2.X-ABLabel:_$!<Home>!$_'], { phone: 'mobile', email: 'home' }],
  ];
  it.each(forms)('%s: the kind of each phone and email, and no TYPE in any value', async (_, version, lines, kinds) => {
    const { captured, imported } = await bothWays(card(version, lines));
    expect(captured.phones.map((p) => p.type)).toEqual([kinds.phone]);
    expect(captured.emails.map((e) => e.type ?? 'work')).toEqual([kinds.email]);
    expect((imported.phones as { category: string }[]).map((p) => p.category)).toEqual([kinds.phone]);
    expect((imported.emails as { category: string }[]).map((e) => e.category)).toEqual([kinds.email]);
    const words = /\b(type|cell|voice|internet|pref|home|work|fax|text)\b/i;
    expect([...valuesOf(captured.phones.map((p) => p.value)), ...valuesOf(captured.emails.map((e) => e.value)), ...valuesOf(imported.phones), ...valuesOf(imported.emails)]
      .filter((v) => !['mobile', 'home', 'work', 'fax'].includes(v)).filter((v) => words.test(v))).toEqual([]);
  });
});

describe('addresses on one line or only as a label', () => {
  const london = { street: '10 Downing Street', city: 'London', postalCode: 'SW1A 2AA', country: 'UK' };
  const cases: [string, string, string[], Record<string, string>][] = [
    // Google Contacts writes an address typed in one box as the ADR's whole value.
    ['one-line ADR, 3.0', '3.0', ['ADR;TYPE=HOME:10 Downing Street, London SW1A 2AA, UK'], london],
    ['one-line ADR, 2.1 bare HOME', '2.1', ['ADR;HOME:10 Downing Street, London SW1A 2AA, UK'], london],
    ['one line in the street component, with line breaks', '3.0', ['ADR;TYPE=HOME:;;10 Downing Street\\nLondon SW1A 2AA\\nUK;;;;'], london],
    ['US one-line ADR', '3.0', ['ADR;type=WORK;type=pref:1600 Amphitheatre Parkway, Mountain View, CA 94043, USA'], { street: '1600 Amphitheatre Parkway', city: 'Mountain View', region: 'CA', postalCode: '94043', country: 'USA' }],
    ['escaped comma in a one-line ADR', '3.0', ['ADR;type="home,pref":Calle de Alcalá 42\\, 3º, 28014 Madrid, España'], { street: 'Calle de Alcalá 42, 3º', city: 'Madrid', postalCode: '28014', country: 'España' }],
    ['LABEL only, 3.0', '3.0', ['LABEL;TYPE=HOME:10 Downing Street\\nLondon SW1A 2AA\\nUK'], london],
    ['LABEL only, 2.1 quoted-printable', '2.1', ['LABEL;HOME;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Rua Augusta 10=0D=0A1100-053 Lisboa=0D=0APortugal'], { street: 'Rua Augusta 10', city: 'Lisboa', postalCode: '1100-053', country: 'Portugal' }],
    ['4.0 LABEL parameter on an empty ADR (RFC 6868 ^n)', '4.0', ['ADR;TYPE=work;LABEL="Hauptstraße 5^n10115 Berlin^nDeutschland":;;;;;;'], { street: 'Hauptstraße 5', city: 'Berlin', postalCode: '10115', country: 'Deutschland' }],
  ];
  it.each(cases)('%s: each part in its field, in capture and import alike', async (_, version, lines, want) => {
    const { captured, imported, described } = await bothWays(card(version, lines));
    expect(captured.address).toMatchObject(want);
    const { region, ...rest } = want;
    expect(imported.address).toEqual({ ...rest, ...(region ? { state: region } : {}) });
    // The side panel's "address (…)" names the city and country, never a TYPE.
    expect(described).toBe(`address (${want.city}, ${want.country})`);
  });

  it('a structured ADR wins over its LABEL, and an empty ADR with no label gives no address', async () => {
    const both = await bothWays(card('3.0', ['ADR;TYPE=HOME:;;10 Downing Street;London;;SW1A 2AA;UK', 'LABEL;TYPE=HOME:somewhere else entirely']));
    expect(both.imported.address).toEqual(london);
    const none = await bothWays(card('3.0', ['ADR;TYPE=HOME:;;;;;;', 'EMAIL:priya@raman.example']));
    expect([none.captured.address, none.imported.address]).toEqual([undefined, undefined]);
  });

  it('two labels, home and work, with no ADR: the work one is the record\'s, the home one kept in its details', async () => {
    const { captured, imported } = await bothWays(card('3.0', ['LABEL;TYPE=HOME:10 Downing Street\\nLondon SW1A 2AA\\nUK', 'LABEL;TYPE=WORK:1 Canada Square\\nLondon E14 5AB\\nUK']));
    expect(captured.address).toMatchObject({ street: '1 Canada Square', city: 'London', postalCode: 'E14 5AB' });
    expect(imported.address).toMatchObject({ street: '1 Canada Square', city: 'London', postalCode: 'E14 5AB' });
    expect(imported.details).toBe('Other address (home): 10 Downing Street, London SW1A 2AA, UK');
  });
});

describe('a Google Contacts export (material written for this suite)', () => {
  const text = readFileSync(resolve(process.cwd(), 'test/fixtures/material/gmail-3.0-one-line-addresses.vcf'), 'utf8');
  it('an address typed in one box, one over lines beside a labelled office, one only as a LABEL: each part in its field', async () => {
    const plan = await planImport(newRepo(), text, { as: 'people' });
    expect(plan.invalid).toEqual([]);
    const [tomas, grace, seun] = plan.rows.map((r) => r.fields);
    expect(tomas.address).toEqual({ street: 'Calle del Olivo 7, 2º B', city: 'Lucena', state: 'Córdoba', postalCode: '14900', country: 'España' });
    // "Office" labels the group's ADR: the work address is the record's, the home one in the details.
    expect(grace).toMatchObject({ address: { street: 'Suite 300, 1120 SW 5th Ave', city: 'Portland', state: 'OR', postalCode: '97204', country: 'US' }, details: 'Other address (home): 2210 NE Alberta St, Portland, OR 97211, US' });
    expect(seun).toMatchObject({ address: { street: '12 Admiralty Way, Lekki Phase 1', city: 'Lagos', postalCode: '106104', country: 'Nigeria' }, emails: [{ email: 'seun.adeyemi@mail.example', category: 'home' }], details: 'Met at the Lagos agritech summit' });
    const captured = extractFromVcf(text);
    expect(captured.map((c) => [c.address?.city, c.address?.country])).toEqual([['Lucena', 'España'], ['Portland', 'US'], ['Lagos', 'Nigeria']]);
    expect(captured[2].emails.map((e) => e.type)).toEqual(['home']);
  });
});
