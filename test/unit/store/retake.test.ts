import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { DocStore } from '../../../src/store/doc-store.ts';
import { ShardSet } from '../../../src/store/shards.ts';
import { createSyncStore } from '../../../src/store/sync-store.ts';
import { RefusedChanges } from '../../../src/store/refused.ts';
import { seedDefaults } from '../../../src/store/config-store.ts';
import { collectionMap } from '../../../src/layout/records-doc.ts';
import { recordDocKey, shardOf, type DocKey } from '../../../src/domain/routing.ts';

/**
 * A doc the relay refused for the writer's role is retaken (`ShardSyncStore.retake`): what the
 * device wrote is kept as refused changes ("Not saved" notes), the doc's stored state dropped,
 * and the relay's state synced in. The user may type at any moment meanwhile. Every value typed
 * must end in the doc or in a note (never in neither), the stored doc must never hold a change
 * built on clocks it lacks, and the records the team has must stay listed throughout.
 */
const REASON = 'Viewers cannot change this workspace.';
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Ids of one shard: Ada (the team's), Otto (made here only), and a new lead per run. */
const ids = (() => {
  const target = shardOf('lead-ada');
  const out: string[] = [];
  for (let i = 0; out.length < 80; i++) if (shardOf(`lead-${i}`) === target) out.push(`lead-${i}`);
  return { ada: 'lead-ada', otto: out[0], fresh: out.slice(1) };
})();
const key: DocKey = recordDocKey(ids.ada);

/** The team's state of the shard: Ada, made by Alice (what the relay holds). */
async function teamState(): Promise<Uint8Array> {
  const alice = new Engine({ workspaceId: `team-${Math.random()}`, persist: false, seed: false, actor: { memberId: 'alice', role: 'admin', name: 'Alice' } });
  await alice.ready;
  await alice.run(() => alice.repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, title: 'Engineer' }, { id: ids.ada }));
  const state = Y.encodeStateAsUpdate(alice.docs.doc(key));
  await alice.destroy();
  return state;
}

/** Bob's copy: the team's Ada synced, then, refused by the relay: Ada's title changed and Otto made. */
async function bobsCopy(team: Uint8Array, options: { retakeWaitMs?: number } = {}) {
  const bob = new Engine({ workspaceId: `bob-${Math.random()}`, seed: false, actor: { memberId: 'bob', role: 'member', name: 'Bob' }, ...options });
  await bob.ready;
  await bob.syncStore.applyRemote(key, team);
  const relayVector = await bob.syncStore.stateVector(key);
  await bob.run(() => bob.repo.update('leads', ids.ada, { title: 'Founder' }));
  await bob.run(() => bob.repo.create('leads', { name: { first: 'Otto', last: 'Offline' } }, { id: ids.otto }));
  await bob.settle();
  return { bob, relayVector };
}

/** Every value of the stored doc's lead maps, as text, and whether it holds changes it cannot integrate. */
async function stored(bob: Engine) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await bob.store!.merged(key));
  const values = [...collectionMap(doc, 'leads').values()].map((v) => JSON.stringify(v));
  const pending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  doc.destroy();
  return { values, pending };
}

/** The retake, then the relay's answer to the empty step 1 the connection sends: the room's whole state. */
async function retakeAndAnswer(bob: Engine, relayVector: Uint8Array, team: Uint8Array): Promise<boolean> {
  const retaken = await bob.syncStore.retake!(key, relayVector, REASON);
  await bob.syncStore.applyRemote(key, team);
  return retaken;
}

const kept = async (bob: Engine) => (await bob.refused!.list()).map((c) => JSON.stringify(c.value));
const holds = (texts: string[], value: string) => texts.some((t) => t.includes(value));

