import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Collection, WriteProvenance } from '../../../src/domain/index.ts';
import { activityDocKey, recordDocKey, type DocKey } from '../../../src/domain/routing.ts';
import { collectionMap, SEP } from '../../../src/layout/records-doc.ts';
import { historyMap, type HistoryEntry } from '../../../src/layout/history-doc.ts';
import { activityMap } from '../../../src/layout/record-write.ts';
import { createDocs } from '../../../src/store/docs.ts';
import { Repository } from '../../../src/store/repository.ts';
import { api, mintKey, seededWorkspace, startTestRelay } from './helpers.ts';

/**
 * One write path (issue 10): the same change made by the extension's repository and by the
 * relay's API gives the same Yjs state — every key of the record (values, `_c`/`_u`/`_d`,
 * provenance `_p.<field>`), the same history entries and the same timeline lines.
 */
const API_WRITE: WriteProvenance = { origin: { method: 'api' } };
const ACTOR = 'service:zapier';

/** A record's stored keys (field part → value) in a record shard doc. */
function recordKeys(doc: Y.Doc, collection: Collection, id: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of collectionMap(doc, collection).entries()) if (k.startsWith(id + SEP)) out[k.slice(id.length + 1)] = v;
  return out;
}
/** A record's history entries and activities in its activity shard, without their random ids. */
function timelineOf(doc: Y.Doc, id: string) {
  const history = [...historyMap(doc).values()].filter((h) => h.recordId === id)
    .sort((a, b) => a.at - b.at || a.op.localeCompare(b.op)).map(({ id: _id, ...h }) => h);
  const activities = [...activityMap(doc).values()].filter((a) => a.parent.id === id)
    .sort((a, b) => a.date - b.date).map(({ id: _id, ...a }) => a);
  return { history, activities };
}

