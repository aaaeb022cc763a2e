import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { countStructs } from '../../sync-server/rooms/struct-count.ts';
import { splitUpdate, updateEntries } from './split-update.ts';

/** Edits of every kind from three replicas, merged as a store's diff would hold them. */
function history() {
  const docs = [1, 2, 3].map((client) => {
    const d = new Y.Doc();
    d.clientID = client;
    return d;
  });
  const sync = () => {
    for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  };
  docs.forEach((d, n) => {
    const leads = d.getMap('leads');
    for (let i = 0; i < 300; i++) leads.set(`r${n}-${i}/name`, `Name ${i}`);
    d.getText('notes').insert(0, `typed by ${n} `.repeat(5));
    const list = d.getArray<unknown>('list');
    for (let i = 0; i < 40; i++) list.push([{ n, i }]);
  });
  sync();
  docs.forEach((d, n) => {
    const leads = d.getMap('leads');
    for (let i = 0; i < 300; i += 3) leads.delete(`r${n}-${i}/name`);
    const text = d.getText('notes');
    text.delete(2, 10);
    text.insert(4, 'edited ');
    const nested = new Y.Map<unknown>();
    d.getMap('leads').set(`r${n}-nested`, nested);
    nested.set('deep', 'value');
    d.getArray('list').delete(5, 10);
  });
  sync();
  return { whole: Y.encodeStateAsUpdate(docs[0]), expected: docs[0] };
}

const read = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
};

describe('splitUpdate: one large write as several the relay takes, applied in order', () => {
  it('every piece is within the bound the relay counts, and the pieces read as the whole (maps, text, arrays, nested types, deletions)', () => {
    const { whole, expected } = history();
    const total = updateEntries(whole);
    expect(total).toBeGreaterThan(1000);
    for (const max of [2, 3, 50, 700, total - 1]) {
      const pieces = splitUpdate(whole, max);
      expect(pieces.length).toBeGreaterThan(1);
      // The relay's own count (before decoding) takes each piece; its bound throws past `max`.
      for (const p of pieces) expect(() => countStructs(p, max)).not.toThrow();
      // Applied one after the other, each piece integrates whole (nothing waits for a later one).
      const doc = new Y.Doc();
      for (const p of pieces) {
        Y.applyUpdate(doc, p);
        expect(doc.store.pendingStructs).toBeNull();
      }
      expect(doc.getMap('leads').toJSON()).toEqual(expected.getMap('leads').toJSON());
      expect(doc.getText('notes').toString()).toBe(expected.getText('notes').toString());
      expect(doc.getArray('list').toJSON()).toEqual(expected.getArray('list').toJSON());
      expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(expected));
      // The relay's compaction merges what it stored: the pieces merge into the same doc.
      expect(read([Y.mergeUpdates(pieces)]).getMap('leads').toJSON()).toEqual(expected.getMap('leads').toJSON());
    }
  });

  it('returns an update within the bound as it is, and refuses a bound that holds no struct', () => {
    const { whole } = history();
    expect(splitUpdate(whole, updateEntries(whole))).toEqual([whole]);
    expect(() => splitUpdate(whole, 1)).toThrow(RangeError);
  });

  it('a diff against what a peer has (a store diff with gaps) splits too', () => {
    const { whole, expected } = history();
    const half = read([splitUpdate(whole, 500)[0]]);
    const diff = Y.diffUpdate(whole, Y.encodeStateVector(half));
    const doc = read([Y.encodeStateAsUpdate(half), ...splitUpdate(diff, 100)]);
    expect(doc.getMap('leads').toJSON()).toEqual(expected.getMap('leads').toJSON());
    expect(doc.store.pendingStructs).toBeNull();
  });
});
