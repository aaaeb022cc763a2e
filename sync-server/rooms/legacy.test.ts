import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { activityDocKey, recordDocKey } from '../../src/domain/routing.ts';
import { legacyChanges, legacyEntryDoc, shardUpdate } from './legacy.ts';

describe('relay-side upgrade: routing the keys of an old doc', () => {
  it('records by their id, activities and history by their parent, strays by their own key', () => {
    expect(legacyEntryDoc('records', 'lead-1/title', 'x')).toBe(recordDocKey('lead-1'));
    expect(legacyEntryDoc('activities', 'act-1', { parent: { type: 'leads', id: 'lead-1' } })).toBe(activityDocKey('lead-1'));
    expect(legacyEntryDoc('activities', 'h-1', { recordId: 'lead-2' })).toBe(activityDocKey('lead-2'));
    expect(legacyEntryDoc('activities', 'junk', 42)).toBe(activityDocKey('junk'));
  });

  it('only keys whose value changed, deletions included, and a write that overrides the shard\'s value', () => {
    const before = new Y.Doc();
    before.getMap('leads').set('a/title', 'Old');
    before.getMap('leads').set('b/title', 'Same');
    before.getMap('leads').set('c/title', 'Gone');
    const after = new Y.Doc();
    Y.applyUpdate(after, Y.encodeStateAsUpdate(before));
    after.getMap('leads').set('a/title', 'New');
    after.getMap('leads').set('b/title', 'Same');
    after.getMap('leads').delete('c/title');
    after.getMap('people').set('p/name', { first: 'P' });
    const changes = legacyChanges('records', before, after);
    expect(changes.map((c) => [c.map, c.key, c.value, c.doc])).toEqual([
      ['leads', 'a/title', 'New', recordDocKey('a')],
      ['leads', 'c/title', undefined, recordDocKey('c')],
      ['people', 'p/name', { first: 'P' }, recordDocKey('p')],
    ]);

    // The shard has a concurrent value for a/title: the re-split write follows it, so it wins.
    const shard = new Y.Doc();
    shard.getMap('leads').set('a/title', 'Edited after the upgrade');
    const update = shardUpdate([Y.encodeStateAsUpdate(shard)], changes.slice(0, 1))!;
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, update);
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(shard));
    expect(elsewhere.getMap('leads').get('a/title')).toBe('New');
    expect(shardUpdate([], [])).toBeNull();
  });
});