describe('a retake with the user typing at every step of it', () => {
  it('keeps every value typed in the doc or in a Not saved note, never stores a change on clocks the doc lacks, and keeps the team\'s record listed', async () => {
    const team = await teamState();
    // How many turns a retake and the relay's answer take here (each step: the hold, the reads,
    // the note, the drop, the answer stored, the rows re-read).
    const dry = await bobsCopy(team);
    let turns = 0;
    let over = false;
    const run = retakeAndAnswer(dry.bob, dry.relayVector, team).then(() => { over = true; });
    while (!over) { await tick(); turns++; }
    await run;
    await dry.bob.destroy();
    expect(turns).toBeGreaterThan(3);

    for (let at = 0; at <= turns + 2; at++) {
      const { bob, relayVector } = await bobsCopy(team);
      const adaRows: boolean[] = [];
      let done = false;
      const retaken = retakeAndAnswer(bob, relayVector, team).then((r) => { done = true; return r; });
      for (let i = 0; i < at; i++) { await tick(); adaRows.push(!!(await bob.db.records.get(`leads:${ids.ada}`))); }
      // Typed now: a field of the team's record, a new record, a field of the record made here only.
      const company = `Company typed at ${at}`;
      const nell = `Nell${at}`;
      const ottoTitle = `Otto's title typed at ${at}`;
      const edits = Promise.allSettled([
        bob.run(() => bob.repo.update('leads', ids.ada, { companyName: company })),
        bob.run(() => bob.repo.create('leads', { name: { first: nell, last: 'New' } }, { id: ids.fresh[at] })),
        bob.run(() => bob.edits.update('leads', ids.otto, { title: ottoTitle })),
      ]);
      while (!done) { await tick(); adaRows.push(!!(await bob.db.records.get(`leads:${ids.ada}`))); }
      expect(await retaken).toBe(true);
      const [ada, created, otto] = await edits;
      await bob.settle();

      const doc = await stored(bob);
      const notes = await kept(bob);
      expect(doc.pending, `a change stored on clocks the doc lacks (typed at turn ${at})`).toBe(false);
      // The refused changes made before the retake: kept, and the team's values in the doc.
      expect(holds(notes, 'Founder'), `turn ${at}`).toBe(true);
      expect(holds(notes, 'Otto'), `turn ${at}`).toBe(true);
      expect(holds(doc.values, 'Engineer') && !holds(doc.values, 'Founder'), `turn ${at}`).toBe(true);
      // What was typed meanwhile: in the doc or in a note.
      expect(ada.status, `turn ${at}: ${ada.status === 'rejected' ? String(ada.reason) : ''}`).toBe('fulfilled');
      expect(created.status, `turn ${at}`).toBe('fulfilled');
      expect(holds(doc.values, company) || holds(notes, company), `"${company}" lost`).toBe(true);
      expect(holds(doc.values, nell) || holds(notes, nell), `"${nell}" lost`).toBe(true);
      // Otto exists only in what the relay refused: an edit of it after the retake began is kept
      // in a note, made before the drop or after it (then it answers "Not saved", never "No leads record").
      if (otto.status === 'rejected') expect(String(otto.reason), `turn ${at}`).toMatch(/^NotSavedError: Not saved: Viewers cannot change this workspace\. What you typed is kept/);
      expect(holds(notes, ottoTitle), `"${ottoTitle}" lost (turn ${at})`).toBe(true);
      // The team's record never left the list; the record made here only is gone from it.
      expect(adaRows.every(Boolean), `Ada's row gone at a turn of the retake typed at ${at}: ${adaRows.map(Number).join('')}`).toBe(true);
      const row = await bob.db.records.get(`leads:${ids.ada}`);
      expect((row?.data as { title?: string }).title).toBe('Engineer');
      expect(await bob.db.records.get(`leads:${ids.otto}`)).toBeUndefined();
      await bob.destroy();
    }
  }, 240_000);

  it('an edit of a retaken doc waits for the team\'s state, and is made on it', async () => {
    const team = await teamState();
    const { bob, relayVector } = await bobsCopy(team);
    expect(await bob.syncStore.retake!(key, relayVector, REASON)).toBe(true);
    // The doc's rows are as they were until the relay's state is in: Bob's values still shown.
    expect(((await bob.db.records.get(`leads:${ids.ada}`))?.data as { title?: string }).title).toBe('Founder');
    let edited = false;
    const edit = bob.run(() => bob.repo.update('leads', ids.ada, { companyName: 'Analytical Engines' })).then(() => { edited = true; });
    for (let i = 0; i < 20; i++) await tick();
    expect(edited).toBe(false);
    await bob.syncStore.applyRemote(key, team);
    await edit;
    await bob.settle();
    const row = (await bob.db.records.get(`leads:${ids.ada}`))?.data as { title?: string; companyName?: string };
    expect(row).toMatchObject({ title: 'Engineer', companyName: 'Analytical Engines' });
    expect((await stored(bob)).pending).toBe(false);
    await bob.destroy();
  });
});

describe('a retake whose relay never answers', () => {
  it('lets the doc\'s edits through and re-reads its rows after the wait, on what is stored', async () => {
    const store = new DocStore(`retake-wait-${Math.random()}`);
    const docs = new ShardSet({ store });
    await docs.load([key]);
    docs.doc(key).getMap('leads').set('x/name', 'Mine');
    const reread: DocKey[] = [];
    const refused = new RefusedChanges(`refused-wait-${Math.random()}`);
    const sync = createSyncStore(docs, { refused, reproject: async (k) => { reread.push(k); }, retakeWaitMs: 200 });
    // The relay was known to hold a client this copy never gets: its state never comes.
    const never = Y.encodeStateVector(new Map([[424242, 3]]));
    expect(await sync.retake!(key, never, REASON)).toBe(true);
    let loaded = false;
    const load = docs.load([key]).then(() => { loaded = true; });
    await new Promise((r) => setTimeout(r, 50));
    expect({ loaded, reread }).toEqual({ loaded: false, reread: [] });
    await load;
    expect(reread).toEqual([key]);
    expect(docs.doc(key).getMap('leads').toJSON()).toEqual({});
    expect((await refused.list()).map((c) => c.value)).toEqual(['Mine']);
    await sync.close();
    docs.destroy();
    await store.close();
  });
});

