import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate, deletionsOf, deletionsStored, diffFromStored, recordsIn, sharesNothing, stateVectorFromUpdate, stateVectorOf, summarize } from './update-state.ts';

/** Updates as a client makes them: each edit captured from a doc that holds the ones before. */
function history(edits: Array<(d: Y.Doc) => void>, doc = new Y.Doc()) {
  return edits.map((edit) => {
    const before = Y.encodeStateVector(doc);
    edit(doc);
    return Y.encodeStateAsUpdate(doc, before);
  });
}

describe('sync from stored updates, without a Y.Doc', () => {
  it('answers a step 1 with exactly what the peer lacks', () => {
    const stored = history([(d) => d.getMap('leads').set('a/name', 'A'), (d) => d.getMap('leads').set('b/name', 'B'), (d) => d.getMap('leads').set('a/name', 'A2')]);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, stored[0]);
    const diff = diffFromStored(stored, Y.encodeStateVector(peer));
    expect(diff.length).toBeLessThan(Y.mergeUpdates(stored).length);
    Y.applyUpdate(peer, diff);
    expect(peer.getMap('leads').toJSON()).toEqual({ 'a/name': 'A2', 'b/name': 'B' });
    expect(() => diffFromStored(stored, new Uint8Array([5, 200]))).toThrow();
    expect(Y.decodeUpdate(diffFromStored([], new Uint8Array([0]))).structs).toEqual([]);
  });

  it('accepts what continues the room, trims what it has, refuses what builds on content it lacks', () => {
    const doc = new Y.Doc();
    const [u1, u2, u3] = history([(d) => d.getMap('leads').set('a/name', 'A'), (d) => d.getArray('t').insert(0, ['x']), (d) => d.getArray('t').insert(1, ['y'])], doc);
    const sv = stateVectorOf([u1]);
    expect(checkUpdate(u2, sv)).toMatchObject({ kind: 'new', structs: true });
    expect(checkUpdate(u3, sv)).toEqual({ kind: 'dangling' }); // its clock starts after u2, which the room lacks
    expect(checkUpdate(u1, sv)).toEqual({ kind: 'known' });
    const both = Y.mergeUpdates([u1, u2]);
    const checked = checkUpdate(both, sv);
    expect(checked.kind).toBe('new');
    if (checked.kind === 'new') expect(checked.update.length).toBeLessThan(both.length); // u1's part cut off

    // Another client's item whose origin is content the room never got.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.mergeUpdates([u1, u2]));
    const [onTop] = history([(d) => d.getArray('t').insert(1, ['z'])], other);
    expect(checkUpdate(onTop, sv)).toEqual({ kind: 'dangling' });
    expect(checkUpdate(onTop, stateVectorOf([u1, u2]))).toMatchObject({ kind: 'new' });
    expect(() => checkUpdate(new Uint8Array([5, 200, 1, 7, 7]), sv)).toThrow();
  });

  it("reads the vector and the deletions of a write that continues a doc (its first clock is not 0)", () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    doc.getMap('m').set('gone', 1);
    const before = Y.encodeStateVector(doc);
    doc.getMap('m').set('b', 'x'.repeat(1000));
    doc.getMap('m').delete('gone');
    const next = Y.encodeStateAsUpdate(doc, before);
    expect(stateVectorFromUpdate(next)).toEqual(new Map([[doc.clientID, 3]]));
    const deletions = deletionsOf(next);
    expect(Y.decodeUpdate(deletions).structs).toEqual([]);
    expect(Y.decodeUpdate(deletions).ds.clients.get(doc.clientID)).toEqual([expect.objectContaining({ clock: 1, len: 1 })]);
    expect(deletions.length).toBeLessThan(20);
  });

  it('tells a resent deletion from a new one', () => {
    const doc = new Y.Doc();
    const [u1, u2] = history([(d) => d.getArray('t').insert(0, ['x', 'y']), (d) => d.getArray('t').delete(0, 1)], doc);
    const full = Y.encodeStateAsUpdate(doc);
    expect(deletionsStored(full, [u1, u2])).toBe(true);
    expect(deletionsStored(full, [u1])).toBe(false);
    expect(deletionsStored(u1, [])).toBe(true);
  });

  it('summarizes a room in one pass: its vector, its deletions and the records it holds', () => {
    const doc = new Y.Doc();
    const updates = history([
      (d) => ['a', 'b', 'c'].forEach((id) => d.getMap('leads').set(`${id}/_c`, [1, 'm'])),
      (d) => d.getMap('people').set('p1/_c', [2, 'm']),
      (d) => d.getMap('leads').set('a/email', 'a@example.com'),
      (d) => d.getMap('leads').delete('b/_c'), // an overwrite or deletion is not a new record
      (d) => d.getMap('leads').set('c/_c', [3, 'm']),
    ], doc);
    const merged = Y.mergeUpdates(updates);
    const summary = summarize(merged);
    expect(summary.sv).toEqual(stateVectorOf(updates));
    expect(summary.records).toBe(4); // a, b, c and p1: created once each
    // The deletions are the ones Yjs keeps: applied to a peer holding every struct, they delete the same keys.
    expect(Y.decodeUpdate(summary.deletions).structs).toEqual([]);
    expect(Y.decodeUpdate(summary.deletions).ds).toEqual(Y.decodeUpdate(deletionsOf(merged)).ds);
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(peer, summary.deletions);
    expect(peer.getMap('leads').has('b/_c')).toBe(false);
    expect(recordsIn(updates[2])).toBe(0);
    expect(recordsIn(updates[0])).toBe(3);
    // Docs without records (config, activities) count none.
    expect(summarize(Y.encodeStateAsUpdate(new Y.Doc())).records).toBe(0);
  });

  it("knows when a peer lacks every struct of a room: the stored state is then the diff as is", () => {
    const [u] = history([(d) => d.getMap('leads').set('x/_c', [1, 'm'])]);
    const sv = stateVectorOf([u]);
    expect(sharesNothing(new Map(), sv)).toBe(true);
    expect(sharesNothing(new Map([[12345, 9]]), sv)).toBe(true); // clients the room does not have
    const [client] = [...sv.keys()];
    expect(sharesNothing(new Map([[client, 0]]), sv)).toBe(true);
    expect(sharesNothing(new Map([[client, 1]]), sv)).toBe(false);
    expect(diffFromStored([u], Y.encodeStateVector(new Map()))).toEqual(Y.diffUpdate(u, Y.encodeStateVector(new Map())));
  });

  it('refuses deletions of ranges that cannot exist: empty, overflowing, or past every clock of the room and the update', () => {
    const doc = new Y.Doc();
    const [u1] = history([(d) => d.getMap('leads').set('a/name', 'A')], doc);
    const sv = stateVectorOf([u1]);
    const deletion = (clock: number, len: number, client = doc.clientID) => {
      const parts = [0, 1, ...varuint(client), 1, ...varuint(clock), ...varuint(len)];
      return Uint8Array.from(parts);
    };
    expect(checkUpdate(deletion(0, 1), sv).kind).toBe('new');
    expect(checkUpdate(deletion(0, 2), sv).kind).toBe('dangling');
    expect(checkUpdate(deletion(2 ** 40, 1), sv).kind).toBe('dangling');
    expect(checkUpdate(deletion(0, 5, 99), sv).kind).toBe('dangling');
    expect(() => checkUpdate(deletion(0, 0), sv)).toThrow(/deletion/);
    expect(() => checkUpdate(deletion(2 ** 52, 2 ** 52), sv)).toThrow(/deletion/);
  });
});

function varuint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push(0x80 | (n % 128));
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

