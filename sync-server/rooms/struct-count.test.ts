import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { ContentTooLarge, countStructs, TooManyStructs } from './struct-count.ts';
import { deepValueUpdate, deleteSetUpdate } from '../../test/integration/relay/frames.ts';

/** A doc using every kind of content Yjs writes, with deletions, GC and edits from two clients. */
function everyContent() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const map = a.getMap('m');
  map.set('json-ish', { nested: [1, 'two', null, true], n: 1.5 });
  map.set('binary', new Uint8Array([1, 2, 3]));
  map.set('sub', new Y.Doc({ guid: 'sub-1' }));
  map.set('nested map', new Y.Map([['k', 'v']]));
  const text = a.getText('t');
  text.insert(0, 'hello world', { bold: true });
  text.insertEmbed(5, { image: 'x.png' });
  text.format(0, 3, { italic: true });
  text.delete(2, 4);
  const xml = a.getXmlFragment('x');
  const el = new Y.XmlElement('p');
  el.setAttribute('class', 'c');
  el.insert(0, [new Y.XmlText('inner')]);
  xml.insert(0, [el]);
  a.getMap('hooks').set('hook', new Y.XmlHook('hook'));
  const arr = a.getArray('a');
  arr.insert(0, [1, 2, 3, 'four', { five: 5 }]);
  arr.delete(1, 2);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  b.getArray('a').insert(1, ['from b']);
  b.getMap('m').delete('binary');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  return a;
}

describe('countStructs: the structs of an update, counted without decoding them', () => {
  it('agrees with Y.decodeUpdate on every kind of content, on merged updates and diffs', () => {
    const doc = everyContent();
    const updates: Uint8Array[] = [];
    const other = new Y.Doc();
    other.on('update', (u: Uint8Array) => updates.push(u));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    other.getText('t').insert(1, 'more');
    other.getMap('m').set('later', 'x');
    const samples = [Y.encodeStateAsUpdate(doc), Y.mergeUpdates(updates), Y.diffUpdate(Y.encodeStateAsUpdate(other), Y.encodeStateVector(doc)), ...updates, Y.mergeUpdates([])];
    for (const u of samples) expect(countStructs(u, Infinity)).toBe(Y.decodeUpdate(u).structs.length);
  });

  it('stops past the cap: a bomb of one-clock GC structs costs no memory', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1_000_000);
    encoding.writeVarUint(e, 7);
    encoding.writeVarUint(e, 0);
    for (let i = 0; i < 1_000_000; i++) encoding.writeUint8(e, 0), encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 0);
    const bomb = encoding.toUint8Array(e);
    expect(() => countStructs(bomb, 50_000)).toThrow(TooManyStructs);
    expect(countStructs(bomb, 2_000_000)).toBe(1_000_000);
  });

  it('throws on a truncated update, as Yjs does', () => {
    const u = Y.encodeStateAsUpdate(everyContent());
    for (const cut of [1, 5, Math.floor(u.length / 2)]) expect(() => countStructs(u.slice(0, cut), Infinity)).toThrow();
  });

  it('bounds the values inside structs, their strings and their nesting, walking them without recursion', () => {
    const bounds = { maxValues: 1_000_000, maxStringBytes: 1024 * 1024, maxDepth: 64 };
    const one = (edit: (d: Y.Doc) => void) => {
      const d = new Y.Doc();
      edit(d);
      return Y.encodeStateAsUpdate(d);
    };
    const nested = (depth: number) => {
      let v: unknown = 'leaf';
      for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
      return v;
    };
    // Every kind of value lib0 writes, inside objects and arrays, scans within the bounds.
    const everyValue = one((d) => d.getMap('m').set('all', { i: 7, neg: -300000, f: 1.5, big: 2n ** 40n, u: undefined, n: null, t: true, f2: false, s: 'é'.repeat(10), bin: new Uint8Array([1, 2]), arr: [[], {}, [1, [2, [3]]]] }));
    expect(countStructs(everyValue, 10, bounds)).toBe(Y.decodeUpdate(everyValue).structs.length);
    expect(countStructs(Y.encodeStateAsUpdate(everyContent()), Infinity, bounds)).toBe(Y.decodeUpdate(Y.encodeStateAsUpdate(everyContent())).structs.length);
    // Nesting: 64 levels pass, 65 are refused; 100,000 (hand-encoded: Yjs cannot) are refused, not a stack overflow.
    expect(countStructs(one((d) => d.getMap('leads').set('ok', nested(64))), 10, bounds)).toBe(1);
    expect(() => countStructs(one((d) => d.getMap('leads').set('deep', nested(65))), 10, bounds)).toThrow(ContentTooLarge);
    expect(() => countStructs(deepValueUpdate(100_000), 10, bounds)).toThrow(/nested more than 64 levels/);
    expect(countStructs(deepValueUpdate(100_000), 10)).toBe(1); // unbounded, the walk still needs no stack
    expect(() => Y.decodeUpdate(deepValueUpdate(100_000))).toThrow(RangeError); // what Yjs (and every client) does with it
    // Strings: a value, a map key, text typed into a Y.Text, a string inside an object, bytes.
    const big = 'x'.repeat(1024 * 1024 + 1);
    for (const [what, update] of [
      ['a value', one((d) => d.getMap('leads').set('k', big))],
      ['a key', one((d) => d.getMap('leads').set(big, 1))],
      ['text', one((d) => d.getText('t').insert(0, big))],
      ['a string in an object', one((d) => d.getMap('leads').set('k', { note: big }))],
      ['bytes', one((d) => d.getMap('leads').set('k', new Uint8Array(1024 * 1024 + 1)))],
    ] as const) expect(() => countStructs(update, 10, bounds), what).toThrow(ContentTooLarge);
    expect(countStructs(one((d) => d.getMap('leads').set('k', 'x'.repeat(1024 * 1024))), 10, bounds)).toBe(1);
    // Values: one struct holding 2 million zeros.
    const zeros = one((d) => d.getMap('leads').set('k', new Array(2_000_000).fill(0)));
    expect(() => countStructs(zeros, 10, bounds)).toThrow(/more than 1000000 values/);
  });

  it('bounds the delete set too: its clients count as structs, its ranges as values', () => {
    const bounds = { maxValues: 1000, maxStringBytes: 1024, maxDepth: 8 };
    expect(countStructs(deleteSetUpdate(10, 10), 100, bounds)).toBe(0);
    expect(() => countStructs(deleteSetUpdate(101, 1), 100, bounds)).toThrow(/more than 100 structs and clients/);
    expect(() => countStructs(deleteSetUpdate(1, 1001), 100, bounds)).toThrow(/more than 1000 values and deleted ranges/);
    // A real update's delete set scans whole: a truncated one throws, as in Yjs.
    const u = Y.encodeStateAsUpdate(everyContent());
    expect(countStructs(u, Infinity, { maxValues: Infinity, maxStringBytes: Infinity, maxDepth: Infinity })).toBe(Y.decodeUpdate(u).structs.length);
    expect(() => countStructs(u.slice(0, u.length - 1), Infinity)).toThrow();
  });
});
