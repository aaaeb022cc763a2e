import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocStore } from '../../../src/store/doc-store.ts';
import { ShardNotLoadedError, ShardSet } from '../../../src/store/shards.ts';
import type { DocKey } from '../../../src/domain/routing.ts';

const store = () => new DocStore(`shards-${Math.random()}`);
const fill = (doc: Y.Doc, n: number, tag = 'x') => doc.transact(() => { for (let i = 0; i < n; i++) doc.getMap('leads').set(`${tag}${i}/name`, { first: `${tag}-${i}-${'pad'.repeat(20)}` }); });

describe('shards loaded on demand, unloaded by a memory budget', () => {
  it('in memory (no store) every doc is made on first use and never unloaded', () => {
    const set = new ShardSet();
    set.doc('records/1').getMap('leads').set('a/name', 1);
    expect(set.isLoaded('records/1')).toBe(true);
    expect(set.all('records')).toHaveLength(1);
  });

  it('a shard not loaded refuses sync reads with the keys to load; load builds it from its stored updates', async () => {
    const s = store();
    const a = new ShardSet({ store: s });
    await a.load(['records/1']);
    a.doc('records/1').getMap('leads').set('a/name', 'Ada');
    await s.durable();
    a.destroy();

    const b = new ShardSet({ store: s });
    expect(() => b.doc('records/1')).toThrow(ShardNotLoadedError);
    try { b.require(['records/1', 'records/2', 'records/1']); } catch (e) { expect((e as ShardNotLoadedError).keys).toEqual(['records/1', 'records/2']); }
    await b.load(['records/1']);
    expect(b.doc('records/1').getMap('leads').get('a/name')).toBe('Ada');
    b.destroy();
    await s.close();
  });

  it('unloads the least recently used shards past the budget, never those in use, and loses nothing', async () => {
    const s = store();
    const set = new ShardSet({ store: s, budgetBytes: 6_000 });
    const keys: DocKey[] = ['records/1', 'records/2', 'records/3', 'records/4'];
    for (const k of keys) await set.withLoaded([k], () => fill(set.doc(k), 30, k.replace('/', '')));
    await s.durable();
    expect(s.bytes('records/1')).toBeGreaterThan(2_000);
    expect(set.loadedBytes()).toBeLessThanOrEqual(6_000);
    expect(set.isLoaded('records/4')).toBe(true);
    expect(set.isLoaded('records/1')).toBe(false); // oldest went first
    // In use: kept even past the budget while the work runs.
    await set.withLoaded(keys, async () => {
      expect(keys.every((k) => set.isLoaded(k))).toBe(true);
      expect(set.doc('records/1').getMap('leads').get('records10/name')).toMatchObject({ first: expect.stringContaining('records1-0') });
    });
    expect(set.loadedBytes()).toBeLessThanOrEqual(6_000);
    set.destroy();
    await s.close();
  });

  it('new keys of a shard not loaded are stored without loading it, and one session adds one client to its vector', async () => {
    const s = store();
    const set = new ShardSet({ store: s });
    const seen: string[] = [];
    set.onUpdate((u) => seen.push(u.key));
    for (let i = 0; i < 5; i++) set.writeNew('records/7', (doc) => doc.getMap('leads').set(`n${i}/_c`, [i, 'me']), 'test');
    expect(set.isLoaded('records/7')).toBe(false);
    expect(seen).toEqual(Array(5).fill('records/7'));
    await s.durable();
    expect(Y.decodeStateVector(await s.stateVector('records/7')).size).toBe(1);
    await set.load(['records/7']);
    set.doc('records/7').getMap('leads').set('n0/title', 'edited after load');
    await s.durable();
    const sv = Y.decodeStateVector(await s.stateVector('records/7'));
    expect(sv.size).toBe(1);
    const check = new Y.Doc();
    Y.applyUpdate(check, await s.merged('records/7'));
    expect(check.getMap('leads').size).toBe(6);
    set.destroy();
    await s.close();
  });

  it('an update from a peer for a shard not loaded is stored and the shard loaded with it (a shard holding records here)', async () => {
    const s = store();
    const set = new ShardSet({ store: s });
    set.writeNew('records/9', (d) => d.getMap('people').set('q/name', 'Mine'), 'local');
    await s.durable();
    const peer = new Y.Doc();
    peer.getMap('people').set('p/name', 'Peer');
    await set.applyRemote('records/9', Y.encodeStateAsUpdate(peer));
    expect(set.isLoaded('records/9')).toBe(true);
    expect(set.doc('records/9').getMap('people').get('p/name')).toBe('Peer');
    expect(set.doc('records/9').getMap('people').get('q/name')).toBe('Mine');
    set.destroy();
    await s.close();
  });

  it('a record shard this device holds nothing of is read from the update, stored as received, and built only when used', async () => {
    const s = store();
    const set = new ShardSet({ store: s });
    const read: [string, unknown][] = [];
    set.onRemoteMaps((key, maps) => read.push([key, maps.getMap('people').get('p/name')]));
    const updates: (Y.Doc | undefined)[] = [];
    set.onUpdate((u) => updates.push(u.doc));
    const peer = new Y.Doc();
    peer.getMap('people').set('p/name', 'Peer');
    await set.applyRemote('records/9', Y.encodeStateAsUpdate(peer));
    expect(set.isLoaded('records/9')).toBe(false);
    expect(read).toEqual([['records/9', 'Peer']]);
    expect(updates).toEqual([undefined]);
    await s.durable();
    expect(await s.stateVector('records/9')).toEqual(Y.encodeStateVector(peer));
    await set.load(['records/9']);
    expect(set.doc('records/9').getMap('people').get('p/name')).toBe('Peer');
    // The next update of the same shard is applied to its doc (now stored here).
    set.unload('records/9');
    peer.getMap('people').set('p/name', 'Peer 2');
    await set.applyRemote('records/9', Y.encodeStateAsUpdate(peer));
    expect(read).toHaveLength(1);
    expect(set.doc('records/9').getMap('people').get('p/name')).toBe('Peer 2');
    set.destroy();
    await s.close();
  });

  it('a shard whose update holds concurrent writes or a nested type is built as a doc (what Yjs drops is kept as a conflict)', async () => {
    const s = store();
    const set = new ShardSet({ store: s });
    let read = 0;
    set.onRemoteMaps(() => read++);
    const a = new Y.Doc(); a.clientID = 1;
    const b = new Y.Doc(); b.clientID = 2;
    a.getMap('leads').set('l/name', 'A');
    b.getMap('leads').set('l/name', 'B');
    await set.applyRemote('records/3', Y.mergeUpdates([Y.encodeStateAsUpdate(a), Y.encodeStateAsUpdate(b)]));
    expect(set.isLoaded('records/3')).toBe(true);
    expect(set.doc('records/3').getMap('leads').get('l/name')).toBe('B');
    const nested = new Y.Doc();
    nested.getMap('leads').set('n', new Y.Map([['x', 1]]));
    await set.applyRemote('records/4', Y.encodeStateAsUpdate(nested));
    expect(set.isLoaded('records/4')).toBe(true);
    expect(read).toBe(0);
    // An activity shard is read from its update as a record shard is.
    const act = new Y.Doc();
    act.getMap('activities').set('a1', { id: 'a1' });
    await set.applyRemote('activities/4', Y.encodeStateAsUpdate(act));
    expect(set.isLoaded('activities/4')).toBe(false);
    expect(read).toBe(1);
    set.destroy();
    await s.close();
  });
});

