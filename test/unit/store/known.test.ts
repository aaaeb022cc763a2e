import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DAY_MS } from '../../../src/domain/index.ts';
import { putConfigEntity } from '../../../src/store/config-store.ts';
import { Projector } from '../../../src/store/projector.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import { queryKnownHere } from '../../../src/store/known-query.ts';
import { mergeRecords } from '../../../src/store/lifecycle/merge.ts';
import { convertLead } from '../../../src/store/lifecycle/conversion.ts';
import { undoBatch } from '../../../src/store/undo.ts';
import { signalsOf } from '../../../src/store/signal-queries.ts';
import type { DocKey } from '../../../src/domain/routing.ts';
import { replica } from './helpers.ts';

let n = 0;
const open: { close(): void }[] = [];
afterEach(() => { for (const o of open.splice(0)) o.close(); });

async function setup(actor = { memberId: 'm1', role: 'admin' as const }) {
  let t = Date.UTC(2026, 10, 1);
  const { docs, repo } = replica(actor, () => (t += 1000));
  const db = new ReadDB(`known-${++n}-${Math.random()}`);
  open.push(db);
  const projector = new Projector(docs, db);
  open.unshift({ close: () => projector.destroy() });
  await projector.catchUp();
  return { docs, repo, db, projector, advance: (ms: number) => { t += ms; } };
}

/** A record's signals as lists read them (no signals row: none yet). */
const sig = async (db: ReadDB, key: string) => (await signalsOf(db, [key])).get(key);

const names = (hits: { row: { data: unknown } }[]) => hits.map((h) => { const d = h.row.data as { name: unknown }; return typeof d.name === 'string' ? d.name : (d.name as { first?: string }).first; }).sort();

describe('known here (read model)', () => {
  it('matches a page by registrable domain (subdomains, .co.uk), people of the company, open deals', async () => {
    const { repo, db, projector } = await setup();
    const acme = repo.create('companies', { name: 'Acme Ltd', websites: [{ url: 'https://www.acme.co.uk/' }] });
    repo.create('people', { name: { first: 'Ada' }, emails: [{ email: 'ada@acme.co.uk' }] });
    repo.create('people', { name: { first: 'Bob' }, companyId: acme.id, emails: [{ email: 'bob.private@gmail.com' }] });
    repo.create('leads', { name: { first: 'Cy' }, email: 'cy@mail.acme.co.uk' });
    repo.create('people', { name: { first: 'Other' }, emails: [{ email: 'o@other.co.uk' }] });
    repo.create('opportunities', { name: 'Acme renewal', companyId: acme.id, pipelineId: 'sales', stageId: 'negotiation', monetaryValue: 12000, currency: 'EUR' });
    repo.create('opportunities', { name: 'Acme lost', companyId: acme.id, pipelineId: 'sales', stageId: 'qualified', status: 'lost', lossReasonId: 'price' });
    await projector.flush();
    const known = await queryKnownHere(db, { url: 'https://shop.acme.co.uk/team?x=1' });
    expect(known.domain).toBe('acme.co.uk');
    expect(names(known.records)).toEqual(['Acme Ltd', 'Ada', 'Bob', 'Cy']);
    expect(known.records[0].row.type).toBe('companies');
    expect(known.deals.map((d) => (d.row.data as unknown as { name: string }).name)).toEqual(['Acme renewal']);
    // Another .co.uk site shares only the public suffix: nothing from Acme.
    expect(names((await queryKnownHere(db, { url: 'https://other.co.uk/' })).records)).toEqual(['Other']);
  });

  it('never matches a company by a free-mail domain or a social network site', async () => {
    const { repo, db, projector } = await setup();
    repo.create('people', { name: { first: 'Gina' }, emails: [{ email: 'gina@gmail.com' }], socials: [{ url: 'https://www.linkedin.com/in/gina-g/' }] });
    repo.create('companies', { name: 'Mailco', emailDomain: 'yahoo.co.uk' });
    await projector.flush();
    expect((await queryKnownHere(db, { url: 'https://mail.google.com/mail/u/0/' })).records).toEqual([]);
    expect((await queryKnownHere(db, { url: 'https://gmail.com/' })).records).toEqual([]);
    expect((await queryKnownHere(db, { url: 'https://uk.yahoo.co.uk/' })).records).toEqual([]);
    expect((await queryKnownHere(db, { url: 'https://www.linkedin.com/feed/' })).records).toEqual([]);
    // Her profile page is her, and her address on any page is her.
    expect(names((await queryKnownHere(db, { url: 'https://linkedin.com/in/Gina-G?trk=x' })).records)).toEqual(['Gina']);
    expect(names((await queryKnownHere(db, { url: 'https://blog.example.org/', emails: ['mailto:GINA@gmail.com'] })).records)).toEqual(['Gina']);
  });

  it('matches phones written any way, confirming the number beyond its index key', async () => {
    const { repo, db, projector } = await setup();
    repo.create('leads', { name: { first: 'Phil' }, phones: [{ number: '+44 20 7946 0018' }] });
    repo.create('leads', { name: { first: 'Same tail' }, phones: [{ number: '+1 212 794 6001 8' }] });
    await projector.flush();
    expect(names((await queryKnownHere(db, { url: 'https://x.example/', phones: ['020 7946 0018'] })).records)).toContain('Phil');
    expect(names((await queryKnownHere(db, { url: 'https://x.example/', phones: ['+33 1 79 46 00 18'] })).records)).toEqual([]);
  });

  it('follows edits, deletes and restores: a record leaves and comes back', async () => {
    const { repo, db, projector } = await setup();
    const p = repo.create('people', { name: { first: 'Ada' }, emails: [{ email: 'ada@acme.io' }] });
    await projector.flush();
    repo.update('people', p.id, { emails: [{ email: 'ada@globex.io' }] });
    await projector.flush();
    expect((await queryKnownHere(db, { url: 'https://acme.io' })).records).toEqual([]);
    expect(names((await queryKnownHere(db, { url: 'https://globex.io' })).records)).toEqual(['Ada']);
    repo.delete('people', p.id);
    await projector.flush();
    expect((await queryKnownHere(db, { url: 'https://globex.io' })).records).toEqual([]);
    repo.restore('people', p.id);
    await projector.flush();
    expect(names((await queryKnownHere(db, { url: 'https://globex.io' })).records)).toEqual(['Ada']);
  });

  it('a page with nothing to match (a bad URL, no keys) answers with nothing, not an error', async () => {
    const { db } = await setup();
    expect(await queryKnownHere(db, { url: 'not a url', emails: ['nope'], phones: ['12'], socials: ['javascript:alert(1)'] })).toMatchObject({ keys: [], records: [], deals: [] });
  });
});

