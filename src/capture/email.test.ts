import { describe, expect, it } from 'vitest';
import { extractFromMessage } from './email.ts';
import { senderName } from './sender.ts';
import { extractFromText } from './selection.ts';

describe('senderName', () => {
  it.each([
    ['"Cook  Diane H."', 'Diane H. Cook'],
    ['Vickers, Frank', 'Frank Vickers'],
    ['"Ward  Kim S (Houston)"', 'Kim S Ward'],
    ['Rosendahl, Thomas G. [mailto:t@ubs.com]', 'Thomas G. Rosendahl'],
    ['Ada Lovelace', 'Ada Lovelace'],
  ])('%s', (raw, full) => expect(senderName(raw)?.parts.full).toBe(full));
  it('falls back to a first.last address', () => expect(senderName('', 'diane.cook@enron.com')).toMatchObject({ parts: { full: 'Diane Cook' }, fromAddress: true }));
});

describe('extractFromMessage', () => {
  it('reads the sender and the signature, not the quoted reply', () => {
    const text = 'Pls confirm.\n\nCarolyn Graham\nEnron NetWorks LLC\n713-345-8008\n\nOn Mon, Bob <bob@x.com> wrote:\n> Bob Smith\n> CEO, Other Inc\n> 555-123-4567';
    const [c] = extractFromMessage({ from: { name: 'Graham  Carolyn', address: 'Carolyn.Graham@ENRON.com' }, text }, { defaultCountry: 'US' });
    expect(c).toMatchObject({ name: { full: 'Carolyn Graham' }, companyName: { value: 'Enron NetWorks LLC', source: 'signature' } });
    expect(c.emails.map((e) => e.value)).toEqual(['carolyn.graham@enron.com']);
    expect(c.phones.map((p) => p.value)).toEqual(['+17133458008']);
  });
});

describe('signature company and title', () => {
  it('takes the line with a legal form as the company, and the heading-like line before it as the title', () => {
    const [c] = extractFromMessage({ from: { name: 'Hopper, Grace', address: 'grace@cobol.example' }, text: 'Pricing please.\n\n--\nGrace Hopper\nRear Admiral, Compilers\nCOBOL Systems Inc.\nPhone: +1 202 555 0147\n' });
    expect(c.companyName?.value).toBe('COBOL Systems Inc.');
    expect(c.title?.value).toBe('Rear Admiral, Compilers');
  });
});

describe('extractFromText', () => {
  it('gives one candidate per "Name <email>" in a list', () => {
    const all = extractFromText('Pat Lee <pat@acme.com>, "Smith, Jo" <jo@acme.com>');
    expect(all.map((c) => [c.name?.full, c.emails[0].value])).toEqual([['Pat Lee', 'pat@acme.com'], ['Jo Smith', 'jo@acme.com']]);
  });
  it('reads a pasted signature block', () => {
    const [c] = extractFromText('Jim Griffin\nManager, Gas Transmission Marketing\nMontana Power Company\n40 East Broadway\nButte, MT  59701\nFax: 406-497-2054\nEmail: jgriffin@mtpower.com', { defaultCountry: 'US' });
    expect(c).toMatchObject({ name: { full: 'Jim Griffin' }, title: { value: 'Manager, Gas Transmission Marketing' }, companyName: { value: 'Montana Power Company' }, address: { street: '40 East Broadway', city: 'Butte', region: 'MT', postalCode: '59701' } });
    expect(c.phones[0]).toMatchObject({ value: '+14064972054', type: 'fax' });
  });
});
