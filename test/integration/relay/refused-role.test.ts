import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { describeRelayStatus } from '../../../src/sync/index.ts';
import { startRelay } from '../../../sync-server/server.ts';
import { quietLog, startTestRelay, teardown, tempDir, waitFor, workspaceWith, connectEngine as connect, savedOn as saved } from './helpers.ts';
import { startRedis } from './redis-server.ts';
import type { Relay } from '../../../sync-server/server.ts';


/**
 * A member demoted to viewer while offline (or a viewer whose copy holds edits) comes back: the
 * relay refuses what they wrote. Their copy must then show what the team has, and keep what
 * they wrote where they can see it: it showed the refused values as if saved, for good.
 */
describe("a demoted member's offline edits, refused by the relay", () => {
  it("are kept as refused changes, and the copy shows the team's values; a restart neither resends nor loses them", async () => {
    const data = await tempDir();
    const relay = await startRelay({ port: 0, log: quietLog, dataDir: data.dir });
    await demotedOffline(relay, relay, { close: () => relay.close() }, data);
  }, 90_000);

  it('with Alice and Bob on two relays over one Redis: the refusal, the retake and the team\'s title cross the fan-out', async () => {
    const redis = await startRedis();
    const [r1, r2] = [await startTestRelay({ redisUrl: redis.url, redisPrefix: 'refused:' }), await startTestRelay({ redisUrl: redis.url, redisPrefix: 'refused:' })];
    await demotedOffline(r1.relay, r2.relay, { close: async () => { await r1.stop(); await r2.stop(); } }, { remove: async () => { await redis.stop(); } });
  }, 90_000);
});

