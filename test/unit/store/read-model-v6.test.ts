import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, SIGNAL_COLLECTIONS } from '../../../src/domain/index.ts';
import { Projector } from '../../../src/store/projector.ts';
import { READ_MODEL_VERSION, ReadDB } from '../../../src/store/read-db.ts';
import { queryKnownHere } from '../../../src/store/known-query.ts';
import { signalFilterKeys, signalsOf } from '../../../src/store/signal-queries.ts';
import { signalsRow, type SignalsRow } from '../../../src/store/known-index.ts';
import { ownTimelineParents } from '../../../src/domain/lifecycle/timeline.ts';
import { historyEntries, rowKey, type HistoryRow, type RecordRow } from '../../../src/store/rows.ts';
import { recordHistory } from '../../../src/store/history.ts';
import { batchHistory, undoBatch } from '../../../src/store/undo.ts';
import { convertLead, createTask } from '../../../src/store/lifecycle/index.ts';
import { replica } from './helpers.ts';
import { v5Db, projectedNow, writeOld } from './old-read-dbs.ts';

const open: { close(): void }[] = [];
afterEach(() => { for (const o of open.splice(0)) o.close(); });


/** A replica with a live projection into a fresh read model. */
async function projected() {
  const { docs, repo } = replica();
  const db = new ReadDB(`v6-${Math.random()}`);
  open.push(db);
  const projector = new Projector(docs, db);
  open.unshift({ close: () => projector.destroy() });
  await projector.catchUp();
  return { repo, db, projector };
}

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
const byKey = <T extends { key: string }>(rows: T[]) => [...rows].sort((a, b) => a.key.localeCompare(b.key));
const bySignalKey = (rows: SignalsRow[]) => [...rows].sort((a, b) => a.recordKey.localeCompare(b.recordKey));

/** A workspace with every kind of signals: none, activities, a next task, a stage, a conversion. */
function workspace() {
  let t = Date.UTC(2026, 9, 1);
  const { docs, repo } = replica({ memberId: 'm1', role: 'admin' }, () => (t += 1000));
  const acme = repo.create('companies', { name: 'Acme Inc', emailDomain: 'acme.io', websites: [{ url: 'https://acme.io' }] });
  const ada = repo.create('people', { name: { first: 'Ada', last: 'Lovelace' }, companyId: acme.id, emails: [{ email: 'ada@acme.io' }], phones: [{ number: '+44 20 7946 0958' }] });
  const quiet = repo.create('people', { name: { first: 'Quiet', last: 'One' }, emails: [{ email: 'quiet@globex.io' }] });
  const lead = repo.create('leads', { name: { first: 'Lee', last: 'Converted' }, email: 'lee@initech.io' });
  const idle = repo.create('leads', { name: { first: 'Idle', last: 'Lead' }, email: 'idle@gmail.com' });
  repo.logActivity({ typeId: 'call', parent: { type: 'people', id: ada.id }, details: 'intro', date: Date.UTC(2026, 9, 2) });
  repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: lead.id }, details: 'before converting', date: Date.UTC(2026, 9, 3) });
  createTask(repo, { name: 'Follow up', related: { type: 'companies', id: acme.id }, dueAt: Date.UTC(2026, 11, 1) });
  const conv = convertLead(repo, lead.id, { company: { mode: 'existing', id: acme.id }, opportunity: {} });
  repo.create('opportunities', { name: 'Acme renewal', pipelineId: 'sales', stageId: 'qualified', companyId: acme.id, primaryPersonId: ada.id });
  return { docs, acme, ada, quiet, idle, conv };
}

/** What read model 5 held: rows without `match` (nor 7's `into`), a matchKeys table, a signals row for every live record, a history row per entry. */
function asV5(rows: RecordRow[], signals: SignalsRow[], history: HistoryRow[]) {
  const have = new Set(signals.map((s) => s.recordKey));
  const all = [...signals];
  for (const r of rows) {
    if (r.deleted || have.has(r.key) || !SIGNAL_COLLECTIONS.includes(r.type)) continue;
    const data = r.data as Record<string, unknown>;
    all.push(signalsRow(r.key, data, ownTimelineParents(r.type, { ...data, id: r.id }), {}, ['call', 'meeting', 'email'], undefined));
  }
  return {
    records: rows.map(({ match: _m, into: _i, ...r }) => r),
    matchKeys: rows.filter((r) => r.match).map((r) => ({ recordKey: r.key, type: r.type, keys: r.match })),
    signals: all,
    history: historyEntries(history).map((e) => ({ ...e, recordKey: rowKey(e.collection, e.recordId) })),
  };
}

