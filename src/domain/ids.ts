/** Random bytes drawn POOL_BYTES at a time: one `getRandomValues` call per 409 ids. */
const POOL_BYTES = 4090;
let pool = new Uint8Array(0);
let used = 0;
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * Ids are made on the client before the optimistic write (random, URL-safe): the first 20 hex
 * digits of a version 4 UUID (bytes 0–9, its version and variant bits set as randomUUID sets
 * them). Drawn from a pool of random bytes: `crypto.randomUUID` crosses into the browser for
 * every id (~8 µs each in the engine's Chromium Worker, an import makes 10,000).
 */
export function newId(): string {
  if (used + 10 > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    used = 0;
  }
  const b = pool;
  const i = used;
  used += 10;
  return HEX[b[i]] + HEX[b[i + 1]] + HEX[b[i + 2]] + HEX[b[i + 3]] + HEX[b[i + 4]] + HEX[b[i + 5]]
    + HEX[(b[i + 6] & 0x0f) | 0x40] + HEX[b[i + 7]] + HEX[(b[i + 8] & 0x3f) | 0x80] + HEX[b[i + 9]];
}

/**
 * The id of what converting a lead creates, derived from the lead's id, so that two teammates
 * converting the same lead offline create the same records and Yjs merges them field by field.
 */
export function derivedId(leadId: string, what: 'person' | 'company' | 'opportunity'): string {
  return `${leadId}.${what[0]}`;
}
