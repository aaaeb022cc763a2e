import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { extractFromWebmail, readWebmail } from './index.ts';

const fixture = (name: string) => parseHTML(readFileSync(new URL(`../../../test/fixtures/capture/${name}`, import.meta.url), 'utf8')).document;

describe('webmail adapters', () => {
  it('reads the last open Gmail message: sender, date, subject, body without the quote', () => {
    const msg = readWebmail(fixture('gmail-thread.html'), 'mail.google.com');
    expect(msg).toMatchObject({ from: { name: 'Doe, Pat', address: 'pat.doe@acme.example' }, subject: 'Re: pricing for Q3', date: 'Tue, 3 Mar 2026, 10:12' });
    expect(msg!.text).toContain('Attached is the quote');
    expect(msg!.text).not.toContain('Buyer Corp');
  });

  it('turns the Gmail sender and signature into one candidate', () => {
    const [c, ...rest] = extractFromWebmail(fixture('gmail-thread.html'), 'mail.google.com');
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ name: { first: 'Pat', last: 'Doe' }, title: { value: 'VP Sales' }, companyName: { value: 'Acme Widgets Inc' } });
    expect(c.phones[0]).toMatchObject({ value: '+14155550142', type: 'mobile', source: 'signature' });
    expect(c.emails[0]).toMatchObject({ value: 'pat.doe@acme.example', source: 'webmail' });
  });

  it('reads Outlook on the web', () => {
    const [c] = extractFromWebmail(fixture('outlook-message.html'), 'outlook.office.com');
    expect(c).toMatchObject({ name: { full: 'Lee Chan' }, title: { value: 'Account Manager' }, companyName: { value: 'Contoso Ltd' } });
    expect(c.phones[0].value).toBe('+442079460018');
  });

  it('ignores other hosts', () => expect(extractFromWebmail(fixture('gmail-thread.html'), 'example.com')).toEqual([]));
});
