import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { DocStore } from '../../../src/store/doc-store.ts';
import { ShardSet } from '../../../src/store/shards.ts';
import { Projector } from '../../../src/store/projector.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { Repository } from '../../../src/store/repository.ts';
import { seedDefaults } from '../../../src/store/config-store.ts';
import { DedupeIndex } from '../../../src/store/lifecycle/dedupe-index.ts';
import { watchConflicts, type Detected } from '../../../src/store/conflicts.ts';
import { profileOf } from '../../../src/domain/lifecycle/index.ts';
import { docsOf, replica } from './helpers.ts';
import { byKey } from './old-read-dbs.ts';
import type { DocKey } from '../../../src/domain/routing.ts';

/**
 * A joining teammate's record shards are read from the relay's updates without building their
 * docs (src/store/shards.ts `applyUnloaded`, src/layout/update-maps.ts): the read model, the
 * dedupe index and the conflicts they get must be those a join that builds every doc gets.
 */
const open: ({ close(): void } | { destroy(): void })[] = [];
afterEach(() => { for (const o of open.splice(0)) if ('destroy' in o) o.destroy(); else o.close(); });

function team() {
  const t = replica();
  const leads = Array.from({ length: 600 }, (_, i) => t.repo.create('leads', {
    name: { first: i % 2 ? 'Grace' : 'Ada', last: `Joined${i}` }, email: `lead${i}@example.org`, phones: [{ number: `+1 415 555 ${String(i).padStart(4, '0')}`, category: 'work' }],
  }));
  for (let i = 0; i < 40; i++) t.repo.update('leads', leads[i].id, { title: `Title ${i}` });
  for (let i = 40; i < 50; i++) t.repo.delete('leads', leads[i].id);
  const company = t.repo.create('companies', { name: 'Acme Inc.', emailDomain: 'acme.example' });
  t.repo.create('people', { name: { first: 'Pat', last: 'Lee' }, companyId: company.id, emails: [{ email: 'pat@acme.example', category: 'work' }] });
  t.repo.create('tasks', { name: 'Call back', related: { type: 'leads', id: leads[0].id } });
  for (let i = 0; i < 60; i++) t.repo.logActivity({ typeId: i % 2 ? 'call' : 'note', parent: { type: 'leads', id: leads[100 + i * 7].id }, details: `Talked ${i}` });
  return { ...t, leads };
}

/** The team with a conflict it has recorded: two members edited one title without seeing each other's edit. */
function teamWithConflict() {
  const t = team();
  const other = replica({ memberId: 'm3', role: 'member' });
  for (const [key, doc] of docsOf(t.docs)) Y.applyUpdate(other.docs.doc(key), Y.encodeStateAsUpdate(doc));
  const id = t.leads[5].id;
  t.repo.update('leads', id, { title: 'Mine' });
  other.repo.update('leads', id, { title: 'Theirs' });
  const unwatch = watchConflicts(t.docs, (found) => t.repo.recordDropped(found, 'Ada'));
  for (const [key, doc] of docsOf(other.docs)) if (key !== 'config') Y.applyUpdate(t.docs.doc(key), Y.encodeStateAsUpdate(doc, Y.encodeStateVector(t.docs.doc(key))), 'remote');
  unwatch();
  return { ...t, conflicted: id };
}

/** A joiner on a DocStore (shards on demand), its read model, dedupe index and conflicts watch; the team's docs applied as the relay sends them. */
async function join(updates: [DocKey, Uint8Array][], config: Y.Doc) {
  const store = new DocStore(`join-unloaded-${Math.random()}`);
  const docs = new ShardSet({ store });
  Y.applyUpdate(docs.config, Y.encodeStateAsUpdate(config));
  const db = new ReadDB(`join-unloaded-${Math.random()}`);
  const projector = new Projector(docs, db);
  const dedupe = new DedupeIndex(docs, []);
  const conflicts: Detected[] = [];
  const unwatch = watchConflicts(docs, (d) => conflicts.push(d));
  open.push(projector, db, dedupe, { destroy: unwatch }, { destroy: () => docs.destroy() }, { close: () => void store.close() });
  await projector.catchUp();
  for (const [key, update] of updates) await docs.applyRemote(key, update);
  await store.durable();
  await projector.flush();
  await projector.unpacked();
  return { store, docs, db, projector, dedupe, conflicts };
}

const updatesOf = (docs: ReturnType<typeof replica>['docs']) =>
  docsOf(docs).filter(([k]) => k !== 'config').map(([k, d]) => [k, Y.encodeStateAsUpdate(d)] as [DocKey, Uint8Array]);