describe('one write path: repository and relay API write the same Yjs state', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  let ws: Awaited<ReturnType<typeof seededWorkspace>>;
  let call: ReturnType<typeof api>;

  beforeAll(async () => {
    t = await startTestRelay({ limits: { apiRequestsPerMinute: 10_000 } });
    ws = await seededWorkspace(t.relay);
    call = api(t.relay, ws.workspaceId, (await mintKey(t.relay, ws.workspaceId, ws.tokens.admin, { name: 'zapier', role: 'member', serviceAccount: 'zapier' })).token);
  });
  afterAll(async () => {
    await t.stop();
  });

  const roomDoc = async (key: DocKey) => {
    const doc = new Y.Doc();
    const stored = await t.relay.storage.loadRoom(`${ws.workspaceId}/${key}`);
    if (stored.length) Y.applyUpdate(doc, Y.mergeUpdates(stored));
    return doc;
  };

  it('create, update (set, clear, custom, a status change with its timeline line), delete and restore', async () => {
    const input = { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@engines.example', companyName: 'Analytical Engines', title: 'Analyst', tags: ['vip'], custom: { 'crm-id': 'C-9' } };
    const patch = { title: 'Chief analyst', companyName: null, statusId: 'open', phones: [{ number: '+44 20 7946 0000' }], custom: { 'crm-id': 'C-10' } };
    const created = await call('POST', '/leads', input);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect((await call('PATCH', `/leads/${id}`, patch)).status).toBe(200);
    expect((await call('PATCH', `/leads/${id}`, { title: 'Chief analyst' })).status).toBe(200); // no change: nothing written
    expect((await call('DELETE', `/leads/${id}`)).status).toBe(200);
    expect((await call('DELETE', `/leads/${id}`)).status).toBe(200); // already in the trash: nothing written
    expect((await call('POST', `/leads/${id}/restore`)).status).toBe(200);

    const relayRecord = await roomDoc(recordDocKey(id));
    const relayTimeline = timelineOf(await roomDoc(activityDocKey(id)), id);
    expect(relayTimeline.history.map((h) => h.op)).toEqual(['create', 'update', 'delete', 'restore']);
    const times = relayTimeline.history.map((h) => h.at);

    // The extension: same workspace config, same actor, the same clock at each write.
    const docs = createDocs();
    Y.applyUpdate(docs.config, Y.mergeUpdates(await t.relay.storage.loadRoom(`${ws.workspaceId}/config`)));
    let clock = 0;
    const repo = new Repository({ docs, actor: { memberId: ACTOR, role: 'member' }, now: () => clock });
    clock = times[0];
    repo.create('leads', input, { id, provenance: API_WRITE });
    clock = times[1];
    repo.update('leads', id, patch, { provenance: API_WRITE });
    clock += 1;
    repo.update('leads', id, { title: 'Chief analyst' }, { provenance: API_WRITE });
    clock = times[2];
    repo.delete('leads', id);
    expect(() => repo.delete('leads', id)).toThrow(); // in the trash: the repository refuses (the API answers as is); neither writes
    clock = times[3];
    repo.restore('leads', id);

    const local = recordKeys(docs.doc(recordDocKey(id)), 'leads', id);
    expect(local).toEqual(recordKeys(relayRecord, 'leads', id));
    // The layout, spelled out: meta stamps, provenance per field written, a cleared field and its provenance gone.
    expect(local._c).toEqual([times[0], ACTOR]);
    expect(local._u).toEqual([times[3], ACTOR]);
    expect(local._d).toBeUndefined();
    expect(local['_p.title']).toMatchObject({ method: 'api', by: ACTOR, at: times[1] });
    expect(local['_p.custom.crm-id']).toMatchObject({ method: 'api', at: times[1] });
    expect(local.companyName).toBeUndefined();
    expect(local['_p.companyName']).toBeUndefined();
    expect(local['cf.crm-id']).toBe('C-10');

    const localTimeline = timelineOf(docs.doc(activityDocKey(id)), id);
    expect(localTimeline).toEqual(relayTimeline);
    // What undo needs: the update's previous values and where they came from.
    expect(relayTimeline.history[1]).toMatchObject({ prev: { title: 'Analyst', companyName: 'Analytical Engines', statusId: 'new' }, prevProvenance: { title: { method: 'api' }, companyName: { method: 'api' } } });
    expect(relayTimeline.activities).toEqual([expect.objectContaining({ typeId: 'system', system: { field: 'statusId', from: 'new', to: 'open' }, authorId: ACTOR })]);
    docs.destroy();
  });

  it('a lead converted through the API and by the extension has the same keys and history batch', async () => {
    const lead = (await call('POST', '/leads', { name: { first: 'Grace', last: 'Hopper' }, email: 'grace@navy.example', monetaryValue: 900 })).body;
    // The extension: a replica of what the relay stores before the conversion.
    const docs = createDocs();
    for (const key of ['config', recordDocKey(lead.id), activityDocKey(lead.id)] as DocKey[]) {
      const stored = await t.relay.storage.loadRoom(`${ws.workspaceId}/${key}`);
      if (stored.length) Y.applyUpdate(docs.doc(key), Y.mergeUpdates(stored));
    }
    const remote = await call('POST', `/leads/${lead.id}/convert`, { company: { mode: 'none' } });
    expect(remote.status, JSON.stringify(remote.body)).toBe(200);
    const person = remote.body.person.id as string;
    const relayHistory = timelineOf(await roomDoc(activityDocKey(person)), person).history;
    const at = relayHistory[0].at;
    const repo = new Repository({ docs, actor: { memberId: ACTOR, role: 'member' }, now: () => at });
    const { convertLead } = await import('../../../src/store/lifecycle/conversion.ts');
    const local = convertLead(repo, lead.id, { company: { mode: 'none' } });
    expect(local.person.id).toBe(person);
    for (const [c, rid] of [['people', person], ['leads', lead.id]] as [Collection, string][]) {
      expect(recordKeys(docs.doc(recordDocKey(rid)), c, rid)).toEqual(recordKeys(await roomDoc(recordDocKey(rid)), c, rid));
      const strip = (h: Omit<HistoryEntry, 'id'>[]) => h.map(({ batchId, ...e }) => ({ ...e, batched: !!batchId }));
      expect(strip(timelineOf(docs.doc(activityDocKey(rid)), rid).history)).toEqual(strip(timelineOf(await roomDoc(activityDocKey(rid)), rid).history));
    }
    docs.destroy();
  });
});
