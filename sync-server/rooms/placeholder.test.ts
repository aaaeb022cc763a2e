import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { placeholderOf } from './placeholder.ts';
import { recordsIn, summarize } from './update-state.ts';

/** The update one transaction of `doc` produces. */
function write(doc: Y.Doc, change: () => void): Uint8Array {
  let update: Uint8Array | null = null;
  const take = (u: Uint8Array) => (update = u);
  doc.on('update', take);
  doc.transact(change);
  doc.off('update', take);
  return update!;
}

/** A teammate's doc that received `updates` in order. */
function reader(...updates: Uint8Array[]) {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

const big = (n: number) => 'x'.repeat(n);

describe('placeholderOf: a refused write kept as deleted content', () => {
  it('a map key: the refused value is never seen, and the author’s later value of the same key applies for the teammate', () => {
    const author = new Y.Doc();
    const leads = author.getMap('leads');
    const first = write(author, () => leads.set('a/notes', 'old'));
    const refused = write(author, () => leads.set('a/notes', big(5000)));
    const later = write(author, () => leads.set('a/notes', 'short'));
    const placeholder = placeholderOf(refused, 1000);
    expect(placeholder.length).toBeLessThan(100);
    expect(Y.parseUpdateMeta(placeholder)).toEqual(Y.parseUpdateMeta(refused)); // the same clocks
    // Without the placeholder the later write never integrates (it waits for clocks nobody sends).
    const without = reader(first, later);
    expect(without.getMap('leads').get('a/notes')).toBe('old');
    expect(without.store.pendingStructs).not.toBeNull();
    const kept = reader(first, placeholder);
    // The key's place was taken, as in the author's doc: the old value reads as removed.
    expect(kept.getMap('leads').has('a/notes')).toBe(false);
    expect([...kept.getMap('leads').keys()]).toEqual([]);
    Y.applyUpdate(kept, later);
    expect(kept.getMap('leads').get('a/notes')).toBe('short');
    expect(kept.store.pendingStructs).toBeNull();
  });

  it('text: a refused insert of emoji-laden text keeps its UTF-16 length; what the author types after it lands in place', () => {
    const author = new Y.Doc();
    const text = author.getText('notes');
    const first = write(author, () => text.insert(0, 'abc'));
    const refused = write(author, () => text.insert(3, '😀é'.repeat(2000)));
    const later = write(author, () => text.insert(text.length, 'Z'));
    const before = write(author, () => text.insert(0, '>'));
    const doc = reader(first, placeholderOf(refused, 1000), later, before);
    expect(doc.getText('notes').toString()).toBe('>abcZ');
    expect(doc.store.pendingStructs).toBeNull();
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(author));
  });

  it("the refused write's own deletions are kept (the author may delete; a reconnect sends them anyway); array values and a nested type become invisible", () => {
    const author = new Y.Doc();
    const list = author.getArray('list');
    const first = write(author, () => list.insert(0, ['keep', 'me']));
    const refused = write(author, () => {
      list.delete(0, 1);
      list.insert(1, [big(3000), { deep: [1, 2] }, new Y.Map([['k', 'v']])]);
    });
    const later = write(author, () => list.push(['after']));
    const doc = reader(first, placeholderOf(refused, 1000), later);
    expect(doc.getArray('list').toJSON()).toEqual(['me', 'after']);
    expect(doc.getArray('list').toJSON()).toEqual(author.getArray('list').toJSON().filter((v) => typeof v === 'string' && v.length < 100));
    expect(doc.store.pendingStructs).toBeNull();
  });

  it('a note replaced by a huge one reads as emptied for the teammate, as the author’s next reconnect would make it; what the author types next lands', () => {
    const author = new Y.Doc();
    const text = author.getText('notes');
    const first = write(author, () => text.insert(0, 'old note'));
    const refused = write(author, () => {
      text.delete(0, text.length);
      text.insert(0, big(5000));
    });
    const later = write(author, () => text.insert(text.length, '!'));
    const doc = reader(first, placeholderOf(refused, 1000), later);
    expect(doc.getText('notes').toString()).toBe('!');
    const reconnected = reader(first, placeholderOf(refused, 1000), later, Y.encodeStateAsUpdate(author, Y.encodeStateVector(doc)));
    expect(reconnected.getText('notes').toString()).toBe('!');
  });

  it('a parent or key name past the bound is not copied: that struct becomes GC, invisible, its clocks taken', () => {
    const author = new Y.Doc();
    const refused = write(author, () => author.getMap('leads').set(big(2000), 'v'));
    const later = write(author, () => author.getMap('leads').set('b', 'fine'));
    const placeholder = placeholderOf(refused, 1000);
    expect(placeholder.length).toBeLessThan(30);
    const doc = reader(placeholder, later);
    expect(doc.getMap('leads').toJSON()).toEqual({ b: 'fine' });
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(author));
  });
});

describe('a refused record creation kept as a placeholder', () => {
  it('is no record in the join progress: not in the room\'s count, nor in what a joiner is told it gets', () => {
    const author = new Y.Doc();
    const leads = author.getMap('leads');
    const kept = write(author, () => { leads.set('ada/_c', [1, 'me']); leads.set('ada/name', 'Ada'); });
    const refused = write(author, () => { leads.set('bob/_c', [2, 'me']); leads.set('bob/notes', big(5000)); });
    const placeholder = placeholderOf(refused, 1000);
    expect(recordsIn(refused)).toBe(1);
    expect(recordsIn(placeholder)).toBe(0);
    expect(summarize(Y.mergeUpdates([kept, placeholder])).records).toBe(1);
    expect(reader(kept, placeholder).getMap('leads').has('bob/_c')).toBe(false);
  });
});
