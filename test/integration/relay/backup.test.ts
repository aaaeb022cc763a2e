import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { Redis } from 'ioredis';
import { runAdmin } from '../../../sync-server/cli/admin.ts';
/** One doc of each kind of the sharded layout (config, a record shard, an activity shard). */
const DOC_NAMES = ['config', 'records/0', 'activities/0'] as const;
import type { Relay } from '../../../sync-server/server.ts';
import { client, sleep, startTestRelay, tempDir, waitFor, workspaceWith } from './helpers.ts';
import { startRedis } from './redis-server.ts';

/** Issue 13: `admin backup FILE` / `admin restore FILE` while the relay runs. */
const quiet = () => {
  const lines: string[] = [];
  return { print: (s: string) => void lines.push(s), lines };
};

async function storedDoc(relay: Relay, room: string) {
  const doc = new Y.Doc();
  for (const u of await relay.storage.loadRoom(room)) Y.applyUpdate(doc, u);
  return doc;
}
const content = (doc: Y.Doc) => ({ leads: doc.getMap('leads').toJSON(), settings: doc.getMap('settings').toJSON(), activities: doc.getMap('activities').toJSON() });

describe('relay: backup and restore while it runs', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('Redis: backup → wipe → restore gives equal workspaces; connected clients stay connected and keep syncing', async () => {
    const prefix = `backup-test-${Date.now()}:`;
    const t = await startTestRelay({ redisUrl: redis.url, redisPrefix: prefix });
    const temp = await tempDir();
    const raw = new Redis(redis.url);
    try {
      const spaces = [await workspaceWith(t.relay), await workspaceWith(t.relay)];
      const clients = spaces.flatMap((w, i) => DOC_NAMES.map((doc) => ({ w, doc, c: client(t.relay, w.workspaceId, doc, w.tokens.admin) })));
      await Promise.all(clients.map(({ c }) => c.whenSynced));
      for (const [i, { c, doc }] of clients.entries()) {
        if (doc === 'config') c.doc.getMap('settings').set('name', `space ${i}`);
        if (doc === 'records/0') for (let n = 0; n < 50; n++) c.doc.getMap('leads').set(`lead-${i}-${n}`, { n, name: `Lead ${n}` });
        if (doc === 'activities/0') c.doc.getMap('activities').set(`act-${i}`, { text: 'called' });
      }
      await waitFor(() => clients.every(({ c }) => c.status.get().unsaved === 0), 10_000, 'all saved');
      const before = new Map<string, unknown>();
      for (const { w, doc, c } of clients) before.set(`${w.workspaceId}/${doc}`, content(c.doc));

      const file = join(temp.dir, 'relay-backup.json');
      const via = ['--url', t.relay.httpUrl, '--key', t.relay.operatorKey];
      const out = quiet();
      expect(await runAdmin(['backup', file, ...via], out.print)).toBe(0);
      expect(out.lines[0]).toBe(`Acting on the running relay at ${t.relay.httpUrl}`);
      expect(JSON.parse(out.lines.at(-1)!)).toMatchObject({ rooms: 6 });

      // A write after the backup, then the store is lost.
      const records = clients.find(({ doc }) => doc === 'records/0')!;
      records.c.doc.getMap('leads').set('after-backup', { name: 'Late lead' });
      await waitFor(() => records.c.status.get().unsaved === 0, 5000, 'late write saved');
      const keys = await raw.keys(`${prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      await raw.del(...keys);
      expect(await t.relay.storage.loadRoom(`${records.w.workspaceId}/records/0`)).toEqual([]);
      await sleep(300); // the relay re-checks open connections meanwhile: a lost store revokes nobody

      expect(await runAdmin(['restore', file, ...via], out.print)).toBe(0);
      expect(JSON.parse(out.lines.at(-1)!)).toMatchObject({ workspaces: 2, rooms: 6, restartNeeded: false });
      for (const { w, doc } of clients) {
        const stored = content(await storedDoc(t.relay, `${w.workspaceId}/${doc}`));
        const expected = before.get(`${w.workspaceId}/${doc}`) as ReturnType<typeof content>;
        // The late write lived in the loaded room: the restore puts it back on disk too.
        if (w === records.w && doc === 'records/0') expected.leads['after-backup'] = { name: 'Late lead' };
        expect(stored).toEqual(expected);
      }
      // Nobody was disconnected; members, tokens and writes carry on.
      for (const { c } of clients) expect(c.status.get()).toMatchObject({ connection: 'connected', refusal: null });
      expect((await t.relay.registry.listMembers(spaces[0].workspaceId)).map((m) => m.role).sort()).toEqual(['admin', 'member', 'viewer']);
      records.c.doc.getMap('leads').set('after-restore', 1);
      await waitFor(() => records.c.status.get().unsaved === 0, 5000, 'write after restore saved');
      const fresh = client(t.relay, records.w.workspaceId, 'records/0', records.w.tokens.viewer);
      await waitFor(() => fresh.doc.getMap('leads').get('after-restore') === 1, 5000, 'a new client sees everything');
      expect(fresh.doc.getMap('leads').size).toBe(52);
      fresh.destroy();

      // A damaged file changes nothing and says why.
      const bad = join(temp.dir, 'bad.json');
      const damaged = JSON.parse(await readFile(file, 'utf8')) as { rooms: Record<string, string> };
      for (const name of Object.keys(damaged.rooms)) damaged.rooms[name] = damaged.rooms[name].slice(0, Math.floor(damaged.rooms[name].length / 2 / 4) * 4);
      await writeFile(bad, JSON.stringify(damaged));
      expect(await runAdmin(['restore', bad, ...via], out.print)).toBe(1);
      expect(out.lines.at(-1)).toMatch(/damaged; nothing was restored/);
      expect(await runAdmin(['restore', join(temp.dir, 'missing.json'), ...via], out.print)).toBe(1);
      for (const { c } of clients) c.destroy();
    } finally {
      raw.disconnect();
      await t.stop();
      await temp.remove();
    }
  });

  it('LevelDB: a stopped relay’s folder is backed up, lost, restored into a new folder, and serves the same workspace', async () => {
    const temp = await tempDir();
    const data = join(temp.dir, 'relay');
    const out = quiet();
    try {
      let t = await startTestRelay({ dataDir: data });
      const w = await workspaceWith(t.relay);
      const c = client(t.relay, w.workspaceId, 'records/0', w.tokens.member);
      await c.whenSynced;
      c.doc.getMap('leads').set('kept', { name: 'Kept' });
      await waitFor(() => c.status.get().unsaved === 0, 5000, 'saved');
      c.destroy();
      // Through the running relay, found from its data folder.
      const file = join(temp.dir, 'b.json');
      expect(await runAdmin(['backup', file, '--data', data], out.print)).toBe(0);
      expect(out.lines.at(-2)).toBe(`Acting on the relay running at ${t.relay.httpUrl} on ${data}`);
      await t.stop();
      await rm(data, { recursive: true });
      expect(await runAdmin(['restore', file, '--data', data], out.print)).toBe(1);
      expect(out.lines.at(-1)).toMatch(/no relay data folder at .*--create/);
      expect(await runAdmin(['restore', file, '--data', data, '--create'], out.print)).toBe(0);
      t = await startTestRelay({ dataDir: data });
      const back = client(t.relay, w.workspaceId, 'records/0', w.tokens.member);
      await waitFor(() => (back.doc.getMap('leads').get('kept') as { name?: string } | undefined)?.name === 'Kept', 5000, 'restored content');
      back.destroy();
      await t.stop();
    } finally {
      await temp.remove();
    }
  });
});
