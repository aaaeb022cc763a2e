import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocStore, transactionClocks } from '../../../src/store/doc-store.ts';

const fresh = (opts = {}) => new DocStore(`doc-store-${Math.random()}`, opts);

/** A doc whose every update is appended to the store, as the engine does. */
function recorded(store: DocStore, key: 'records/3' | 'records/4') {
  const doc = new Y.Doc();
  doc.on('update', (u: Uint8Array) => void store.append(key, u));
  return doc;
}

describe('one IndexedDB database of stored updates per workspace', () => {

  it('an update that is a view into a larger buffer (a relay frame of many docs) is stored as its own bytes', async () => {
    const name = `doc-store-view-${Math.random()}`;
    const store = new DocStore(name);
    const doc = new Y.Doc();
    doc.getMap('leads').set('a/name', 'Ada');
    const update = Y.encodeStateAsUpdate(doc);
    // The update inside a 256 KB frame, as the sync decodes it (lib0's readVarUint8Array: a view).
    const frame = new Uint8Array(256 * 1024);
    frame.set(update, 1000);
    await store.append('records/3', frame.subarray(1000, 1000 + update.length));
    const stored = await store.updates('records/3');
    expect(stored).toHaveLength(1);
    expect(stored[0].buffer.byteLength).toBe(update.length);
    expect([...stored[0]]).toEqual([...update]);
    await store.close();
    // Read back from the database, not from memory: still the update's own bytes.
    const again = new DocStore(name);
    const read = await again.updates('records/3');
    expect(read[0].buffer.byteLength).toBe(update.length);
    await again.close();
  });

  it('an update stored with a whole frame by an earlier version is rewritten as its own bytes when the doc is first read', async () => {
    const name = `doc-store-oversized-${Math.random()}`;
    const first = new DocStore(name);
    const doc = new Y.Doc();
    doc.getMap('leads').set('a/name', 'Ada');
    const update = Y.encodeStateAsUpdate(doc);
    await first.append('records/3', update);
    // What an earlier version stored for a joined doc: the view, and with it the frame's 256 KB.
    const db = (first as unknown as { db: IDBDatabase }).db;
    const frame = new Uint8Array(256 * 1024);
    frame.set(update, 5000);
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('updates', 'readwrite');
      tx.objectStore('updates').put(frame.subarray(5000, 5000 + update.length), ['records/3', 0]);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    await first.close();

    const store = new DocStore(name);
    const [old] = await store.updates('records/3');
    expect(old.buffer.byteLength).toBe(256 * 1024);
    await store.durable(); // the repair's compaction
    await store.close();
    const again = new DocStore(name);
    const [fixed] = await again.updates('records/3');
    expect(fixed.buffer.byteLength).toBe(update.length);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, await again.merged('records/3'));
    expect(loaded.getMap('leads').get('a/name')).toBe('Ada');
    expect(again.bytes('records/3')).toBe(update.length);
    await again.close();
  });

  it('a doc read with the meta rows at open is read from there once; a write after the open is never missed', async () => {
    const name = `doc-store-preload-${Math.random()}`;
    const first = new DocStore(name);
    const doc = recorded(first, 'records/3');
    doc.getMap('leads').set('a/name', 'A');
    doc.getMap('leads').set('b/name', 'B');
    await first.close();

    const store = new DocStore(name, { preload: ['records/3'] });
    let reads = 0;
    await store.ready;
    const db = (store as unknown as { db: IDBDatabase }).db;
    const transaction = db.transaction.bind(db);
    (db as { transaction: unknown }).transaction = (...a: Parameters<IDBDatabase['transaction']>) => { reads++; return transaction(...a); };
    const at = new Y.Doc();
    Y.applyUpdate(at, await store.merged('records/3'));
    expect(reads).toBe(0); // read with the meta rows
    expect(at.getMap('leads').toJSON()).toEqual({ 'a/name': 'A', 'b/name': 'B' });
    // Later reads go to the database and see every write.
    const later = recorded(store, 'records/3');
    Y.applyUpdate(later, Y.encodeStateAsUpdate(at));
    later.getMap('leads').set('c/name', 'C');
    await store.durable();
    const again = new Y.Doc();
    Y.applyUpdate(again, await store.merged('records/3'));
    expect(again.getMap('leads').toJSON()).toEqual({ 'a/name': 'A', 'b/name': 'B', 'c/name': 'C' });
    await store.close();

    // Written before its first read: the preloaded copy is dropped, not served stale.
    const third = new DocStore(name, { preload: ['records/3'] });
    const w = recorded(third, 'records/3');
    Y.applyUpdate(w, Y.encodeStateAsUpdate(again));
    w.getMap('leads').set('d/name', 'D');
    await third.durable();
    const d = new Y.Doc();
    Y.applyUpdate(d, await third.merged('records/3'));
    expect(d.getMap('leads').get('d/name')).toBe('D');
    await third.close();
  });
  it('answers state vector and diff from stored updates, equal to what the doc would say', async () => {
    const store = fresh();
    const doc = recorded(store, 'records/3');
    for (let i = 0; i < 20; i++) doc.getMap('leads').set(`l${i}/name`, { first: `N${i}` });
    doc.getMap('leads').delete('l3/name');
    await store.durable();
    expect(await store.stateVector('records/3')).toEqual(Y.encodeStateVector(doc));

    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc, undefined));
    peer.getMap('leads').set('peer/name', { first: 'P' });
    // The peer lacks nothing the store has; the store answers only what a stale peer lacks.
    const stale = new Y.Doc();
    Y.applyUpdate(stale, await store.diff('records/3', Y.encodeStateVector(stale)));
    expect(stale.getMap('leads').toJSON()).toEqual(doc.getMap('leads').toJSON());
    const none = await store.diff('records/3', Y.encodeStateVector(doc));
    const check = new Y.Doc();
    Y.applyUpdate(check, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateAsUpdate(check);
    Y.applyUpdate(check, none);
    expect(Y.encodeStateAsUpdate(check)).toEqual(before);
    // Another doc key is another doc: nothing stored there.
    expect(await store.updates('records/4')).toEqual([]);
    expect(Y.decodeStateVector(await store.stateVector('records/4')).size).toBe(0);
    await store.close();
  });

  it('compacts a doc whose update count grows, keeping its content; a reopened store reads the same', async () => {
    const name = `doc-store-${Math.random()}`;
    const store = new DocStore(name, { compactAt: 10 });
    const doc = recorded(store, 'records/3');
    for (let i = 0; i < 35; i++) doc.getMap('people').set(`p${i % 7}/title`, `T${i}`);
    await store.durable();
    expect(store.meta('records/3')!.count).toBeLessThan(10);
    const merged = new Y.Doc();
    Y.applyUpdate(merged, await store.merged('records/3'));
    expect(merged.getMap('people').toJSON()).toEqual(doc.getMap('people').toJSON());
    await store.close();

    const again = new DocStore(name);
    await again.ready;
    expect(again.docKeys()).toEqual(['records/3']);
    expect(await again.stateVector('records/3')).toEqual(Y.encodeStateVector(doc));
    const reread = new Y.Doc();
    Y.applyUpdate(reread, await again.merged('records/3'));
    expect(reread.getMap('people').toJSON()).toEqual(doc.getMap('people').toJSON());
    await again.close();
  });

  it('an update that arrives before the one it follows makes the cached vector inexact, and it is recomputed right', async () => {
    const store = fresh();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getMap('leads').set('a/name', 1);
    doc.getMap('leads').set('b/name', 2);
    await store.append('records/3', updates[1]); // out of order: a gap
    expect(store.meta('records/3')!.exact).toBe(false);
    await store.append('records/3', updates[0]);
    expect(await store.stateVector('records/3')).toEqual(Y.encodeStateVector(doc));
    await store.close();
  });

  it('replace stores one state for a doc, and doing it twice stores the same', async () => {
    const store = fresh();
    const doc = new Y.Doc();
    doc.getMap('leads').set('x/name', 'X');
    const update = Y.encodeStateAsUpdate(doc);
    await store.append('records/4', new Uint8Array(Y.encodeStateAsUpdate(new Y.Doc())));
    await store.replace('records/4', update);
    await store.replace('records/4', update);
    expect(await store.updates('records/4')).toEqual([update]);
    expect(store.meta('records/4')).toMatchObject({ count: 1, exact: true, bytes: update.byteLength });
    await store.close();
  });

  it('a write after close fails with a clear error instead of vanishing', async () => {
    const store = fresh();
    await store.close();
    await expect(store.append('records/3', new Uint8Array([0, 0]))).rejects.toThrow(/closed/);
  });

  it("a transaction's clocks are the clocks its update covers (local edits, deletes, remote updates, out of order)", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const seen: [ReturnType<typeof transactionClocks>, Uint8Array][] = [];
    const sent: Uint8Array[] = [];
    a.on('update', (u: Uint8Array) => { sent.push(u); });
    b.on('update', (u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => { seen.push([transactionClocks(tr), u]); });
    const m = a.getMap('leads');
    a.transact(() => { for (let i = 0; i < 20; i++) m.set(`r${i}/name`, `Name ${i}`); });
    a.transact(() => { m.set('r1/name', 'Other'); m.delete('r2/name'); });
    a.transact(() => m.delete('r3/name')); // a delete only: no clock moves
    // b gets them out of order (the second before the first), then edits itself.
    Y.applyUpdate(b, sent[1], 'remote');
    Y.applyUpdate(b, sent[0], 'remote');
    Y.applyUpdate(b, sent[2], 'remote');
    b.getMap('leads').set('r9/name', 'Local');
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const [clocks, update] of seen) {
      const parsed = Y.parseUpdateMeta(update);
      expect(clocks).toEqual({ from: parsed.from, to: parsed.to });
    }
    expect(b.getMap('leads').toJSON()).toEqual({ ...a.getMap('leads').toJSON(), 'r9/name': 'Local' });
  });
});

