import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.ts';
import { parseCreate, parsePatch } from './validate.ts';

function issues(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('typed input is checked by the identity rules', () => {
  it.each([
    ['leads', { phones: [{ number: 'call me maybe' }] }, 'phones.0.number', /phone number.*not words/],
    ['people', { phones: [{ number: '12' }] }, 'phones.0.number', /3 to 15 digits/],
    ['leads', { websites: [{ url: 'javascript:alert(1)' }] }, 'websites.0.url', /http or https.*javascript:/],
    ['companies', { name: 'Acme', websites: [{ url: 'data:text/html,x' }] }, 'websites.0.url', /http or https/],
    ['people', { socials: [{ url: 'javascript:alert(1)' }] }, 'socials.0.url', /http or https/],
    ['leads', { websites: [{ url: 'not a website' }] }, 'websites.0.url', /web address/],
  ] as const)('%s %o → %s', (collection, input, path, message) => {
    const found = issues(() => parseCreate(collection, input));
    expect(found).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('accepts numbers with extensions and bare domains', () => {
    const r = parseCreate('leads', { phones: [{ number: '+1 (415) 555-0100 ext. 12' }], websites: [{ url: 'acme.com' }] });
    expect(r.phones).toEqual([{ number: '+1 (415) 555-0100 ext. 12', category: 'work' }]);
  });

  it('a value stored before the rule existed does not block editing other fields', () => {
    const stored = { name: { first: 'Ada' }, phones: [{ number: 'call me maybe', category: 'work' }], tags: [], custom: {} };
    expect(parsePatch('leads', stored, { title: 'CTO' }).set).toEqual({ title: 'CTO' });
    expect(issues(() => parsePatch('leads', stored, { phones: [{ number: 'still no' }] }))[0].path).toBe('phones.0.number');
    expect(issues(() => parsePatch('leads', stored, { websites: [{ url: 'javascript:x' }] }))[0].path).toBe('websites.0.url');
  });
});
