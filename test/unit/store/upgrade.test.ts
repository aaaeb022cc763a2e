import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { Engine } from '../../../src/store/engine.ts';
import { seedDefaults } from '../../../src/store/config-store.ts';
import { writeNewRecord, collectionMap, keyOf } from '../../../src/layout/records-doc.ts';
import { DocStore, docStoreName } from '../../../src/store/doc-store.ts';
import { legacyDbName, readLegacyDocs, splitLegacy } from '../../../src/store/upgrade.ts';
import type { HistoryEntry } from '../../../src/store/history.ts';
import type { Activity } from '../../../src/domain/index.ts';

const actor = { memberId: 'm1', role: 'admin' as const };

/**
 * A workspace as the version before sharding wrote it: three y-indexeddb databases
 * (config, records, activities) in the flat layout of records-doc.ts, 120 records of every
 * collection, their timeline, field history, a trashed record and a custom field value.
 */
async function writeOldWorkspace(ws: string) {
  const config = new Y.Doc();
  const records = new Y.Doc();
  const activities = new Y.Doc();
  seedDefaults(config, { id: 'm1', name: 'Old admin' });
  config.getMap('customFields').set('budget', { id: 'budget', name: 'Budget', order: 0, dataType: 'number', availableOn: ['leads'], retired: false, options: [] });
  const ids: string[] = [];
  for (let i = 0; i < 120; i++) {
    const id = `old-lead-${i}`;
    ids.push(id);
    writeNewRecord(records, 'leads', id, { name: { first: `Old${i}` }, email: `old${i}@before.example`, statusId: 'new' }, 'm1', 1_000 + i);
    writeNewRecord(records, 'people', `old-person-${i}`, { name: { first: `P${i}` }, emails: [{ email: `p${i}@before.example`, category: 'work' }] }, 'm1', 2_000 + i);
  }
  records.getMap('leads').set(keyOf('old-lead-3', 'cf.budget'), 500);
  records.getMap('leads').set(keyOf('old-lead-4', '_d'), [5_000, 'm1']);
  collectionMap(records, 'companies').set(keyOf('old-co', 'name'), 'Before Inc');
  collectionMap(records, 'companies').set(keyOf('old-co', '_c'), [3_000, 'm1']);
  for (let i = 0; i < 60; i++) {
    const a = { id: `old-act-${i}`, typeId: 'call', parent: { type: 'leads', id: ids[i] }, date: 4_000 + i, details: `call ${i}`, authorId: 'm1', createdAt: 4_000 + i, createdBy: 'm1', updatedAt: 4_000 + i, updatedBy: 'm1' } as Activity;
    activities.getMap('activities').set(a.id, a);
    const h: HistoryEntry = { id: `h-${String(i).padStart(3, '0')}`, collection: 'leads', recordId: ids[i], at: 1_000 + i, by: 'm1', op: 'create', set: { name: { first: `Old${i}` } }, prev: {} };
    activities.getMap('history').set(h.id, h);
  }
  for (const [name, doc] of [['config', config], ['records', records], ['activities', activities]] as const) {
    const p = new IndexeddbPersistence(legacyDbName(ws, name), doc);
    await p.whenSynced;
    await p.destroy();
    doc.destroy();
  }
}

async function snapshotOf(ws: string) {
  const store = new DocStore(docStoreName(ws));
  await store.ready;
  const out: Record<string, unknown> = {};
  for (const key of store.docKeys().sort()) {
    const d = new Y.Doc();
    Y.applyUpdate(d, await store.merged(key));
    out[key] = d.toJSON();
    d.destroy();
  }
  await store.close();
  return out;
}

