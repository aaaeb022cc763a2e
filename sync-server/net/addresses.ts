import { BlockList, isIP, isIPv6 } from 'node:net';

/** An address and its family, as `BlockList.check` takes them. */
export type FamilyAddress = { address: string; family: 4 | 6 };

/**
 * Adds an address (`10.0.0.1`, `::1`) or CIDR range (`10.0.0.0/8`, `fd00::/8`) to `list`; false
 * when `entry` is neither. The one parser of the relay's address lists (webhook targets, trusted
 * proxies).
 */
export function addRange(list: BlockList, entry: string): boolean {
  const [address, bits] = entry.split('/');
  const family = isIP(address);
  if (!family) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (bits === undefined) list.addAddress(address, type);
  else {
    const prefix = Number(bits);
    if (!/^\d{1,3}$/.test(bits) || prefix > (family === 6 ? 128 : 32)) return false;
    list.addSubnet(address, prefix, type);
  }
  return true;
}

/** `::ffff:10.0.0.1` is 10.0.0.1: judge the IPv4 address inside. */
export function unmapped(address: string): FamilyAddress {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return { address: m[1], family: 4 };
  return { address, family: isIP(address) === 6 ? 6 : 4 };
}

/** Whether `address` (any spelling Node reports, IPv4-mapped included) is in `list`. */
export function inList(list: BlockList, address: string): boolean {
  const a = unmapped(address);
  if (!isIP(a.address)) return false;
  return list.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4');
}

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