describe('sales signals (read model)', () => {
  it('after create, activity, edit: last contacted by whom, interactions, last activity, next task', async () => {
    const { repo, db, projector, advance } = await setup();
    const lead = repo.create('leads', { name: { first: 'Ada' } });
    await projector.flush();
    expect(await sig(db, `leads:${lead.id}`)).toMatchObject({ lastContactAt: 0, interactions: 0, lastActivityAt: 0 });
    expect(await db.signals.get(`leads:${lead.id}`)).toBeUndefined(); // no signals: no row (read model 6)
    const call = repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: lead.id }, details: 'intro' });
    advance(DAY_MS);
    const note = repo.logActivity({ typeId: 'note', parent: { type: 'leads', id: lead.id }, details: 'n' });
    repo.create('tasks', { name: 'Later', related: { type: 'leads', id: lead.id }, dueAt: note.date + 5 * DAY_MS });
    const soon = repo.create('tasks', { name: 'Send offer', related: { type: 'leads', id: lead.id }, dueAt: note.date + DAY_MS });
    await projector.flush();
    expect(await sig(db, `leads:${lead.id}`)).toMatchObject({ lastContactAt: call.date, lastContactBy: 'm1', interactions: 1, lastActivityAt: note.date, nextTask: { id: soon.id, name: 'Send offer' } });
    repo.update('tasks', soon.id, { status: 'done' });
    repo.update('leads', lead.id, { title: 'CEO' });
    await projector.flush();
    expect((await sig(db, `leads:${lead.id}`))?.nextTask?.name).toBe('Later');
    expect((await sig(db, `leads:${lead.id}`))?.interactions).toBe(1);
  });

  it('admins choose which activity types count (count as interaction), re-derived at once', async () => {
    const { docs, repo, db, projector } = await setup();
    const lead = repo.create('leads', { name: { first: 'Ada' } });
    const note = repo.logActivity({ typeId: 'note', parent: { type: 'leads', id: lead.id }, details: 'n' });
    await projector.flush();
    expect((await sig(db, `leads:${lead.id}`))?.interactions).toBe(0);
    putConfigEntity(docs.config, 'admin', 'activityTypes', { id: 'note', name: 'Note', order: 0, countsAsInteraction: true });
    await projector.flush();
    expect(await sig(db, `leads:${lead.id}`)).toMatchObject({ interactions: 1, lastContactAt: note.date });
  });

  it('deals: days in stage from the last stage change', async () => {
    const { repo, db, projector, advance } = await setup();
    const deal = repo.create('opportunities', { name: 'D', pipelineId: 'sales', stageId: 'qualified' });
    await projector.flush();
    const created = (await sig(db, `opportunities:${deal.id}`))!.stageSince;
    expect(created).toBe(deal.stageChangedAt);
    advance(3 * DAY_MS);
    repo.update('opportunities', deal.id, { stageId: 'negotiation' });
    await projector.flush();
    expect((await sig(db, `opportunities:${deal.id}`))!.stageSince).toBeGreaterThan(created + 3 * DAY_MS - 1);
  });

  it('merge takes the loser\'s interactions, undo gives them back; conversion carries the lead\'s', async () => {
    const { repo, db, projector } = await setup();
    const a = repo.create('people', { name: { first: 'Ada' } });
    const b = repo.create('people', { name: { first: 'Ada L' } });
    const call = repo.logActivity({ typeId: 'call', parent: { type: 'people', id: b.id }, details: '' });
    await projector.flush();
    const merged = mergeRecords(repo, 'people', a.id, b.id);
    await projector.flush();
    expect(await sig(db, `people:${a.id}`)).toMatchObject({ interactions: 1, lastContactAt: call.date });
    expect(await db.signals.get(`people:${b.id}`)).toBeUndefined(); // in the trash
    undoBatch(repo, merged.batchId);
    await projector.flush();
    expect((await sig(db, `people:${a.id}`))?.interactions).toBe(0);
    expect((await sig(db, `people:${b.id}`))?.interactions).toBe(1);

    const lead = repo.create('leads', { name: { first: 'Lee', last: 'Chan' }, email: 'lee@initech.io' });
    const meeting = repo.logActivity({ typeId: 'meeting', parent: { type: 'leads', id: lead.id }, details: '' });
    const conv = convertLead(repo, lead.id, { opportunity: { name: 'Initech' } });
    await projector.flush();
    expect(await sig(db, `people:${conv.person.id}`)).toMatchObject({ interactions: 1, lastContactAt: meeting.date });
    // An activity logged on the lead later still reaches the person (found through the parents index).
    const later = repo.logActivity({ typeId: 'email', parent: { type: 'leads', id: lead.id }, details: '' });
    await projector.flush();
    expect(await sig(db, `people:${conv.person.id}`)).toMatchObject({ interactions: 2, lastContactAt: later.date });
  });

  it('a teammate\'s activity arriving by sync updates the signals', async () => {
    const local = await setup();
    const peer = replica({ memberId: 'm2', role: 'member' });
    const lead = local.repo.create('leads', { name: { first: 'Ada' } });
    const pushAll = (from: typeof peer.docs, to: typeof local.docs) => {
      for (const [k, d] of from.loadedDocs()) Y.applyUpdate(to.doc(k as DocKey), Y.encodeStateAsUpdate(d), 'remote');
    };
    pushAll(local.docs, peer.docs);
    const call = peer.repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: lead.id }, details: 'from Sam' });
    pushAll(peer.docs, local.docs);
    await local.projector.flush();
    expect(await sig(local.db, `leads:${lead.id}`)).toMatchObject({ lastContactBy: 'm2', lastContactAt: call.date, interactions: 1 });
  });

  it('a rebuild from the docs gives the same signals and match keys as the incremental upkeep', async () => {
    const { repo, db, projector } = await setup();
    const c = repo.create('companies', { name: 'Acme', emailDomain: 'acme.io' });
    const p = repo.create('people', { name: { first: 'Ada' }, companyId: c.id, emails: [{ email: 'ada@acme.io' }] });
    repo.logActivity({ typeId: 'call', parent: { type: 'people', id: p.id }, details: '' });
    repo.create('tasks', { name: 'T', related: { type: 'companies', id: c.id } });
    repo.create('opportunities', { name: 'D', companyId: c.id, pipelineId: 'sales', stageId: 'qualified' });
    await projector.flush();
    const snap = async () => ({ s: await db.signals.orderBy('recordKey').toArray(), m: (await db.records.orderBy('key').toArray()).map((r) => [r.key, r.match]), t: await db.taskLinks.orderBy('taskKey').toArray() });
    const incremental = await snap();
    await projector.rebuild();
    expect(await snap()).toEqual(incremental);
    expect(incremental.s).toHaveLength(3);
  });
});