describe('an update from a peer that holds nothing', () => {
  it('loads no shard and stores nothing (the relay answering for a room it has nothing new of); a deletion still loads it', async () => {
    const s = store();
    const set = new ShardSet({ store: s });
    const ours = new Y.Doc();
    ours.getMap('leads').set('a/name', 'Ours');
    await set.applyRemote('records/4', Y.encodeStateAsUpdate(ours));
    set.unload('records/4');
    await s.durable();
    const stored = s.meta('records/4')!.count;
    // What a peer holding everything we have sends back: an update without structs or deletions.
    await set.applyRemote('records/4', Y.encodeStateAsUpdate(ours, Y.encodeStateVector(ours)));
    await set.applyRemote('records/5', Y.encodeStateAsUpdate(new Y.Doc()));
    expect(set.loadedDocs()).toEqual([]);
    await s.durable();
    expect(s.meta('records/4')!.count).toBe(stored);
    expect(s.meta('records/5')).toBeUndefined();
    // A deletion alone has no structs but changes the doc: it is applied.
    ours.getMap('leads').delete('a/name');
    await set.applyRemote('records/4', Y.encodeStateAsUpdate(ours, Y.encodeStateVector(ours)));
    expect(set.doc('records/4').getMap('leads').has('a/name')).toBe(false);
    // Not an update at all: refused before anything is stored.
    await expect(set.applyRemote('records/6', new Uint8Array([255, 255, 255]))).rejects.toThrow();
    expect(s.meta('records/6')).toBeUndefined();
    set.destroy();
    await s.close();
  });
});

