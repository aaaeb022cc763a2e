import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { addRange, addressKey, inList, unmapped } from '../net/addresses.ts';

/**
 * Who a request comes from, when the relay runs behind a reverse proxy (nginx, Caddy, a load
 * balancer terminating TLS for `wss://`). Every per-address bound of the relay (connections per
 * address, pending sockets, web-form posts, workspace sign-ups) would otherwise see one address,
 * the proxy's: one flood through it would lock the whole team out, and a busy public form would
 * throttle every visitor together.
 *
 * Only the proxies the operator names (`--trust-proxy`, addresses or CIDR ranges) are believed.
 * Each appends to `X-Forwarded-For` the address it got the request from, so the header is read
 * from the right: the first address that is not a trusted proxy is the client. Whatever a client
 * writes into the header itself sits to the left of that and is never read; a request that does
 * not come from a trusted proxy is judged by its socket's address, header or not.
 */
export type ProxyTrust = {
  /** Whether a socket's peer is a trusted proxy (its sockets are not counted per address before their headers name the client). */
  trusts(address: string): boolean;
  /** The client's address: the socket's, or, through trusted proxies, the one they name. */
  clientOf(req: IncomingMessage): string;
  /** What per-address limits count for a request: its client's `addressKey` (an IPv6 client by its /64). */
  keyOf(req: IncomingMessage): string;
};

export class TrustProxyError extends Error {}

export function createProxyTrust(entries: readonly string[]): ProxyTrust {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (!addRange(list, entry)) throw new TrustProxyError(`--trust-proxy: "${raw}" is not an address or a CIDR range (e.g. 127.0.0.1, 10.0.0.0/8, ::1)`);
  }
  const any = entries.length > 0;
  const trusts = (address: string) => any && inList(list, address);
  const clientOf = (req: IncomingMessage): string => {
    const peer = unmapped(req.socket.remoteAddress ?? 'unknown').address;
    if (!trusts(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((h) => hopAddress(h.trim()));
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i];
      // A hop a trusted proxy wrote that is no address: the proxy is misconfigured; judge by the proxy.
      if (!hop) return peer;
      if (!trusts(hop)) return hop;
    }
    // Every hop is a trusted proxy (a request from inside): the leftmost is the origin.
    return hops.length && hops[0] ? hops[0] : peer;
  };
  return { trusts, clientOf, keyOf: (req) => addressKey(clientOf(req)) };
}

/** `203.0.113.7`, `203.0.113.7:5123`, `[2001:db8::1]:443`, `2001:db8::1` → the address; '' when none. */
function hopAddress(hop: string): string {
  let h = hop;
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(h);
  if (bracket) h = bracket[1];
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(h)) h = h.slice(0, h.lastIndexOf(':'));
  const a = unmapped(h).address;
  return isIP(a) ? a : '';
}
