import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { createPresence, MAX_PUBLISHED_VIEWING, PRESENCE_PAGE_TTL_MS } from './presence.ts';

/** Two engines' awareness linked the way the relay links them: every state stamped with the sender's member id. */
function linked(members: string[]) {
  const all = members.map((memberId) => ({ memberId, awareness: new awarenessProtocol.Awareness(new Y.Doc()) }));
  for (const from of all) {
    from.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
      const update = awarenessProtocol.modifyAwarenessUpdate(
        awarenessProtocol.encodeAwarenessUpdate(from.awareness, [...added, ...updated, ...removed]),
        (s: Record<string, unknown> | null) => (s ? { ...s, member: { id: from.memberId, role: 'member' } } : s),
      );
      for (const to of all) if (to !== from) awarenessProtocol.applyAwarenessUpdate(to.awareness, update, 'relay');
    });
  }
  return all;
}

describe('who else is viewing a record', () => {
  const made: awarenessProtocol.Awareness[] = [];
  afterEach(() => { made.splice(0).forEach((a) => a.destroy()); });

  it('names the other members with the record open, never me, once per member', () => {
    let t = 1000;
    const [a, b, c] = linked(['alice', 'bob', 'carol']);
    made.push(a.awareness, b.awareness, c.awareness);
    const pa = createPresence(a.awareness, { memberId: 'alice', name: 'Alice' }, () => t);
    const pb = createPresence(b.awareness, { memberId: 'bob', name: 'Bob' }, () => t);
    const pc = createPresence(c.awareness, { memberId: 'carol', name: 'Carol' }, () => t);

    expect(pa.view('panel', ['leads:1'])).toEqual({ 'leads:1': [] });
    pb.view('panel', ['leads:1']);
    pb.view('dashboard', ['leads:1']); // two pages of one member: named once
    pc.view('panel', ['leads:2']);
    expect(pa.view('panel', ['leads:1'])).toEqual({ 'leads:1': [{ memberId: 'bob', name: 'Bob' }] });
    expect(pb.othersViewing('leads:1')).toEqual([{ memberId: 'alice', name: 'Alice' }]);
    expect(pc.othersViewing('leads:2')).toEqual([]);

    // Bob leaves the record in one page: still there in the other; then in both.
    pb.view('panel', []);
    expect(pa.othersViewing('leads:1').map((v) => v.name)).toEqual(['Bob']);
    pb.view('dashboard', ['leads:2']);
    expect(pa.othersViewing('leads:1')).toEqual([]);
    expect(pc.othersViewing('leads:2').map((v) => v.name)).toEqual(['Bob']);

    // A page that stops saying what it shows (closed without a goodbye) drops out.
    t += PRESENCE_PAGE_TTL_MS + 1;
    pb.prune();
    expect(pc.othersViewing('leads:2')).toEqual([]);
  });

  it('publishes a bounded list however many pages are open (the relay drops oversized states)', () => {
    const mine = new awarenessProtocol.Awareness(new Y.Doc());
    made.push(mine);
    const p = createPresence(mine, { memberId: 'alice', name: 'Alice' });
    for (let i = 0; i < 300; i++) p.view(`tab-${i}`, [`leads:${'x'.repeat(30)}${i}`]);
    const state = mine.getLocalState() as { viewing: string[] };
    expect(state.viewing).toHaveLength(MAX_PUBLISHED_VIEWING);
    expect(JSON.stringify(state).length).toBeLessThan(16 * 1024);
  });

  it('ignores states without a member stamped by the relay', () => {
    const doc = new Y.Doc();
    const mine = new awarenessProtocol.Awareness(doc);
    const other = new awarenessProtocol.Awareness(new Y.Doc());
    made.push(mine, other);
    const p = createPresence(mine, { memberId: 'alice', name: 'Alice' });
    other.setLocalState({ user: { name: 'Mallory' }, viewing: ['leads:1'] });
    awarenessProtocol.applyAwarenessUpdate(mine, awarenessProtocol.encodeAwarenessUpdate(other, [other.clientID]), 'relay');
    expect(p.othersViewing('leads:1')).toEqual([]);
  });
});