describe('a load racing new keys', () => {
  it('a record written while its shard is being read from the store is in the loaded doc, and later edits chain on', async () => {
    const s = store();
    const set = new ShardSet({ store: s });
    set.writeNew('records/2', (doc) => doc.getMap('leads').set('a/_c', [1, 'me']), 'test');
    await s.durable();
    const loading = set.load(['records/2']);
    set.writeNew('records/2', (doc) => doc.getMap('leads').set('b/_c', [2, 'me']), 'test'); // during the read
    await loading;
    const doc = set.doc('records/2');
    expect(doc.getMap('leads').get('b/_c')).toEqual([2, 'me']);
    doc.getMap('leads').set('b/title', 'after');
    await s.durable();
    const check = new Y.Doc();
    Y.applyUpdate(check, await s.merged('records/2'));
    expect(check.store.pendingStructs).toBeNull();
    expect(check.getMap('leads').toJSON()).toEqual({ 'a/_c': [1, 'me'], 'b/_c': [2, 'me'], 'b/title': 'after' });
    set.destroy();
    await s.close();
  });
  it('stores a remote update as received; updates out of order, a deletion alone and an echo lose nothing across an unload', async () => {
    const s = store();
    const set = new ShardSet({ store: s });
    const stored: Uint8Array[] = [];
    set.onUpdate((u) => { if (u.key === 'records/7') stored.push(u.update); });
    // A teammate's doc: three updates in a row, the third a deletion only.
    const peer = new Y.Doc();
    const updates: Uint8Array[] = [];
    peer.on('update', (u: Uint8Array) => updates.push(u));
    fill(peer, 20, 'a');
    peer.getMap('leads').set('b0/name', 'Bo');
    peer.getMap('leads').delete('a3/name');
    // The second before the first: Yjs holds it back (it builds on the first); it is stored all the same.
    await set.applyRemote('records/7', updates[1]);
    expect(stored).toEqual([updates[1]]); // the bytes received, not encoded again
    await set.applyRemote('records/7', updates[0]); // integrates both
    await set.applyRemote('records/7', updates[2]);
    expect(stored[2]).toBe(updates[2]);
    await set.applyRemote('records/7', updates[2]); // an echo: nothing new, nothing stored
    expect(stored).toHaveLength(3);
    const doc = set.doc('records/7').getMap('leads');
    expect([doc.get('b0/name'), doc.has('a3/name'), doc.size]).toEqual(['Bo', false, 20]);
    await s.durable();
    set.destroy();

    const again = new ShardSet({ store: s });
    await again.load(['records/7']);
    expect(again.doc('records/7').getMap('leads').toJSON()).toEqual(peer.getMap('leads').toJSON());
    expect(Y.encodeStateVector(again.doc('records/7'))).toEqual(Y.encodeStateVector(peer));
    again.destroy();
    await s.close();
  });
});
