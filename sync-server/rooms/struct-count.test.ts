import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { countStructs, TooManyStructs } from './struct-count.ts';

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
});
