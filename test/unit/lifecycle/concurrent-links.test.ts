import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { convertLead, mergeRecords, resolveMerged, timeline } from '../../../src/store/lifecycle/index.ts';
import { timelineParents } from '../../../src/domain/lifecycle/timeline.ts';
import { Projector } from '../../../src/store/projector.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { timelineActivities } from '../../../src/store/timeline-query.ts';
import type { Repository } from '../../../src/store/repository.ts';
import type { WorkspaceDocs } from '../../../src/store/docs.ts';
import { syncAll, workspace } from './helpers.ts';

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

async function readModelTimeline(docs: WorkspaceDocs, repo: Repository, id: string): Promise<string[]> {
  const db = new ReadDB(`links-${Math.random()}`);
  open.push(db);
  const projector = new Projector(docs, db);
  open.unshift({ close: () => projector.destroy() });
  await projector.catchUp();
  await projector.flush();
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
    // Which list a concurrent write keeps depends on the replicas' (random) client ids, one
    // chance in two: the scenario runs again until the conversion overwrote the merged list
    // (16 tries: it fails to happen once in 65,000 runs), each try checked.
    let overwritten = 0;
    for (let i = 0; i < 16 && !overwritten; i++) {
      const t = teammates();
      const [a, b] = i % 2 ? [t.b, t.a] : [t.a, t.b];
      const l1 = t.a.repo.create('leads', { name: { first: 'Lena' }, email: 'lena@acme.io' });
      const l2 = t.a.repo.create('leads', { name: { first: 'Lars' }, email: 'lars@beta.org' });
      t.log(t.a.repo, 'leads', l2.id, 'second lead call');
      syncAll(a.docs, b.docs);
      const winner = convertLead(a.repo, l1.id, { company: { mode: 'none' }, opportunity: false }).person;
      const loser = convertLead(a.repo, l2.id, { company: { mode: 'none' }, opportunity: false }).person;
      mergeRecords(a.repo, 'people', winner.id, loser.id);
      convertLead(b.repo, l1.id, { company: { mode: 'none' }, opportunity: false }); // at the same time
      syncAll(a.docs, b.docs);
      if (!(a.repo.get('people', winner.id)!.convertedFromLeadIds as string[]).includes(l2.id)) overwritten++;
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
