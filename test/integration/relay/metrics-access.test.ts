import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { parseRelayArgs } from '../../../sync-server/cli/flags.ts';
import { startTestRelay, workspaceWith } from './helpers.ts';

/** GET /metrics from a chosen local address, with headers; status, body and the `www-authenticate` header. */
function getMetrics(host: string, port: number, headers: Record<string, string> = {}, localAddress?: string, method = 'GET') {
  return new Promise<{ status: number; body: string; challenge?: string }>((resolve, reject) => {
    const req = request({ host, port, path: '/metrics', method, headers: { connection: 'close', ...headers }, localAddress }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body, challenge: res.headers['www-authenticate'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An address of this machine that is not loopback (a LAN address): where an outsider's request comes from. */
const outsideAddress = () => Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;

/**
 * `/metrics` (counts of rooms, connections, refusals) was public: anyone who could reach the relay
 * learned how big a team is and when it works. Now the relay's own machine reads it; anyone else
 * needs the metrics token or the operator key.
 */
describe('relay: who reads /metrics', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });
  const METRICS_TOKEN = 'scrape-7Hq2vKx9LmP4wZ';

  it('the same machine reads it; a request through a proxy on the machine, or from another address, needs the metrics token or the operator key (401 with a reason and a Bearer challenge)', async () => {
    const t = await startTestRelay({ host: '0.0.0.0', metricsToken: METRICS_TOKEN });
    stop = t.stop;
    const { port } = t.relay;
    const { tokens } = await workspaceWith(t.relay);
    // Prometheus on the relay's machine: as before.
    const own = await getMetrics('127.0.0.1', port);
    expect(own.status).toBe(200);
    expect(own.body).toMatch(/^outpost_connections \d+$/m);
    expect((await getMetrics('127.0.0.1', port, {}, undefined, 'HEAD')).status).toBe(200);
    // An nginx on the same machine, not named by --trust-proxy, forwards every visitor from 127.0.0.1.
    for (const header of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { 'x-real-ip': '203.0.113.9' }] as Record<string, string>[]) {
      const through = await getMetrics('127.0.0.1', port, header);
      expect(through.status, JSON.stringify(header)).toBe(401);
      expect(through.body).not.toMatch(/outpost_/);
      expect(JSON.parse(through.body).error).toMatch(/--metrics-token.*operator key/);
      expect(through.challenge).toMatch(/^Bearer /);
      expect((await getMetrics('127.0.0.1', port, { ...header, authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200);
    }
    // A wrong token is refused, also from the machine itself; a member's credential is no metrics token.
    for (const wrong of ['nope', METRICS_TOKEN + 'x', tokens.admin]) expect((await getMetrics('127.0.0.1', port, { authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await getMetrics('127.0.0.1', port, { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${t.relay.operatorKey}` })).status).toBe(200);
    // From another address of this machine (its LAN address), as an outsider's request arrives.
    const lan = outsideAddress();
    console.log(`outside address used: ${lan ?? 'none on this machine (the proxy cases above stand for it)'}`);
    if (lan) {
      expect((await getMetrics(lan, port, {}, lan)).status).toBe(401);
      expect((await getMetrics(lan, port, { authorization: `Bearer ${METRICS_TOKEN}` }, lan)).status).toBe(200);
    }
  });

  it('behind a trusted proxy, the client it names decides: a visitor needs the token, a scraper on the relay machine through the proxy does not', async () => {
    const t = await startTestRelay({ trustProxy: ['127.0.0.1'] });
    stop = t.stop;
    expect((await getMetrics('127.0.0.1', t.relay.port, { 'x-forwarded-for': '198.51.100.4' })).status).toBe(401);
    expect((await getMetrics('127.0.0.1', t.relay.port, { 'x-forwarded-for': '127.0.0.1' })).status).toBe(200);
    // No metrics token set: only the operator key opens it from elsewhere.
    expect((await getMetrics('127.0.0.1', t.relay.port, { 'x-forwarded-for': '198.51.100.4', authorization: `Bearer ${t.relay.operatorKey}` })).status).toBe(200);
    expect((await getMetrics('127.0.0.1', t.relay.port, { 'x-forwarded-for': '198.51.100.4', authorization: 'Bearer scrape-7Hq2vKx9LmP4wZ' })).status).toBe(401);
  });

  it('--metrics-token and OUTPOST_RELAY_METRICS_TOKEN: a short or spaced token is refused at start', () => {
    const ok = parseRelayArgs(['--metrics-token', METRICS_TOKEN], {});
    expect(ok.ok && ok.options.metricsToken).toBe(METRICS_TOKEN);
    const env = parseRelayArgs([], { OUTPOST_RELAY_METRICS_TOKEN: METRICS_TOKEN });
    expect(env.ok && env.options.metricsToken).toBe(METRICS_TOKEN);
    for (const bad of ['short', 'has a space in it here', '']) expect(parseRelayArgs(['--metrics-token', bad], {})).toEqual({ ok: false, error: expect.stringMatching(/--metrics-token must be 16 or more printable characters/) });
  });
});