describe('sales signals of large batches (imports, joins)', () => {
  const snap = async (db: ReadDB) => ({ s: await db.signals.orderBy('recordKey').toArray(), t: await db.taskLinks.orderBy('taskKey').toArray() });

  it('are the same whether a batch\'s activities and tasks are read as one range (few in it) or one query per record (many)', async () => {
    const { repo, db, projector } = await setup();
    // Few activities in the key range of a batch: read with one range query.
    const fresh = Array.from({ length: 12 }, (_, i) => repo.create('leads', { name: { first: `New${i}` } }));
    const calls = fresh.slice(0, 3).map((l) => repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: l.id }, details: '' }));
    const task = repo.create('tasks', { name: 'Follow up', related: { type: 'leads', id: fresh[4].id }, dueAt: Date.UTC(2026, 11, 1) });
    await projector.flush();
    expect(await sig(db, `leads:${fresh[0].id}`)).toMatchObject({ interactions: 1, lastContactAt: calls[0].date });
    expect((await sig(db, `leads:${fresh[4].id}`))?.nextTask?.id).toBe(task.id);
    expect(await sig(db, `leads:${fresh[5].id}`)).toMatchObject({ interactions: 0, lastContactAt: 0 });
    // Edits of records that have signals, in a range with few activities: derived afresh, the same.
    for (const l of fresh.slice(0, 10)) repo.update('leads', l.id, { title: 'Buyer' });
    await projector.flush();
    expect(await sig(db, `leads:${fresh[0].id}`)).toMatchObject({ interactions: 1, lastContactAt: calls[0].date });
    expect((await sig(db, `leads:${fresh[4].id}`))?.nextTask?.id).toBe(task.id);
    // Many activities across the range (200 leads with 3 each): one query per record.
    const busy = Array.from({ length: 200 }, (_, i) => repo.create('leads', { name: { first: `Busy${i}` } }));
    for (const l of busy) for (const typeId of ['call', 'note', 'email']) repo.logActivity({ typeId, parent: { type: 'leads', id: l.id }, details: '' });
    await projector.flush();
    const more = Array.from({ length: 12 }, (_, i) => repo.create('leads', { name: { first: `More${i}` } }));
    repo.logActivity({ typeId: 'meeting', parent: { type: 'leads', id: more[0].id }, details: '' });
    await projector.flush();
    expect((await sig(db, `leads:${more[0].id}`))?.interactions).toBe(1);
    expect((await sig(db, `leads:${busy[7].id}`))?.interactions).toBe(2); // call + email count, a note does not
    // Activities on many records whose signals exist (a join's activity shards): found through `parents`.
    const conv = convertLead(repo, busy[9].id, {});
    await projector.flush();
    for (const l of busy.slice(0, 20)) repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: l.id }, details: '' });
    await projector.flush();
    expect((await sig(db, `people:${conv.person.id}`))?.interactions).toBe(3);
    expect((await sig(db, `leads:${busy[19].id}`))?.interactions).toBe(3);
    const incremental = await snap(db);
    await projector.rebuild();
    expect(await snap(db)).toEqual(incremental);
  });
});

