import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { DocStore } from '../../../src/store/doc-store.ts';
import { ShardSet } from '../../../src/store/shards.ts';
import { createSyncStore } from '../../../src/store/sync-store.ts';
import { RefusedChanges } from '../../../src/store/refused.ts';
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
async function bobsCopy(team: Uint8Array) {
  const bob = new Engine({ workspaceId: `bob-${Math.random()}`, seed: false, actor: { memberId: 'bob', role: 'member', name: 'Bob' } });
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
        bob.run(() => bob.repo.update('leads', ids.otto, { title: ottoTitle })),
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
      // Otto exists only in what the relay refused: an edit of it after the retake began is either
      // kept in a note or refused with a clear error (the record is no longer on this device).
      if (otto.status === 'rejected') expect(String(otto.reason)).toMatch(/No leads record with id/);
      else expect(holds(notes, ottoTitle), `"${ottoTitle}" lost`).toBe(true);
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
