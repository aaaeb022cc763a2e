import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import type { WorkspaceConnection } from '../../../src/sync/index.ts';
import { startRelay } from '../../../sync-server/server.ts';
import { quietLog, teardown, tempDir, waitFor, workspaceWith, connectEngine as connect, savedOn as saved } from './helpers.ts';

const actor = (memberId: string, name: string) => ({ memberId, name, role: 'member' as const });

type Order = 'A then B' | 'B then A' | 'together';

/**
 * The conflicts e2e in Node (test/e2e/conflicts.test.ts): two teammates set one field of a lead
 * while the relay is down; the relay restarts on the same LevelDB folder (its rooms open cold,
 * from the summaries kept at shutdown); both reconnect. Both must hold the dropped value.
 */
async function offlineConflict(order: Order, { idleMs }: { idleMs: number }) {
  const data = await tempDir();
  let relay = await startRelay({ port: 0, log: quietLog, dataDir: data.dir, limits: { roomIdleMs: idleMs } });
  const port = relay.port;
  const url = relay.wsUrl;
  const ws = await workspaceWith(relay);
  const a = new Engine({ workspaceId: `a-${ws.workspaceId}`, actor: { ...actor(ws.members.admin, 'Alice'), role: 'admin' } });
  const b = new Engine({ workspaceId: `b-${ws.workspaceId}`, actor: actor(ws.members.member, 'Bob') });
  await Promise.all([a.ready, b.ready]);
  let ca = connect(url, ws.workspaceId, ws.tokens.admin, a);
  let cb = connect(url, ws.workspaceId, ws.tokens.member, b);
  try {
    await saved(ca, 'A');
    const id = (await a.run(() => a.repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' } }))).id;
    await a.settle();
    await saved(ca, 'A');
    await waitFor(async () => (await b.db.records.get(`leads:${id}`)) !== undefined, 10_000, 'the lead at B');
    await saved(cb, 'B');

    await relay.close();
    await a.run(() => a.repo.update('leads', id, { title: 'CEO' }));
    await b.run(() => b.repo.update('leads', id, { title: 'Founder' }));
    await Promise.all([a.settle(), b.settle()]);

    relay = await startRelay({ port, log: quietLog, dataDir: data.dir, limits: { roomIdleMs: idleMs } });
    const wait = (c: WorkspaceConnection, who: string) => saved(c, who);
    if (order === 'A then B') { await wait(ca, 'A'); await wait(cb, 'B'); }
    else if (order === 'B then A') { await wait(cb, 'B'); await wait(ca, 'A'); }
    else await Promise.all([wait(ca, 'A'), wait(cb, 'B')]);

    const title = async (e: Engine) => (await e.db.records.get(`leads:${id}`))?.data.title;
    await waitFor(async () => { await Promise.all([a.settle(), b.settle()]); const [x, y] = [await title(a), await title(b)]; return x === y && ['CEO', 'Founder'].includes(x as string); }, 10_000, 'both on one title');
    const open = async (e: Engine) => { await e.settle(); return (await e.db.conflicts.toArray()).filter((c) => c.recordKey === `leads:${id}` || c.recordId === id); };
    await waitFor(async () => (await open(a)).length > 0 && (await open(b)).length > 0, 10_000, 'the dropped value at A and B');
    for (const e of [a, b]) {
      const rows = await open(e);
      expect(rows.length).toBe(1);
    }
  } finally {
    await teardown([ca, cb], [a, b], relay, data);
  }
}

describe('two teammates set one field while the relay is down (kept summaries trusted at the restart)', () => {
  for (const order of ['A then B', 'B then A', 'together'] as Order[])
    for (const idleMs of [30_000, 20])
      it(`reconnecting ${order}, rooms unloading after ${idleMs} ms: both hold the dropped value`, () => offlineConflict(order, { idleMs }), 60_000);
});
