import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebForm } from '../../../src/domain/index.ts';
import * as Y from 'yjs';
import { readRecord, recordIds } from '../../../src/layout/records-doc.ts';
import { activityDocKey, allDocKeys, recordDocKey } from '../../../src/domain/routing.ts';
import { HONEYPOT_FIELD } from '../../../sync-server/forms/submission.ts';
import { client, startTestRelay, waitFor, workspaceWith } from './helpers.ts';

describe('relay: web-to-lead forms', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  let ws: Awaited<ReturnType<typeof workspaceWith>>;
  beforeAll(async () => {
    t = await startTestRelay({ limits: { formPostsPerMinute: 12 } });
    ws = await workspaceWith(t.relay);
    const admin = client(t.relay, ws.workspaceId, 'config', ws.tokens.admin);
    await admin.whenSynced;
    const forms = admin.doc.getMap('forms');
    forms.set('contact', WebForm.parse({ id: 'contact', name: 'Contact', fields: ['name', 'email', 'message'], required: ['email'], statusId: 'open' }));
    forms.set('demo', WebForm.parse({ id: 'demo', name: 'Demo', fields: ['email'], redirectUrl: 'https://example.com/thanks' }));
    await waitFor(() => admin.status.get().unsaved === 0);
    admin.destroy();
  });
  afterAll(async () => {
    await t.stop();
  });

  const post = (form: string, body: string, type = 'application/x-www-form-urlencoded', accept = 'text/html', referer = 'https://shop.example/contact?email=ada%40example.com') =>
    fetch(`${t.relay.httpUrl}/forms/${ws.workspaceId}/${form}`, { method: 'POST', headers: { 'content-type': type, accept, origin: 'https://shop.example', referer }, body, redirect: 'manual' });

  /** Every stored record shard of the workspace, read back without the relay. */
  const storedLeads = async () => {
    const out: string[] = [];
    for (const key of allDocKeys().filter((k) => k.startsWith('records/'))) {
      const stored = await t.relay.storage.loadRoom(`${ws.workspaceId}/${key}`);
      if (!stored.length) continue;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.mergeUpdates(stored));
      out.push(...recordIds(doc.getMap('leads')).map((id) => `${key} ${id}`));
    }
    return out;
  };

  it('creates the lead in its shard with the form source and status, logs the message in the lead\'s activity shard, live', async () => {
    const res = await post('contact', 'name=Ada+Lovelace&email=ada%40example.com&message=Please+call');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toMatch(/Thank you/);
    const found = await storedLeads();
    expect(found).toHaveLength(1);
    const [shard, leadId] = found[0].split(' ');
    expect(shard).toBe(recordDocKey(leadId));
    // A client of the lead's shard room sees it, and the note in the activity shard of the lead.
    const records = client(t.relay, ws.workspaceId, recordDocKey(leadId), ws.tokens.viewer);
    const activities = client(t.relay, ws.workspaceId, activityDocKey(leadId), ws.tokens.viewer);
    await Promise.all([records.whenSynced, activities.whenSynced]);
    const leads = records.doc.getMap('leads');
    await waitFor(() => recordIds(leads).length === 1, 5000, 'lead live');
    const lead = readRecord(leads, 'leads', recordIds(leads)[0])!;
    expect(lead).toMatchObject({ name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@example.com', sourceId: 'web-form', statusId: 'open', createdBy: 'form:contact' });
    // Where each value came from: this form, on the page that posted it (its query, which can
    // carry personal data, dropped), stamped with the form as author.
    expect(lead.provenance).toMatchObject({
      email: { method: 'web-form', formId: 'contact', url: 'https://shop.example/contact', by: 'form:contact', at: lead.createdAt },
      name: { method: 'web-form', formId: 'contact' },
    });
    await waitFor(() => activities.doc.getMap('activities').size === 1, 5000, 'activity live');
    expect([...activities.doc.getMap('activities').values()][0]).toMatchObject({ typeId: 'note', details: 'Please call', parent: { type: 'leads', id: lead.id } });
    records.destroy();
    activities.destroy();
  });

  it('answers JSON with 201, redirects when the form says so', async () => {
    const json = await post('contact', JSON.stringify({ email: 'bob@example.com' }), 'application/json', 'application/json');
    expect(json.status).toBe(201);
    const { leadId } = (await json.json()) as { leadId: string };
    // The id answered is the lead's: a client of the records room sees it with the posted email.
    const records = client(t.relay, ws.workspaceId, recordDocKey(leadId), ws.tokens.viewer);
    await waitFor(() => !!readRecord(records.doc.getMap('leads'), 'leads', leadId), 5000, 'posted lead live');
    expect(readRecord(records.doc.getMap('leads'), 'leads', leadId)).toMatchObject({ id: leadId, email: 'bob@example.com', sourceId: 'web-form' });
    records.destroy();
    const redirect = await post('demo', 'email=c%40example.com');
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe('https://example.com/thanks');
  });

  it('rejects bad posts with a clear error and writes nothing', async () => {
    const before = await storedLeads();
    const missing = await post('contact', JSON.stringify({ name: 'X' }), 'application/json');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'Some fields need attention.', fields: [{ path: 'email', message: 'is required' }] });
    const invalid = await post('contact', 'email=nope');
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toMatch(/email: must be an email address/);
    expect((await post('nope', 'email=a%40b.co')).status).toBe(404);
    expect((await post('contact', '{bad', 'application/json')).status).toBe(415);
    const spam = await post('contact', `email=bot%40spam.example&${HONEYPOT_FIELD}=x`);
    expect(spam.status).toBe(200); // looks fine to the bot
    expect(await storedLeads()).toEqual(before);
  });

  it('rate-limits posts per address', async () => {
    let status = 0;
    for (let i = 0; i < 20 && status !== 429; i++) status = (await post('contact', 'email=' + i)).status;
    expect(status).toBe(429);
  });
});
