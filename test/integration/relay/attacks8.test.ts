import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../../sync-server/protocol.ts';
import { createCredentialKeeper, type RelayCredential } from '../../../src/ext/credential.ts';
import { client, closedWithin, greeted, rawConnect, startTestRelay, waitFor } from './helpers.ts';
import { startRedis } from './redis-server.ts';

const DAY = 86_400_000;
const SECRET = 'attacks8-secret-attacks8-secret-attacks8';

/**
 * The eighth pass: a member removed while two devices are connected to two relays on one Redis,
 * their credential replayed after both relays restart; a device whose clock is weeks behind the
 * relay's, kept signed in over months.
 */
describe('a member removed while connected on two devices, two relays on one Redis', () => {
  it('closes both sockets for good (4403), and the credential stays dead after both relays restart: connect, renew, API', async () => {
    const redis = await startRedis();
    const options = { redisUrl: redis.url, redisPrefix: 'attacks8:', secret: SECRET, limits: { recheckMs: 60_000 } };
    let [r1, r2] = [await startTestRelay(options), await startTestRelay(options)];
    try {
      const { workspace, invite } = await r1.relay.registry.createWorkspace('Acme', 'Ann');
      const admin = (await r1.relay.registry.exchange(invite.token)).token;
      const i = await r1.relay.registry.invite(workspace.id, { name: 'Bob', role: 'member', expiresInSeconds: 3600 });
      const bob = await r1.relay.registry.exchange(i.token);
      // Bob's laptop on one relay, his phone on the other: each syncing a shard.
      const laptop = await greeted(`${r1.relay.wsUrl}/${workspace.id}/records/1?token=${bob.token}`, 'the laptop greeted');
      const phone = await greeted(`${r2.relay.wsUrl}/${workspace.id}/records/1?token=${bob.token}`, 'the phone greeted');
      // The admin removes him through the first relay; the re-check period is a minute: only the
      // fan-out's word reaches the phone's relay in time.
      const removed = await fetch(`${r1.relay.httpUrl}/admin/workspaces/${workspace.id}/members/${i.member.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
      expect(removed.status).toBe(200);
      const [onLaptop, onPhone] = await Promise.all([closedWithin(laptop, 10_000), closedWithin(phone, 10_000)]);
      expect(onLaptop.code).toBe(CloseCode.forbidden);
      expect(onPhone.code).toBe(CloseCode.forbidden);

      // Both relays restart on the same Redis: what was revoked is stored, not remembered.
      await r1.stop();
      await r2.stop();
      [r1, r2] = [await startTestRelay(options), await startTestRelay(options)];
      for (const r of [r1, r2]) {
        const again = rawConnect(`${r.relay.wsUrl}/${workspace.id}/records/1?token=${bob.token}`);
        expect((await closedWithin(again, 10_000)).code).toBe(CloseCode.forbidden);
        const renew = await fetch(`${r.relay.httpUrl}/auth/renew`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}`, 'content-type': 'application/json' }, body: '{}' });
        expect([401, 403]).toContain(renew.status);
        const api = await fetch(`${r.relay.httpUrl}/api/v1/workspaces/${workspace.id}/leads`, { headers: { authorization: `Bearer ${bob.token}` } });
        expect([401, 403]).toContain(api.status);
      }
      // The admin still syncs through either.
      const doc = new Y.Doc();
      const c = client(r2.relay, workspace.id, 'records/1', admin, doc);
      await c.whenSynced;
      c.destroy();
    } finally {
      await r1.stop().catch(() => {});
      await r2.stop().catch(() => {});
      await redis.stop();
    }
  }, 90_000);
});

describe('a device whose clock is weeks behind the relay\'s', () => {
  it('is kept signed in over months: its credential is renewed by how long it has held it, not by the relay\'s date on its own clock', async () => {
    let relayNow = Date.now();
    const t = await startTestRelay({ secret: SECRET, clock: () => new Date(relayNow) });
    try {
      const { workspace, invite } = await t.relay.registry.createWorkspace('Acme', 'Ann');
      const i = await t.relay.registry.invite(workspace.id, { name: 'Skewed', role: 'member', expiresInSeconds: 3600 });
      let stored: RelayCredential | undefined = { url: t.relay.wsUrl, token: i.token };
      // The device's clock runs 20 days behind the relay's (a laptop with a dead clock battery,
      // set by hand): the relay's "renew after" date, read on it, comes 20 days late.
      const deviceNow = () => relayNow - 20 * DAY;
      const keeper = createCredentialKeeper({ read: async () => stored, write: async (c) => void (stored = c), installId: 'install-skewed', now: deviceNow });
      const start = relayNow;
      const doc = new Y.Doc();
      for (let day = 0; day <= 75; day += 3) {
        relayNow = start + day * DAY;
        const step = await keeper.ensure();
        expect(step?.state, `day ${day}: ${step && 'error' in step ? step.error : ''}`).toBe('ok');
        const access = await t.relay.registry.access(stored!.token, workspace.id);
        expect(access.ok, `day ${day}: the device's credential no longer opens the workspace`).toBe(true);
        const c = client(t.relay, workspace.id, 'records/2', stored!.token, doc);
        await c.whenSynced;
        doc.getMap('leads').set(`day-${day}`, day);
        await waitFor(() => c.status.get().unsaved === 0, 5000, `day ${day} saved`);
        c.destroy();
      }
    } finally {
      await t.stop();
    }
  }, 90_000);
});
