import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { readUpdateMaps, type UpdateMaps } from '../../../src/layout/update-maps.ts';

/**
 * `readUpdateMaps` must read exactly what Yjs reads after applying the same update to an empty
 * doc: checked on random concurrent histories of several replicas (random client ids, so the
 * order of concurrent writes varies), as the relay holds them (every replica's own updates
 * merged, without the deletions a replica makes when a concurrent write wins) and as a replica
 * encodes its whole state (with and without garbage collection).
 */
const ROOTS = ['leads', 'people'];
const KEYS = ['a/_c', 'a/name', 'b/_c', 'b/title', 'c/phones'];

type Op =
  | { kind: 'set'; replica: number; writes: { root: number; key: number; value: number | null }[] }
  | { kind: 'sync'; from: number; to: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({
    kind: fc.constant('set' as const),
    replica: fc.nat(3),
    writes: fc.array(fc.record({ root: fc.nat(ROOTS.length - 1), key: fc.nat(KEYS.length - 1), value: fc.option(fc.integer({ min: -5, max: 50 }), { freq: 4 }) }), { minLength: 1, maxLength: 4 }),
  }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sync' as const), from: fc.nat(3), to: fc.nat(3) }) },
);

function run(clients: number[], ops: Op[], gc: boolean) {
  const replicas = clients.map((client) => {
    const doc = new Y.Doc({ gc });
    doc.clientID = client;
    return doc;
  });
  const sent: Uint8Array[] = [];
  for (const doc of replicas) doc.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'sync') sent.push(u); });
  for (const o of ops) {
    if (o.kind === 'sync') {
      const from = replicas[o.from % replicas.length];
      const to = replicas[o.to % replicas.length];
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'sync');
      continue;
    }
    const doc = replicas[o.replica % replicas.length];
    doc.transact(() => {
      for (const w of o.writes) {
        const map = doc.getMap(ROOTS[w.root]);
        // An object value, as records store (`[at, by]`, a phone list): JSON content.
        if (w.value === null) map.delete(KEYS[w.key]); else map.set(KEYS[w.key], w.value % 3 === 0 ? [w.value, 'u'] : w.value);
      }
    });
  }
  return { replicas, relay: sent.length ? Y.mergeUpdates(sent) : Y.encodeStateAsUpdate(new Y.Doc()) };
}

function expectSame(update: Uint8Array) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const read = readUpdateMaps(update);
  expect(read).not.toBeNull();
  for (const root of ROOTS) expect(entriesOf(read!.maps, root)).toEqual(doc.getMap(root).toJSON());
  expect(read!.ends).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
}

function entriesOf(read: UpdateMaps, root: string) {
  const out: Record<string, unknown> = {};
  const map = read.getMap(root);
  for (const key of read.keysOf(root)) if (map.get(key) !== undefined) out[key] = map.get(key);
  return out;
}

describe('readUpdateMaps: the root maps an update leaves an empty doc, without a Y.Doc', () => {
  it('reads what Yjs reads, on 200 random concurrent histories (relay merge, whole states with and without gc)', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 31 }), { minLength: 2, maxLength: 4 }),
      fc.array(op, { minLength: 1, maxLength: 40 }),
      fc.boolean(),
      (clients, ops, gc) => {
        const { replicas, relay } = run(clients, ops, gc);
        expectSame(relay);
        for (const doc of replicas) expectSame(Y.encodeStateAsUpdate(doc));
      },
    ), { numRuns: 200, seed: 10 });
  });

  it('reads a concurrent write that lost as lost even though no update deletes it', () => {
    const low = new Y.Doc(); low.clientID = 1;
    const high = new Y.Doc(); high.clientID = 2;
    const sent: Uint8Array[] = [];
    for (const d of [low, high]) d.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== 'sync') sent.push(u); });
    low.getMap('leads').set('a/name', 'low');
    high.getMap('leads').set('a/name', 'high');
    // low then writes after its own item (it has not seen high's): still before high's in Yjs's order.
    low.getMap('leads').set('a/name', 'low again');
    const relay = Y.mergeUpdates(sent);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, relay);
    expect(doc.getMap('leads').get('a/name')).toBe('high');
    const read = readUpdateMaps(relay)!;
    expect(read.maps.getMap('leads').get('a/name')).toBe('high');
    expect(read.concurrent).toBe(true);
  });

  it('says when no entry holds concurrent writes (one writer, edits and deletions in turn)', () => {
    const doc = new Y.Doc();
    const map = doc.getMap('leads');
    map.set('a/name', 'x'); map.set('a/name', 'y'); map.delete('a/name'); map.set('a/title', 't');
    const read = readUpdateMaps(Y.encodeStateAsUpdate(doc))!;
    expect(read.concurrent).toBe(false);
    expect(read.maps.getMap('leads').get('a/name')).toBeUndefined();
    expect(read.maps.getMap('leads').get('a/title')).toBe('t');
    expect([...read.maps.keysOf('leads')].sort()).toEqual(['a/name', 'a/title']);
  });

  it('declines what it does not read: nested types, sequences, text, gaps, a malformed update', () => {
    const nested = new Y.Doc();
    nested.getMap('leads').set('a', new Y.Map([['x', 1]]));
    expect(readUpdateMaps(Y.encodeStateAsUpdate(nested))).toBeNull();
    const list = new Y.Doc();
    list.getArray('leads').push([1, 2]);
    expect(readUpdateMaps(Y.encodeStateAsUpdate(list))).toBeNull();
    const text = new Y.Doc();
    text.getText('notes').insert(0, 'hi');
    expect(readUpdateMaps(Y.encodeStateAsUpdate(text))).toBeNull();
    const gapped = new Y.Doc();
    gapped.getMap('leads').set('a/_c', 1);
    const before = Y.encodeStateVector(gapped);
    gapped.getMap('leads').set('a/name', 'x');
    expect(readUpdateMaps(Y.encodeStateAsUpdate(gapped, before))).toBeNull(); // starts past clock 0
    expect(readUpdateMaps(new Uint8Array([3, 200, 1]))).toBeNull();
  });

  it('reads an update that holds nothing as empty maps', () => {
    const read = readUpdateMaps(Y.encodeStateAsUpdate(new Y.Doc()))!;
    expect([...read.maps.keysOf('leads')]).toEqual([]);
    expect(read.maps.getMap('leads').get('a/_c')).toBeUndefined();
    expect(read.ends.size).toBe(0);
  });
});
