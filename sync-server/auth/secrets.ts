import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The one way the relay compares secrets (the operator key, API keys): in constant time, so the
 * time an answer takes never tells an attacker how much of a guess was right. Both sides are
 * hashed first, so their lengths (which `timingSafeEqual` needs equal, and would throw on) give
 * nothing away either.
 */
export const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Two digests: equal length and equal bytes; a stored digest of another length (damaged) is unequal, never an exception. */
export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A presented secret against the expected one; an empty or missing one never matches. */
export function sameSecret(given: string | null | undefined, expected: string): boolean {
  if (!given || !expected) return false;
  return sameDigest(sha256(given), sha256(expected));
}
