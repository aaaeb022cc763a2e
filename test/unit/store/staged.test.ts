import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { Projector } from '../../../src/store/projector.ts';
import { READ_MODEL_VERSION, ReadDB } from '../../../src/store/read-db.ts';
import { SHARD_ORIGIN } from '../../../src/store/shards.ts';
import { countList, liveRecords, queryRows } from '../../../src/store/queries.ts';
import { matchingKeys } from '../../../src/store/search-query.ts';
import { forgetSearchSets } from '../../../src/store/search-sets.ts';
import { rowsByKey, stagedRows } from '../../../src/store/staged.ts';
import { findDuplicatesInReadModel } from '../../../src/store/lifecycle/index.ts';
import { queryKnownHere } from '../../../src/store/known-query.ts';
import { docsOf, replica } from './helpers.ts';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { collectionMap, splitKey } from '../../../src/layout/records-doc.ts';
import { byKey } from './old-read-dbs.ts';

/**
 * Staged rows (src/store/staged.ts): a join's batches past the first rows are written packed,
 * found by search and by key at once, and unpacked into `records` when the engine is idle, with
 * the same rows and signals a direct projection makes.
 */
const open: ({ close(): void } | { destroy(): void })[] = [];
afterEach(() => { for (const o of open.splice(0)) if ('destroy' in o) o.destroy(); else o.close(); });

const N = 2_500;
function team() {
  const t = replica();
  const leads = Array.from({ length: N }, (_, i) => t.repo.create('leads', { name: { first: i % 2 ? 'Grace' : 'Ada', last: `Staged${i}` }, email: `lead${i}@example.org` }));
  for (let i = 0; i < 200; i++) t.repo.logActivity({ typeId: 'note', parent: { type: 'leads', id: leads[i * 10].id }, details: `n${i}` });
  t.repo.create('tasks', { name: 'Call back', related: { type: 'leads', id: leads[N - 1].id } });
  return { ...t, leads };
}

/** A joining teammate: the team's docs arrive from the relay a group of shards at a time, each group projected. */
async function join(from: ReturnType<typeof team>, name = `staged-${Math.random()}`) {
  const joiner = replica();
  const db = new ReadDB(name);
  const projector = new Projector(joiner.docs, db);
  open.push(db, projector);
  await projector.catchUp();
  // Held: the idle unpack (250 ms without writes) waits until the test has looked at the staged
  // rows; on a loaded machine it otherwise began between the join and the checks.
  const release = projector.hold();
  const docs = docsOf(from.docs).filter(([k]) => k !== 'config');
  for (let i = 0; i < docs.length; i += 8) {
    for (const [key, doc] of docs.slice(i, i + 8)) Y.applyUpdate(joiner.docs.doc(key), Y.encodeStateAsUpdate(doc), SHARD_ORIGIN.remote);
    await projector.flush();
  }
  return { joiner, db, projector, release };
}

/** The read model a direct projection of the team's docs makes. */
async function direct(from: ReturnType<typeof team>) {
  const db = new ReadDB(`staged-direct-${Math.random()}`);
  const projector = new Projector(from.docs, db);
  open.push(db, projector);
  await projector.catchUp();
  await projector.flush();
  return db;
}

const search = async (db: ReadDB, text: string) => {
  forgetSearchSets();
  return { rows: (await queryRows(db, { type: 'leads', search: text, limit: 50 })).rows.map((r) => r.key), total: await countList(db, { type: 'leads', search: text }) };
};

