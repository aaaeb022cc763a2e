import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { findDuplicates } from '../../../src/store/lifecycle/duplicates.ts';
import { convertLead, leadTaskIds } from '../../../src/store/lifecycle/conversion.ts';
import { warmDedupeIndex } from '../../../src/store/lifecycle/dedupe-index.ts';
import { timelineActivities } from '../../../src/store/timeline-query.ts';
import { recordDocKey } from '../../../src/domain/routing.ts';

const actor = { memberId: 'm1', role: 'admin' as const };

/** Readers of issue 10: timelines and duplicate lookups read the read model; a shard loads only to write. */
describe('readers off the shards', () => {
  it('a timeline and duplicate lookups (by record and by candidate) load no shard; converting loads only what it writes; edits made after are found', async () => {
    const workspaceId = `readers-${Math.random()}`;
    const e = new Engine({ workspaceId, actor });
    await e.ready;
    const ada = e.repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@engines.example', phones: [{ number: '+44 20 7946 0000' }] });
    const twin = e.repo.create('people', { name: { first: 'Ada', last: 'King' }, emails: [{ email: 'ADA@engines.example' }] });
    const gone = e.repo.create('leads', { name: { first: 'Trash' }, email: 'ada@engines.example' });
    for (let i = 0; i < 40; i++) e.repo.create('leads', { name: { first: `Other${i}`, last: 'Lead' }, email: `o${i}@else.example` });
    await e.run(() => e.repo.delete('leads', gone.id));
    const note = await e.run(() => e.repo.logActivity({ typeId: 'note', parent: { type: 'leads', id: ada.id }, details: 'First call', date: 1_000 }));
    const later = await e.run(() => e.repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: ada.id }, details: 'Second call', date: 2_000 }));
    await e.run(() => e.repo.logActivity({ typeId: 'note', parent: { type: 'people', id: twin.id }, details: 'On the person', date: 1_500 }));
    const task = await e.run(() => e.repo.create('tasks', { name: 'Call back', related: { type: 'leads', id: ada.id } }));
    const other = await e.run(() => e.repo.create('leads', { name: { first: 'Grace' } }));
    await e.settle();
    await e.destroy();

    const again = new Engine({ workspaceId, actor });
    expect((await again.ready).readModel).toBe('current');
    expect(again.docs.loadedDocs()).toEqual([]);

    const timeline = await timelineActivities(again.db, [`leads:${ada.id}`, `people:${twin.id}`, `leads:${ada.id}`]);
    expect(timeline.map((a) => a.details)).toEqual(['Second call', 'On the person', 'First call']);
    expect(timeline.map((a) => a.id)).toContain(note.id);
    expect(timeline[0]).toEqual(later);
    expect(await timelineActivities(again.db, [])).toEqual([]);

    await warmDedupeIndex(again.docs, again.db, () => again.projector.flush());
    const byRecord = findDuplicates(again.repo, { collection: 'leads', id: ada.id });
    expect(byRecord.map((m) => m.id)).toEqual([twin.id]); // the trashed lead is not a duplicate
    const byCandidate = findDuplicates(again.repo, { collection: 'leads', candidate: { name: { first: 'A', last: 'L' }, email: 'ada@engines.example' } });
    expect(byCandidate.map((m) => m.id).sort()).toEqual([ada.id, twin.id].sort());
    expect(() => findDuplicates(again.repo, { collection: 'leads', id: gone.id })).toThrow(/not found|no /i);
    expect(again.docs.loadedDocs()).toEqual([]); // no shard loaded by reading

    // Converting loads only the shards it writes: the lead's tasks come from the read model's task links.
    await again.projector.flush();
    const leadTasks = await leadTaskIds(again.db, other.id);
    expect(leadTasks).toEqual([]);
    expect(await leadTaskIds(again.db, ada.id)).toEqual([task.id]);
    const converted = await again.run(() => convertLead(again.repo, ada.id, { company: { mode: 'none' } }, [task.id]));
    expect(new Set(again.docs.loadedDocs().map(([k]) => k))).toEqual(new Set([recordDocKey(ada.id), recordDocKey(converted.person.id), recordDocKey(task.id)]));
    expect(again.repo.get('tasks', task.id)?.related).toEqual({ type: 'people', id: converted.person.id });
    for (const [k] of again.docs.loadedDocs()) again.docs.unload(k);

    // A write after the index was made is seen at the next lookup (the edit loads its one shard).
    await again.run(() => again.repo.update('people', twin.id, { emails: [{ email: 'king@else.example' }] }));
    expect(again.docs.loadedDocs().map(([k]) => k)).toEqual([recordDocKey(twin.id)]);
    const fresh = again.repo.create('people', { name: { first: 'New' }, emails: [{ email: 'ada@engines.example' }] });
    expect(findDuplicates(again.repo, { collection: 'people', id: converted.person.id }).map((m) => m.id)).toEqual([fresh.id]);
    again.docs.unload(recordDocKey(twin.id));
    expect(findDuplicates(again.repo, { collection: 'people', id: twin.id }).map((m) => m.id)).toEqual([]);
    await again.destroy();
  });

  it('an open timeline follows the read model live (a new activity, one on a second parent)', async () => {
    const { ReadDB } = await import('../../../src/store/read-db.ts');
    const { readPort } = await import('../../../src/ext/read-port.ts');
    const db = new ReadDB(`timeline-live-${Math.random()}`);
    const act = (id: string, parent: string, date: number) => ({ id, typeId: 'note', parent: { type: 'leads' as const, id: parent }, parentKey: `leads:${parent}`, details: id, date, authorId: 'm1', createdAt: date, createdBy: 'm1', updatedAt: date, updatedBy: 'm1' });
    await db.activities.bulkPut([act('a1', 'l1', 10), act('x', 'l9', 30)]);
    const seen: string[][] = [];
    const stop = readPort(db, () => () => {}).watchActivities(['leads:l1', 'leads:l2'], (list) => seen.push(list.map((a) => a.id)));
    const waitFor = async (ids: string[]) => { for (let i = 0; i < 200 && JSON.stringify(seen.at(-1)) !== JSON.stringify(ids); i++) await new Promise((r) => setTimeout(r, 10)); expect(seen.at(-1)).toEqual(ids); };
    await waitFor(['a1']);
    await db.activities.put(act('a2', 'l2', 20));
    await waitFor(['a2', 'a1']);
    await db.activities.put(act('a3', 'l1', 5));
    await waitFor(['a2', 'a1', 'a3']);
    stop();
    db.close();
  });
});
