import { describe, expect, it } from 'vitest';
import { searchWords, tokenize } from './search.ts';

/** What the read model does: every query word is the start of some indexed word. */
function finds(record: Record<string, unknown>, query: string): boolean {
  const words = searchWords('leads', record);
  const q = tokenize(query);
  return q.length > 0 && q.every((w) => words.some((x) => x.startsWith(`leads:${w}`)));
}

describe('search finds any email, any part of it', () => {
  const lead = { name: { first: 'Jane', last: 'Doe' }, email: 'first.last@company.com' };
  it.each(['first.last@company.com', 'first.last', 'first', 'last', 'last@company', 'company.com', 'company', 'FIRST.LAST@Company.com', 'first last'])(
    'by "%s"', (q) => expect(finds(lead, q)).toBe(true),
  );
  it('every email of a person, not just the first', () => {
    expect(finds({ emails: [{ email: 'a@x.io' }, { email: 'mary-jane.watson@daily-bugle.com' }] }, 'watson')).toBe(true);
    expect(finds({ emails: [{ email: 'a@x.io' }, { email: 'mary-jane.watson@daily-bugle.com' }] }, 'daily-bugle.com')).toBe(true);
  });
  it('not by what it does not hold', () => expect(finds(lead, 'other')).toBe(false));
});

describe('search finds any phone however typed', () => {
  const lead = { phones: [{ number: '+44 20 7946 0958' }, { number: '+1 (415) 555-0100 ext. 23' }] };
  it.each(['+44 20 7946 0958', '020 7946 0958', '02079460958', '2079460958', '7946 0958', '(415) 555-0100', '415.555.0100', '+1 415 555 0100', '555-0100', '4155550100'])(
    'by "%s"', (q) => expect(finds(lead, q)).toBe(true),
  );
});

describe('names and text', () => {
  it.each([
    [{ name: { first: 'Jean-Luc', last: 'Picard' } }, 'luc'],
    [{ name: { first: 'Jean-Luc', last: 'Picard' } }, 'jean-luc'],
    [{ name: { first: 'Zoë', last: 'Smith' } }, 'zoe'],
    [{ name: { first: 'Maarten', last: 'van der Linde' } }, 'linde'],
    [{ companyName: 'Acme Ltd' }, 'acme'],
    [{ title: 'VP, Sales' }, 'sales'],
  ])('%o by "%s"', (r, q) => expect(finds(r, q)).toBe(true));
  it('drops punctuation at the ends of query words', () => expect(tokenize('Dr. "Ada", ')).toEqual(['dr', 'ada']));
});
