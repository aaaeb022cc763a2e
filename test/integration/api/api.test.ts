import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { COLLECTIONS, CONFIG_LISTS } from '../../../src/domain/index.ts';
import { activityDocKey, allDocKeys, recordDocKey } from '../../../src/domain/routing.ts';
import { readRecord } from '../../../src/layout/records-doc.ts';
import { historyMap } from '../../../src/layout/history-doc.ts';
import { createDocs } from '../../../src/store/docs.ts';
import { Repository } from '../../../src/store/repository.ts';
import { convertLead } from '../../../src/store/lifecycle/conversion.ts';
import type { RecordEvent } from '../../../sync-server/events/record-events.ts';
import { api, client, mintKey, openApiChecker, seededWorkspace, startTestRelay, waitFor } from './helpers.ts';

describe('relay REST API', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  let ws: Awaited<ReturnType<typeof seededWorkspace>>;
  let keys: Record<'admin' | 'member' | 'viewer', string>;
  let oa: Awaited<ReturnType<typeof openApiChecker>>;
  const events: RecordEvent[] = [];
  let call: ReturnType<typeof api>;

  beforeAll(async () => {
    t = await startTestRelay({ limits: { apiRequestsPerMinute: 10_000 } });
    t.relay.events.subscribe((e) => events.push(e));
    ws = await seededWorkspace(t.relay);
    keys = {
      admin: (await mintKey(t.relay, ws.workspaceId, ws.tokens.admin, { name: 'ops', role: 'admin', memberId: ws.members.admin })).token,
      member: (await mintKey(t.relay, ws.workspaceId, ws.tokens.admin, { name: 'zapier', role: 'member', serviceAccount: 'zapier' })).token,
      viewer: (await mintKey(t.relay, ws.workspaceId, ws.tokens.admin, { name: 'reports', role: 'viewer' })).token,
    };
    call = api(t.relay, ws.workspaceId, keys.member);
    oa = await openApiChecker(t.relay);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('serves an OpenAPI 3.1 document that a validator accepts, covering every endpoint', async () => {
    const validator = new Validator();
    const result = await validator.validate(oa.doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    for (const c of [...COLLECTIONS, 'activities']) expect(Object.keys(oa.doc.paths)).toContain(`/api/v1/{workspace}/${c}/{id}`);
    expect(Object.keys(oa.doc.paths)).toContain('/api/v1/{workspace}/leads/upsert');
    expect(Object.keys(oa.doc.paths)).toContain('/api/v1/{workspace}/leads/{id}/convert');
  });

  it('creates, gets, lists, updates, deletes to the trash and restores each record type, every answer matching the OpenAPI document', async () => {
    const inputs: Record<string, Record<string, unknown>> = {
      leads: { name: { first: 'Grace', last: 'Hopper' }, email: 'grace@navy.example', tags: ['vip'] },
      people: { name: { first: 'Alan', last: 'Turing' }, emails: [{ email: 'alan@bletchley.example' }] },
      companies: { name: 'Bletchley Park', emailDomain: 'bletchley.example' },
      opportunities: { name: 'Enigma deal', pipelineId: 'sales', stageId: 'qualified' },
      tasks: { name: 'Call Alan' },
    };
    const patches: Record<string, Record<string, unknown>> = {
      leads: { title: 'Rear Admiral', tags: null },
      people: { title: 'Mathematician' },
      companies: { details: 'Codebreakers' },
      opportunities: { stageId: 'negotiation' },
      tasks: { status: 'done' },
    };
    for (const c of COLLECTIONS) {
      const created = await call('POST', `/${c}`, inputs[c]);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      oa.check(`/${c}`, 'POST', 201, created.body);
      expect(created.body.createdBy).toBe('service:zapier');
      const id = created.body.id as string;
      const got = await call('GET', `/${c}/${id}`);
      expect(got.status).toBe(200);
      oa.check(`/${c}/{id}`, 'GET', 200, got.body);
      expect(got.body).toEqual(created.body);
      const listed = await call('GET', `/${c}`);
      oa.check(`/${c}`, 'GET', 200, listed.body);
      expect(listed.body.items.map((r: { id: string }) => r.id)).toContain(id);
      const patched = await call('PATCH', `/${c}/${id}`, patches[c]);
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      oa.check(`/${c}/{id}`, 'PATCH', 200, patched.body);
      for (const [k, v] of Object.entries(patches[c])) if (v !== null) expect(patched.body[k]).toEqual(v);
      const deleted = await call('DELETE', `/${c}/${id}`);
      expect(deleted.status).toBe(200);
      oa.check(`/${c}/{id}`, 'DELETE', 200, deleted.body);
      expect(deleted.body.deletedAt).toBeTypeOf('number');
      expect((await call('GET', `/${c}`)).body.items.map((r: { id: string }) => r.id)).not.toContain(id);
      expect((await call('GET', `/${c}?scope=trash`)).body.items.map((r: { id: string }) => r.id)).toContain(id);
      expect((await call('PATCH', `/${c}/${id}`, patches[c])).status).toBe(404);
      const restored = await call('POST', `/${c}/${id}/restore`);
      expect(restored.status).toBe(200);
      oa.check(`/${c}/{id}/restore`, 'POST', 200, restored.body);
      expect(restored.body.deletedAt).toBeUndefined();
    }
    // The task went done (completedAt by the rule), the opportunity's stage took its probability.
    const tasks = (await call('GET', '/tasks')).body.items;
    expect(tasks[0].completedAt).toBeTypeOf('number');
    const opp = (await call('GET', '/opportunities')).body.items[0];
    expect(opp).toMatchObject({ stageId: 'negotiation', winProbability: 80 });
  });

  it('writes field history and timeline lines like a teammate (stored in the record\'s activity shard)', async () => {
    const lead = (await call('POST', '/leads', { name: { first: 'Hist' }, email: 'hist@example.com' })).body;
    await call('PATCH', `/leads/${lead.id}`, { statusId: 'open' });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(await t.relay.storage.loadRoom(`${ws.workspaceId}/${activityDocKey(lead.id)}`)));
    const history = [...historyMap(doc).values()].filter((h) => h.recordId === lead.id).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
    expect(history.map((h) => h.op)).toEqual(['create', 'update']);
    expect(history[1]).toMatchObject({ by: 'service:zapier', set: { statusId: 'open' }, prev: { statusId: 'new' } });
    const system = [...doc.getMap<{ parent: { id: string }; system?: unknown }>('activities').values()].filter((a) => a.parent.id === lead.id && a.system);
    expect(system).toEqual([expect.objectContaining({ system: { field: 'statusId', from: 'new', to: 'open' } })]);
    const timeline = await call('GET', `/activities?parentType=leads&parentId=${lead.id}`);
    oa.check('/activities', 'GET', 200, timeline.body);
    expect(timeline.body.items).toHaveLength(1);
  });

  it('logs activities and reads them back', async () => {
    const lead = (await call('POST', '/leads', { name: { first: 'Act' } })).body;
    const a = await call('POST', '/activities', { typeId: 'call', parent: { type: 'leads', id: lead.id }, details: 'Left a voicemail' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    oa.check('/activities', 'POST', 201, a.body);
    const got = await call('GET', `/activities/${a.body.id}`);
    oa.check('/activities/{id}', 'GET', 200, got.body);
    expect(got.body.details).toBe('Left a voicemail');
    expect((await call('POST', '/activities', { typeId: 'system', parent: { type: 'leads', id: lead.id } })).status).toBe(422);
    expect((await call('POST', '/activities', { typeId: 'call', parent: { type: 'leads', id: 'nope' } })).status).toBe(404);
    expect((await call('DELETE', `/activities/${a.body.id}`)).status).toBe(405);
  });

  it('names each bad field (zod issues), refuses rule breaks with the field, unknown fields and bad JSON, and writes nothing', async () => {
    const before = (await call('GET', '/leads?limit=200')).body.items.length;
    const bad = await call('POST', '/leads', { email: 'not-an-email', phones: [{ number: 'call me maybe' }], websites: [{ url: 'javascript:alert(1)' }], colour: 'red' });
    expect(bad.status).toBe(400);
    oa.check('/leads', 'POST', 400, bad.body);
    const paths = bad.body.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'phones.0.number', 'websites.0.url']));
    const rule = await call('POST', '/leads', { name: { first: 'X' }, statusId: 'converted' });
    expect(rule.status).toBe(422);
    expect(rule.body.fields).toEqual([expect.objectContaining({ path: 'statusId' })]);
    const opp = await call('POST', '/opportunities', { name: 'Bad', pipelineId: 'sales', stageId: 'nope' });
    expect(opp.status).toBe(422);
    expect(opp.body.fields[0].path).toBe('stageId');
    const meta = await call('PATCH', `/leads/${(await call('POST', '/leads', { name: { first: 'Y' } })).body.id}`, { createdBy: 'me' });
    expect(meta.status).toBe(400);
    expect(meta.body.fields).toEqual([{ path: 'createdBy', message: 'is set by Outpost and cannot be changed' }]);
    const json = await call('POST', '/leads', '{"name":');
    expect(json.status).toBe(400);
    const badQuery = await call('GET', '/leads?colour=red&limit=5000');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['', 'limit'].sort());
    expect((await call('GET', '/leads?cursor=garbage')).status).toBe(400);
    expect((await call('GET', '/leads?limit=200')).body.items.length).toBe(before + 1);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const big = await call('POST', '/leads', { name: { first: 'Big' }, details: 'x'.repeat(300 * 1024) });
    expect(big.status).toBe(413);
  });

  it('searches with the extension\'s word rules, filters like the tables, sorts, and pages with a cursor', async () => {
    const m = api(t.relay, ws.workspaceId, keys.member);
    for (let i = 0; i < 7; i++) await m('POST', '/leads', { name: { first: `Page${i}`, last: 'Searchable' }, email: `p${i}@pages.example`, statusId: i % 2 ? 'open' : 'new', tags: i < 3 ? ['hot'] : [] });
    const found = await m('GET', '/leads?search=searchab');
    expect(found.body.items).toHaveLength(7);
    expect((await m('GET', '/leads?search=pages.example')).body.items).toHaveLength(7);
    expect((await m('GET', '/leads?search=page3 searchable')).body.items.map((r: { name: { first: string } }) => r.name.first)).toEqual(['Page3']);
    expect((await m('GET', '/leads?search=searchable&statusId=open')).body.items).toHaveLength(3);
    expect((await m('GET', '/leads?search=searchable&tag=hot')).body.items).toHaveLength(3);
    expect((await m('GET', '/leads?email=P4@Pages.example')).body.items).toHaveLength(1);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { name: { first: string } }[]; nextCursor: string | null } } = await m('GET', `/leads?search=searchable&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      oa.check('/leads', 'GET', 200, page.body);
      names.push(...page.body.items.map((r) => r.name.first));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Page${i}`));
    const newest = await m('GET', '/leads?search=searchable&sort=createdAt&order=desc&limit=2');
    expect(newest.body.items.map((r: { name: { first: string } }) => r.name.first)).toEqual(['Page6', 'Page5']);
  });

  it('upserts leads on email (identity rules) and on a custom field; ambiguity answers 409 with the candidates', async () => {
    const first = await call('PUT', '/leads/upsert', { fields: { name: { first: 'Up' }, email: 'Up@Sert.example', custom: { 'crm-id': 'A-1' } } });
    expect(first.status).toBe(201);
    oa.check('/leads/upsert', 'PUT', 201, first.body);
    const again = await call('PUT', '/leads/upsert', { fields: { email: ' up@sert.EXAMPLE ', title: 'CTO' } });
    expect(again.status).toBe(200);
    oa.check('/leads/upsert', 'PUT', 200, again.body);
    expect(again.body).toMatchObject({ result: 'updated', record: { id: first.body.record.id, title: 'CTO', name: { first: 'Up' } } });
    const byCustom = await call('PUT', '/leads/upsert', { on: 'custom.crm-id', fields: { custom: { 'crm-id': 'a-1' }, title: 'CEO' } });
    expect(byCustom.status).toBe(200);
    expect(byCustom.body.record).toMatchObject({ id: first.body.record.id, title: 'CEO' });
    await call('POST', '/leads', { name: { first: 'Twin' }, email: 'up@sert.example' });
    const ambiguous = await call('PUT', '/leads/upsert', { fields: { email: 'up@sert.example', title: 'Who?' } });
    expect(ambiguous.status).toBe(409);
    oa.check('/leads/upsert', 'PUT', 409, ambiguous.body);
    expect(ambiguous.body.candidates.map((c: { id: string }) => c.id)).toHaveLength(2);
    // Nothing was written to either.
    for (const c of ambiguous.body.candidates) expect((await call('GET', `/leads/${c.id}`)).body.title).not.toBe('Who?');
    expect((await call('PUT', '/leads/upsert', { fields: { name: { first: 'No email' } } })).body.fields).toEqual([expect.objectContaining({ path: 'fields.email' })]);
    expect((await call('PUT', '/leads/upsert', { on: 'custom.nope', fields: { custom: { nope: 'x' } } })).status).toBe(400);
  });

  it('converts a lead exactly as the extension does (same records, same ids, same links)', async () => {
    const company = (await call('POST', '/companies', { name: 'Analytical Engines', emailDomain: 'engines.example' })).body;
    const lead = (await call('POST', '/leads', { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@engines.example', companyName: 'Analytical Engines', monetaryValue: 5000, phones: [{ number: '+44 20 7946 0000' }], custom: { 'crm-id': 'C-9' } })).body;
    const task = (await call('POST', '/tasks', { name: 'Follow up', related: { type: 'leads', id: lead.id } })).body;
    const options = { opportunity: { name: 'Engines', closeDate: '2027-01-31' } };

    // The extension: a replica holding what the relay stores, converting with the same actor.
    const docs = createDocs();
    for (const key of allDocKeys()) {
      const stored = await t.relay.storage.loadRoom(`${ws.workspaceId}/${key}`);
      if (stored.length) Y.applyUpdate(docs.doc(key), Y.mergeUpdates(stored));
    }
    const repo = new Repository({ docs, actor: { memberId: 'service:zapier', role: 'member' } });
    const local = convertLead(repo, lead.id, options);

    const remote = await call('POST', `/leads/${lead.id}/convert`, options);
    expect(remote.status, JSON.stringify(remote.body)).toBe(200);
    oa.check('/leads/{id}/convert', 'POST', 200, remote.body);
    const strip = (r: unknown) => JSON.parse(JSON.stringify(r, (k, v) => (['createdAt', 'updatedAt', 'convertedAt', 'stageChangedAt', 'batchId', 'at'].includes(k) ? undefined : v)));
    expect(strip(remote.body)).toEqual(strip(local));
    expect(remote.body.company.id).toBe(company.id);
    expect(remote.body.companyCreated).toBe(false);
    // Where the deal's values came from: the lead's value written through the API, the dialog's name typed.
    expect(remote.body.opportunity.provenance).toMatchObject({ monetaryValue: { method: 'api', by: 'service:zapier' }, name: { method: 'typed', by: 'service:zapier' } });
    expect((await call('GET', `/tasks/${task.id}`)).body.related).toEqual({ type: 'people', id: remote.body.person.id });
    const twice = await call('POST', `/leads/${lead.id}/convert`, options);
    expect(twice.status).toBe(422);
    expect(twice.body.fields[0].path).toBe('convertedAt');
    expect((await call('POST', `/leads/${lead.id}/convert`, { company: { mode: 'sideways' } })).status).toBe(400);
    await waitFor(() => events.some((e) => e.type === 'converted' && e.recordId === lead.id), 5000, 'converted event');
  });

  it('a member\'s key makes records that member\'s (owner, a task\'s assignee, what Convert makes); a service account\'s key makes no owner up', async () => {
    const w = await seededWorkspace(t.relay);
    const mine = api(t.relay, w.workspaceId, (await mintKey(t.relay, w.workspaceId, w.tokens.admin, { name: 'mine', role: 'admin', memberId: w.members.admin })).token);
    const service = api(t.relay, w.workspaceId, (await mintKey(t.relay, w.workspaceId, w.tokens.admin, { name: 'forms', role: 'member', serviceAccount: 'forms' })).token);
    const made = (await mine('POST', '/leads', { name: { first: 'Mary', last: 'Jackson' } })).body;
    expect(made.ownerId).toBe(w.members.admin);
    expect((await mine('POST', '/tasks', { name: 'Call Mary' })).body.assigneeId).toBe(w.members.admin);
    expect((await mine('POST', '/companies', { name: 'Langley' })).body.ownerId).toBe(w.members.admin);
    const unowned = (await service('POST', '/leads', { name: { first: 'Dorothy', last: 'Vaughan' } })).body;
    expect(unowned).not.toHaveProperty('ownerId');
    expect((await service('POST', '/leads', { name: { first: 'Kath' }, ownerId: w.members.admin })).body.ownerId).toBe(w.members.admin);
    // A bad input is still refused whole, owner or not.
    const before = (await mine('GET', '/leads?limit=200')).body.items.length;
    const bad = await mine('POST', '/leads', { name: { first: 'X' }, email: 'not an email' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { path: string }) => f.path)).toEqual(['email']);
    expect((await mine('POST', '/leads', [])).status).toBe(400);
    expect((await mine('GET', '/leads?limit=200')).body.items.length).toBe(before);
    // Convert: the lead's owner, else the member converting; through a service account, the lead's or none.
    const byMember = (await mine('POST', `/leads/${unowned.id}/convert`, {})).body;
    expect(byMember.person.ownerId).toBe(w.members.admin);
    const other = (await service('POST', '/leads', { name: { first: 'Katherine', last: 'Johnson' } })).body;
    expect((await service('POST', `/leads/${other.id}/convert`, {})).body.person).not.toHaveProperty('ownerId');
    expect((await service('POST', `/leads/${made.id}/convert`, {})).body.person.ownerId).toBe(w.members.admin);
  });

  it('serves config lists read-only', async () => {
    for (const list of CONFIG_LISTS) {
      const r = await call('GET', `/config/${list}`);
      expect(r.status).toBe(200);
      oa.check(`/config/${list}`, 'GET', 200, r.body);
    }
    expect((await call('GET', '/config/leadStatuses')).body.items.map((s: { id: string }) => s.id)).toContain('new');
    expect((await call('POST', '/config/leadStatuses', { id: 'x', name: 'X' })).status).toBe(405);
    // An admin's change in the extension reaches the API (and its rules) at once.
    const admin = client(t.relay, ws.workspaceId, 'config', ws.tokens.admin);
    await admin.whenSynced;
    admin.doc.getMap('leadStatuses').set('nurture', { id: 'nurture', name: 'Nurture', order: 9, retired: false });
    await waitFor(() => admin.status.get().unsaved === 0, 5000, 'config saved');
    admin.destroy();
    await waitFor(async () => (await call('GET', '/config/leadStatuses')).body.items.some((s: { id: string }) => s.id === 'nurture'), 5000, 'new status in the API');
    expect((await call('POST', '/leads', { name: { first: 'Nurtured' }, statusId: 'nurture' })).status).toBe(201);
  });

  it('enforces the key matrix: none, unknown, wrong workspace, revoked, viewer writes, a revoked member\'s key', async () => {
    const other = await seededWorkspace(t.relay);
    const otherKey = (await mintKey(t.relay, other.workspaceId, other.tokens.admin, { name: 'other', role: 'admin' })).token;
    const none = await api(t.relay, ws.workspaceId)('GET', '/leads');
    expect(none.status).toBe(401);
    oa.check('/leads', 'GET', 401, none.body);
    expect((await api(t.relay, ws.workspaceId, 'opk_nope.nope.nope')('GET', '/leads')).status).toBe(401);
    expect((await api(t.relay, ws.workspaceId, ws.tokens.admin)('GET', '/leads')).status).toBe(401); // a member credential is not an API key
    const wrong = await api(t.relay, ws.workspaceId, otherKey)('GET', '/leads');
    expect(wrong.status).toBe(403);
    const viewer = api(t.relay, ws.workspaceId, keys.viewer);
    expect((await viewer('GET', '/leads')).status).toBe(200);
    const vw = await viewer('POST', '/leads', { name: { first: 'Nope' } });
    expect(vw.status).toBe(403);
    oa.check('/leads', 'POST', 403, vw.body);
    expect((await viewer('PUT', '/leads/upsert', { fields: { email: 'v@v.example' } })).status).toBe(403);
    // Revoked key.
    const temp = await mintKey(t.relay, ws.workspaceId, ws.tokens.admin, { name: 'temp', role: 'member' });
    expect((await api(t.relay, ws.workspaceId, temp.token)('GET', '/leads')).status).toBe(200);
    const revoke = await fetch(`${t.relay.httpUrl}/admin/workspaces/${ws.workspaceId}/api-keys/${temp.key.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ws.tokens.admin}` } });
    expect(revoke.status).toBe(200);
    expect((await revoke.json()).key).toMatchObject({ id: temp.key.id, revokedBy: ws.members.admin });
    const after = await api(t.relay, ws.workspaceId, temp.token)('GET', '/leads');
    expect(after.status).toBe(401);
    expect(after.body.error).toMatch(/revoked/);
    // A member's key does no more than the member: a viewer's admin key cannot write.
    const viewerKey = await mintKey(t.relay, ws.workspaceId, ws.tokens.admin, { name: 'viewer-admin', role: 'admin', memberId: ws.members.viewer });
    expect((await api(t.relay, ws.workspaceId, viewerKey.token)('POST', '/leads', { name: { first: 'No' } })).status).toBe(403);
    expect((await api(t.relay, ws.workspaceId, viewerKey.token)('GET', '/leads')).status).toBe(200);
    // A key for a member stops when the member is revoked.
    const memberKey = await mintKey(t.relay, ws.workspaceId, ws.tokens.admin, { name: 'mine', role: 'member', memberId: ws.members.member });
    expect(memberKey.key.actorId).toBe(ws.members.member);
    await t.relay.registry.revokeMember(ws.workspaceId, ws.members.member);
    expect((await api(t.relay, ws.workspaceId, memberKey.token)('GET', '/leads')).status).toBe(401);
    // A tampered key (right id, wrong secret) is unknown.
    expect((await api(t.relay, ws.workspaceId, keys.member.slice(0, -4) + 'AAAA')('GET', '/leads')).status).toBe(401);
  });

  it('lets only admins mint, list and revoke keys; a listing never shows a key or its hash', async () => {
    const adminApi = (method: string, path: string, token: string, body?: unknown) => fetch(`${t.relay.httpUrl}/admin/workspaces/${ws.workspaceId}/api-keys${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    expect((await adminApi('POST', '', ws.tokens.viewer, { name: 'x', role: 'admin' })).status).toBe(403);
    expect((await adminApi('GET', '', ws.tokens.viewer)).status).toBe(403);
    const bad = await adminApi('POST', '', ws.tokens.admin, { name: '', role: 'owner' });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).fields).sort()).toEqual(['name', 'role']);
    const listed = await (await adminApi('GET', '', ws.tokens.admin)).json();
    expect(listed.keys.length).toBeGreaterThanOrEqual(3);
    const text = JSON.stringify(listed);
    for (const k of Object.values(keys)) expect(text).not.toContain(k);
    expect(text).not.toContain('"hash"');
    expect(listed.keys[0]).toMatchObject({ createdBy: ws.members.admin, hint: expect.stringMatching(/^opk_/) });
    // The operator key administers keys of any workspace too.
    expect((await adminApi('GET', '', t.relay.operatorKey)).status).toBe(200);
  });

  it('rate-limits each key (429 with Retry-After), not the others', async () => {
    const r = await startTestRelay({ limits: { apiRequestsPerMinute: 3 } });
    try {
      const w = await seededWorkspace(r.relay);
      const a = (await mintKey(r.relay, w.workspaceId, w.tokens.admin, { name: 'a', role: 'viewer' })).token;
      const b = (await mintKey(r.relay, w.workspaceId, w.tokens.admin, { name: 'b', role: 'viewer' })).token;
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await api(r.relay, w.workspaceId, a)('GET', '/leads')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await api(r.relay, w.workspaceId, a)('GET', '/leads');
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await api(r.relay, w.workspaceId, b)('GET', '/leads')).status).toBe(200);
    } finally {
      await r.stop();
    }
  });

  it('a write is seen live by a connected client of the shard room, and an edit from that client reaches the API', async () => {
    const lead = (await call('POST', '/leads', { name: { first: 'Live' } })).body;
    const c = client(t.relay, ws.workspaceId, recordDocKey(lead.id), ws.tokens.admin);
    await c.whenSynced;
    const leads = c.doc.getMap('leads');
    expect(readRecord(leads, 'leads', lead.id)?.name).toEqual({ first: 'Live' });
    await call('PATCH', `/leads/${lead.id}`, { title: 'Seen live' });
    await waitFor(() => readRecord(leads, 'leads', lead.id)?.title === 'Seen live', 5000, 'API write seen by the client');
    // The client edits; the projection (and so the API) follows, and emits the event.
    leads.set(`${lead.id}/companyName`, 'From the extension');
    await waitFor(async () => (await call('GET', `/leads/${lead.id}`)).body.companyName === 'From the extension', 5000, 'client edit in the API');
    await waitFor(() => events.some((e) => e.recordId === lead.id && e.type === 'updated' && e.changedFields.includes('companyName') && e.origin === 'local'), 5000, 'updated event');
    c.destroy();
  });

  it('emits created, updated, deleted, restored and stage_changed events from the projection', async () => {
    const opp = (await call('POST', '/opportunities', { name: 'Events', pipelineId: 'sales', stageId: 'qualified' })).body;
    await call('PATCH', `/opportunities/${opp.id}`, { stageId: 'presentation' });
    await call('DELETE', `/opportunities/${opp.id}`);
    await call('POST', `/opportunities/${opp.id}/restore`);
    const mine = () => events.filter((e) => e.recordId === opp.id).map((e) => e.type);
    await waitFor(() => mine().includes('restored'), 5000, 'events');
    expect(mine()).toEqual(['created', 'stage_changed', 'updated', 'deleted', 'restored']);
    const stage = events.find((e) => e.recordId === opp.id && e.type === 'stage_changed')!;
    expect(stage).toMatchObject({ workspaceId: ws.workspaceId, collection: 'opportunities', origin: 'local', previous: { stageId: 'qualified' }, record: { stageId: 'presentation' } });
    expect(stage.changedFields).toEqual(expect.arrayContaining(['stageId', 'winProbability']));
  });
});
