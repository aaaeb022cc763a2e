import { describe, expect, it } from 'vitest';
import { isoCountry } from './country-codes.ts';

describe('isoCountry', () => {
  it('reads alpha-2 and alpha-3 codes in any case as the alpha-2 code', () => {
    expect(['DE', 'us', 'GBR', 'deu', ' fra ', 'XK', 'xkx', 'NO', 'MA'].map(isoCountry)).toEqual(['DE', 'US', 'GB', 'DE', 'FR', 'XK', 'XK', 'NO', 'MA']);
  });
  it('reads nothing else as a code: retired and reserved codes, names, phone prefixes, empty cells', () => {
    expect(['UK', 'EU', 'ZZ', 'USSR', 'Germany', '+49', '49', '', undefined, 'D', 'ABC'].map(isoCountry)).toEqual(Array(11).fill(undefined));
  });
  it('every alpha-2 code is a region the runtime names (the table holds no typo)', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const known = [...letters].flatMap((a) => [...letters].map((b) => a + b)).filter((c) => isoCountry(c));
    expect(known).toHaveLength(250);
    expect(known.filter((c) => !names.of(c))).toEqual([]);
  });
});
