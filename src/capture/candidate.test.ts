import { describe, expect, it } from 'vitest';
import { MAX_CANDIDATES, MAX_FIELD, validCandidates, type Candidate } from './candidate.ts';

const person = (full: string): Candidate => ({
  kind: 'person', name: { full, source: 'json-ld', confidence: 0.9 }, emails: [], phones: [], websites: [], socials: [], confidence: 0.9, sources: ['json-ld'],
});

describe('validCandidates (what a scanned page answered)', () => {
  it('keeps valid candidates and drops each one the schema refuses', () => {
    const tooLong = person('x'.repeat(MAX_FIELD + 1));
    const wrongType = { ...person('Eve'), emails: 'eve@example.com' };
    expect(validCandidates([person('Ada Lovelace'), tooLong, wrongType, null, 'text', person('Grace Hopper')])?.map((c) => c.name?.full)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });
  it('refuses an answer that is not a list, and keeps at most MAX_CANDIDATES', () => {
    expect(validCandidates({ candidates: [] })).toBeNull();
    expect(validCandidates('[]')).toBeNull();
    expect(validCandidates([])).toEqual([]);
    expect(validCandidates(Array.from({ length: MAX_CANDIDATES + 5 }, (_, i) => person(`P ${i}`)))).toHaveLength(MAX_CANDIDATES);
  });
});
