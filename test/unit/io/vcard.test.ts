import { describe, expect, it } from 'vitest';
import { planImport, runImport } from '../../../src/io/import.ts';
import { corpusFile, newRepo } from './helpers.ts';

const dir = 'roundcube-contacts/tests/src';

describe('vCard import (same preview, checks and batch as CSV)', () => {
  it.each([
    ['apple.vcf', { address: { street: 'Birgistrasse 4a', city: 'Wallisellen-Zürich', postalCode: '8304', country: 'Switzerland' }, websites: [{ url: 'http://www.apple.ch' }] }],
    ['johndoe.vcf', { name: { first: 'John', last: 'Doë' }, emails: [{ email: 'inbox@roundcube.net', category: 'work' }, { email: 'roundcube@gmail.com', category: 'home' }], phones: [{ number: '+123456789', category: 'work' }, { number: '+987654321', category: 'mobile' }], address: { street: 'The street', city: 'Hometown', postalCode: '5555', country: 'Cayman Islands' } }],
    ['utf-16_sample.vcf', {}],
    ['thebat.vcf', { name: { first: 'Piotr' }, emails: [{ email: 'piotr.iksinski@somedomain.com' }] }],
  ])('%s imports one person', async (file, expected) => {
    const repo = newRepo();
    const plan = await planImport(repo, corpusFile(`${dir}/${file}`), { as: 'people' });
    expect(plan.format).toBe('vcard');
    expect(plan.invalid).toEqual([]);
    expect(plan.rows).toHaveLength(1);
    expect(plan.rows[0].fields).toMatchObject(expected);
  });

  it('a company card (empty N, FN = ORG) is not split into a person name', async () => {
    const plan = await planImport(newRepo(), corpusFile(`${dir}/apple.vcf`), { as: 'people' });
    expect(plan.rows[0].fields.name).toEqual({});
    expect(plan.newCompanies.map((c) => c.name)).toEqual(['Apple Computer AG']);
  });

  it('a file with many cards imports as one batch, each card reported by its line', async () => {
    const card = (i: number) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person ${i}\r\nN:${i};Person;;;\r\nEMAIL;TYPE=work:p${i}@x.test\r\nTEL;TYPE=cell:+1 555 ${i}\r\nEND:VCARD\r\n`;
    const text = Array.from({ length: 300 }, (_, i) => card(i)).join('') + 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad\r\nEMAIL:bad@\r\nEND:VCARD\r\n';
    const repo = newRepo();
    const plan = await planImport(repo, text, { as: 'leads' });
    expect(plan.rows).toHaveLength(300);
    expect(plan.invalid).toEqual([{ line: 300 * 7 + 1, reason: 'email: must be an email address (got "bad@")' }]);
    const result = await runImport(repo, text, { as: 'leads', confirmInvalid: true });
    expect(result.created).toBe(300);
    expect(repo.list('leads').find((l) => l.email === 'p7@x.test')).toMatchObject({ name: { first: 'Person', last: '7' }, phones: [{ number: '+1 555 7', category: 'mobile' }] });
  });
});
