import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../../src/store/engine.ts';
import { queryRows } from '../../../src/store/queries.ts';
import { recordDocKey, type DocKey } from '../../../src/domain/routing.ts';
import { WorkspaceConnection } from '../../../src/sync/index.ts';
import type { ShardSyncStore } from '../../../src/sync/shard-sync-store.ts';
import { connectWorkspace, createMemorySyncStore } from './memory-sync-store.ts';
import { startTestRelay, waitFor, workspaceWith } from './helpers.ts';

const LEADS = 3000;
const PAGE = 50;

describe('a teammate joining: stored and projected frame by frame', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
  });

  it(`the first page of leads is listed before the last shard arrives; every lead is there at the end`, async () => {
    const t = await startTestRelay();
    cleanup.push(() => t.stop());
    const ws = await workspaceWith(t.relay);
    // A teammate's workspace: 3,000 leads over every record shard (several frames of the join).
    const seed = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.member, createMemorySyncStore());
    cleanup.push(async () => seed.connection.destroy());
    await seed.connection.whenSynced;
    for (let i = 0; i < LEADS; i++) {
      const id = `lead-${String(i).padStart(5, '0')}`;
      seed.store.change(recordDocKey(id), (d) => {
        const m = d.getMap('leads');
        m.set(`${id}/_c`, [1_700_000_000_000 + i, 'm1']);
        m.set(`${id}/name`, { first: `Lead${i}`, last: 'Joiner' });
        m.set(`${id}/email`, `lead${i}@join.example`);
        m.set(`${id}/title`, 'Head of Sales and Partnerships, EMEA');
      });
    }
    await waitFor(() => seed.connection.status.get().unsaved === 0, 60_000, 'seeded');

    const engine = new Engine({ workspaceId: `join-${Math.random()}`, actor: { memberId: 'm2', role: 'member' } });
    cleanup.push(() => engine.destroy());
    await engine.ready;
    // At the moment each record shard arrives: how many leads the read model lists already.
    const listedAtArrival: Array<{ doc: DocKey; listed: number }> = [];
    const store = engine.syncStore;
    const watched: ShardSyncStore = {
      stateVector: (k) => store.stateVector(k),
      diff: (k, v) => store.diff(k, v),
      onLocalUpdate: (l) => store.onLocalUpdate(l),
      async applyRemote(k, u, sv) {
        if (k.startsWith('records/')) listedAtArrival.push({ doc: k, listed: (await queryRows(engine.db, { type: 'leads', limit: PAGE })).rows.length });
        return store.applyRemote(k, u, sv);
      },
    };
    const join = new WorkspaceConnection({ url: t.relay.wsUrl, workspaceId: ws.workspaceId, token: ws.tokens.member, store: watched, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket });
    cleanup.push(async () => join.destroy());
    const progress: number[] = [];
    join.status.subscribe((s) => progress.push(s.progress.recordsSynced));
    await join.whenSynced;
    await engine.settle();

    const shards = new Set(Array.from({ length: LEADS }, (_, i) => recordDocKey(`lead-${String(i).padStart(5, '0')}`)));
    expect(listedAtArrival.length).toBe(shards.size);
    // The first page was listed while shards were still arriving: after the first slice (~32 KB
    // of updates), within the first quarter of the shards, not after the first 256 KB frame or
    // the whole join.
    const firstListed = listedAtArrival.findIndex((a) => a.listed === PAGE);
    expect(firstListed).toBeGreaterThan(0);
    expect(firstListed).toBeLessThan(shards.size / 4);
    expect(listedAtArrival.at(-1)!.listed).toBe(PAGE);
    // Counted as it went ("Syncing N of 3,000 records"), and every lead is searchable at the end.
    expect(progress.filter((n) => n > 0 && n < LEADS).length).toBeGreaterThan(0);
    expect((await queryRows(engine.db, { type: 'leads', search: 'lead2999@join.example', limit: 5 })).rows.map((r) => r.id)).toEqual(['lead-02999']);
    // Past the first 1,000 rows the join's rows were staged (src/store/staged.ts): every lead is
    // a row or a staged row now, and a row once the engine has unpacked them.
    const staged = await engine.db.staged.toArray();
    expect(staged.length).toBeGreaterThan(0);
    expect((await engine.db.records.count()) + staged.reduce((n, s) => n + s.rows.length, 0)).toBe(LEADS);
    await engine.projector.unpacked();
    expect(await engine.db.records.count()).toBe(LEADS);
    expect(await engine.db.staged.count()).toBe(0);
  });
});
