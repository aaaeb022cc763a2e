import { isIPv6 } from 'node:net';
import { unmapped } from '../net/addresses.ts';

/**
 * The "address" every per-address limit counts (pending sockets, connections, web forms, sign-ups):
 * an IPv4 address as is (also when the socket shows it IPv4-mapped, `::ffff:1.2.3.4`), an IPv6
 * address by its /64. One IPv6 host is handed a whole /64 (2^64 addresses): keyed by the full
 * address, every per-address limit was one `ip addr add` away from meaning nothing.
 */
export function addressKey(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  const { address } = unmapped(remoteAddress);
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (without a zone), lower-case, without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address.split('%')[0].toLowerCase();
  // A trailing dotted IPv4 part (`64:ff9b::1.2.3.4`) is two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => parseInt(g, 16).toString(16));
}
