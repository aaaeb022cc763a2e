import { describe, expect, it } from 'vitest';
import { countLabel, groupDigits } from './labels.ts';

describe('groupDigits: a count as toLocaleString(\'en-US\') writes it, without a number format', () => {
  it('groups whole numbers by thousands, signs and all', () => {
    const samples = [0, 1, 12, 999, 1000, 1001, 9999, 10000, 54321, 100000, 999999, 1000000, 1234567, 50000, -1, -999, -1000, -1234567, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    for (let n = 0; n < 3000; n += 7) samples.push(n * 331);
    for (const n of samples) expect(groupDigits(n), String(n)).toBe(n.toLocaleString('en-US'));
  });

  it('leaves fractions, non-finite and unsafe numbers to the number format', () => {
    for (const n of [1234.5, 0.25, -9876.54, Number.NaN, Infinity, 2 ** 60]) expect(groupDigits(n), String(n)).toBe(n.toLocaleString('en-US'));
  });

  it('counts records in words', () => {
    expect(countLabel(0, 'leads')).toBe('0 leads');
    expect(countLabel(1, 'people')).toBe('1 person');
    expect(countLabel(2400, 'people')).toBe('2,400 people');
    expect(countLabel(50000, 'leads')).toBe('50,000 leads');
  });
});
