import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { READ_MODEL_VERSION, ReadDB, pairsFill } from '../../../src/store/read-db.ts';
import { Projector } from '../../../src/store/projector.ts';
import { toRow } from '../../../src/store/rows.ts';
import { countList, queryRows } from '../../../src/store/queries.ts';
import { pairRows } from '../../../src/store/search-query.ts';
import { forgetSearchSets, setsGeneration } from '../../../src/store/search-sets.ts';
import { replica } from './helpers.ts';
import { byKey, v9Db, projectedNow, writeOld } from './old-read-dbs.ts';
import type { StoredRecord } from '../../../src/layout/records-doc.ts';

const open: { close(): void }[] = [];
afterEach(() => { for (const o of open.splice(0)) o.close(); });

/** A search's live matches and total, each asked cold. */
async function search(db: ReadDB, text: string) {
  forgetSearchSets();
  const rows = (await queryRows(db, { type: 'leads', search: text, limit: 50 })).rows.map((r) => r.id);
  forgetSearchSets();
  return { rows, total: await countList(db, { type: 'leads', search: text }) };
}

describe('read model 10 (the `pairs` index)', () => {
  it('a read model 9 is upgraded in place: search answers the same while its rows are filled a slice at a time, across a restart and a write, and after', async () => {
    let t = Date.UTC(2026, 11, 2);
    const { docs, repo } = replica({ memberId: 'm1', role: 'admin' }, () => (t += 1000));
    const grace = repo.create('leads', { name: { first: 'Grace', last: 'Hopper' }, email: 'grace.hopper@acme.io' });
    const ada = repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, companyName: 'Grace Church' });
    repo.create('people', { name: { first: 'Grace', last: 'Lovelace' } });
    const fresh = await projectedNow(docs, open);
    const [rows, signals, activities, meta] = await Promise.all([fresh.records.toArray(), fresh.signals.toArray(), fresh.activities.toArray(), fresh.meta.get('state')]);
    expect(rows.every((r) => r.pairs?.length)).toBe(true);
    // Past one slice of the fill (500 rows): leads that exist in the read model only, as a projection of other docs would.
    const more = Array.from({ length: 1_200 }, (_, i) => toRow('leads', { id: `z${String(i).padStart(4, '0')}`, name: { first: i % 2 ? 'Grace' : 'Ada', last: `Hopper${i}` }, updatedAt: i } as StoredRecord));

    const name = `v10-old-${Math.random()}`;
    const old = [...rows, ...more].map(({ pairs: _p, ...r }) => r);
    await writeOld(v9Db(name), { records: old, signals, activities }, meta!, 9);

    // Opened by a page before the engine: the index is there, empty, and marked so; search reads `words`.
    const page = new ReadDB(name);
    open.push(page);
    expect((await page.meta.get('state'))?.version).toBe(READ_MODEL_VERSION);
    expect(await pairsFill(page).get('pairs')).toEqual({ key: 'pairs', after: '' });
    expect(await page.records.where('pairs').startsWith('P').count()).toBe(0);
    expect(await pairRows(page, 'leads', ['grace', 'lovelace'], setsGeneration())).toBeNull();
    const want = { 'grace lovelace': await search(page, 'grace lovelace'), 'grace hopper': await search(page, 'grace hopper'), 'ada grace': await search(page, 'ada grace') };
    expect(want['grace lovelace'].rows).toEqual([ada.id]); // at Grace Church
    expect(want['ada grace'].rows).toEqual([ada.id]);
    expect(want['grace hopper'].total).toBe(601);
    expect(want['grace hopper'].rows).toHaveLength(50);

    // The engine starts; a stop after the first slice leaves the rest for the next start.
    const first = new Projector(docs, page);
    const fill = pairsFill(page);
    expect(await first.catchUp()).toBe('current');
    first.destroy();
    await first.pairsFilled;
    const halfway = await fill.get('pairs');
    for (const [q, w] of Object.entries(want)) expect(await search(page, q), q).toEqual(w);

    // A write while filling lands whole; the next start finishes.
    repo.update('leads', grace.id, { companyName: 'Lovelace Ltd' });
    const second = new Projector(docs, page);
    open.unshift({ close: () => second.destroy() });
    await second.catchUp();
    await second.flush();
    await second.pairsFilled;
    expect(await fill.get('pairs')).toBeUndefined();
    const now = await projectedNow(docs, open);
    const nowRows = await now.records.toArray();
    const byId = new Map((await page.records.toArray()).map((r) => [r.key, r]));
    expect(byKey(nowRows).map((r) => byId.get(r.key))).toEqual(byKey(nowRows));
    for (const r of more) expect(byId.get(r.key)).toEqual(r);
    expect(byId.size).toBe(nowRows.length + more.length);
    // And search now answers from the pairs.
    const both = [ada.id, grace.id].sort((a, b) => (`leads:${a}` < `leads:${b}` ? -1 : 1)); // "lovelace" both: key order
    expect((await pairRows(page, 'leads', ['grace', 'lovelace'], setsGeneration()))?.map((r) => r.id)).toEqual(both);
    expect(await search(page, 'grace lovelace')).toEqual({ rows: both, total: 2 });
    expect(await search(page, 'ada grace')).toEqual(want['ada grace']);
    expect(halfway?.after).toMatch(/^leads:/); // the first start stopped after a slice, and the second went on from there
  });
});