describe('upgrade of a workspace written before sharding', () => {
  it('a local-only workspace upgrades at start with nothing lost, and the old databases go', async () => {
    const ws = `old-${Math.random()}`;
    await writeOldWorkspace(ws);
    const engine = new Engine({ workspaceId: ws, actor });
    expect((await engine.ready).readModel).toBe('rebuilt');
    expect((await engine.db.records.toArray()).filter((r) => r.type === 'leads')).toHaveLength(120);
    expect(await engine.db.records.count()).toBe(241);
    expect(await engine.db.activities.count()).toBe(60);
    expect(await engine.db.history.count()).toBe(60);
    const lead = await engine.run(() => engine.repo.get('leads', 'old-lead-3'));
    expect(lead).toMatchObject({ email: 'old3@before.example', createdAt: 1_003, createdBy: 'm1', custom: { budget: 500 } });
    expect(await engine.run(() => engine.repo.get('leads', 'old-lead-4', { includeDeleted: true }))).toMatchObject({ deletedAt: 5_000 });
    expect(await engine.run(() => engine.repo.fieldHistory('leads', 'old-lead-7'))).toHaveLength(1);
    // Edits go on in the new layout.
    await engine.run(() => engine.repo.update('leads', 'old-lead-3', { title: 'Upgraded' }));
    await engine.settle();
    expect((await engine.db.records.get('leads:old-lead-3'))?.data.title).toBe('Upgraded');
    expect(Object.keys(await readLegacyDocs(ws))).toEqual([]);
    await engine.destroy();

    const again = new Engine({ workspaceId: ws, actor });
    expect((await again.ready).readModel).toBe('current');
    expect((await again.run(() => again.repo.get('leads', 'old-lead-3')))?.title).toBe('Upgraded');
    await again.destroy();
  });

  it('interrupted before the old databases were dropped, it runs again to the very same state', async () => {
    const clean = `old-clean-${Math.random()}`;
    const broken = `old-broken-${Math.random()}`;
    for (const ws of [clean, broken]) await writeOldWorkspace(ws);
    // "Crash": half of the shards written, the old databases still there.
    const legacy = await readLegacyDocs(broken);
    const store = new DocStore(docStoreName(broken));
    const half = [...splitLegacy(broken, legacy)].slice(0, 40);
    for (const [key, update] of half) await store.append(key, update);
    await store.close();

    for (const ws of [clean, broken]) { const e = new Engine({ workspaceId: ws, actor }); await e.ready; await e.destroy(); }
    const a = await snapshotOf(clean);
    const b = await snapshotOf(broken);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    // Same state vector size as a clean run: the second pass wrote no duplicate structs.
    const sb = new DocStore(docStoreName(broken));
    const sa = new DocStore(docStoreName(clean));
    await Promise.all([sa.ready, sb.ready]);
    for (const key of sa.docKeys()) {
      expect(Y.decodeStateVector(await sb.stateVector(key)).size).toBe(Y.decodeStateVector(await sa.stateVector(key)).size);
    }
    await sa.close();
    await sb.close();
  });

  it('a start looks for old databases only until none is left (a marker in the doc store), also in a store written before the marker', async () => {
    const ws = `old-marker-${Math.random()}`;
    await writeOldWorkspace(ws);
    let listings = 0;
    const factory = new Proxy(indexedDB, {
      get(target, prop) {
        if (prop === 'databases') return () => { listings++; return target.databases(); };
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const start = async () => { const e = new Engine({ workspaceId: ws, actor, readDbDeps: { indexedDB: factory } }); await e.ready; return e; };
    const first = await start();
    expect(listings).toBe(1);
    expect(await first.db.records.where('key').startsWith('leads:').count()).toBe(120);
    expect(await first.store!.isLegacyChecked()).toBe(true);
    await first.destroy();
    const second = await start();
    expect(listings).toBe(1); // not looked for again
    expect((await second.ready).readModel).toBe('current');
    await second.destroy();

    // A doc store written by the version before the marker (shards there, no marker) while old
    // databases reappear (say, restored by hand): checked once at the next start, nothing lost.
    const pre = `old-premarker-${Math.random()}`;
    const store = new DocStore(docStoreName(pre));
    const e0 = new Engine({ workspaceId: pre, actor, persist: false });
    await e0.ready;
    const id = e0.repo.create('leads', { name: { first: 'Sharded' } }).id;
    for (const [key, doc] of e0.docs.loadedDocs()) await store.append(key, Y.encodeStateAsUpdate(doc));
    await store.append('config', Y.encodeStateAsUpdate(e0.docs.config));
    await e0.destroy();
    await store.close();
    await writeOldWorkspace(pre);
    listings = 0;
    const e1 = new Engine({ workspaceId: pre, actor, readDbDeps: { indexedDB: factory } });
    await e1.ready;
    expect(listings).toBe(1);
    expect(await e1.db.records.where('key').startsWith('leads:').count()).toBe(121);
    expect((await e1.run(() => e1.repo.get('leads', id)))?.name).toMatchObject({ first: 'Sharded' });
    await e1.destroy();
    const e2 = new Engine({ workspaceId: pre, actor, readDbDeps: { indexedDB: factory } });
    await e2.ready;
    expect(listings).toBe(1);
    await e2.destroy();
  });

  it('a team profile keeps the old docs until the relay has acknowledged their legacy push, then upgrades', async () => {
    const ws = `old-team-${Math.random()}`;
    await writeOldWorkspace(ws);
    const engine = new Engine({ workspaceId: ws, actor: { memberId: 'm2', role: 'member' }, team: true, seed: false });
    await engine.ready;
    expect(await engine.db.records.count()).toBe(0); // not upgraded at start
    const offline = async () => { throw new Error('relay unreachable'); };
    await expect(engine.upgradeTeam(offline)).rejects.toThrow(/unreachable/);
    expect(Object.keys(await readLegacyDocs(ws)).sort()).toEqual(['activities', 'config', 'records']);
    expect(engine.store!.docKeys().filter((k) => k !== 'config')).toEqual([]);

    const pushed: string[] = [];
    const keys = await engine.upgradeTeam(async (name, update) => {
      const d = new Y.Doc();
      Y.applyUpdate(d, update);
      pushed.push(`${name}:${Object.keys(d.toJSON()).sort().join(',')}`);
    });
    expect(pushed).toEqual(['records:companies,leads,people', 'activities:activities,history']); // config: same doc in both layouts
    expect(keys).toEqual(['records', 'activities']);
    await engine.settle();
    // Nothing is split on this device: the relay is the one migrator, the shards come by sync
    // (a local split would race the relay's). Config moved over as it is.
    expect(engine.store!.docKeys().filter((k) => k !== 'config')).toEqual([]);
    expect(await engine.db.records.count()).toBe(0);
    expect(Object.keys(await readLegacyDocs(ws))).toEqual([]);
    // Pushed once: a second call has nothing left to push.
    expect(await engine.upgradeTeam(async () => { throw new Error('must not push again'); })).toEqual([]);
    expect(await engine.store!.isLegacyChecked()).toBe(true); // and not even looked for at the next connection
    await engine.destroy();
  });
});