describe("the member's role as the relay holds it", () => {
  it('reaches the client in its hello, and again when an admin changes it on an open socket', async () => {
    const data = await tempDir();
    const relay = await startRelay({ port: 0, log: quietLog, dataDir: data.dir });
    const ws = await workspaceWith(relay, ['member']);
    const b = new Engine({ workspaceId: `r-${ws.workspaceId}`, actor: { memberId: ws.members.member, name: 'Bob', role: 'member' } });
    await b.ready;
    const cb = connect(relay.wsUrl, ws.workspaceId, ws.tokens.member, b);
    try {
      await saved(cb, 'Bob');
      expect(cb.status.get().role).toBe('member');
      const patch = await fetch(`${relay.httpUrl}/admin/workspaces/${ws.workspaceId}/members/${ws.members.member}`, { method: 'PATCH', headers: { authorization: `Bearer ${ws.tokens.admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'viewer' }) });
      expect(patch.status).toBe(200);
      await waitFor(() => cb.status.get().role === 'viewer', 15_000, 'the new role on the open socket');
    } finally {
      await teardown([cb], [b], relay, data);
    }
  }, 60_000);
});

/** Alice on `relayA`, Bob on `relayB` (the same relay, or two on one Redis); `relay` and `data` are ended after. */
async function demotedOffline(relayA: Relay, relayB: Relay, relay: { close(): Promise<void> }, data: { remove(): Promise<void> }) {
  const ws = await workspaceWith(relayA, ['member']);
  const a = new Engine({ workspaceId: `a-${ws.workspaceId}`, actor: { memberId: ws.members.admin, name: 'Alice', role: 'admin' } });
  const bobOptions = { workspaceId: `b-${ws.workspaceId}`, actor: { memberId: ws.members.member, name: 'Bob', role: 'member' as const } };
  let b = new Engine(bobOptions);
  await Promise.all([a.ready, b.ready]);
  const ca = connect(relayA.wsUrl, ws.workspaceId, ws.tokens.admin, a);
  let cb = connect(relayB.wsUrl, ws.workspaceId, ws.tokens.member, b);
  const readOnlyRefusals = () => relayB.metrics.counter('outpost_refusals_total', { reason: 'read-only' });
  const row = async (e: Engine, id: string) => { await e.settle(); return (await e.db.records.get(`leads:${id}`))?.data as Record<string, unknown> | undefined; };
  try {
    await saved(ca, 'Alice');
    const lead = (await a.run(() => a.repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, title: 'Engineer' }))).id;
    await a.settle();
    await waitFor(async () => (await row(b, lead))?.title === 'Engineer', 15_000, "the lead at Bob's");
    await saved(cb, 'Bob');

    // Bob goes offline; meanwhile he is made a viewer and Alice changes the title.
    cb.destroy();
    await relayA.registry.setRole(ws.workspaceId, ws.members.member, 'viewer');
    await a.run(() => a.repo.update('leads', lead, { title: 'CTO' }));
    await a.settle();
    await saved(ca, 'Alice');
    // Offline, his copy still says member: he edits the lead, makes another, logs a call on the first.
    await b.run(() => b.repo.update('leads', lead, { title: 'Founder', companyName: 'Analytical Engines' }));
    const otto = (await b.run(() => b.repo.create('leads', { name: { first: 'Otto', last: 'Offline' } }))).id;
    await b.run(() => b.repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: lead }, details: 'Called about the engine' }));
    expect((await row(b, lead))?.title).toBe('Founder');
    const refusedBefore = readOnlyRefusals();

    cb = connect(relayB.wsUrl, ws.workspaceId, ws.tokens.member, b);
    await waitFor(async () => (await row(b, otto)) === undefined && (await row(b, lead))?.title === 'CTO' && (await row(b, lead))?.companyName === undefined, 20_000, "the team's lead at Bob's, his own gone");
    await saved(cb, 'Bob');
    expect(readOnlyRefusals()).toBeGreaterThan(refusedBefore);
    const shown = await row(b, lead);
    expect({ title: shown?.title, companyName: shown?.companyName }).toEqual({ title: 'CTO', companyName: undefined });
    expect(await row(b, otto)).toBeUndefined();
    expect((await b.db.activities.toArray()).map((x) => x.details)).not.toContain('Called about the engine');
    expect(describeRelayStatus(cb.status.get())).toBe('Saved, except changes the relay refused: Viewers cannot change this workspace. The team’s values are shown; what you wrote is kept on its records, marked “Not saved”.');

    const kept = await b.refused!.list();
    const summary = kept.map((c) => ({ kind: c.kind, record: c.record.id, field: c.field, reason: c.reason }));
    expect(summary).toEqual(expect.arrayContaining([
      { kind: 'field', record: lead, field: 'title', reason: 'Viewers cannot change this workspace.' },
      { kind: 'field', record: lead, field: 'companyName', reason: 'Viewers cannot change this workspace.' },
      { kind: 'created', record: otto, field: undefined, reason: 'Viewers cannot change this workspace.' },
      { kind: 'activity', record: lead, field: undefined, reason: 'Viewers cannot change this workspace.' },
    ]));
    expect(kept).toHaveLength(4);
    expect(kept.find((c) => c.field === 'title')?.value).toBe('Founder');
    expect((kept.find((c) => c.kind === 'created')?.value as { name: { first: string } }).name.first).toBe('Otto');
    expect((kept.find((c) => c.kind === 'activity')?.value as { details: string }).details).toBe('Called about the engine');
    expect(await b.refused!.list({ type: 'leads', id: lead })).toHaveLength(3);
    // Nothing of Bob's reached the team.
    expect((await row(a, lead))?.title).toBe('CTO');
    expect(await row(a, otto)).toBeUndefined();

    // Still shown as a member on his device, he edits again on the same socket: refused and retaken
    // again, the room's state asked for by a reconnect this time (a relay answers a room whole
    // twice per socket), never a policy close.
    const closes: number[] = [];
    cb.status.subscribe((st) => { if (st.lastClose && st.lastClose.code !== closes.at(-1)) closes.push(st.lastClose.code); });
    await b.run(() => b.repo.update('leads', lead, { title: 'Chief Engineer' }));
    await waitFor(async () => (await b.refused!.list()).length === 5 && (await row(b, lead))?.title === 'CTO', 20_000, 'the second edit kept and retaken');
    await saved(cb, 'Bob after the second refusal');
    expect(closes).toEqual([3998]);
    expect((await b.refused!.list()).filter((c) => c.field === 'title').map((c) => c.value)).toEqual(['Founder', 'Chief Engineer']);

    // A restart: the same copy, a new connection. Nothing is sent again, nothing kept is lost.
    const refusedAfter = readOnlyRefusals();
    cb.destroy();
    await b.destroy();
    b = new Engine(bobOptions);
    await b.ready;
    cb = connect(relayB.wsUrl, ws.workspaceId, ws.tokens.member, b);
    await saved(cb, 'Bob after a restart');
    expect((await row(b, lead))?.title).toBe('CTO');
    expect(await b.refused!.list()).toHaveLength(5);
    expect(readOnlyRefusals()).toBe(refusedAfter);
    expect(describeRelayStatus(cb.status.get())).toBe('All changes saved');
    // Dismissed once dealt with.
    await b.refused!.dismiss((await b.refused!.list()).map((c) => c.id));
    expect(await b.refused!.list()).toEqual([]);
  } finally {
    await teardown([ca, cb], [a, b], relay, data);
  }
}
