import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planImport, runImport } from '../../../src/io/import.ts';
import { newRepo } from './helpers.ts';

/**
 * Imports of material written for this suite (test/fixtures/material, not from the corpus):
 * exports as Excel, other CRMs and phones write them. Every value lands in its field, and a bad
 * file or row is refused with a message that says what to do, losing nothing silently.
 */
const MATERIAL = resolve(process.cwd(), 'test/fixtures/material');
const bytes = (name: string) => new Uint8Array(readFileSync(resolve(MATERIAL, name)));
const people = async (name: string) => {
  const plan = await planImport(newRepo(), bytes(name), { as: 'people' });
  return { plan, rows: plan.rows.map((r) => ({ line: r.line, company: r.newCompany?.name, ...r.fields, companyId: undefined, custom: undefined })) };
};

describe('CSV exports', () => {
  it('French Excel (windows-1252 with œ, € and ’, semicolons, CRLF): civility is the prefix, "Fonction" the job title', async () => {
    const { plan, rows } = await people('excel-fr-semicolon.csv');
    expect([plan.encoding, plan.delimiter, plan.invalid, plan.ignoredColumns]).toEqual(['windows-1252', ';', [], []]);
    expect(rows[0]).toMatchObject({
      line: 2, company: 'Cafés Léon SARL', name: { prefix: 'Mme', first: 'Hélène', last: 'Lefèvre' }, title: 'Responsable achats',
      emails: [{ email: 'helene.lefevre@cafes-leon.example', category: 'work' }],
      phones: [{ number: '01 42 55 01 77', category: 'work' }, { number: '06 12 55 01 88', category: 'mobile' }],
      address: { street: '8 rue de l’Œuvre', city: 'Paris', postalCode: '75004', country: 'France' },
      details: 'Budget 2027 : 12 000 €',
    });
    expect(rows[1]).toMatchObject({ company: 'Bœuf & Cie', name: { prefix: 'M.', first: 'François', last: 'Cœurdacier' }, title: 'Gérant' });
    // A row with empty cells: nothing invented for them.
    expect(rows[2]).toEqual({
      line: 4, company: undefined, name: { prefix: 'Mme', first: 'Zoé', last: 'N’Diaye' }, title: 'Consultante indépendante',
      emails: [{ email: 'zoe.ndiaye@mail.example', category: 'work' }], phones: [{ number: '07 55 01 23 45', category: 'mobile' }],
      address: { city: 'Bordeaux', country: 'France' }, socials: [], websites: [], tags: [], companyId: undefined, custom: undefined,
    });
  });

  it('a CRM export with a BOM and line breaks inside quoted cells: a three-line address split into its parts, quotes and commas kept in the note', async () => {
    const { plan, rows } = await people('crm-bom-crlf.csv');
    expect([plan.encoding, plan.delimiter, plan.invalid, plan.headers[0]]).toEqual(['utf-8', ',', [], 'First Name']);
    expect(rows.map((r) => r.line)).toEqual([2, 5, 8]); // each row says the line it starts on
    expect(rows[0]).toMatchObject({
      company: 'Lagos Fintech Hub Ltd', name: { first: 'Ngozi', last: 'Okonkwo-Adeyemi' }, title: 'Chief Operating Officer',
      phones: [{ number: '+234 1 555 0142', category: 'work' }, { number: '+234 803 555 0199', category: 'mobile' }],
      address: { street: '14 Adeola Odeku Street, Victoria Island', city: 'Lagos', postalCode: '101241', country: 'Nigeria' },
      details: 'Said "call me in Q1", not before; met at GITEX, Dubai',
      tags: ['fintech', 'expo-2026'],
    });
    expect(rows[1]).toMatchObject({ address: { street: 'Vesterbrogade 12, 2. sal', city: 'København V', postalCode: '1620', country: 'Denmark' }, tags: ['partner'] });
    expect(rows[2]).toMatchObject({ company: undefined, name: { first: 'Wei', last: 'Zhang' }, phones: [{ number: '+86 138 5550 1234', category: 'mobile' }], details: 'Prefers WeChat' });
  });

  it('a quote never closed is reported by its line; nothing is imported until the user accepts the rest', async () => {
    const repo = newRepo();
    const plan = await planImport(repo, bytes('broken-quote.csv'), { as: 'people' });
    expect(plan.invalid).toEqual([{ line: 3, reason: expect.stringMatching(/closing quote is missing/) }]);
    expect(plan.rows.map((r) => r.fields.name)).toEqual([{ first: 'Ada', last: 'Lovelace' }]);
    await expect(runImport(repo, bytes('broken-quote.csv'), { as: 'people' })).rejects.toMatchObject({ code: 'invalid-rows', message: expect.stringMatching(/line 3/) });
    expect(repo.list('people')).toHaveLength(0);
  });
});

describe('vCards through the import', () => {
  it('the same three clients\' cards import with escaped ";" read as written and a company card as no person\'s name', async () => {
    const outlook = (await people('outlook-2.1.vcf')).rows;
    expect(outlook).toMatchObject([{ company: 'Bäckerei Groß GmbH', name: { prefix: 'Dr.', first: 'Jürgen', last: 'Müller-Lüdenscheidt' }, title: 'Leiter Einkäufe', address: { city: 'Stuttgart', postalCode: '70565' } }]);
    const iphone = (await people('iphone-3.0.vcf')).rows;
    expect(iphone[0]).toMatchObject({ title: 'Head of Partnerships; EMEA', details: 'Met at Web Summit, Lisbon. Prefers email; calls after 2pm.' });
    expect(iphone[1]).toMatchObject({ name: {}, emails: [{ email: 'hello@harbor-finch.example' }], phones: [{ number: '+353 1 555 0100' }] });
    const carddav = (await people('carddav-4.0.vcf')).rows;
    expect((carddav[0] as { address?: unknown }).address).toEqual({ street: 'Calle de Alcalá 42, 3º', city: 'Madrid', postalCode: '28014', country: 'España' });
  });
});

describe('files that are no contact list', () => {
  it.each([
    ['a workbook saved as .csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, ...new TextEncoder().encode('[Content_Types].xml')]), /workbook \(save it as CSV first\)/],
    // 100,000 nested <div>s (what makes linkedom take seconds): refused by its first bytes, never parsed.
    ['a page nested 100,000 deep', new TextEncoder().encode(`<!doctype html><body>${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}`), /web page/],
    ['a page after a BOM and blank lines', new TextEncoder().encode('\ufeff\n  <table><tr><td>Ada</td></tr></table>'), /web page/],
  ])('%s is refused with what to do', async (_what, file, message) => {
    const repo = newRepo();
    await expect(planImport(repo, file, { as: 'people' })).rejects.toMatchObject({ code: 'not-csv', message: expect.stringMatching(message) });
    expect(repo.list('people')).toHaveLength(0);
  });
});