describe('staged rows', () => {
  it('a join past the first rows is staged, searchable and readable by key at once, then unpacked into the rows and signals a direct projection makes', async () => {
    const t = team();
    const { db, projector, release } = await join(t);
    const staged = await stagedRows(db);
    // The first page of every list came as rows; the rest waits packed (the unpack waits for an idle projector).
    expect(await db.records.count()).toBeGreaterThanOrEqual(1_000);
    expect(staged.size).toBeGreaterThan(0);
    expect(staged.size + (await db.records.count())).toBe(N + 1);
    expect(projector.staged).toBe(staged.size);
    // A staged lead whose last name starts no other's (Staged250 and up): found by it, and read by key.
    const lastOf = (r: { data: unknown }) => (r.data as { name: { last: string } }).name.last;
    const lead = [...staged.values()].find((r) => r.type === 'leads' && Number(lastOf(r).slice('Staged'.length)) >= 250)!;
    const key = lead.key;
    const last = lastOf(lead);
    expect(await search(db, last.toLowerCase())).toEqual({ rows: [key], total: 1 });
    expect(await matchingKeys(db, 'leads', [last.toLowerCase()])).toEqual([key]);
    expect((await rowsByKey(db, [key]))[0]?.data).toEqual(lead.data);
    // "grace": every odd lead, staged or not, once.
    expect((await search(db, 'grace')).total).toBe(N / 2);
    // The duplicate check before saving a capture: a staged lead's address is a match.
    const email = (lead.data as unknown as { email: string }).email;
    expect((await findDuplicatesInReadModel(db, { collection: 'leads', candidate: { email: email.toUpperCase(), name: { first: 'Someone' } } })).map((m) => m.id)).toContain(lead.id);
    // An import's duplicate check reads every live lead, staged ones too.
    expect((await liveRecords(db, 'leads')).length).toBe(N);
    // Known here: a page showing the staged lead's address names it.
    const known = await queryKnownHere(db, { url: 'https://news.example.com/speakers', emails: [email] });
    expect(known.records.map((h) => h.row.key)).toEqual([key]);
    // The status bar's "Listing new records": the staged rows are not listed yet.
    expect(projector.backlog).toBeGreaterThanOrEqual(staged.size);

    release();
    await projector.unpacked();
    expect(await db.staged.count()).toBe(0);
    expect(projector.backlog).toBe(0);
    const want = await direct(t);
    const rows = byKey(await db.records.toArray());
    expect(rows.map((r) => r.data)).toEqual(byKey(await want.records.toArray()).map((r) => r.data));
    expect(rows.map((r) => [r.key, r.words, r.match, r.pairs])).toEqual(byKey(await want.records.toArray()).map((r) => [r.key, r.words, r.match, r.pairs]));
    const strip = (rs: { stageSince?: number; recordKey: string }[]) => rs.map((r) => ({ ...r, stageSince: !!r.stageSince })).sort((a, b) => a.recordKey.localeCompare(b.recordKey));
    expect(strip(await db.signals.toArray())).toEqual(strip(await want.signals.toArray()));
    expect(await db.taskLinks.toArray()).toEqual(await want.taskLinks.toArray());
    expect(await search(db, last.toLowerCase())).toEqual({ rows: [key], total: 1 });
  });

  it("a staged record edited here, and one changed again by the relay, read as their last change, and the unpack never brings an older row back", async () => {
    const t = team();
    const { joiner, db, projector, release } = await join(t);
    const stagedNow = await stagedRows(db);
    const staged = [...stagedNow.keys()].filter((k) => k.startsWith('leads:'));
    const lastOf = (k: string) => Number(((stagedNow.get(k)!.data as unknown as { name: { last: string } }).name.last).slice('Staged'.length));
    // Leads whose last names start no other's (Staged250 and up), so a search names one record.
    const [mine, theirs, gone] = staged.filter((k) => lastOf(k) >= 250).map((k) => k.slice('leads:'.length));
    // An edit here: written as a row at once, out of its slice.
    const { Repository } = await import('../../../src/store/repository.ts');
    const repo = new Repository({ docs: joiner.docs, actor: { memberId: 'm2', role: 'member' } });
    repo.update('leads', mine, { title: 'Head of Ops' });
    repo.delete('leads', gone);
    await projector.flush();
    expect((await stagedRows(db)).has(`leads:${mine}`)).toBe(false);
    expect(((await db.records.get(`leads:${mine}`))?.data as { title?: string }).title).toBe('Head of Ops');
    // The relay's change to another: staged again (in bulk with others), out of its old slice.
    for (let i = 0; i < 30; i++) t.repo.update('leads', t.leads[i].id, { title: `Changed ${i}` });
    t.repo.update('leads', theirs, { title: 'Theirs' });
    for (const [key, doc] of docsOf(t.docs).filter(([k]) => k !== 'config')) {
      const local = joiner.docs.doc(key);
      Y.applyUpdate(local, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(local)), SHARD_ORIGIN.remote);
    }
    await projector.flush();
    expect(((await rowsByKey(db, [`leads:${theirs}`]))[0]?.data as { title?: string }).title).toBe('Theirs');
    expect((await search(db, 'theirs')).rows).toEqual([`leads:${theirs}`]);
    // Trashed here: not a search result while staged or after.
    const goneLast = ((await rowsByKey(db, [`leads:${gone}`]))[0]!.data as unknown as { name: { last: string } }).name.last.toLowerCase();
    expect(await search(db, goneLast)).toEqual({ rows: [], total: 0 });
    release();
    await projector.unpacked();
    expect(((await db.records.get(`leads:${mine}`))?.data as { title?: string }).title).toBe('Head of Ops');
    expect(((await db.records.get(`leads:${theirs}`))?.data as { title?: string }).title).toBe('Theirs');
    expect((await db.records.get(`leads:${gone}`))?.deleted).toBe(1);
    expect(await search(db, goneLast)).toEqual({ rows: [], total: 0 });
  });

  it('a stop before the unpack: the next start unpacks what was left', async () => {
    const t = team();
    const name = `staged-restart-${Math.random()}`;
    const { joiner, db, projector } = await join(t, name);
    const left = projector.staged;
    expect(left).toBeGreaterThan(0);
    projector.destroy();
    db.close();
    const again = new ReadDB(name);
    const next = new Projector(joiner.docs, again);
    open.push(again, next);
    expect(await next.catchUp()).toBe('current');
    await next.unpacked();
    expect(await again.staged.count()).toBe(0);
    expect(await again.records.count()).toBe(N + 1);
  });

  it('a read model 10 from before staging opens with its rows as they were and nothing staged', async () => {
    const name = `staged-v10-${Math.random()}`;
    const old = new Dexie(name);
    // The records store as Dexie version 8 declared it (read-db.ts), with one row and its meta.
    old.version(8).stores({
      records: 'key, [type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId], *emails, *domains, *words, *match, *into, *pairs',
      activities: 'id, parentKey, [parentKey+date], date', history: 'id, *recordKeys, batchId', meta: 'key', conflicts: 'id, recordKey, resolved',
      taskLinks: 'taskKey, relatedKey', signals: 'recordKey, *parents, [type+lastContactAt], [type+stageSince]',
    });
    const row = { key: 'leads:a', type: 'leads', id: 'a', deleted: 0, sortName: 'ada', updatedAt: 1, words: ['leads:ada'], emails: [], domains: [], data: { id: 'a', name: { first: 'Ada' } } };
    await old.table('records').put(row);
    await old.table('meta').put({ key: 'state', version: 10, vectors: {} });
    old.close();
    const db = new ReadDB(name);
    open.push(db);
    expect(await db.records.toArray()).toEqual([row]);
    expect(await db.staged.count()).toBe(0);
    expect((await db.meta.get('state'))?.version).toBe(READ_MODEL_VERSION);
    expect((await search(db, 'ada')).rows).toEqual(['leads:a']);
  });

  it('a doc re-read after its state was replaced (a retake) swaps its rows in place, staged ones too: a record it lost goes, the others stay', async () => {
    const t = team();
    const { joiner, db, projector, release } = await join(t);
    const gone = [...(await stagedRows(db)).values()].find((r) => r.type === 'leads')!;
    const key = recordDocKey(gone.id);
    const leadKeys = (doc: Y.Doc) => [...collectionMap(doc, 'leads').keys()];
    const others = [...new Set(leadKeys(t.docs.doc(key)).map((k) => `leads:${splitKey(k)[0]}`))].filter((k) => k !== gone.key);
    expect(others.length).toBeGreaterThan(0);
    // The replaced state: the shard as the relay would hold it without a record made on this device only.
    joiner.docs.forget(key);
    const fresh = joiner.docs.doc(key);
    fresh.transact(() => {
      for (const [k, v] of collectionMap(t.docs.doc(key), 'leads')) if (splitKey(k)[0] !== gone.id) collectionMap(fresh, 'leads').set(k, v);
    }, SHARD_ORIGIN.load);
    await projector.reread(key);
    expect((await rowsByKey(db, [gone.key]))[0]).toBeUndefined();
    expect((await stagedRows(db)).has(gone.key)).toBe(false);
    expect((await rowsByKey(db, others)).every(Boolean)).toBe(true);
    // Rows of other shards, staged or not, are untouched.
    expect((await liveRecords(db, 'leads')).length).toBe(N - 1);
    release();
    await projector.unpacked();
    expect(await db.records.get(gone.key)).toBeUndefined();
  });
});

