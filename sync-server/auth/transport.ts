/**
 * How an Outpost client hands its credential to the relay without putting it in the URL (where
 * every reverse proxy and access log would keep it): as a WebSocket subprotocol. The client opens
 * `new WebSocket(url, authProtocols(token))`; the relay reads the token from the
 * `Sec-WebSocket-Protocol` header and selects `outpost`, so the token is never echoed back.
 * Pure (no Node or browser API): the relay and the extension's client both import it.
 */
export const OUTPOST_SUBPROTOCOL = 'outpost';
export const AUTH_SUBPROTOCOL_PREFIX = 'auth.';

/** Characters a subprotocol may hold (an HTTP token); JWTs and our opaque tokens fit. */
const TOKEN_CHARS = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** The protocol list an Outpost client offers: `['outpost', 'auth.<token>']`. */
export function authProtocols(token: string): string[] {
  if (!TOKEN_CHARS.test(token)) throw new Error('This token cannot be sent to the relay: it has characters a WebSocket protocol cannot carry.');
  return [OUTPOST_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + token];
}

/** `conflicting`: two different tokens were offered (which one a proxy or library put first is no one's choice). */
export type OfferedProtocols = { outpost: boolean; token: string | null; conflicting?: true };

/** Reads a `Sec-WebSocket-Protocol` header (comma-separated list) as the relay receives it. */
export function parseProtocols(header: string | string[] | undefined): OfferedProtocols {
  const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((p) => p.trim()).filter(Boolean);
  const tokens = new Set(list.filter((p) => p.startsWith(AUTH_SUBPROTOCOL_PREFIX)).map((p) => p.slice(AUTH_SUBPROTOCOL_PREFIX.length)));
  const token = tokens.values().next().value;
  return { outpost: list.includes(OUTPOST_SUBPROTOCOL), token: token || null, ...(tokens.size > 1 ? { conflicting: true as const } : {}) };
}

/** Which offered protocol the relay answers with: `outpost` when offered, else none. */
export function selectProtocol(offered: Iterable<string>): string | false {
  for (const p of offered) if (p === OUTPOST_SUBPROTOCOL) return p;
  return false;
}
