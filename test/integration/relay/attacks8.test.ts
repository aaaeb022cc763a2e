import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode, MAX_ROOM_NAME_BYTES, encodeMuxFrame, type RoomKey } from '../../../sync-server/protocol.ts';
import { allDocKeys } from '../../../src/domain/routing.ts';
import { createCredentialKeeper, type RelayCredential } from '../../../src/ext/credential.ts';
import { attackScene } from './bystander.ts';
import { client, closedWithin, greeted, rawConnect, sleep, startTestRelay, waitFor } from './helpers.ts';
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

/** A y-websocket message from varuints, strings and byte arrays. */
const message = (...parts: Array<number | string | Uint8Array>) => {
  const e = encoding.createEncoder();
  for (const p of parts) typeof p === 'number' ? encoding.writeVarUint(e, p) : typeof p === 'string' ? encoding.writeVarString(e, p) : encoding.writeVarUint8Array(e, p);
  return encoding.toUint8Array(e);
};

describe('multiplexed frames for rooms the socket never joined, huge room names, every room on one socket', () => {
  const s = attackScene({ limits: { roomIdleMs: 300 } });
  const mux = () => `${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3&token=${s.ws.tokens.member}`;

  it('a message only the relay sends, or none at all, closes 1007 naming it; a name of megabytes is refused 4404 unread; the relay keeps serving', async () => {
    const room = 'records/5' as RoomKey;
    const cases: Array<[string, Uint8Array, number, RegExp]> = [
      ['an ack from a client', encodeMuxFrame(room, message(100, 3)), CloseCode.malformed, /unknown message type ack/],
      ['a refusal from a client', encodeMuxFrame(room, message(101, 1, 'read-only', 'x')), CloseCode.malformed, /unknown message type refused/],
      ['a hello in a doc room', encodeMuxFrame(room, message(102, 3)), CloseCode.malformed, /unknown message type 102/],
      ['a syncAll in a doc room', encodeMuxFrame(room, message(103, 0)), CloseCode.malformed, /unknown message type 103/],
      ['a syncBatch from a client', encodeMuxFrame('' as RoomKey, message(104, 0)), CloseCode.malformed, /malformed control message/],
      ['an unknown type', encodeMuxFrame(room, message(77)), CloseCode.malformed, /unknown message type 77/],
      ['a sync step past the last', encodeMuxFrame(room, message(0, 9, new Uint8Array([0, 0]))), CloseCode.malformed, /unknown sync step 9/],
      ['a type of nine bytes', encodeMuxFrame(room, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])), CloseCode.malformed, /truncated/],
      // Decoded and echoed into the reason, 50–80 ms of the relay's event loop per 8 MB frame: now refused by its length.
      ['a room name of 6 MB', encodeMuxFrame('x'.repeat(6_000_000) as RoomKey, message(3)), CloseCode.notFound, new RegExp(`at most ${MAX_ROOM_NAME_BYTES} bytes, this one 6000000`)],
    ];
    for (const [what, frame, code, reason] of cases) {
      const c = rawConnect(mux());
      await c.opened;
      c.ws.send(frame);
      const closed = await closedWithin(c);
      expect({ what, code: closed.code }).toEqual({ what, code });
      expect(closed.reason, what).toMatch(reason);
    }
    await s.bystander.check('frames for rooms never joined');
  });

  it('a socket naming all 513 rooms loads each once; they unload once it goes', async () => {
    const c = rawConnect(mux());
    await c.opened;
    const ours = () => s.t.relay.loadedRooms().filter((r) => r.workspaceId === s.ws.workspaceId).length;
    // A sync step 1 of an empty doc joins (and loads) a room; presence alone no longer does.
    for (const key of allDocKeys()) c.ws.send(encodeMuxFrame(key as RoomKey, message(0, 0, new Uint8Array([0]))));
    await waitFor(() => ours() === allDocKeys().length, 15_000, 'every room loaded');
    c.ws.close();
    await closedWithin(c);
    // The bystander keeps its own rooms; every other room unloads after the idle delay.
    await waitFor(() => ours() <= 3, 15_000, 'the rooms unloaded');
    await sleep(50);
    await s.bystander.check('every room on one socket');
  }, 60_000);
});
