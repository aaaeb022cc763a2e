import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { rawConnect, startTestRelay, waitFor, workspaceWith } from './helpers.ts';
import { parseRelayArgs } from '../../../sync-server/cli/flags.ts';

/**
 * A relay behind a reverse proxy (TLS for wss:// is usually ended there): every connection comes
 * from the proxy's address. With `--trust-proxy`, per-address bounds count the clients it names;
 * without it, a header a client writes itself changes nothing.
 */
describe('relay: behind a trusted reverse proxy', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>> | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  const open = async (url: string, from?: string) => {
    const c = rawConnect(url, from ? { 'x-forwarded-for': from } : {});
    await c.opened;
    await waitFor(() => c.frames.length > 0, 5000, 'greeting');
    return c;
  };

  it('connections per address count the clients a trusted proxy names, so one flood through it does not lock the team out', async () => {
    t = await startTestRelay({ trustProxy: ['127.0.0.1'], limits: { connectionsPerIp: 2 } });
    const ws = await workspaceWith(t.relay);
    const url = `${t.relay.wsUrl}/${ws.workspaceId}/records/0?token=${ws.tokens.member}`;
    // One client's flood through the proxy: its third connection is refused...
    const flood = [await open(url, '198.51.100.66'), await open(url, '198.51.100.66')];
    await expect(rawConnect(url, { 'x-forwarded-for': '198.51.100.66' }).opened).rejects.toThrow(/429/);
    // ...while teammates behind the same proxy connect as usual.
    const team = [await open(url, '203.0.113.1'), await open(url, '203.0.113.2'), await open(url, '203.0.113.3')];
    expect(t.relay.slots.held('198.51.100.66')).toBe(2);
    expect(t.relay.slots.held('127.0.0.1')).toBe(0);
    // A client that writes its own header in front of the proxy's is still counted as itself.
    await expect(rawConnect(url, { 'x-forwarded-for': '10.10.10.10, 198.51.100.66' }).opened).rejects.toThrow(/429/);
    for (const c of [...flood, ...team]) c.ws.close();
  });

  it('without --trust-proxy, X-Forwarded-For is ignored: a client cannot spread itself over made-up addresses', async () => {
    t = await startTestRelay({ limits: { connectionsPerIp: 2 } });
    const ws = await workspaceWith(t.relay);
    const url = `${t.relay.wsUrl}/${ws.workspaceId}/records/0?token=${ws.tokens.member}`;
    const held = [await open(url, '203.0.113.1'), await open(url, '203.0.113.2')];
    await expect(rawConnect(url, { 'x-forwarded-for': '203.0.113.3' }).opened).rejects.toThrow(/429/);
    expect(t.relay.slots.held('127.0.0.1')).toBe(2);
    for (const c of held) c.ws.close();
  });

  it('web-form posts are limited per visitor behind the proxy, not for every visitor at once', async () => {
    const frozen = new Date();
    t = await startTestRelay({ trustProxy: ['127.0.0.1'], clock: () => frozen, limits: { formPostsPerMinute: 1 } });
    const post = (from: string) =>
      new Promise<number>((resolve, reject) => {
        const r = request({ host: '127.0.0.1', port: t!.relay.port, method: 'POST', path: '/forms/no-such-workspace/no-form', headers: { 'content-type': 'application/json', 'x-forwarded-for': from, connection: 'close' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        r.on('error', reject);
        r.end('{}');
      });
    expect([await post('198.51.100.7'), await post('198.51.100.7')]).toEqual([404, 429]);
    expect(await post('198.51.100.8')).toBe(404); // another visitor is not throttled by the first
  });

  it('the flag takes addresses and ranges, from the command line and the environment, and refuses anything else before starting', () => {
    const ok = parseRelayArgs(['--trust-proxy', '127.0.0.1', '--trust-proxy', '10.0.0.0/8'], { OUTPOST_RELAY_TRUST_PROXY: '::1, fd00::/8' });
    expect(ok).toMatchObject({ ok: true, options: { trustProxy: ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'] } });
    const bad = parseRelayArgs(['--trust-proxy', 'my-proxy.local'], {});
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/"my-proxy\.local" is not an address or a CIDR range/) });
    expect(parseRelayArgs([], {})).toMatchObject({ ok: true, options: expect.not.objectContaining({ trustProxy: expect.anything() }) });
  });
});