describe('a drop draws its line at the call (a doc retaken for the relay\'s state)', () => {
  const update = (doc: Y.Doc, fn: () => void) => { let u!: Uint8Array; doc.once('update', (x: Uint8Array) => { u = x; }); fn(); return u; };

  it('takes every update appended before it (written or still queued), keeps every one after it, and returns exactly what it deleted', async () => {
    const store = fresh();
    const old = new Y.Doc();
    const written = update(old, () => old.getMap('leads').set('a/name', 'Ada'));
    await store.append('records/3', written);
    await store.durable();
    const queued = update(old, () => old.getMap('leads').set('a/title', 'Founder'));
    void store.append('records/3', queued); // queued, not yet written, when the drop begins
    const drop = store.beginDrop('records/3');
    // The new state's first change, appended after the line: held back, written after the old state goes.
    const next = new Y.Doc();
    const after = update(next, () => next.getMap('leads').set('b/name', 'Nell'));
    const appended = store.append('records/3', after);
    let read: Uint8Array | null = null;
    const reading = store.merged('records/3').then((u) => { read = u; });
    expect((await drop.updates()).map((u) => [...u])).toEqual([[...written], [...queued]]);
    await new Promise((r) => setTimeout(r, 20));
    expect(read).toBeNull(); // a read made after the line waits for the drop
    const deleted = await drop.commit();
    expect(deleted.map((u) => [...u])).toEqual([[...written], [...queued]]);
    await appended;
    await reading;
    const now = new Y.Doc();
    Y.applyUpdate(now, read!);
    expect(now.getMap('leads').toJSON()).toEqual({ 'b/name': 'Nell' });
    expect(Y.decodeStateVector(await store.stateVector('records/3'))).toEqual(Y.decodeStateVector(Y.encodeStateVector(next)));
    await store.durable();
    await store.close();
  });

  it('an abort keeps the old state and what was appended meanwhile, in order', async () => {
    const store = fresh();
    const doc = new Y.Doc();
    await store.append('records/4', update(doc, () => doc.getMap('leads').set('a/name', 'Ada')));
    const drop = store.beginDrop('records/4');
    expect(() => store.beginDrop('records/4')).toThrow(/already being dropped/);
    void store.append('records/4', update(doc, () => doc.getMap('leads').set('a/title', 'CTO')));
    drop.abort();
    expect(() => drop.abort()).toThrow(/is over/);
    await store.durable();
    const back = new Y.Doc();
    Y.applyUpdate(back, await store.merged('records/4'));
    expect(back.getMap('leads').toJSON()).toEqual({ 'a/name': 'Ada', 'a/title': 'CTO' });
    await store.close();
  });
});
