import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { READ_MODEL_VERSION } from '../../../src/store/read-db.ts';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { collectionMap, keyOf } from '../../../src/layout/records-doc.ts';
import type { RecordRow } from '../../../src/store/rows.ts';
import { replica } from './helpers.ts';
import { byKey, projectedNow, reopened, v10Db, writeOld } from './old-read-dbs.ts';

const open: { close(): void }[] = [];
afterEach(() => { for (const o of open.splice(0)) o.close(); });

/** A row as the projector before session 19b wrote it for a record holding the seeded id. */
const asOld = (r: RecordRow): RecordRow => ({ ...r, sourceId: 'no-source', data: { ...r.data, sourceId: 'no-source' } });

describe('read model 11 (the seeded "No source" id out of the rows)', () => {
  it('a read model 10 is upgraded in place: rows and staged rows holding the seeded id lose it, every other row and source stays', async () => {
    let t = Date.UTC(2026, 11, 3);
    const { docs, repo } = replica({ memberId: 'm1', role: 'admin' }, () => (t += 1000));
    docs.config.getMap('sources').set('no-source', { id: 'no-source', name: 'No source', order: 0, retired: false });
    const ada = repo.create('leads', { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@acme.io' });
    const bo = repo.create('leads', { name: { first: 'Bo', last: 'Diddley' }, sourceId: 'email' });
    const cy = repo.create('people', { name: { first: 'Cy', last: 'Young' } });
    const di = repo.create('leads', { name: { first: 'Di', last: 'Staged' } });
    // As older clients stored the choice in the docs (today's create refuses the retired entry).
    for (const [type, id] of [['leads', ada.id], ['people', cy.id], ['leads', di.id]] as const) {
      collectionMap(docs.doc(recordDocKey(id)), type).set(keyOf(id, 'sourceId'), 'no-source');
    }

    const fresh = await projectedNow(docs, open);
    const [rows, signals, activities, meta] = await Promise.all([fresh.records.toArray(), fresh.signals.toArray(), fresh.activities.toArray(), fresh.meta.get('state')]);
    // Today's projection reads the seeded id as no source (records-doc.ts, readSourceId).
    expect(rows.find((r) => r.id === ada.id)).not.toHaveProperty('sourceId');
    expect(rows.find((r) => r.id === ada.id)?.data).not.toHaveProperty('sourceId');
    expect(rows.find((r) => r.id === bo.id)?.sourceId).toBe('email');

    // Written as read model 10 did: the seeded id in the filter column and the data; Di's row
    // still staged (a join under way at the upgrade), beside a staged row of another source.
    const name = `v11-old-${Math.random()}`;
    const seeded = new Set([ada.id, cy.id]);
    const listed = rows.filter((r) => r.id !== di.id);
    const old = listed.map((r) => (seeded.has(r.id) ? asOld(r) : r));
    const diRow = rows.find((r) => r.id === di.id)!;
    const boStaged = { ...rows.find((r) => r.id === bo.id)!, key: 'leads:z-staged', id: 'z-staged' };
    await writeOld(v10Db(name), { records: old, signals, activities, staged: [{ seq: 1, rows: [asOld(diRow), boStaged] }, { seq: 2, rows: [boStaged] }] }, meta!, 10);

    const { db, caughtUp } = await reopened(docs, name, open);
    expect(caughtUp).toBe('current'); // upgraded, not rebuilt
    expect((await db.meta.get('state'))?.version).toBe(READ_MODEL_VERSION);
    expect(byKey(await db.records.toArray())).toEqual(byKey(listed));
    expect(await db.records.where('[type+sourceId]').equals(['leads', 'no-source']).count()).toBe(0);
    expect(await db.records.where('[type+sourceId]').equals(['people', 'no-source']).count()).toBe(0);
    expect(await db.records.where('[type+sourceId]').equals(['leads', 'email']).primaryKeys()).toEqual([`leads:${bo.id}`]);
    expect(await db.staged.toArray()).toEqual([{ seq: 1, rows: [diRow, boStaged] }, { seq: 2, rows: [boStaged] }]);
  });

  it('a read model 10 without the seeded id is left as it was', async () => {
    const { docs, repo } = replica({ memberId: 'm1', role: 'admin' });
    repo.create('leads', { name: { first: 'Ada' }, sourceId: 'email' });
    const fresh = await projectedNow(docs, open);
    const [rows, meta] = await Promise.all([fresh.records.toArray(), fresh.meta.get('state')]);
    const name = `v11-none-${Math.random()}`;
    await writeOld(v10Db(name), { records: rows }, meta!, 10);
    const { db, caughtUp } = await reopened(docs, name, open);
    expect(caughtUp).toBe('current');
    expect(byKey(await db.records.toArray())).toEqual(byKey(rows));
  });
});
