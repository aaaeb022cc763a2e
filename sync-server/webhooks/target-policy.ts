import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';
import { addRange, unmapped } from '../net/addresses.ts';

/**
 * Where webhooks may be sent. A subscription URL is attacker-controlled input (any workspace
 * admin types it), so without this the relay would be a proxy into its own network (SSRF).
 *
 * - By default only public addresses: never loopback, private, link-local, CGNAT, multicast,
 *   documentation/benchmark ranges, nor the subnets of the relay machine's own interfaces.
 * - The operator's allow-list (`--webhook-allow`, repeatable) holds host names (`hooks.example.com`,
 *   `*.example.com`), addresses or CIDR ranges. When it is set, only targets it names are allowed;
 *   an address or range entry also unlocks that non-public address (an internal n8n, tests on
 *   127.0.0.1). A name entry never does: DNS could point it anywhere.
 * - The host is resolved and every address is checked; the connection then uses those very
 *   addresses (no second lookup an attacker's DNS could answer differently).
 */
export type TargetPolicy = {
  /** Checks a URL; on success, the addresses to connect to. */
  check(url: URL): Promise<{ ok: true; addresses: ResolvedAddress[] } | { ok: false; reason: string }>;
};
export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

const NON_PUBLIC_V4 = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24', '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4'];
const NON_PUBLIC_V6 = ['::/127', '64:ff9b::/96', '64:ff9b:1::/48', '100::/64', '2001::/32', '2001:db8::/32', '2002::/16', 'fc00::/7', 'fe80::/10', 'ff00::/8'];

export class AllowListError extends Error {}

const systemResolver: Resolver = async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

const HOST_PATTERN = /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$/i;

export function createTargetPolicy(allow: string[], { resolve = systemResolver, ownInterfaces = true }: { resolve?: Resolver; ownInterfaces?: boolean } = {}): TargetPolicy {
  const allowNets = new BlockList();
  const allowNames: string[] = [];
  for (const raw of allow) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (addRange(allowNets, entry)) continue;
    if (!HOST_PATTERN.test(entry)) throw new AllowListError(`Webhook allow-list entry "${raw}" is not a host name, *.domain, address or CIDR range.`);
    allowNames.push(entry);
  }
  const restricted = allow.some((e) => e.trim());
  const nonPublic = new BlockList();
  for (const r of NON_PUBLIC_V4) addRange(nonPublic, r);
  for (const r of NON_PUBLIC_V6) addRange(nonPublic, r);
  if (ownInterfaces) for (const nets of Object.values(networkInterfaces())) for (const n of nets ?? []) if (n.cidr) addRange(nonPublic, n.cidr);

  const type = (a: ResolvedAddress) => (a.family === 6 ? 'ipv6' : 'ipv4');
  const nameAllowed = (host: string) => allowNames.some((n) => (n.startsWith('*.') ? host.endsWith(n.slice(1)) : host === n));

  return {
    async check(url) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `Webhook URLs must be http or https, not ${url.protocol}` };
      if (url.username || url.password) return { ok: false, reason: 'Webhook URLs may not carry a user name or password; the signature authenticates the relay.' };
      const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
      let addresses: ResolvedAddress[];
      if (isIP(host)) addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
      else {
        try {
          addresses = await resolve(host);
        } catch (error) {
          return { ok: false, reason: `Cannot resolve ${host}: ${(error as NodeJS.ErrnoException).code ?? error}` };
        }
        if (!addresses.length) return { ok: false, reason: `${host} has no address.` };
      }
      for (const a of addresses) {
        const judged = unmapped(a.address);
        const listed = allowNets.check(judged.address, type(judged));
        if (restricted && !listed && !nameAllowed(host)) return { ok: false, reason: `${host} is not on this relay's webhook allow-list.` };
        if (!listed && nonPublic.check(judged.address, type(judged))) return { ok: false, reason: `${host} resolves to ${a.address}, a loopback, private, link-local or this relay's own network address; the operator must allow it explicitly (--webhook-allow).` };
      }
      return { ok: true, addresses };
    },
  };
}
