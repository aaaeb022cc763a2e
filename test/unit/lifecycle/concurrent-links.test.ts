import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { convertLead, mergeRecords, resolveMerged, timeline } from '../../../src/store/lifecycle/index.ts';
import { timelineParents } from '../../../src/domain/lifecycle/timeline.ts';
import { Projector } from '../../../src/store/projector.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { timelineActivities } from '../../../src/store/timeline-query.ts';
import { queryKnownHere } from '../../../src/store/known-query.ts';
import { signalsOf } from '../../../src/store/signal-queries.ts';
import { describeKnown } from '../../../src/ext/known-port.ts';
import type { Repository } from '../../../src/store/repository.ts';
import type { WorkspaceDocs } from '../../../src/store/docs.ts';
import { docsOf } from '../store/helpers.ts';
import { syncAll, workspace } from './helpers.ts';
import * as Y from 'yjs';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { undoBatch } from '../../../src/store/undo.ts';

/**
 * A merge writes the loser's links into the winner's lists (`mergedFromIds`,
 * `convertedFromLeadIds`), but a list is one value: two teammates writing the winner's list at
 * the same moment (each merging something else into it, or converting the same lead again)
 * keep one list, last writer wins. The timeline must still show everything merged or converted
 * into the record: it also follows the links each absorbed record holds itself (`flowsInto`),
 * in the docs and in the read model the side panel reads.
 */
const open: { close(): void }[] = [];
afterEach(() => { for (const o of open.splice(0)) o.close(); });

/** A read model of the docs, made now (a fresh projection) and kept by its projector from then on. */
async function readModel(docs: WorkspaceDocs) {
  const db = new ReadDB(`links-${Math.random()}`);
  open.push(db);
  const projector = new Projector(docs, db);
  open.unshift({ close: () => projector.destroy() });
  await projector.catchUp();
  await projector.flush();
  return { db, projector };
}

async function readModelTimeline(docs: WorkspaceDocs, repo: Repository, id: string): Promise<string[]> {
  const { db } = await readModel(docs);
  const row = (await db.records.get(`people:${id}`))!;
  const first = timelineParents('people', row.data);
  return (await timelineActivities(db, first)).map((a) => a.details).sort();
}

function teammates() {
  const a = workspace();
  const b = workspace({ memberId: 'm2', role: 'member' });
  const log = (repo: Repository, type: 'people' | 'leads', id: string, details: string) => repo.logActivity({ typeId: 'call', parent: { type, id }, details, date: 5_000 });
  return { a, b, log };
}

/**
 * Try `i` of "a teammate converts a lead again while its person absorbs another lead's person",
 * the teammates in sync with a call on the second lead; `write` makes both writes (nothing
 * exchanged) and gives the winner's id. Which list a concurrent write keeps depends on the
 * replicas' (random) client ids, one chance in two: callers run tries until the conversion
 * overwrote the merged list (16 tries: it fails to happen once in 65,000 runs), each checked.
 */
function convertAgain(i: number) {
  const t = teammates();
  const [a, b] = i % 2 ? [t.b, t.a] : [t.a, t.b];
  const l1 = t.a.repo.create('leads', { name: { first: 'Lena' }, email: 'lena@acme.io' });
  const l2 = t.a.repo.create('leads', { name: { first: 'Lars' }, email: 'lars@beta.org' });
  t.log(t.a.repo, 'leads', l2.id, 'second lead call');
  syncAll(a.docs, b.docs);
  const write = () => {
    const winner = convertLead(a.repo, l1.id, { company: { mode: 'none' }, opportunity: false }).person;
    const loser = convertLead(a.repo, l2.id, { company: { mode: 'none' }, opportunity: false }).person;
    mergeRecords(a.repo, 'people', winner.id, loser.id);
    convertLead(b.repo, l1.id, { company: { mode: 'none' }, opportunity: false }); // at the same time
    return winner.id;
  };
  const overwrote = (winnerId: string) => !(a.repo.get('people', winnerId)!.convertedFromLeadIds as string[]).includes(l2.id);
  return { a, b, write, overwrote };
}

