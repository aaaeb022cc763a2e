import { describe, expect, it } from 'vitest';
import { subtitleOf } from './list-subtitle.ts';

describe("a list row's second line", () => {
  it('title, company and email; a person\'s first email like a lead\'s', () => {
    expect(subtitleOf({ title: 'Head of Sales', companyName: 'Acme', email: 'ada@acme.io' })).toBe('Head of Sales · Acme · ada@acme.io');
    expect(subtitleOf({ title: 'Buyer', emails: [{ email: '' }, { email: 'pat@corp.example', category: 'work' }] })).toBe('Buyer · pat@corp.example');
  });

  it('a record with none of those says how to reach it, never an empty line when there is a way', () => {
    expect(subtitleOf({ phones: [{ number: '+1 415 555 0100', category: 'work' }] })).toBe('+1 415 555 0100');
    expect(subtitleOf({ websites: [{ url: 'https://acme.example' }] })).toBe('https://acme.example');
    expect(subtitleOf({ name: 'Acme', emailDomain: 'acme.example' })).toBe('acme.example');
    expect(subtitleOf({ name: { first: 'Nobody' } })).toBe('');
    expect(subtitleOf({ title: '  ', email: 42 })).toBe('');
  });

  it('a person’s company by the name a list read for its companyId; a lead’s typed company wins', () => {
    expect(subtitleOf({ title: 'Engineer', companyId: 'c1', emails: [{ email: 'ada@ae.example' }] }, 'Analytical Engines Ltd')).toBe('Engineer · Analytical Engines Ltd · ada@ae.example');
    expect(subtitleOf({ name: { first: 'Charles' }, companyId: 'c1' }, 'Analytical Engines Ltd')).toBe('Analytical Engines Ltd');
    expect(subtitleOf({ companyName: 'Navy' }, 'Other')).toBe('Navy');
    expect(subtitleOf({ companyId: 'c1' }, '  ')).toBe('');
  });
});
