import { describe, expect, it } from 'vitest';
import { counted, groupDigits, qualified, ROWS, unitsOf } from './counted.ts';

describe('a count in words', () => {
  it('says one and many in the file\'s own word, digits grouped', () => {
    expect([counted(0, ROWS), counted(1, ROWS), counted(2, ROWS), counted(2400, ROWS)]).toEqual(['0 rows', '1 row', '2 rows', '2,400 rows']);
    expect([counted(1, unitsOf('vcard')), counted(3, unitsOf('csv'))]).toEqual(['1 card', '3 rows']);
    expect([counted(1, qualified('valid', ROWS)), counted(12_000, qualified('invalid', unitsOf('vcard')))]).toEqual(['1 valid row', '12,000 invalid cards']);
    expect([groupDigits(999), groupDigits(1000), groupDigits(-1234567)]).toEqual(['999', '1,000', '-1,234,567']);
  });
});