describe('timelines after concurrent merges and conversions', () => {
  it('two teammates merging different records into one person at once: its timeline shows both, though its list kept one', async () => {
    const { a, b, log } = teammates();
    const w = a.repo.create('people', { name: { first: 'Winner' } });
    const y = a.repo.create('people', { name: { first: 'Yael' } });
    const lead = a.repo.create('leads', { name: { first: 'Lena' }, email: 'lena@acme.io' });
    log(a.repo, 'people', w.id, 'winner call');
    log(a.repo, 'people', y.id, 'yael call');
    log(a.repo, 'leads', lead.id, 'lead call');
    const person = convertLead(a.repo, lead.id, { company: { mode: 'none' }, opportunity: false }).person;
    syncAll(a.docs, b.docs);

    mergeRecords(a.repo, 'people', w.id, person.id); // Ann: the lead's person into the winner
    mergeRecords(b.repo, 'people', w.id, y.id); // Ben, at the same time: Yael into the winner
    syncAll(a.docs, b.docs);

    for (const { docs, repo } of [a, b]) {
      const winner = repo.get('people', w.id)!;
      // The scenario is real: one teammate's list overwrote the other's.
      expect(winner.mergedFromIds).toHaveLength(1);
      expect(resolveMerged(repo, 'people', y.id)).toBe(w.id);
      expect(resolveMerged(repo, 'people', person.id)).toBe(w.id);
      const want = ['lead call', 'winner call', 'yael call'];
      expect(timeline(repo, { type: 'people', id: w.id }).map((x) => x.details).filter((d) => d).sort()).toEqual(want);
      expect((await readModelTimeline(docs, repo, w.id)).filter((d) => d)).toEqual(want);
    }
  });

  it('a teammate converting a lead again while its person absorbs another lead\'s person: the lead still shows', async () => {
    let overwritten = 0;
    for (let i = 0; i < 16 && !overwritten; i++) {
      const { a, b, write, overwrote } = convertAgain(i);
      const winner = { id: write() };
      syncAll(a.docs, b.docs);
      if (overwrote(winner.id)) overwritten++;
      for (const { docs, repo } of [a, b]) {
        expect(timeline(repo, { type: 'people', id: winner.id }).map((x) => x.details)).toContain('second lead call');
        expect(await readModelTimeline(docs, repo, winner.id)).toContain('second lead call');
      }
    }
    expect(overwritten).toBeGreaterThan(0);
  });

  it('one person merged into two different people at once: it follows one, both keep what they took', async () => {
    const { a, b, log } = teammates();
    const x = a.repo.create('people', { name: { first: 'Xena' } });
    const p = a.repo.create('people', { name: { first: 'Pat' } });
    const q = a.repo.create('people', { name: { first: 'Quinn' } });
    log(a.repo, 'people', x.id, 'xena call');
    syncAll(a.docs, b.docs);
    mergeRecords(a.repo, 'people', p.id, x.id);
    mergeRecords(b.repo, 'people', q.id, x.id);
    syncAll(a.docs, b.docs);
    const into = resolveMerged(a.repo, 'people', x.id);
    expect([p.id, q.id]).toContain(into);
    for (const { docs, repo } of [a, b]) {
      expect(resolveMerged(repo, 'people', x.id)).toBe(into);
      for (const id of [p.id, q.id]) {
        expect(timeline(repo, { type: 'people', id }).map((t) => t.details)).toContain('xena call');
        expect(await readModelTimeline(docs, repo, id)).toContain('xena call');
      }
    }
  });
});

/**
 * A teammate's docs arriving one at a time (each shard is its own message), the winner's shard
 * first or last: its overwritten list before the absorbed records' own links (which must then
 * re-walk the winner's signals by themselves), or after them. The projector writes each doc
 * before the next arrives.
 */
async function arrive(from: WorkspaceDocs, to: WorkspaceDocs, projector: Projector, winnerId: string, order: Order) {
  const w = recordDocKey(winnerId);
  const keys = [...docsOf(from).map(([k]) => k).filter((k) => k !== w).sort(), ...(docsOf(from).some(([k]) => k === w) ? [w] : [])];
  if (order === 'winner first') keys.reverse();
  for (const key of keys) {
    Y.applyUpdate(to.doc(key), Y.encodeStateAsUpdate(from.doc(key), Y.encodeStateVector(to.doc(key))), 'remote');
    await projector.flush();
  }
}
type Order = 'winner first' | 'winner last';

/** The signals rows a fresh projection derives from the same docs: what the incremental upkeep must equal. */
const rebuiltSignals = async (docs: WorkspaceDocs) => (await (await readModel(docs)).db.signals.orderBy('recordKey').toArray());

