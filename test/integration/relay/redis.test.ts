import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { client, tempDir, waitFor } from './helpers.ts';
import { createWorkspaceOver, exchangeOver, freePort, operatorKey, spawnRelay } from './process.ts';
import { startRedis } from './redis-server.ts';
import { connectWorkspace } from './memory-sync-store.ts';
import { recordDocKey } from '../../../src/domain/routing.ts';

describe('relay: two relays on one Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  const cleanup: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {});
    await redis.stop();
  });

  async function relayOnRedis() {
    const temp = await tempDir();
    const relay = await spawnRelay(['--port', String(await freePort()), '--data', temp.dir, '--redis', redis.url, '--recheck-ms', '60000']);
    cleanup.push(temp.remove, () => relay.kill());
    return { ...relay, dataDir: temp.dir };
  }

  it('clients on different relays converge; killing one loses nothing acknowledged; revocation crosses relays', async () => {
    const a = await relayOnRedis();
    const b = await relayOnRedis();
    const { workspace, admin } = await createWorkspaceOver(a.httpUrl, await operatorKey(a.dataDir));
    const onA = client({ wsUrl: [a.wsUrl, b.wsUrl] }, workspace.id, 'records/0', admin.token);
    const onB = client(b, workspace.id, 'records/0', admin.token);
    cleanup.push(async () => onA.destroy(), async () => onB.destroy());
    await Promise.all([onA.whenSynced, onB.whenSynced]);

    onA.doc.getMap('leads').set('fromA', 1);
    onB.doc.getMap('leads').set('fromB', 2);
    await waitFor(() => onA.doc.getMap('leads').get('fromB') === 2 && onB.doc.getMap('leads').get('fromA') === 1, 10_000, 'convergence');

    for (let i = 0; i < 200; i++) onA.doc.getMap('leads').set(`acked${i}`, i);
    await waitFor(() => onA.status.get().unsaved === 0, 10_000, 'acks');
    await a.kill('SIGKILL');
    // A fresh client on the surviving relay sees everything A acknowledged (from Redis, not from onA).
    const fresh = client(b, workspace.id, 'records/0', admin.token, new Y.Doc());
    cleanup.push(async () => fresh.destroy());
    await fresh.whenSynced;
    expect([...Array(200).keys()].filter((i) => fresh.doc.getMap('leads').get(`acked${i}`) !== i)).toEqual([]);

    // onA fails over to relay b and keeps writing.
    await waitFor(() => onA.status.get().connection === 'connected' && onA.status.get().synced, 15_000, 'failover');
    onA.doc.getMap('leads').set('afterFailover', true);
    await waitFor(() => onB.doc.getMap('leads').get('afterFailover') === true, 10_000, 'write after failover');

    // A third relay: an admin action on it reaches connections held by b at once (not by polling: recheck is 60 s).
    const c = await relayOnRedis();
    const member = await fetch(`${c.httpUrl}/admin/workspaces/${workspace.id}/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Temp', role: 'member' }),
    }).then((r) => r.json() as Promise<{ token: string; member: { id: string } }>);
    // The invite minted on c is exchanged on b: every relay on the Redis knows it.
    const temp = client(b, workspace.id, 'records/0', (await exchangeOver(b.httpUrl, member.token)).token);
    cleanup.push(async () => temp.destroy());
    await temp.whenSynced;
    const revokedAt = Date.now();
    await fetch(`${c.httpUrl}/admin/workspaces/${workspace.id}/members/${member.member.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin.token}` } });
    await waitFor(() => temp.status.get().connection === 'refused', 5000, 'revocation via fan-out');
    expect(Date.now() - revokedAt).toBeLessThan(5000);
  });

  it('multiplexed clients on two relays converge per shard room; acks come from the relay each writes to', async () => {
    const a = await relayOnRedis();
    const b = await relayOnRedis();
    const { workspace, admin } = await createWorkspaceOver(a.httpUrl, await operatorKey(a.dataDir));
    const onA = connectWorkspace(a, workspace.id, admin.token);
    const onB = connectWorkspace(b, workspace.id, admin.token);
    cleanup.push(async () => onA.connection.destroy(), async () => onB.connection.destroy());
    await Promise.all([onA.connection.whenSynced, onB.connection.whenSynced]);
    const ids = Array.from({ length: 30 }, (_, i) => `r${i}`);
    for (const id of ids) (Number(id.slice(1)) % 2 ? onA : onB).store.change(recordDocKey(id), (d) => d.getMap('leads').set(`${id}/n`, id));
    await waitFor(() => onA.connection.status.get().unsaved === 0 && onB.connection.status.get().unsaved === 0, 10_000, 'acks');
    const seesAll = (c: typeof onA) => ids.every((id) => c.store.doc(recordDocKey(id)).getMap('leads').get(`${id}/n`) === id);
    await waitFor(() => seesAll(onA) && seesAll(onB), 10_000, 'fan-out per room');
    // A client joining b later gets it all from Redis.
    const late = connectWorkspace(b, workspace.id, admin.token);
    cleanup.push(async () => late.connection.destroy());
    await late.connection.whenSynced;
    expect(seesAll(late)).toBe(true);
  });
});
