import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexWords, searchWords, tokenize } from './search.ts';

const findsIn = (words: string[], query: string) => {
  const q = tokenize(query);
  return q.length > 0 && q.every((w) => words.some((x) => x.startsWith(`leads:${w}`)));
};

/**
 * What the read model does: every query word is the start of some indexed word. The row indexes
 * `indexWords` (fewer words); it must find exactly what all of `searchWords` would.
 */
function finds(record: Record<string, unknown>, query: string): boolean {
  const all = findsIn(searchWords('leads', record), query);
  expect(findsIn(indexWords('leads', record), query)).toBe(all);
  return all;
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

describe('the indexed words (indexWords)', () => {
  it('leave out a word that starts another word of the record', () => {
    const words = indexWords('leads', { name: { first: 'Ann', last: 'Lee' }, email: 'ann.lee@example.com' });
    expect(words).toContain('leads:ann.lee@example.com');
    expect(words).toContain('leads:example.com');
    for (const gone of ['leads:ann', 'leads:ann.lee', 'leads:lee', 'leads:example']) expect(words).not.toContain(gone);
    expect(words.length).toBeLessThan(searchWords('leads', { name: { first: 'Ann', last: 'Lee' }, email: 'ann.lee@example.com' }).length);
  });

  it('keep every word of the record no other word starts', () => {
    const r = { name: { first: 'Bob', last: 'Bo' }, phones: [{ number: '+1 (415) 555-0100' }], tags: ['vip'] };
    const all = searchWords('leads', r);
    const kept = indexWords('leads', r);
    for (const w of all) expect(kept.includes(w) || kept.some((k) => k !== w && k.startsWith(w))).toBe(true);
    expect(kept).toContain('leads:bob');
    expect(kept).not.toContain('leads:bo');
  });

  it('find what searchWords finds, for any record and any query made of its words or their starts', () => {
    const piece = fc.constantFrom('ann', 'anna', 'lee', 'leeds', 'jean-luc', 'o\'neil', 'acme', 'acme.io', 'x', 'zoë', '555', '0100', 'vip', 'vip5');
    const record = fc.record({
      first: piece, last: piece, email: fc.tuple(piece, piece, piece).map(([a, b, c]) => `${a}.${b}@${c}.com`.replace(/[^a-z0-9.@-]/g, '')),
      company: fc.array(piece, { maxLength: 3 }).map((p) => p.join(' ')), tags: fc.array(piece, { maxLength: 2 }),
      phone: fc.constantFrom('+1 (415) 555-0100', '+44 20 7946 0958', '020 7946 0958', '12345'),
    }).map((r) => ({ name: { first: r.first, last: r.last }, email: r.email, companyName: r.company, tags: r.tags, phones: [{ number: r.phone }] }));
    fc.assert(fc.property(record, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }), fc.string({ maxLength: 6 }), (r, picks, noise) => {
      const all = searchWords('leads', r).map((w) => w.slice('leads:'.length));
      const query = picks.map(([i, len]) => { const w = all[i % all.length]; return w.slice(0, 1 + (len % w.length)); }).join(' ');
      for (const q of [query, `${query} ${noise}`, noise]) expect(findsIn(indexWords('leads', r), q)).toBe(findsIn(searchWords('leads', r), q));
    }), { numRuns: 400 });
  });
});