describe('sales signals and Known here after concurrent merges and conversions', () => {
  for (const order of ['winner first', 'winner last'] as const) {
    it(`two merges into one person at once (the winner's shard arriving ${order.split(' ')[1]}): its last contact, interactions and Known-here line count both absorbed records`, async () => {
      const { a, b } = teammates();
      const log = (repo: Repository, type: 'people' | 'leads', id: string, details: string, date: number) => repo.logActivity({ typeId: 'call', parent: { type, id }, details, date });
      const w = a.repo.create('people', { name: { first: 'Winner' }, emails: [{ email: 'win@acme.io' }] });
      const y = a.repo.create('people', { name: { first: 'Yael' } });
      const lead = a.repo.create('leads', { name: { first: 'Lena' }, email: 'lena@beta.org' });
      log(a.repo, 'people', w.id, 'winner call', 5_000);
      log(a.repo, 'leads', lead.id, 'lead call', 6_000);
      const person = convertLead(a.repo, lead.id, { company: { mode: 'none' }, opportunity: false }).person;
      log(a.repo, 'people', person.id, 'person call', 6_500);
      syncAll(a.docs, b.docs);
      log(b.repo, 'people', y.id, 'yael call', 9_000); // Ben's, the latest contact of all
      // Whichever list wins (random client ids), one merged person's calls are missing from it.
      syncAll(a.docs, b.docs);
      // Read models kept from here on: what arrives later reaches them incrementally (no rebuild).
      const live = { a: await readModel(a.docs), b: await readModel(b.docs) };

      mergeRecords(a.repo, 'people', w.id, person.id); // Ann: the lead's person into the winner
      mergeRecords(b.repo, 'people', w.id, y.id); // Ben, at the same time: Yael into the winner
      await live.a.projector.flush();
      await live.b.projector.flush();
      await arrive(b.docs, a.docs, live.a.projector, w.id, order);
      await arrive(a.docs, b.docs, live.b.projector, w.id, order);

      const want = await rebuiltSignals(a.docs);
      const key = `people:${w.id}`;
      for (const [name, { repo }] of [['a', a], ['b', b]] as const) {
        const { db } = live[name];
        expect(repo.get('people', w.id)!.mergedFromIds, 'one teammate\'s list overwrote the other\'s').toHaveLength(1);
        const s = (await signalsOf(db, [key])).get(key)!;
        expect({ at: s.lastContactAt, by: s.lastContactBy, n: s.interactions, last: s.lastActivityAt }, `replica ${name}`).toEqual({ at: 9_000, by: 'm2', n: 4, last: 9_000 });
        // Exactly what a rebuild derives, for every record (no stale row elsewhere either).
        expect(await db.signals.orderBy('recordKey').toArray()).toEqual(want);
        const known = await queryKnownHere(db, { url: 'https://acme.io/team', emails: ['win@acme.io'] });
        const hit = known.records.find((h) => h.row.key === key)!;
        expect(hit.signals?.interactions).toBe(4);
        expect(describeKnown(known, null, 9_000 + 3 * 86_400_000).summary).toContain('last contacted 3 days ago');
        expect(timeline(repo, { type: 'people', id: w.id }).map((x) => x.details).filter((d) => d).sort()).toEqual(['lead call', 'person call', 'winner call', 'yael call']);
      }
    });

    it(`a merge and its undo reaching a teammate (the winner's shard arriving ${order.split(' ')[1]}): the loser's calls count for the winner, then no more`, async () => {
      const { a, b, log } = teammates();
      const w = a.repo.create('people', { name: { first: 'Winner' }, emails: [{ email: 'win@acme.io' }] });
      const l = a.repo.create('people', { name: { first: 'Loser' } });
      log(a.repo, 'people', w.id, 'winner call');
      a.repo.logActivity({ typeId: 'call', parent: { type: 'people', id: l.id }, details: 'loser call', date: 8_000 });
      syncAll(a.docs, b.docs);
      const live = await readModel(b.docs);
      const key = `people:${w.id}`;
      const signals = async () => { const s = (await signalsOf(live.db, [key])).get(key)!; return { at: s.lastContactAt, n: s.interactions }; };
      const m = mergeRecords(a.repo, 'people', w.id, l.id);
      await arrive(a.docs, b.docs, live.projector, w.id, order);
      expect(await signals()).toEqual({ at: 8_000, n: 2 });
      undoBatch(a.repo, m.batchId);
      // The loser's link goes away with the winner's list: whichever arrives last, the winner
      // is walked again (a record's old links are found through its own key in \`parents\`).
      await arrive(a.docs, b.docs, live.projector, w.id, order);
      expect(await signals()).toEqual({ at: 5_000, n: 1 });
      expect(await live.db.signals.orderBy('recordKey').toArray()).toEqual(await rebuiltSignals(b.docs));
    });

    it(`a conversion again while the lead's person absorbs another lead's person (the winner's shard arriving ${order.split(' ')[1]}): the winner's signals count the second lead's call`, async () => {
      let overwritten = 0;
      for (let i = 0; i < 16 && !overwritten; i++) {
        const { a, b, write, overwrote } = convertAgain(i);
        const live = new Map([[a, await readModel(a.docs)], [b, await readModel(b.docs)]]);
        const winner = { id: write() };
        for (const m of live.values()) await m.projector.flush();
        await arrive(b.docs, a.docs, live.get(a)!.projector, winner.id, order);
        await arrive(a.docs, b.docs, live.get(b)!.projector, winner.id, order);
        if (overwrote(winner.id)) overwritten++;
        const want = await rebuiltSignals(a.docs);
        const key = `people:${winner.id}`;
        for (const r of [a, b]) {
          const { db } = live.get(r)!;
          const s = (await signalsOf(db, [key])).get(key)!;
          expect({ at: s.lastContactAt, n: s.interactions }).toEqual({ at: 5_000, n: 1 });
          expect(await db.signals.orderBy('recordKey').toArray()).toEqual(want);
          const known = await queryKnownHere(db, { url: 'https://acme.io/', emails: ['lena@acme.io'] });
          expect(known.records.find((h) => h.row.key === key)?.signals?.lastContactAt).toBe(5_000);
        }
      }
      expect(overwritten).toBeGreaterThan(0);
    });
  }
});
