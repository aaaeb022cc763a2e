import { afterAll, describe, expect, it } from 'vitest';
import { startTestRelay, workspaceWith, waitFor, sleep } from '../relay/helpers.ts';
import { startRedis } from '../relay/redis-server.ts';
import { verifyWebhook } from '../../../sync-server/webhooks/signature.ts';
import { adminCall, recordEvent, startReceiver } from './receiver.ts';

describe('webhooks: two relays on one Redis', () => {
  // Stopped last (first in, last out): the relays and the receiver go before their Redis.
  const stops: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  });

  it('share subscriptions; a change is delivered once, by the relay that stored it; a pause made on one holds the other', async () => {
    const redis = await startRedis();
    stops.push(redis.stop);
    const prefix = `wh-${process.pid}-${Date.now()}:`;
    const webhooks = { allow: ['127.0.0.1'], retryBaseMs: 40, retryMaxMs: 200 };
    const a = await startTestRelay({ redisUrl: redis.url, redisPrefix: prefix, webhooks });
    stops.push(a.stop);
    const b = await startTestRelay({ redisUrl: redis.url, redisPrefix: prefix, webhooks });
    stops.push(b.stop);
    const receiver = await startReceiver();
    stops.push(receiver.close);
    const ws = await workspaceWith(a.relay, []);
    const created = await adminCall(a.relay.httpUrl, ws.tokens.admin, 'POST', `${ws.workspaceId}/webhooks`, { url: `${receiver.url}/hook` });
    expect(created.status).toBe(201);
    const id = created.body.subscription.id as string;
    // Relay B lists the subscription made through A.
    expect((await adminCall(b.relay.httpUrl, ws.tokens.admin, 'GET', `${ws.workspaceId}/webhooks/${id}`)).body.subscription.url).toBe(`${receiver.url}/hook`);

    // One change as both projections see it: B stored it first (local), A got it by fan-out.
    const change = recordEvent(ws.workspaceId, { type: 'stage_changed', collection: 'opportunities' });
    b.relay.events.emit(change);
    a.relay.events.emit({ ...change, origin: 'fanout' });
    const [got] = await receiver.waitForCount(1);
    expect((verifyWebhook(created.body.secret, got.headers, got.body) as { id: string }).id).toBe(change.id);
    await Promise.all([a.relay.webhooks.flushed(), b.relay.webhooks.flushed()]);
    await sleep(300);
    expect(receiver.received.length).toBe(1);
    // B's delivery status is visible through A.
    await waitFor(async () => (await adminCall(a.relay.httpUrl, ws.tokens.admin, 'GET', `${ws.workspaceId}/webhooks/${id}`)).body.subscription.status.lastStatusCode === 200);

    // Paused through A: B takes no new event once its short cache has expired.
    await adminCall(a.relay.httpUrl, ws.tokens.admin, 'PATCH', `${ws.workspaceId}/webhooks/${id}`, { paused: true });
    await sleep(2100);
    b.relay.events.emit(recordEvent(ws.workspaceId));
    await b.relay.webhooks.flushed();
    await sleep(300);
    expect(receiver.received.length).toBe(1);
    expect(b.relay.webhooks.pendingCount()).toBe(0);
  });
});