describe('read model migration to version 4 (known here + signals tables)', () => {
  it('a version-3 read model (no signal tables) is rebuilt at start and fills them', async () => {
    const { default: Dexie } = await import('dexie');
    const { READ_MODEL_VERSION } = await import('../../../src/store/read-db.ts');
    expect(READ_MODEL_VERSION).toBeGreaterThanOrEqual(4);
    const { docs, repo } = replica();
    const c = repo.create('companies', { name: 'Acme', emailDomain: 'acme.io' });
    const p = repo.create('people', { name: { first: 'Ada' }, companyId: c.id, emails: [{ email: 'ada@acme.io' }] });
    const call = repo.logActivity({ typeId: 'call', parent: { type: 'people', id: p.id }, details: '' });
    const name = `known-v3-${Math.random()}`;
    // The read model as version 3 left it: schema version 1, its rows, meta saying 3.
    const old = new Dexie(name);
    old.version(1).stores({
      records: 'key, [type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId], *emails, *domains, *words',
      activities: 'id, parentKey, [parentKey+date], date, authorId', history: 'id, recordKey, at, batchId', meta: 'key',
    });
    await old.open();
    await old.table('records').put({ key: `people:${p.id}`, type: 'people', id: p.id, deleted: 0, sortName: 'ada', updatedAt: 1, statusId: '', ownerId: '', sourceId: '', companyId: c.id, stageId: '', emails: [], domains: [], words: [], data: p });
    await old.table('meta').put({ key: 'state', version: 3, vectors: {} });
    old.close();
    const db = new ReadDB(name);
    open.push(db);
    const projector = new Projector(docs, db);
    open.unshift({ close: () => projector.destroy() });
    expect(await projector.catchUp()).toBe('rebuilt');
    expect(await sig(db, `people:${p.id}`)).toMatchObject({ interactions: 1, lastContactAt: call.date });
    expect(names((await queryKnownHere(db, { url: 'https://www.acme.io/' })).records)).toEqual(['Acme', 'Ada']);
    expect((await db.meta.get('state'))?.version).toBe(READ_MODEL_VERSION);
  });
});

