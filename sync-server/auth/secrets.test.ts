import { describe, expect, it } from 'vitest';
import { sameDigest, sameSecret } from './secrets.ts';

describe('secrets are compared in constant time, whatever their lengths', () => {
  it('equal secrets match; any other string does not, and nothing throws', () => {
    const key = 'k2v9sY0Q-operator-key-0123456789abcdefghij';
    expect(sameSecret(key, key)).toBe(true);
    for (const other of [key.slice(0, -1), key + 'x', key.toUpperCase(), '', 'é'.repeat(40), '\u0000'.repeat(key.length), undefined, null]) expect(sameSecret(other, key)).toBe(false);
    expect(sameSecret('', '')).toBe(false); // an empty secret never opens anything
  });

  it('digests of different lengths (a damaged stored hash) are unequal, not an exception', () => {
    expect(sameDigest(Buffer.from([1, 2, 3]), Buffer.from([1, 2, 3]))).toBe(true);
    expect(sameDigest(Buffer.from([1, 2, 3]), Buffer.from([1, 2]))).toBe(false);
    expect(sameDigest(Buffer.from([1, 2, 3]), Buffer.from([1, 2, 4]))).toBe(false);
  });
});
