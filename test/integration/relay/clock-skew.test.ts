import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../../sync-server/protocol.ts';
import { closedWithin, greeted, rawConnect, sleep, startTestRelay } from './helpers.ts';
import { startRedis } from './redis-server.ts';

const HOUR = 3_600_000;
const SECRET = 'clock-skew-secret-clock-skew-secret-clock';
/** A credential of two seconds: it lapses within the test. */
const CREDENTIAL_SECONDS = 2;

/**
 * Relays on one Redis whose machines' clocks disagree: expiry is judged on one clock (Redis's),
 * so a credential lapses at the same moment on every relay, and one fresh on one is fresh on all.
 */
describe('two relays on one Redis, one machine an hour behind, one an hour ahead', () => {
  it('a lapsed credential is refused by both (connect, renew, API) and its open socket closed; a fresh one is taken by the relay ahead', async () => {
    const redis = await startRedis();
    const lines: string[] = [];
    const base = { redisUrl: redis.url, redisPrefix: 'clock-skew:', secret: SECRET, credentialSeconds: CREDENTIAL_SECONDS, limits: { recheckMs: 200 } };
    const right = await startTestRelay(base);
    const behind = await startTestRelay({ ...base, clock: () => new Date(Date.now() - HOUR), log: (line) => lines.push(line) });
    const ahead = await startTestRelay({ ...base, clock: () => new Date(Date.now() + HOUR) });
    try {
      // The operator hears that the machine's clock is off, and which clock counts.
      expect(lines.some((l) => /clock is 3600\.\d s behind the storage's/.test(l)), lines.join('\n')).toBe(true);
      const { workspace } = await right.relay.registry.createWorkspace('Acme', 'Ann');
      const i = await right.relay.registry.invite(workspace.id, { name: 'Bob', role: 'member', expiresInSeconds: 3600 });
      const bob = await right.relay.registry.exchange(i.token);
      const url = (r: typeof right) => `${r.relay.wsUrl}/${workspace.id}/records/1?token=${bob.token}`;
      // Fresh: every relay takes it, the one an hour ahead too (on its own clock it had lapsed).
      for (const r of [right, behind, ahead]) (await greeted(url(r), 'a fresh credential taken')).ws.close();
      const open = await greeted(url(behind), 'connected to the relay behind');

      await sleep(CREDENTIAL_SECONDS * 1000 + 500);
      // Lapsed: the relay behind closes its socket (its watchdog) and refuses it like the others.
      const closed = await closedWithin(open, 5000);
      expect(closed.code).toBe(CloseCode.tryAgain);
      expect(closed.reason).toMatch(/expired/);
      for (const r of [right, behind, ahead]) {
        expect((await closedWithin(rawConnect(url(r)))).code, r === behind ? 'the relay behind' : 'another relay').toBe(CloseCode.unauthorized);
        const renew = await fetch(`${r.relay.httpUrl}/auth/renew`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}`, 'content-type': 'application/json' }, body: '{}' });
        expect(renew.status).toBe(401);
        const api = await fetch(`${r.relay.httpUrl}/api/v1/workspaces/${workspace.id}/leads`, { headers: { authorization: `Bearer ${bob.token}` } });
        expect([401, 403]).toContain(api.status);
      }
    } finally {
      for (const r of [right, behind, ahead]) await r.stop().catch(() => {});
      await redis.stop();
    }
  }, 60_000);
});