describe('lists by signal (read port)', () => {
  it('filters "not contacted for N days" / "never" and "in stage over N days", sorts by last contacted; rows carry signals', async () => {
    const { readPort } = await import('../../../src/ext/read-port.ts');
    const { repo, db, projector } = await setup();
    const now = Date.now();
    const old = repo.create('leads', { name: { first: 'Old' } });
    const fresh = repo.create('leads', { name: { first: 'Fresh' } });
    repo.create('leads', { name: { first: 'Never' } });
    repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: old.id }, details: '', date: now - 20 * DAY_MS });
    repo.logActivity({ typeId: 'email', parent: { type: 'leads', id: fresh.id }, details: '', date: now - 2 * DAY_MS });
    // The deal entered its stage at the test clock's time (Nov 2026): some whole days before now.
    const stuck = repo.create('opportunities', { name: 'Stuck', pipelineId: 'sales', stageId: 'qualified' });
    const inStage = Math.floor((now - (stuck.stageChangedAt as number)) / DAY_MS);
    await projector.flush();
    const read = readPort(db, () => () => {});
    const list = async (filters: Record<string, string>, sort?: { field: string; dir: 'asc' | 'desc' }, type: 'leads' | 'opportunities' = 'leads') =>
      (await read.queryList({ type, search: '', offset: 0, limit: 50, filters, ...(sort && { sort }) })).rows.map((r) => r.name);
    expect((await list({ notContactedDays: '14' })).sort()).toEqual(['Never', 'Old']);
    expect(await list({ notContactedDays: 'never' })).toEqual(['Never']);
    expect(await list({}, { field: 'lastContactAt', dir: 'desc' })).toEqual(['Fresh', 'Old', 'Never']);
    expect(await list({ notContactedDays: 'soon' })).toHaveLength(3); // not a number of days: no filter, no error
    const rows = (await read.queryList({ type: 'leads', search: 'old', offset: 0, limit: 50 })).rows;
    expect(rows[0].signals).toMatchObject({ interactions: 1 });
    expect(await list({ inStageOverDays: String(Math.max(0, inStage - 1)) }, undefined, 'opportunities')).toEqual(['Stuck']);
    expect(await list({ inStageOverDays: String(inStage + 1) }, undefined, 'opportunities')).toEqual([]);
  });
});

describe('admin: which activity types count as contact', () => {
  it('an admin sets it per type; members and the system type are refused with a reason', async () => {
    const { setCountsAsInteraction } = await import('../../../src/store/lifecycle/admin.ts');
    const { readConfig } = await import('../../../src/store/config-store.ts');
    const { repo, docs } = await setup();
    setCountsAsInteraction(repo, 'note', true);
    setCountsAsInteraction(repo, 'email', false);
    const types = readConfig(docs.config).activityTypes;
    expect(types.find((t) => t.id === 'note')?.countsAsInteraction).toBe(true);
    expect(types.find((t) => t.id === 'email')?.countsAsInteraction).toBe(false);
    expect(() => setCountsAsInteraction(repo, 'system', true)).toThrow(/System activity types/);
    expect(() => setCountsAsInteraction(repo, 'nope', true)).toThrow();
    repo.actor = { memberId: 'm2', role: 'member' };
    expect(() => setCountsAsInteraction(repo, 'call', false)).toThrow();
  });
});