describe('read model 6 (match keys in the row, signals rows only where there are signals)', () => {
  it('a read model 5 is upgraded in place at open (not rebuilt) and answers the same', async () => {
    const { docs, acme, ada, quiet, idle, conv } = workspace();
    const fresh = await projectedNow(docs, open);
    const [rows, signals, taskLinks, activities, history, meta] = await Promise.all([
      fresh.records.toArray(), fresh.signals.toArray(), fresh.taskLinks.toArray(), fresh.activities.toArray(), fresh.history.toArray(), fresh.meta.get('state'),
    ]);
    // Records without signals have no row; those with activities, a task, a stage or a conversion have one.
    expect(signals.map((s) => s.recordKey).sort()).not.toContain(`people:${quiet.id}`);
    expect(signals.map((s) => s.recordKey)).toEqual(expect.arrayContaining([`people:${ada.id}`, `companies:${acme.id}`, `people:${conv.person.id}`]));
    expect(rows.find((r) => r.key === `companies:${acme.id}`)?.match).toEqual(expect.arrayContaining(['d:acme.io']));

    const name = `v6-old-${Math.random()}`;
    const v5 = asV5(rows, signals, history);
    expect(v5.signals.length).toBeGreaterThan(signals.length); // v5 kept a row for quiet and idle too
    await writeOld(v5Db(name), { records: v5.records, matchKeys: v5.matchKeys, signals: v5.signals, taskLinks, activities, history: v5.history }, meta!, 5);

    const db = new ReadDB(name);
    open.push(db);
    const projector = new Projector(docs, db);
    open.unshift({ close: () => projector.destroy() });
    expect(await projector.catchUp()).toBe('current');
    expect((await db.meta.get('state'))?.version).toBe(READ_MODEL_VERSION); // 5 → 6 → 7 at one open
    expect(byKey(await db.records.toArray())).toEqual(byKey(rows));
    expect(bySignalKey(await db.signals.toArray())).toEqual(bySignalKey(signals));
    expect(db.tables.map((t) => t.name)).not.toContain('matchKeys');
    expect(db.signals.schema.idxByName['[type+lastActivityAt]']).toBeUndefined();
    // History: each entry of read model 5 is a row of its own, found by record and by batch.
    expect(await db.history.count()).toBe(v5.history.length);
    expect(historyEntries(await db.history.toArray()).sort(byId)).toEqual(historyEntries(history).sort(byId));
    expect((await recordHistory(db, `people:${ada.id}`)).map((e) => e.op)).toEqual(['create']);
    expect((await batchHistory(db, conv.batchId)).length).toBeGreaterThanOrEqual(3);

    // Known here, signals and their filters answer as read model 5 did.
    const known = await queryKnownHere(db, { url: 'https://www.acme.io/team', emails: ['quiet@globex.io'] });
    expect(known.records.map((h) => h.row.key).sort()).toEqual([`companies:${acme.id}`, `people:${ada.id}`, `people:${conv.person.id}`, `people:${quiet.id}`].sort());
    expect(known.records.find((h) => h.row.key === `people:${quiet.id}`)?.signals).toMatchObject({ lastContactAt: 0, interactions: 0 });
    expect(known.records.find((h) => h.row.key === `people:${ada.id}`)?.signals?.interactions).toBe(1);
    const s = await signalsOf(db, [`leads:${idle.id}`, `people:${ada.id}`]);
    expect(s.get(`leads:${idle.id}`)).toEqual({ lastContactAt: 0, lastContactBy: '', interactions: 0, lastActivityAt: 0, stageSince: 0 });
    expect(s.get(`people:${ada.id}`)).toMatchObject({ interactions: 1, lastContactBy: 'm1' });
    const now = Date.UTC(2026, 10, 1);
    expect([...(await signalFilterKeys(db, 'people', { notContactedDays: 'never' }, now))!].sort()).toEqual([`people:${quiet.id}`]);
    expect([...(await signalFilterKeys(db, 'people', { notContactedDays: '14' }, now))!].sort()).toEqual([`people:${ada.id}`, `people:${conv.person.id}`, `people:${quiet.id}`].sort());
    expect([...(await signalFilterKeys(db, 'people', { notContactedDays: '60' }, now))!]).toEqual([`people:${quiet.id}`]);
    expect([...(await signalFilterKeys(db, 'leads', { notContactedDays: 'never' }, now))!]).toEqual([`leads:${idle.id}`]);
    expect((await signalFilterKeys(db, 'opportunities', { inStageOverDays: '1' }, now + DAY_MS))!.size).toBe(2); // both deals have a stage
  });

  it('a record that loses its signals drops its row; one that gains them gets one', async () => {
    const { repo, db, projector } = await projected();
    const leads = Array.from({ length: 12 }, (_, i) => repo.create('leads', { name: { first: `L${i}` }, email: `l${i}@acme.io` }));
    await projector.flush();
    expect(await db.signals.count()).toBe(0);
    expect((await db.records.get(`leads:${leads[0].id}`))?.match).toEqual(['e:l0@acme.io', 'd:acme.io']);
    const task = createTask(repo, { name: 'Call back', related: { type: 'leads', id: leads[3].id } });
    await projector.flush();
    expect((await db.signals.get(`leads:${leads[3].id}`))?.nextTask?.id).toBe(task.id);
    repo.update('tasks', task.id, { status: 'done' });
    await projector.flush();
    expect(await db.signals.get(`leads:${leads[3].id}`)).toBeUndefined();
    // A batch of records, some with a row (a bulk edit after activities): the rows follow.
    repo.logActivity({ typeId: 'call', parent: { type: 'leads', id: leads[5].id }, details: '' });
    await projector.flush();
    for (const l of leads) repo.update('leads', l.id, { title: 'Buyer' });
    await projector.flush();
    expect((await db.signals.toArray()).map((s) => s.recordKey)).toEqual([`leads:${leads[5].id}`]);
    // A trashed record has no match keys: known here does not name it.
    repo.delete('leads', leads[0].id);
    await projector.flush();
    expect((await db.records.get(`leads:${leads[0].id}`))?.match).toBeUndefined();
    expect((await queryKnownHere(db, { url: 'https://example.org', emails: ['l0@acme.io'] })).records).toEqual([]);
  });

  it('a batch\'s history is one row per write: found by record and by batch, undone, taken once when read again', async () => {
    const { repo, db, projector } = await projected();
    const ids = Array.from({ length: 40 }, (_, i) => `imp${String(i).padStart(3, '0')}`);
    const { batchId } = repo.applyChanges(ids.map((id, i) => ({ collection: 'leads' as const, id, op: 'create' as const, set: { name: { first: `I${i}` }, email: `i${i}@acme.io` } })));
    repo.update('leads', ids[7], { title: 'Buyer' });
    await projector.flush();
    const rows = await db.history.toArray();
    expect(rows).toHaveLength(2); // the batch's 40 creates, the edit
    expect(rows.find((r) => r.batchId === batchId)?.recordKeys).toHaveLength(40);
    expect((await recordHistory(db, `leads:${ids[7]}`)).map((e) => e.op).sort()).toEqual(['create', 'update']);
    expect((await recordHistory(db, `leads:${ids[8]}`)).map((e) => e.recordId)).toEqual([ids[8]]);
    // Entries read again (a start after a lost write) land in another row: readers take each once.
    const again = historyEntries(rows).filter((e) => e.batchId === batchId).slice(0, 5);
    await db.history.put({ id: `${batchId}~again`, batchId, recordKeys: again.map((e) => rowKey(e.collection, e.recordId)), entries: again });
    expect(await batchHistory(db, batchId)).toHaveLength(40);
    expect(await recordHistory(db, `leads:${ids[0]}`)).toHaveLength(1);
    // Undo of the batch from the read model's rows: every created lead goes to the trash.
    const undone = undoBatch(repo, batchId, await batchHistory(db, batchId));
    expect(undone.reverted).toBe(40);
    await projector.flush();
    expect((await db.records.toArray()).filter((r) => !r.deleted)).toHaveLength(0);
  });
});
