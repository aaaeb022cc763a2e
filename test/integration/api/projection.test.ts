import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { readRecord } from '../../../src/layout/records-doc.ts';
import type { RecordEvent } from '../../../sync-server/events/record-events.ts';
import { startTestRelay } from '../relay/helpers.ts';
import { startRedis } from '../relay/redis-server.ts';
import { tempDir } from '../relay/helpers.ts';
import { api, client, mintKey, seededWorkspace, waitFor } from './helpers.ts';

describe('API query projection', () => {
  it('catches up after a restart with what clients wrote while the API never saw it, and rebuilds when its file is deleted', async () => {
    const temp = await tempDir();
    let t = await startTestRelay({ dataDir: temp.dir });
    const ws = await seededWorkspace(t.relay);
    const { token } = await mintKey(t.relay, ws.workspaceId, ws.tokens.admin, { name: 'k', role: 'member' });
    let call = api(t.relay, ws.workspaceId, token);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await call('POST', '/leads', { name: { first: `Kept${i}` }, email: `kept${i}@example.com` })).body.id);
    await t.relay.close();

    // The projection file is deleted while the relay is down: the next start rebuilds it, announcing nothing.
    await rm(join(temp.dir, 'projection.sqlite'), { force: true });
    await rm(join(temp.dir, 'projection.sqlite-wal'), { force: true });
    await rm(join(temp.dir, 'projection.sqlite-shm'), { force: true });
    t = await startTestRelay({ dataDir: temp.dir });
    const events: RecordEvent[] = [];
    t.relay.events.subscribe((e) => events.push(e));
    call = api(t.relay, ws.workspaceId, token);
    const listed = await call('GET', '/leads?search=kept');
    expect(listed.body.items.map((r: { id: string }) => r.id).sort()).toEqual([...ids].sort());
    expect(events).toEqual([]);

    // A teammate's edit that the projection never got to (the process died between storing and
    // projecting it): the edit is stored through a client, then the projection's row and room
    // vector are rolled back to before it, as a crash would leave them.
    const c = client(t.relay, ws.workspaceId, recordDocKey(ids[0]), ws.tokens.admin);
    await c.whenSynced;
    c.doc.getMap('leads').set(`${ids[0]}/title`, 'Edited offline');
    await waitFor(() => c.status.get().unsaved === 0, 5000, 'edit saved');
    c.destroy();
    await waitFor(async () => (await call('GET', `/leads/${ids[0]}`)).body.title === 'Edited offline', 5000, 'projected');
    const room = `${ws.workspaceId}/${recordDocKey(ids[0])}`;
    const db = t.relay.projection.db;
    db.prepare(`UPDATE records SET data = json_remove(data, '$.title') WHERE id = ?`).run(ids[0]);
    db.prepare('UPDATE rooms SET sv = x\'00\' WHERE room = ?').run(room);
    await t.relay.close();
    t = await startTestRelay({ dataDir: temp.dir });
    const after: RecordEvent[] = [];
    t.relay.events.subscribe((e) => after.push(e));
    call = api(t.relay, ws.workspaceId, token);
    expect((await call('GET', `/leads/${ids[0]}`)).body.title).toBe('Edited offline');
    // The change found on catch-up is announced (the webhooks must not miss it).
    await waitFor(() => after.some((e) => e.recordId === ids[0] && e.type === 'updated' && e.changedFields.includes('title')), 5000, 'catch-up event');
    await t.stop();
    await temp.remove();
  });

  it('announces the first write a client makes in a workspace the projection never held (the catch-up it triggers leaves that write to be announced)', async () => {
    const t = await startTestRelay();
    try {
      const events: RecordEvent[] = [];
      t.relay.events.subscribe((e) => events.push(e));
      const ws = await seededWorkspace(t.relay);
      const c = client(t.relay, ws.workspaceId, recordDocKey('first-lead'), ws.tokens.member);
      await c.whenSynced;
      c.doc.transact(() => {
        const leads = c.doc.getMap('leads');
        leads.set('first-lead/name', { first: 'First' });
        leads.set('first-lead/_c', [Date.now(), ws.members.member]);
        leads.set('first-lead/_u', [Date.now(), ws.members.member]);
      });
      await waitFor(() => events.some((e) => e.recordId === 'first-lead' && e.type === 'created' && e.origin === 'local'), 10_000, 'created event');
      c.destroy();
    } finally {
      await t.stop();
    }
  });

  describe('with Redis: each relay process keeps its own projection, fed by the fan-out', () => {
    let redis: Awaited<ReturnType<typeof startRedis>>;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it('a write through one relay is listed by the other; only the writer announces it as local', async () => {
      const prefix = `api-${Date.now()}:`;
      const a = await startTestRelay({ redisUrl: redis.url, redisPrefix: prefix });
      const b = await startTestRelay({ redisUrl: redis.url, redisPrefix: prefix });
      try {
        const ws = await seededWorkspace(a.relay);
        const { token } = await mintKey(a.relay, ws.workspaceId, ws.tokens.admin, { name: 'k', role: 'member' });
        const eventsA: RecordEvent[] = [];
        const eventsB: RecordEvent[] = [];
        a.relay.events.subscribe((e) => eventsA.push(e));
        b.relay.events.subscribe((e) => eventsB.push(e));
        // Both have caught up with the (empty) workspace before the write.
        await api(b.relay, ws.workspaceId, token)('GET', '/leads');
        const created = await api(a.relay, ws.workspaceId, token)('POST', '/leads', { name: { first: 'Fanned' }, email: 'fan@out.example' });
        expect(created.status).toBe(201);
        await waitFor(async () => (await api(b.relay, ws.workspaceId, token)('GET', '/leads?search=fanned')).body.items.length === 1, 10_000, 'listed on b');
        await waitFor(() => eventsB.some((e) => e.recordId === created.body.id), 5000, 'event on b');
        expect(eventsA.filter((e) => e.recordId === created.body.id).map((e) => [e.type, e.origin])).toEqual([['created', 'local']]);
        expect(eventsB.filter((e) => e.recordId === created.body.id).map((e) => [e.type, e.origin])).toEqual([['created', 'fanout']]);
        expect(eventsB.find((e) => e.recordId === created.body.id)!.id).toBe(eventsA.find((e) => e.recordId === created.body.id)!.id);
        // And a client of relay b sees the lead written through relay a.
        const c = client(b.relay, ws.workspaceId, recordDocKey(created.body.id), ws.tokens.admin);
        await c.whenSynced;
        await waitFor(() => readRecord(c.doc.getMap('leads'), 'leads', created.body.id)?.email === 'fan@out.example', 5000, 'client on b');
        c.destroy();
      } finally {
        await a.stop();
        await b.stop();
      }
    });
  });
});
