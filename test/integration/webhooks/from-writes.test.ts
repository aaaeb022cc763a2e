import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionMap, writeCreated } from '../../../src/layout/records-doc.ts';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { newId, parseCreate } from '../../../src/domain/index.ts';
import { verifyWebhook } from '../../../sync-server/webhooks/signature.ts';
import { connectWorkspace } from '../relay/memory-sync-store.ts';
import { api, mintKey, seededWorkspace, startTestRelay, waitFor } from '../api/helpers.ts';
import { adminCall, startReceiver, type Receiver } from './receiver.ts';

/**
 * The whole path, no event emitted by hand: a teammate's Yjs write (and an API call) is stored,
 * the relay's projection sees the change, and the subscribed receiver gets a signed delivery.
 */
describe('webhooks from real writes', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  let ws: Awaited<ReturnType<typeof seededWorkspace>>;
  let receiver: Receiver;
  let secret = '';
  beforeAll(async () => {
    t = await startTestRelay({ webhooks: { allow: ['127.0.0.1'], retryBaseMs: 40, retryMaxMs: 200, timeoutMs: 2000 } });
    ws = await seededWorkspace(t.relay);
    receiver = await startReceiver();
    const r = await adminCall(t.relay.httpUrl, ws.tokens.admin, 'POST', `${ws.workspaceId}/webhooks`, { url: `${receiver.url}/hook`, events: ['created', 'updated', 'stage_changed'], collections: ['leads', 'opportunities'] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    secret = (r.body as { secret: string }).secret;
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.stop();
  });

  const deliveries = () => receiver.received.map((r) => ({ ...r, event: JSON.parse(r.body) as { type: string; collection: string; recordId: string; record: Record<string, unknown> | null; changedFields: string[] } }));

  it('a lead a connected teammate writes is delivered as created; an update through the API as updated, each signed', async () => {
    const teammate = connectWorkspace({ wsUrl: t.relay.wsUrl }, ws.workspaceId, ws.tokens.member);
    try {
      await teammate.connection.whenSynced;
      const id = newId();
      const key = recordDocKey(id);
      // The teammate's edit, as the extension makes it: the flat layout's create in the record's shard.
      teammate.store.change(key, (doc) => writeCreated(collectionMap(doc, 'leads'), id, parseCreate('leads', { name: { first: 'Grace', last: 'Hopper' }, email: 'grace@navy.example' }), ws.members.member, Date.now()));
      await waitFor(() => deliveries().some((d) => d.event.recordId === id && d.event.type === 'created'), 15_000, 'the created delivery');
      const created = deliveries().find((d) => d.event.recordId === id)!;
      expect(created.event).toMatchObject({ collection: 'leads', record: { email: 'grace@navy.example' } });
      expect(() => verifyWebhook(secret, created.headers as Record<string, string>, created.body)).not.toThrow();

      const key2 = (await mintKey(t.relay, ws.workspaceId, ws.tokens.admin, { name: 'script', role: 'member', serviceAccount: 'script' })).token;
      const res = await api(t.relay, ws.workspaceId, key2)('PATCH', `/leads/${id}`, { title: 'Rear Admiral' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await waitFor(() => deliveries().some((d) => d.event.recordId === id && d.event.type === 'updated'), 15_000, 'the updated delivery');
      const updated = deliveries().find((d) => d.event.recordId === id && d.event.type === 'updated')!;
      expect(updated.event.changedFields).toContain('title');
      expect(updated.event.record).toMatchObject({ title: 'Rear Admiral' });
      // Once per change: the created event was not sent again.
      expect(deliveries().filter((d) => d.event.recordId === id && d.event.type === 'created')).toHaveLength(1);
    } finally {
      teammate.connection.destroy();
    }
  });
});
