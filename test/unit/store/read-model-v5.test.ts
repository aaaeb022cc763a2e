import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { searchWords } from '../../../src/domain/index.ts';
import { Projector } from '../../../src/store/projector.ts';
import { READ_MODEL_VERSION, ReadDB } from '../../../src/store/read-db.ts';
import { queryList } from '../../../src/store/queries.ts';
import { queryTable } from '../../../src/ext/read-port.ts';
import type { RecordRow } from '../../../src/store/rows.ts';
import { replica } from './helpers.ts';
import { v4Db, projectedNow, writeOld } from './old-read-dbs.ts';
import { convertLead, createTask, mergeRecords } from '../../../src/store/lifecycle/index.ts';

const open: { close(): void }[] = [];
afterEach(() => { for (const o of open.splice(0)) o.close(); });


/** A row as read model 4 shaped it: every word of searchWords, '' for an empty filter column. */
const asV4 = (r: RecordRow) => ({
  ...r, statusId: r.statusId ?? '', ownerId: r.ownerId ?? '', sourceId: r.sourceId ?? '', companyId: r.companyId ?? '', stageId: r.stageId ?? '',
  words: searchWords(r.type, r.data),
});

const byKey = <T extends { key: string }>(rows: T[]) => [...rows].sort((a, b) => a.key.localeCompare(b.key));

describe('read model 5 (lighter rows)', () => {
  it('an existing read model 4 is rebuilt at start, lists and finds the same rows, and keeps no unused index', async () => {
    expect(READ_MODEL_VERSION).toBeGreaterThanOrEqual(5);
    const { docs, repo } = replica();
    const acme = repo.create('companies', { name: 'Acme Inc', emailDomain: 'acme.io' });
    const ada = repo.create('people', { name: { first: 'Ada', last: 'Lovelace' }, companyId: acme.id, emails: [{ email: 'ada.lovelace@acme.io' }], phones: [{ number: '+44 20 7946 0958' }] });
    repo.create('leads', { name: { first: 'Ann', last: 'Lee' }, email: 'ann.lee@example.com', sourceId: 'referral', tags: ['vip'] });
    repo.create('leads', { name: { first: 'Bob', last: 'Bo' }, phones: [{ number: '(415) 555-0100' }] });
    repo.create('opportunities', { name: 'Acme renewal', pipelineId: 'sales', stageId: 'qualified', companyId: acme.id, primaryPersonId: ada.id });
    repo.update('people', ada.id, { title: 'Countess' });
    repo.logActivity({ typeId: 'call', parent: { type: 'people', id: ada.id }, details: 'Intro' });

    // What read model 4 held for these docs: the rows a current projection makes, in v4's shape.
    const fresh = await projectedNow(docs, open);
    const [rows, activities, history, meta] = await Promise.all([fresh.records.toArray(), fresh.activities.toArray(), fresh.history.toArray(), fresh.meta.get('state')]);
    const name = `v5-old-${Math.random()}`;
    await writeOld(v4Db(name), { records: rows.map(asV4), activities, history }, meta!, 4);

    const db = new ReadDB(name);
    open.push(db);
    const projector = new Projector(docs, db);
    open.unshift({ close: () => projector.destroy() });
    expect(await projector.catchUp()).toBe('rebuilt');
    expect((await db.meta.get('state'))?.version).toBe(READ_MODEL_VERSION);
    expect(byKey(await db.records.toArray())).toEqual(byKey(rows));
    expect(await db.history.count()).toBe(history.length);
    expect(await db.activities.count()).toBe(activities.length);
    expect(db.activities.schema.idxByName.authorId).toBeUndefined();
    expect(db.history.schema.idxByName.at).toBeUndefined();

    // The same lists and searches as before the upgrade.
    const names = (rs: RecordRow[]) => rs.map((r) => r.sortName).sort();
    expect(names((await queryList(db, { type: 'leads' })).rows)).toEqual(['ann lee', 'bob bo']);
    for (const [search, found] of [['ann.lee@ex', ['ann lee']], ['lee', ['ann lee']], ['bo', ['bob bo']], ['555 0100', ['bob bo']], ['vip', ['ann lee']]] as const) {
      expect(names((await queryList(db, { type: 'leads', search })).rows)).toEqual(found);
    }
    expect(names((await queryList(db, { type: 'people', search: '7946 0958' })).rows)).toEqual(['ada lovelace']);
    expect(names((await queryTable(db, { type: 'leads', search: '', offset: 0, limit: 50, filters: { sourceId: 'referral' } })).rows)).toEqual(['ann lee']);
    expect(names((await queryTable(db, { type: 'opportunities', search: '', offset: 0, limit: 50, filters: { stageId: 'qualified' } })).rows)).toEqual(['acme renewal']);
    expect((await db.records.where('[type+companyId]').equals(['people', acme.id]).toArray()).map((r) => r.id)).toEqual([ada.id]);
    // An empty filter column writes no compound index entry (the row has no such key).
    const bob = (await db.records.toArray()).find((r) => r.sortName === 'bob bo')!;
    expect('companyId' in bob || 'stageId' in bob || 'sourceId' in bob).toBe(false);
  });
});

describe('rebuild derives the known-here and signal tables once, after the rows', () => {
  it('gives the same tables as the projection kept up write by write (tasks, merged and converted records)', async () => {
    const { docs, repo } = replica();
    const live = new ReadDB(`v5-live-${Math.random()}`);
    open.push(live);
    const projector = new Projector(docs, live);
    open.unshift({ close: () => projector.destroy() });
    await projector.catchUp();
    const acme = repo.create('companies', { name: 'Acme', emailDomain: 'acme.io' });
    const people = Array.from({ length: 30 }, (_, i) => repo.create('people', { name: { first: `P${i}`, last: 'Doe' }, companyId: acme.id, emails: [{ email: `p${i}@acme.io` }] }));
    for (const [i, p] of people.entries()) {
      for (let k = 0; k < i % 4; k++) repo.logActivity({ typeId: k % 2 ? 'call' : 'note', parent: { type: 'people', id: p.id }, details: `#${k}`, date: Date.UTC(2026, 9, 1 + k) });
      if (i % 5 === 0) createTask(repo, { name: `Follow up ${i}`, related: { type: 'people', id: p.id }, dueAt: Date.UTC(2026, 11, 1 + i) });
    }
    const lead = repo.create('leads', { name: { first: 'Lee', last: 'Converted' }, email: 'lee@globex.io' });
    repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: lead.id }, details: 'before converting' });
    convertLead(repo, lead.id, { company: { mode: 'existing', id: acme.id }, opportunity: {} });
    mergeRecords(repo, 'people', people[0].id, people[1].id, {});
    await projector.flush();

    const rebuilt = new ReadDB(`v5-rebuilt-${Math.random()}`);
    open.push(rebuilt);
    const again = new Projector(docs, rebuilt);
    open.unshift({ close: () => again.destroy() });
    await again.rebuild();
    const table = async (db: ReadDB, name: 'signals' | 'match' | 'taskLinks') => {
      const rows = name === 'match' ? (await db.records.toArray()).filter((r) => r.match).map((r) => ({ key: r.key, match: r.match })) : (await db.table(name).toArray()) as Record<string, unknown>[];
      return rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
    };
    for (const name of ['signals', 'match', 'taskLinks'] as const) {
      const want = await table(live, name);
      expect(want.length).toBeGreaterThan(0);
      expect(await table(rebuilt, name)).toEqual(want);
    }
    expect((await rebuilt.signals.get(`people:${people[3].id}`))?.interactions).toBeGreaterThan(0);
  });
});
