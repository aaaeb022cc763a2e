import { BlockList, isIP } from 'node:net';

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
