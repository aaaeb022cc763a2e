import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { READ_MODEL_VERSION } from '../../../src/store/read-db.ts';
import { timelineActivities } from '../../../src/store/timeline-query.ts';
import { convertLead, mergeRecords } from '../../../src/store/lifecycle/index.ts';
import { replica } from './helpers.ts';
import { byKey, v6Db, projectedNow, reopened, writeOld } from './old-read-dbs.ts';

const open: { close(): void }[] = [];
afterEach(() => { for (const o of open.splice(0)) o.close(); });

describe('read model 7 (what flows into a timeline, by index)', () => {
  it('a read model 6 is upgraded in place: merged records and converted leads take their `into`, nothing else changes', async () => {
    let t = Date.UTC(2026, 9, 1);
    const { docs, repo } = replica({ memberId: 'm1', role: 'admin' }, () => (t += 1000));
    const w = repo.create('people', { name: { first: 'Winner' } });
    const x = repo.create('people', { name: { first: 'Xena' } });
    const lead = repo.create('leads', { name: { first: 'Lena' }, email: 'lena@initech.io', companyName: 'Initech' });
    const open1 = repo.create('leads', { name: { first: 'Still' }, email: 'still@open.io' });
    repo.logActivity({ typeId: 'call', parent: { type: 'people', id: x.id }, details: 'xena call', date: t });
    const conv = convertLead(repo, lead.id, { company: { mode: 'new' }, opportunity: {} });
    mergeRecords(repo, 'people', w.id, x.id);

    const fresh = await projectedNow(docs, open);
    const [rows, signals, activities, meta] = await Promise.all([fresh.records.toArray(), fresh.signals.toArray(), fresh.activities.toArray(), fresh.meta.get('state')]);
    const into = Object.fromEntries(rows.filter((r) => r.into).map((r) => [r.key, r.into]));
    expect(into).toEqual({
      [`people:${x.id}`]: [`people:${w.id}`],
      [`leads:${lead.id}`]: [`people:${conv.person.id}`, `opportunities:${conv.opportunity!.id}`, `companies:${conv.company!.id}`],
    });
    expect(rows.find((r) => r.key === `leads:${open1.id}`)?.into).toBeUndefined();

    // Written as read model 6 did: no `into`, no index on it.
    const name = `v7-old-${Math.random()}`;
    await writeOld(v6Db(name), { records: rows.map(({ into: _i, ...r }) => r), signals, activities }, meta!, 6);

    const { db, caughtUp } = await reopened(docs, name, open);
    expect(caughtUp).toBe('current'); // upgraded, not rebuilt
    expect((await db.meta.get('state'))?.version).toBe(READ_MODEL_VERSION);
    expect(byKey(await db.records.toArray())).toEqual(byKey(rows));
    expect((await db.records.where('into').equals(`people:${w.id}`).primaryKeys()).sort()).toEqual([`people:${x.id}`]);
    // The winner's timeline finds the merged record by index, even without its own list.
    expect((await timelineActivities(db, [`people:${w.id}`])).map((a) => a.details)).toContain('xena call');
  });
});
