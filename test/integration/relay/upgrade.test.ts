import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import { activityDocKey, allDocKeys, recordDocKey } from '../../../src/domain/routing.ts';
import { keyOf, readRecord, writeNewRecord } from '../../../src/layout/records-doc.ts';
import { historyMap, type HistoryEntry } from '../../../src/store/history.ts';
import { openLevelStorage } from '../../../sync-server/storage/leveldb.ts';
import { connectWorkspace } from './memory-sync-store.ts';
import { startTestRelay, tempDir, waitFor, workspaceWith } from './helpers.ts';

/**
 * A team workspace made by the version-1 layout (one `records` and one `activities` doc), as its
 * relay stored it: Alice and Bob both synced it, then Bob went offline and kept editing. The relay
 * is upgraded; Bob's upgraded client comes back later with his old docs.
 */
function v1Workspace() {
  const at = 1_700_000_000_000;
  const records = new Y.Doc();
  const activities = new Y.Doc();
  for (let i = 0; i < 300; i++) writeNewRecord(records, 'leads', `lead-${i}`, { name: { first: `Lead ${i}` }, email: `lead${i}@example.com`, title: 'Buyer', statusId: 'new' }, 'alice', at + i);
  for (let i = 0; i < 50; i++) writeNewRecord(records, 'people', `person-${i}`, { name: { first: `Person ${i}` }, emails: [{ address: `p${i}@example.com` }] }, 'alice', at + i);
  for (let i = 0; i < 100; i++) {
    const parent = `lead-${i * 3}`;
    activities.getMap('activities').set(`act-${i}`, { id: `act-${i}`, typeId: 'note', parent: { type: 'leads', id: parent }, details: `Note ${i}`, date: at, authorId: 'alice' });
    historyMap(activities).set(`h-${i}`, { id: `h-${i}`, collection: 'leads', recordId: parent, at, by: 'alice', op: 'update', set: { title: 'Buyer' }, prev: { title: null } } satisfies HistoryEntry);
  }
  return { records, activities };
}

const copy = (doc: Y.Doc) => {
  const c = new Y.Doc();
  Y.applyUpdate(c, Y.encodeStateAsUpdate(doc));
  return c;
};

