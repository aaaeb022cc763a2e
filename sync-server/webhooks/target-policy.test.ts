import { describe, expect, it } from 'vitest';
import { AllowListError, createTargetPolicy, type Resolver } from './target-policy.ts';

/** A fake DNS: the policy must judge every address a name has, whatever it is. */
const dns: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34'],
  'mixed.example.com': ['93.184.216.34', '10.1.2.3'],
  'v6.example.com': ['2606:4700::6810:85e5'],
  'internal.example.com': ['192.168.1.20'],
  'n8n.corp.example': ['10.0.0.5'],
  'example.org': ['93.184.216.35'],
};
const resolve: Resolver = async (host) => {
  const found = dns[host];
  if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

async function verdict(allow: string[], url: string) {
  const r = await createTargetPolicy(allow, { resolve, ownInterfaces: false }).check(new URL(url));
  return r.ok ? 'ok' : r.reason;
}

describe('webhook target policy', () => {
  it('allows public addresses by default and refuses every non-public one', async () => {
    expect(await verdict([], 'https://hooks.example.com/in')).toBe('ok');
    expect(await verdict([], 'https://v6.example.com/in')).toBe('ok');
    expect(await verdict([], 'https://93.184.216.34/in')).toBe('ok');
    const refused = ['http://127.0.0.1:8080/', 'http://127.9.9.9/', 'http://localhost.internal.example.com/', 'http://10.0.0.1/', 'http://172.16.5.4/', 'http://192.168.0.1/', 'http://169.254.169.254/latest/meta-data', 'http://100.64.0.1/', 'http://0.0.0.0/', 'http://[::1]/', 'http://[fe80::1]/', 'http://[fd00::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:a9fe:a9fe]/', 'http://224.0.0.1/', 'http://255.255.255.255/', 'https://internal.example.com/'];
    for (const url of refused) expect([url, await verdict([], url)]).not.toEqual([url, 'ok']);
  });

  it('checks every address of a name: one private address is enough to refuse', async () => {
    expect(await verdict([], 'https://mixed.example.com/')).toMatch(/10\.1\.2\.3/);
  });

  it('refuses other schemes, credentials in the URL and names that do not resolve', async () => {
    expect(await verdict([], 'ftp://hooks.example.com/')).toMatch(/http or https/);
    expect(await verdict([], 'file:///etc/passwd')).toMatch(/http or https/);
    expect(await verdict([], 'https://user:pw@hooks.example.com/')).toMatch(/user name or password/);
    expect(await verdict([], 'https://nowhere.example.com/')).toMatch(/Cannot resolve.*ENOTFOUND/);
  });

  it('with an allow-list, only what it names; an address or range entry also unlocks a private address', async () => {
    expect(await verdict(['127.0.0.1'], 'http://127.0.0.1:9999/hook')).toBe('ok');
    expect(await verdict(['127.0.0.1'], 'http://127.0.0.2/hook')).toMatch(/allow-list/);
    expect(await verdict(['127.0.0.1'], 'https://hooks.example.com/')).toMatch(/allow-list/);
    expect(await verdict(['10.0.0.0/24'], 'https://n8n.corp.example/')).toBe('ok');
    expect(await verdict(['*.example.com'], 'https://hooks.example.com/')).toBe('ok');
    expect(await verdict(['*.example.com'], 'https://example.org/')).toMatch(/allow-list/);
    // A name entry never unlocks a private address: DNS could point it anywhere.
    expect(await verdict(['internal.example.com'], 'https://internal.example.com/')).toMatch(/private/);
    expect(await verdict(['::1'], 'http://[::1]:8080/')).toBe('ok');
  });

  it('refuses a malformed allow-list entry at start', () => {
    expect(() => createTargetPolicy(['https://x.example.com/path'])).toThrow(AllowListError);
    expect(() => createTargetPolicy(['10.0.0.0/99'])).toThrow(AllowListError);
  });

  it("refuses the relay machine's own networks by default", async () => {
    const { networkInterfaces } = await import('node:os');
    const own = Object.values(networkInterfaces()).flat().find((n) => n && n.family === 'IPv4' && !n.internal);
    if (!own) return expect(own).toBeUndefined(); // a machine with loopback only: covered above
    const r = await createTargetPolicy([], { resolve }).check(new URL(`http://${own.address}/`));
    expect(r.ok).toBe(false);
  });
});