describe('a join reads record shards from the updates, without their docs', () => {
  it('gives the rows, activities, history, conflicts, signals and task links a join that builds every doc gives, building only the shard with concurrent writes', async () => {
    const t = teamWithConflict();
    const { shardOf } = await import('../../../src/domain/routing.ts');
    const updates = updatesOf(t.docs);
    const fast = await join(updates, t.docs.config);
    expect(fast.docs.loadedDocs().map(([k]) => k)).toEqual([`records/${shardOf(t.conflicted)}`]);
    // The same join with every doc built (the docs in memory, as before this path).
    const built = replica();
    const db = new ReadDB(`join-built-${Math.random()}`);
    const projector = new Projector(built.docs, db);
    open.push(projector, db);
    Y.applyUpdate(built.docs.config, Y.encodeStateAsUpdate(t.docs.config));
    await projector.catchUp();
    for (const [key, update] of updates) Y.applyUpdate(built.docs.doc(key), update, 'outpost:remote');
    await projector.flush();
    await projector.unpacked();

    const rows = byKey(await fast.db.records.toArray());
    const want = byKey(await db.records.toArray());
    expect(rows.length).toBe(600 + 3);
    expect(rows.map((r) => [r.key, r.deleted, r.data, r.words, r.match, r.pairs, r.emails])).toEqual(want.map((r) => [r.key, r.deleted, r.data, r.words, r.match, r.pairs, r.emails]));
    const strip = (rs: { stageSince?: number; recordKey: string }[]) => rs.map((r) => ({ ...r, stageSince: !!r.stageSince })).sort((a, b) => a.recordKey.localeCompare(b.recordKey));
    expect(strip(await fast.db.signals.toArray())).toEqual(strip(await db.signals.toArray()));
    expect(await fast.db.taskLinks.toArray()).toEqual(await db.taskLinks.toArray());
    const sorted = <T extends { id: string }>(rs: T[]) => rs.sort((a, b) => a.id.localeCompare(b.id));
    expect((await fast.db.activities.count())).toBe(60);
    expect(sorted(await fast.db.activities.toArray())).toEqual(sorted(await db.activities.toArray()));
    expect((await fast.db.history.count())).toBeGreaterThan(0);
    expect(sorted(await fast.db.history.toArray())).toEqual(sorted(await db.history.toArray()));
    const dropped = await fast.db.conflicts.toArray();
    expect(dropped.map((c) => [c.recordId, c.field, c.names])).toEqual([[t.conflicted, 'title', { m1: 'Ada' }]]);
    expect(sorted(dropped)).toEqual(sorted(await db.conflicts.toArray()));

    // The dedupe index followed the join: a capture of a joined lead's address is a duplicate; a trashed one is not.
    const match = (email: string) => fast.dedupe.candidates(profileOf('leads', { email } as never)).map((p) => p.id);
    expect(match('LEAD7@example.org')).toContain(t.leads[7].id);
    expect(match('lead45@example.org')).not.toContain(t.leads[45].id);

    // Editing a joined record builds its shard from the stored update; the edit chains on the team's.
    const repo = new Repository({ docs: fast.docs, actor: { memberId: 'm2', role: 'member' } });
    const id = t.leads[3].id;
    await fast.docs.load([`records/${(await import('../../../src/domain/routing.ts')).shardOf(id)}` as DocKey]);
    repo.update('leads', id, { title: 'Edited after the join' });
    await fast.projector.flush();
    expect(((await fast.db.records.get(`leads:${id}`))?.data as { title?: string }).title).toBe('Edited after the join');
  });

  it("a shard holding teammates' concurrent writes is built as a doc, so the value Yjs drops is kept as a conflict, as before", async () => {
    const t = team();
    const other = replica({ memberId: 'm3', role: 'member' });
    // Both replicas hold the lead, then edit its title without seeing each other's edit.
    for (const [key, doc] of docsOf(t.docs)) Y.applyUpdate(other.docs.doc(key), Y.encodeStateAsUpdate(doc));
    const id = t.leads[5].id;
    const sent: [DocKey, Uint8Array][] = [];
    const listen = (docs: ReturnType<typeof replica>['docs']) => docs.onUpdate((u) => { if (u.key !== 'config') sent.push([u.key, u.update]); });
    const offs = [listen(t.docs), listen(other.docs)];
    t.repo.update('leads', id, { title: 'Mine' });
    other.repo.update('leads', id, { title: 'Theirs' });
    for (const off of offs) off();
    // The relay holds each writer's updates merged: the losing title is not deleted in any of them.
    const base = updatesOf(t.docs).map(([k, u]) => [k, u] as [DocKey, Uint8Array]);
    const merged = base.map(([k, u]) => [k, Y.mergeUpdates([u, ...sent.filter(([s]) => s === k).map(([, x]) => x)])] as [DocKey, Uint8Array]);
    const joined = await join(merged, t.docs.config);
    const { shardOf } = await import('../../../src/domain/routing.ts');
    expect(joined.docs.loadedDocs('records').map(([k]) => k)).toEqual([`records/${shardOf(id)}`]);
    expect(joined.conflicts.flatMap((c) => c.dropped.map((d) => [d.recordId, d.field]))).toEqual([[id, 'title']]);
  });
});
