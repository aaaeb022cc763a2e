import { describe, expect, it } from 'vitest';
import { senderName } from './sender.ts';
import { extractFromMessage } from './email.ts';

describe('senderName uses the identity rules', () => {
  it.each([
    ['Lovelace, Ada Byron', 'ada@acme.io', { first: 'Ada', middle: 'Byron', last: 'Lovelace' }],
    ['Sr. Juan Perez', 'juan@acme.es', { prefix: 'Sr.', first: 'Juan', last: 'Perez' }],
    ['Maarten van der Linde', 'maarten@acme.nl', { first: 'Maarten', last: 'van der Linde' }],
    ['ADA LOVELACE', 'ada@acme.io', { first: 'Ada', last: 'Lovelace' }],
  ])('%s → parts', (display, address, parts) => expect(senderName(display, address)?.parts).toMatchObject(parts));

  it.each([['Example Sales', 'sales@example.com'], ['The Acme Team', 'hello@acme.io'], ['Customer Support', 'help@acme.io'], ['', 'info@acme.io']])(
    'a team is not a person: "%s" <%s>', (display, address) => expect(senderName(display, address)).toBeNull(),
  );

  it('a team mailbox gives a candidate with its address and no person name', () => {
    const [c] = extractFromMessage({ from: { name: 'Example Sales', address: 'sales@example.com' }, text: 'Hello,\nthanks for your interest.' });
    expect(c.name).toBeUndefined();
    expect(c.emails.map((e) => e.value)).toEqual(['sales@example.com']);
  });
});