describe('an edit of a record the relay\'s refusal took away', () => {
  const notesOf = async (bob: Engine, id: string) => (await bob.refused!.list({ type: 'leads', id })).map((c) => ({ kind: c.kind, field: c.field, value: c.value, reason: c.reason }));
  const attempt = (p: Promise<unknown>) => p.then(() => 'written', (e: unknown) => String(e));

  it('of a record made here only: kept Not saved with every typed value, the truth told, never "No leads record"', async () => {
    const team = await teamState();
    const { bob, relayVector } = await bobsCopy(team);
    seedDefaults(bob.docs.config, { id: 'alice' }); // the team's settings: its activity types
    await retakeAndAnswer(bob, relayVector, team);
    await bob.settle();
    const before = (await notesOf(bob, ids.otto)).length;
    const outcomes = [
      await attempt(bob.run(() => bob.edits.update('leads', ids.otto, { title: 'Chief Offline Officer', companyName: 'Otto GmbH' }))),
      await attempt(bob.run(() => bob.edits.update('leads', ids.otto, { title: 'Typed again', email: null }))),
      await attempt(bob.run(() => bob.edits.logActivity({ typeId: 'note', parent: { type: 'leads', id: ids.otto }, details: 'Called Otto about the offer' }))),
      await attempt(bob.run(() => bob.edits.delete('leads', ids.otto))),
    ];
    for (const o of outcomes) expect(o).toBe("NotSavedError: Not saved: Viewers cannot change this workspace. What you typed is kept in this lead's “Not saved” notes, to copy.");
    const added = (await notesOf(bob, ids.otto)).slice(before);
    expect(added).toEqual(expect.arrayContaining([
      { kind: 'field', field: 'title', value: 'Chief Offline Officer', reason: REASON },
      { kind: 'field', field: 'companyName', value: 'Otto GmbH', reason: REASON },
      { kind: 'field', field: 'title', value: 'Typed again', reason: REASON },
      { kind: 'field', field: 'email', value: null, reason: REASON },
      { kind: 'activity', field: undefined, value: expect.objectContaining({ details: 'Called Otto about the offer' }), reason: REASON },
      { kind: 'deleted', field: undefined, value: null, reason: REASON },
    ]));
    expect(added).toHaveLength(6);
    // Nothing of it reached the doc or the list.
    expect(await bob.db.records.get(`leads:${ids.otto}`)).toBeUndefined();
    expect(holds((await stored(bob)).values, 'Chief Offline Officer')).toBe(false);
    await bob.destroy();
  });

  it('a bad value is refused with its reason and kept nowhere; a record that never was stays "No leads record"', async () => {
    const team = await teamState();
    const { bob, relayVector } = await bobsCopy(team);
    await retakeAndAnswer(bob, relayVector, team);
    const before = (await bob.refused!.list()).length;
    expect(await attempt(bob.run(() => bob.edits.update('leads', ids.otto, { email: 'not an address' })))).toMatch(/^ValidationError: .*email/);
    expect(await attempt(bob.run(() => bob.edits.update('leads', ids.otto, { shoeSize: 44 })))).toMatch(/^ValidationError: .*shoeSize/);
    expect(await attempt(bob.run(() => bob.edits.update('leads', ids.fresh[0], { title: 'Nobody' })))).toBe(`NotFoundError: No leads record with id ${ids.fresh[0]}`);
    expect((await bob.refused!.list()).length).toBe(before);
    await bob.destroy();
  });

  it('of a team record after the wait ran out without the relay\'s answer: kept Not saved until the team\'s state is in, then written', async () => {
    const team = await teamState();
    const { bob, relayVector } = await bobsCopy(team, { retakeWaitMs: 100 });
    expect(await bob.syncStore.retake!(key, relayVector, REASON)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    // The doc is dropped and the relay has not answered: Ada is not on this device.
    expect(await attempt(bob.run(() => bob.edits.update('leads', ids.ada, { companyName: 'Typed in the gap' })))).toMatch(/^NotSavedError: Not saved: Viewers cannot change/);
    expect(await notesOf(bob, ids.ada)).toContainEqual({ kind: 'field', field: 'companyName', value: 'Typed in the gap', reason: REASON });
    // The next sync brings the team's state: Ada is edited as any record again.
    await bob.syncStore.applyRemote(key, team);
    expect(bob.syncStore.retakenReason(key)).toBeUndefined();
    expect(await attempt(bob.run(() => bob.edits.update('leads', ids.ada, { companyName: 'Typed after' })))).toBe('written');
    await bob.settle();
    expect((await bob.db.records.get(`leads:${ids.ada}`))?.data).toMatchObject({ title: 'Engineer', companyName: 'Typed after' });
    await bob.destroy();
  });
});