describe('relay: upgrade of a version-1 team workspace to shard rooms', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('splits the stored rooms key by key, and merges an offline member\'s legacy push as later edits, once', async () => {
    const temp = await tempDir();
    cleanup.push(temp.remove);
    let t = await startTestRelay({ dataDir: temp.dir });
    const ws = await workspaceWith(t.relay);
    await t.relay.close();

    // What the version-1 relay had stored, and Bob's copy with offline edits it never got.
    const synced = v1Workspace();
    const bob = { records: copy(synced.records), activities: copy(synced.activities) };
    const storage = await openLevelStorage(join(temp.dir, 'leveldb'));
    await storage.append([
      { room: `${ws.workspaceId}/records`, update: Y.encodeStateAsUpdate(synced.records) },
      { room: `${ws.workspaceId}/activities`, update: Y.encodeStateAsUpdate(synced.activities) },
    ]);
    await storage.close();
    bob.records.getMap('leads').set(keyOf('lead-7', 'title'), 'CTO (Bob, offline)');
    bob.records.getMap('leads').set(keyOf('lead-9', 'title'), 'VP (Bob, offline)');
    writeNewRecord(bob.records, 'leads', 'lead-new', { name: { first: 'Met offline' }, statusId: 'new' }, 'bob', 1_700_000_100_000);
    bob.activities.getMap('activities').set('act-offline', { id: 'act-offline', typeId: 'call', parent: { type: 'leads', id: 'lead-3' }, details: 'Called from the train', date: 1, authorId: 'bob' });

    t = await startTestRelay({ dataDir: temp.dir });
    cleanup.push(() => t.stop());
    const alice = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.member);
    cleanup.push(() => alice.connection.destroy());
    await alice.connection.whenSynced;

    // Every key of the old docs is in the shard routing.ts names, with its value.
    const shards = new Map(allDocKeys().map((k) => [k, alice.store.doc(k)]));
    for (let i = 0; i < 300; i++) {
      const lead = readRecord(shards.get(recordDocKey(`lead-${i}`))!.getMap('leads'), 'leads', `lead-${i}`);
      expect(lead).toMatchObject({ id: `lead-${i}`, email: `lead${i}@example.com`, title: 'Buyer', createdBy: 'alice' });
    }
    expect(readRecord(alice.store.doc(recordDocKey('person-49')).getMap('people'), 'people', 'person-49')).toMatchObject({ emails: [{ address: 'p49@example.com' }] });
    expect(alice.store.doc(activityDocKey('lead-27')).getMap('activities').get('act-9')).toMatchObject({ details: 'Note 9' });
    expect(historyMap(alice.store.doc(activityDocKey('lead-27'))).get('h-9')).toMatchObject({ recordId: 'lead-27' });
    const shardKeys = [...shards.values()].reduce((n, d) => n + [...d.share.keys()].reduce((m, name) => m + d.getMap(name).size, 0), 0);
    const oldKeys = [synced.records, synced.activities].reduce((n, d) => n + [...d.share.keys()].reduce((m, name) => m + d.getMap(name).size, 0), 0);
    expect(shardKeys).toBe(oldKeys);

    // After the upgrade Alice edits lead-7's email and lead-9's title.
    alice.store.change(recordDocKey('lead-7'), (d) => d.getMap('leads').set(keyOf('lead-7', 'email'), 'cto@example.com'));
    alice.store.change(recordDocKey('lead-9'), (d) => d.getMap('leads').set(keyOf('lead-9', 'title'), 'VP (Alice)'));
    await waitFor(() => alice.connection.status.get().unsaved === 0);

    // Bob's upgraded client pushes his old docs once, then syncs the shards.
    const bobNow = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.admin);
    cleanup.push(() => bobNow.connection.destroy());
    await bobNow.connection.pushLegacy('records', Y.encodeStateAsUpdate(bob.records));
    await bobNow.connection.pushLegacy('activities', Y.encodeStateAsUpdate(bob.activities));
    await waitFor(() => readRecord(alice.store.doc(recordDocKey('lead-new')).getMap('leads'), 'leads', 'lead-new') !== undefined, 5000, 'offline lead reaches alice');
    const lead7 = () => readRecord(alice.store.doc(recordDocKey('lead-7')).getMap('leads'), 'leads', 'lead-7');
    await waitFor(() => lead7()?.title === 'CTO (Bob, offline)', 5000, 'offline edit reaches alice');
    expect(lead7()).toMatchObject({ email: 'cto@example.com', title: 'CTO (Bob, offline)' }); // both fields kept
    expect(readRecord(alice.store.doc(recordDocKey('lead-9')).getMap('leads'), 'leads', 'lead-9')?.title).toBe('VP (Bob, offline)'); // his change lands as the later edit
    expect(alice.store.doc(activityDocKey('lead-3')).getMap('activities').get('act-offline')).toMatchObject({ details: 'Called from the train' });
    await bobNow.connection.whenSynced;
    expect(readRecord(bobNow.store.doc(recordDocKey('lead-7')).getMap('leads'), 'leads', 'lead-7')).toMatchObject({ email: 'cto@example.com', title: 'CTO (Bob, offline)' });

    // The same push again, and a restart: nothing is split or written twice; the old rooms are kept.
    const shardStates = async () => {
      const vectors: string[] = [];
      for (const k of allDocKeys()) {
        const stored = await t.relay.storage.loadRoom(`${ws.workspaceId}/${k}`);
        vectors.push(stored.length ? Buffer.from(Y.encodeStateVectorFromUpdate(Y.mergeUpdates(stored))).toString('hex') : '');
      }
      return vectors;
    };
    const before = await shardStates();
    await bobNow.connection.pushLegacy('records', Y.encodeStateAsUpdate(bob.records));
    expect(await shardStates()).toEqual(before);
    bobNow.connection.destroy();
    alice.connection.destroy();
    await t.relay.close();
    t = await startTestRelay({ dataDir: temp.dir });
    const again = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.viewer);
    cleanup.push(() => again.connection.destroy());
    await again.connection.whenSynced;
    expect(await shardStates()).toEqual(before);
    expect((await t.relay.storage.loadRoom(`${ws.workspaceId}/records`)).length).toBeGreaterThan(0);

    // A viewer's old doc is refused, and says why.
    await expect(again.connection.pushLegacy('records', Y.encodeStateAsUpdate(bob.records))).rejects.toThrow(/Viewers cannot change/);
  });

  it('a malformed legacy push closes that connection only and changes nothing', async () => {
    const t = await startTestRelay();
    cleanup.push(() => t.stop());
    const ws = await workspaceWith(t.relay);
    const other = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.member);
    cleanup.push(() => other.connection.destroy());
    await other.connection.whenSynced;
    const bad = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.member, undefined, { maxBackoffTime: 60_000 });
    cleanup.push(() => bad.connection.destroy());
    await bad.connection.whenSynced;
    const push = bad.connection.pushLegacy('records', new Uint8Array([5, 200, 1, 7, 7]));
    await waitFor(() => bad.connection.status.get().lastClose?.code === 1007, 5000, 'bad socket closed');
    expect(bad.connection.status.get().lastClose?.reason).toMatch(/legacy|update|malformed|unexpected/i);
    expect(other.connection.status.get().connection).toBe('connected');
    expect(await t.relay.storage.loadRoom(`${ws.workspaceId}/records`)).toEqual([]);
    bad.connection.destroy();
    await expect(push).rejects.toThrow();
  });
});
