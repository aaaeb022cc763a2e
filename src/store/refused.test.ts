import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RefusedChanges, refusedChanges } from './refused.ts';

/**
 * A team's doc with one lead, and a copy of it on this device whose updates are kept as the
 * DocStore keeps them (each as written, merged when read: a value overwritten stays readable).
 */
function scene() {
  const team = new Y.Doc();
  const leads = team.getMap('leads');
  team.transact(() => { leads.set('L1/_c', [1, 'alice']); leads.set('L1/title', 'Engineer'); });
  const mine = new Y.Doc();
  const stored: Uint8Array[] = [];
  mine.on('update', (u: Uint8Array) => stored.push(u));
  Y.applyUpdate(mine, Y.encodeStateAsUpdate(team));
  return { team, mine, stored, relay: () => Y.encodeStateVector(team) };
}
const refused = (stored: Uint8Array[], relay: Uint8Array) => refusedChanges('records/1', Y.mergeUpdates(stored), relay, 'Viewers cannot change this workspace.', 5)
  .map((c) => ({ kind: c.kind, record: c.record.id, field: c.field, value: c.value }));

describe('what the relay refused of a doc, as the user wrote it', () => {
  it("a field set twice offline is one note of the last value, even where the team's value set meanwhile won", () => {
    const { team, mine, stored, relay } = scene();
    mine.getMap('leads').set('L1/title', 'Found');
    mine.getMap('leads').set('L1/title', 'Founder');
    mine.getMap('leads').set('L1/_u', [2, 'bob']);
    team.getMap('leads').set('L1/title', 'CTO');
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(team));
    expect(refused(stored, relay())).toEqual([{ kind: 'field', record: 'L1', field: 'title', value: 'Founder' }]);
  });

  it('a record made here only is one note with its fields; one moved to the trash, one note; what the relay holds, none', () => {
    const { mine, stored, relay } = scene();
    const held = relay();
    const leads = mine.getMap('leads');
    mine.transact(() => { leads.set('L2/_c', [3, 'bob']); leads.set('L2/name', { first: 'Otto', last: 'Offline' }); });
    leads.set('L1/_d', [4, 'bob']);
    const notes = refused(stored, held);
    expect(notes).toHaveLength(2);
    expect(notes).toContainEqual({ kind: 'deleted', record: 'L1', field: undefined, value: [4, 'bob'] });
    expect(notes.find((n) => n.kind === 'created')).toMatchObject({ record: 'L2', value: { id: 'L2', name: { first: 'Otto', last: 'Offline' } } });
    expect(refused(stored, Y.encodeStateVector(mine))).toEqual([]);
  });

  it('an activity logged here is a note on its parent record', () => {
    const mine = new Y.Doc();
    mine.getMap('activities').set('A1', { typeId: 'call', parent: { type: 'leads', id: 'L1' }, details: 'Called' });
    const notes = refusedChanges('activities/1', Y.encodeStateAsUpdate(mine), Y.encodeStateVector(new Map()), 'r', 1);
    expect(notes.map((n) => ({ kind: n.kind, record: n.record }))).toEqual([{ kind: 'activity', record: { type: 'leads', id: 'L1' } }]);
  });

  it('kept across a reopen, listed per record, dismissed by id', async () => {
    const { mine, relay } = scene();
    const held = relay();
    mine.getMap('leads').set('L1/title', 'Founder');
    const notes = refusedChanges('records/1', Y.encodeStateAsUpdate(mine), held, 'r', 1);
    const store = new RefusedChanges('refused-test');
    await store.put([...notes, ...notes]);
    await store.close();
    const again = new RefusedChanges('refused-test');
    expect((await again.list({ type: 'leads', id: 'L1' })).map((c) => c.value)).toEqual(['Founder']);
    expect(await again.list({ type: 'leads', id: 'L2' })).toEqual([]);
    await again.dismiss(notes.map((n) => n.id));
    expect(await again.list()).toEqual([]);
    await again.close();
  });
});
