import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, workspaceWith, waitFor, sleep } from '../relay/helpers.ts';
import { verifyWebhook, WebhookVerificationError } from '../../../sync-server/webhooks/signature.ts';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay, type StartRelayOptions } from '../../../sync-server/server.ts';
import { MAX_SUBSCRIPTIONS } from '../../../sync-server/webhooks/http.ts';
import { adminCall, recordEvent, startReceiver, type Receiver } from './receiver.ts';

const fast = { allow: ['127.0.0.1'], retryBaseMs: 40, retryMaxMs: 200, timeoutMs: 2000 };

async function setup(webhooks: StartRelayOptions['webhooks'] = fast) {
  const t = await startTestRelay({ webhooks });
  const ws = await workspaceWith(t.relay, ['member', 'viewer']);
  const receiver = await startReceiver();
  const call = (method: string, path: string, body?: unknown, token = ws.tokens.admin) => adminCall(t.relay.httpUrl, token, method, `${ws.workspaceId}/webhooks${path}`, body);
  const subscribe = async (body: Record<string, unknown> = {}) => {
    const r = await call('POST', '', { url: `${receiver.url}/hook`, ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { subscription: { id: string }; secret: string };
  };
  const emit = (over: Parameters<typeof recordEvent>[1] = {}) => {
    const event = recordEvent(ws.workspaceId, over);
    t.relay.events.emit(event);
    return event;
  };
  return { ...t, ...ws, receiver, call, subscribe, emit, async stopAll() { await receiver.close(); await t.stop(); } };
}
type Setup = Awaited<ReturnType<typeof setup>>;

describe('webhooks: subscriptions through the admin API', () => {
  let s: Setup;
  beforeAll(async () => (s = await setup()));
  afterAll(() => s.stopAll());

  it('are for admins and the operator only', async () => {
    expect((await adminCall(s.relay.httpUrl, undefined, 'GET', `${s.workspaceId}/webhooks`)).status).toBe(401);
    expect((await s.call('GET', '', undefined, 'garbage')).status).toBe(401);
    expect((await s.call('GET', '', undefined, s.tokens.member)).status).toBe(403);
    expect((await s.call('POST', '', { url: `${s.receiver.url}/x` }, s.tokens.viewer)).status).toBe(403);
    expect((await s.call('GET', '', undefined, s.relay.operatorKey)).status).toBe(200);
    const other = await workspaceWith(s.relay, []);
    // An admin of another workspace is refused here.
    expect((await s.call('GET', '', undefined, other.tokens.admin)).status).toBe(401);
    expect((await adminCall(s.relay.httpUrl, s.relay.operatorKey, 'GET', 'nope/webhooks')).status).toBe(404);
  });

  it('show the secret once, then list, update, pause/resume, rotate and delete', async () => {
    const created = await s.subscribe({ events: ['created', 'stage_changed'], collections: ['leads', 'opportunities'], description: 'billing' });
    expect(created.secret).toMatch(/^whsec_/);
    const id = created.subscription.id;
    const listed = await s.call('GET', '');
    expect(listed.body.webhooks.map((w: { id: string }) => w.id)).toContain(id);
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);
    expect(JSON.stringify((await s.call('GET', `/${id}`)).body)).not.toContain(created.secret);
    const one = (await s.call('GET', `/${id}`)).body.subscription;
    expect(one).toMatchObject({ events: ['created', 'stage_changed'], collections: ['leads', 'opportunities'], description: 'billing', paused: false, status: { consecutiveFailures: 0, lastAttemptAt: null } });

    const patched = await s.call('PATCH', `/${id}`, { events: ['updated'], paused: true });
    expect(patched.body.subscription).toMatchObject({ events: ['updated'], paused: true, pausedReason: 'Paused by an admin.' });
    expect((await s.call('PATCH', `/${id}`, { paused: false })).body.subscription).toMatchObject({ paused: false, pausedReason: null });

    const rotated = await s.call('POST', `/${id}/rotate-secret`, {});
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect(rotated.body.subscription.previousSecretExpiresAt).not.toBeNull();

    expect((await s.call('DELETE', `/${id}`)).status).toBe(200);
    expect((await s.call('GET', `/${id}`)).status).toBe(404);
    expect((await s.call('GET', '')).body.webhooks.map((w: { id: string }) => w.id)).not.toContain(id);
  });

  it('refuse bad input with the field named, and create nothing', async () => {
    const before = (await s.call('GET', '')).body.webhooks.length;
    const cases: Array<[unknown, string]> = [
      [{}, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: `${s.receiver.url}/h`, events: ['exploded'] }, 'events'],
      [{ url: `${s.receiver.url}/h`, events: [] }, 'events'],
      [{ url: `${s.receiver.url}/h`, collections: ['invoices'] }, 'collections'],
      [{ url: `${s.receiver.url}/h`, secret: 'mine' }, ''],
    ];
    for (const [body, field] of cases) {
      const r = await s.call('POST', '', body);
      expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
      if (field) expect(Object.keys(r.body.fields ?? {})).toContain(field);
    }
    expect((await s.call('PATCH', '/wh_missing', { paused: true })).status).toBe(404);
    const r = await fetch(`${s.relay.httpUrl}/admin/workspaces/${s.workspaceId}/webhooks`, { method: 'POST', headers: { authorization: `Bearer ${s.tokens.admin}` }, body: '{oops' });
    expect(r.status).toBe(400);
    expect((await s.call('GET', '')).body.webhooks.length).toBe(before);
  });
});

describe('webhooks: delivery', () => {
  let s: Setup;
  beforeAll(async () => (s = await setup()));
  afterAll(() => s.stopAll());

  it('delivers a signed event the receiver verifies; a tampered or old one is rejected', async () => {
    const { secret, subscription } = await s.subscribe({ events: ['updated'], collections: ['people'] });
    const event = s.emit({ type: 'updated', collection: 'people', previous: { id: 'p1', title: 'CTO' }, record: { id: 'p1', title: 'CEO' }, changedFields: ['title'], recordId: 'p1' });
    const [got] = await s.receiver.waitForCount(1);
    expect(got.path).toBe('/hook');
    expect(got.headers['content-type']).toBe('application/json');
    const payload = verifyWebhook(secret, got.headers, got.body);
    expect(payload).toEqual({ id: event.id, type: 'updated', workspace: s.workspaceId, collection: 'people', recordId: 'p1', record: { id: 'p1', title: 'CEO' }, previous: { id: 'p1', title: 'CTO' }, changedFields: ['title'], at: new Date(event.at).toISOString() });
    const reason = (run: () => unknown) => {
      try {
        run();
        return 'accepted';
      } catch (e) {
        return (e as WebhookVerificationError).reason;
      }
    };
    expect(reason(() => verifyWebhook(secret, got.headers, got.body.replace('CEO', 'CFO')))).toBe('bad-signature');
    expect(reason(() => verifyWebhook(secret, { ...got.headers, 'webhook-timestamp': String(Number(got.headers['webhook-timestamp']) + 1) }, got.body))).toBe('bad-signature');
    // The same request replayed ten minutes later.
    expect(reason(() => verifyWebhook(secret, got.headers, got.body, { nowSeconds: Number(got.headers['webhook-timestamp']) + 600 }))).toBe('too-old');
    await waitFor(async () => (await s.call('GET', `/${subscription.id}`)).body.subscription.status.lastStatusCode === 200);
    const deliveries = (await s.call('GET', `/${subscription.id}/deliveries`)).body.deliveries;
    expect(deliveries).toMatchObject([{ id: got.headers['webhook-id'], eventId: event.id, state: 'delivered', attempts: 1, lastStatusCode: 200 }]);
    await s.call('DELETE', `/${subscription.id}`);
  });

  it('delivers only the events and record types subscribed to, and only changes this relay stored first', async () => {
    const start = s.receiver.received.length;
    const { subscription } = await s.subscribe({ events: ['converted', 'stage_changed'], collections: ['leads', 'opportunities'] });
    s.emit({ type: 'updated', collection: 'leads' });
    s.emit({ type: 'converted', collection: 'people' });
    s.emit({ type: 'stage_changed', collection: 'opportunities', origin: 'fanout' });
    const wanted = [s.emit({ type: 'converted', collection: 'leads' }), s.emit({ type: 'stage_changed', collection: 'opportunities' })];
    await s.receiver.waitForCount(start + 2);
    await s.relay.webhooks.flushed();
    await sleep(300);
    const ids = s.receiver.received.slice(start).map((r) => JSON.parse(r.body).id);
    expect(ids.sort()).toEqual(wanted.map((e) => e.id).sort());
    await s.call('DELETE', `/${subscription.id}`);
  });

  it('retries a failing receiver with the same webhook-id until it answers 2xx, and shows the last status', async () => {
    const start = s.receiver.received.length;
    const { subscription, secret } = await s.subscribe();
    s.receiver.replyWith((i) => (i - start < 2 ? { status: i - start ? 503 : 500, body: 'down' } : { status: 204 }));
    const event = s.emit();
    const tries = await s.receiver.waitForCount(start + 3);
    const mine = tries.slice(start);
    expect(new Set(mine.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const r of mine) expect((verifyWebhook(secret, r.headers, r.body) as { id: string }).id).toBe(event.id);
    await waitFor(async () => (await s.call('GET', `/${subscription.id}/deliveries`)).body.deliveries[0]?.state === 'delivered');
    const [delivery] = (await s.call('GET', `/${subscription.id}/deliveries`)).body.deliveries;
    expect(delivery).toMatchObject({ attempts: 3, lastStatusCode: 204, lastError: null });
    const status = (await s.call('GET', `/${subscription.id}`)).body.subscription.status;
    expect(status).toMatchObject({ lastStatusCode: 204, lastError: null, lastAttempts: 3, consecutiveFailures: 0 });
    s.receiver.replyWith(() => ({ status: 200 }));
    await s.call('DELETE', `/${subscription.id}`);
  });

  it('treats a receiver that never answers as a failure (timeout), and stops reading an answer at the cap', async () => {
    const t = await setup({ ...fast, timeoutMs: 300, maxAttempts: 1 });
    try {
      const { subscription } = await t.subscribe();
      t.receiver.replyWith((i) => (i === 0 ? { status: 200, hang: true } : { status: 200, endless: true }));
      t.emit();
      await waitFor(async () => (await t.call('GET', `/${subscription.id}/deliveries`)).body.deliveries[0]?.state === 'failed');
      const [failed] = (await t.call('GET', `/${subscription.id}/deliveries`)).body.deliveries;
      expect(failed.lastError).toMatch(/Gave up after 1 attempts; last: no answer within 300 ms/);
      // The admin sends a given-up delivery again once the receiver is fixed: nothing is lost.
      t.receiver.replyWith(() => ({ status: 200 }));
      expect((await t.call('POST', `/${subscription.id}/deliveries/${failed.id}/resend`)).status).toBe(202);
      await waitFor(async () => (await t.call('GET', `/${subscription.id}/deliveries`)).body.deliveries[0]?.state === 'delivered');
      expect(t.receiver.received.at(-1)!.headers['webhook-id']).toBe(failed.id);
      expect((await t.call('POST', `/${subscription.id}/deliveries/msg_nope/resend`)).status).toBe(404);
      t.receiver.replyWith((i) => (i === 2 ? { status: 200, endless: true } : { status: 200 }));
      // A body that never ends: read up to the cap, then the attempt is over (well before the timeout).
      t.emit();
      await waitFor(async () => (await t.call('GET', `/${subscription.id}/deliveries`)).body.deliveries.some((d: { state: string }) => d.state === 'delivered'));
    } finally {
      await t.stopAll();
    }
  });
});

describe('webhooks: one slow endpoint', () => {
  it('holds at most two workers, so other subscriptions are still delivered', async () => {
    const s = await setup({ ...fast, concurrency: 3, timeoutMs: 60_000 });
    const slow = await startReceiver();
    try {
      slow.replyWith(() => ({ status: 200, hang: true }));
      const stuck = await s.call('POST', '', { url: `${slow.url}/slow`, collections: ['companies'] });
      expect(stuck.status).toBe(201);
      await s.subscribe({ collections: ['leads'] });
      for (let i = 0; i < 5; i++) s.emit({ collection: 'companies' });
      await slow.waitForCount(2);
      const healthy = s.emit({ collection: 'leads' });
      const [got] = await s.receiver.waitForCount(1);
      expect(JSON.parse(got.body).id).toBe(healthy.id);
      expect(slow.received.length).toBe(2);
    } finally {
      await slow.close();
      await s.stopAll();
    }
  });
});

describe('webhooks: secrets and removal', () => {
  it('after a rotation both secrets sign during the grace period; with no grace only the new one', async () => {
    const s = await setup();
    try {
      const { subscription, secret: first } = await s.subscribe();
      const second = (await s.call('POST', `/${subscription.id}/rotate-secret`, { graceSeconds: 3600 })).body.secret as string;
      s.emit();
      const [a] = await s.receiver.waitForCount(1);
      expect(() => verifyWebhook(first, a.headers, a.body)).not.toThrow();
      expect(() => verifyWebhook(second, a.headers, a.body)).not.toThrow();
      const third = (await s.call('POST', `/${subscription.id}/rotate-secret`, { graceSeconds: 0 })).body.secret as string;
      s.emit();
      const [, b] = await s.receiver.waitForCount(2);
      expect(() => verifyWebhook(third, b.headers, b.body)).not.toThrow();
      expect(() => verifyWebhook(second, b.headers, b.body)).toThrow(WebhookVerificationError);
      expect((await s.call('POST', `/${subscription.id}/rotate-secret`, { graceSeconds: -5 })).status).toBe(400);
    } finally {
      await s.stopAll();
    }
  });

  it('deleting a subscription cancels its pending deliveries', async () => {
    const s = await setup({ ...fast, retryBaseMs: 300, retryMaxMs: 300 });
    try {
      const { subscription } = await s.subscribe();
      s.receiver.replyWith(() => ({ status: 500 }));
      s.emit();
      await s.receiver.waitForCount(1);
      await s.call('DELETE', `/${subscription.id}`);
      expect(s.relay.webhooks.pendingCount()).toBe(0);
      await sleep(700);
      expect(s.receiver.received.length).toBe(1);
    } finally {
      await s.stopAll();
    }
  });
});

describe('webhooks: pausing after repeated failure', () => {
  it('pauses the subscription with the reason, holds its deliveries, and sends them once resumed', async () => {
    const s = await setup({ ...fast, pauseAfterFailures: 3 });
    try {
      const { subscription, secret } = await s.subscribe();
      s.receiver.replyWith(() => ({ status: 500, body: 'broken' }));
      const event = s.emit();
      await waitFor(async () => (await s.call('GET', `/${subscription.id}`)).body.subscription.paused, 15_000, 'the pause');
      const paused = (await s.call('GET', `/${subscription.id}`)).body.subscription;
      expect(paused.pausedReason).toMatch(/after 3 consecutive failed deliveries \(last: HTTP 500/);
      expect(paused.status).toMatchObject({ consecutiveFailures: 3, lastStatusCode: 500, lastError: 'HTTP 500' });
      const triesWhilePaused = s.receiver.received.length;
      s.emit(); // a paused subscription takes no new events
      await s.relay.webhooks.flushed();
      await sleep(400);
      expect(s.receiver.received.length).toBe(triesWhilePaused);

      s.receiver.replyWith(() => ({ status: 200 }));
      const resumed = (await s.call('PATCH', `/${subscription.id}`, { paused: false })).body.subscription;
      expect(resumed).toMatchObject({ paused: false, pausedReason: null, status: { consecutiveFailures: 0 } });
      const last = (await s.receiver.waitForCount(triesWhilePaused + 1)).at(-1)!;
      expect((verifyWebhook(secret, last.headers, last.body) as { id: string }).id).toBe(event.id);
      await sleep(300);
      expect(s.receiver.received.length).toBe(triesWhilePaused + 1);
    } finally {
      await s.stopAll();
    }
  });
});

describe('webhooks: outbound safety', () => {
  it('a relay with a malformed allow-list entry does not start, and says which entry', async () => {
    const dataDir = join(tmpdir(), `outpost-never-created-${process.pid}`);
    await expect(startRelay({ port: 0, dataDir, log: () => {}, webhooks: { allow: ['https://hooks.example.com/path'] } })).rejects.toThrow(/allow-list entry "https:\/\/hooks.example.com\/path"/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('caps the subscriptions of a workspace', async () => {
    const s = await setup();
    try {
      for (let i = 0; i < MAX_SUBSCRIPTIONS; i++) await s.subscribe({ description: `n${i}` });
      const r = await s.call('POST', '', { url: `${s.receiver.url}/one-too-many` });
      expect([r.status, r.body.error]).toEqual([409, `A workspace has at most ${MAX_SUBSCRIPTIONS} webhooks; delete one first.`]);
    } finally {
      await s.stopAll();
    }
  });

  it('by default refuses loopback, private and link-local targets at subscription', async () => {
    const s = await setup({ retryBaseMs: 40 });
    try {
      for (const url of [`${s.receiver.url}/hook`, 'http://localhost:9/hook', 'http://10.0.0.1/hook', 'http://169.254.169.254/latest', 'http://[::1]:9/']) {
        const r = await s.call('POST', '', { url });
        expect([url, r.status]).toEqual([url, 400]);
        expect(r.body.error).toMatch(/loopback, private, link-local|Cannot resolve/);
      }
      expect((await s.call('GET', '')).body.webhooks).toEqual([]);
    } finally {
      await s.stopAll();
    }
  });

  it('with an allow-list, refuses what it does not name, at subscription, update and on a redirect', async () => {
    const s = await setup({ ...fast, maxAttempts: 1 });
    try {
      expect((await s.call('POST', '', { url: 'http://127.0.0.2:9/hook' })).body.error).toMatch(/not on this relay's webhook allow-list/);
      const { subscription } = await s.subscribe();
      expect((await s.call('PATCH', `/${subscription.id}`, { url: 'http://192.168.1.1/x' })).status).toBe(400);
      expect((await s.call('GET', `/${subscription.id}`)).body.subscription.url).toBe(`${s.receiver.url}/hook`);
      s.receiver.replyWith((_i, r) => (r.path === '/hook' ? { status: 307, headers: { location: 'http://127.0.0.2:9/stolen' } } : { status: 200 }));
      s.emit();
      await waitFor(async () => (await s.call('GET', `/${subscription.id}/deliveries`)).body.deliveries[0]?.state === 'failed');
      expect((await s.call('GET', `/${subscription.id}/deliveries`)).body.deliveries[0].lastError).toMatch(/Redirect refused: 127\.0\.0\.2 is not on this relay's webhook allow-list/);
      // A redirect to an allowed target is followed, the body and signature unchanged.
      s.receiver.replyWith((_i, r) => (r.path === '/hook' ? { status: 308, headers: { location: '/moved' } } : { status: 200 }));
      s.emit();
      const moved = await waitFor(() => s.receiver.received.some((r) => r.path === '/moved')).then(() => s.receiver.received.find((r) => r.path === '/moved')!);
      expect(moved.headers['webhook-signature']).toMatch(/^v1,/);
    } finally {
      await s.stopAll();
    }
  });
});

describe('webhooks: the queue is durable', () => {
  it('keeps a pending delivery across a relay restart on the same data folder and sends it after', async () => {
    // Next retry 0.75–1.5 s after the first failure: the relay is closed before it comes.
    const s = await setup({ ...fast, retryBaseMs: 1500, retryMaxMs: 1500 });
    try {
      const { subscription, secret } = await s.subscribe();
      s.receiver.replyWith(() => ({ status: 500 }));
      const event = s.emit();
      await waitFor(async () => (await s.call('GET', `/${subscription.id}/deliveries`)).body.deliveries[0]?.lastStatusCode === 500);
      await s.relay.close();
      s.receiver.replyWith(() => ({ status: 200 }));
      const restarted = await startTestRelay({ dataDir: s.dataDir, webhooks: fast });
      try {
        const call = (method: string, path: string) => adminCall(restarted.relay.httpUrl, s.tokens.admin, method, `${s.workspaceId}/webhooks${path}`);
        const got = (await s.receiver.waitForCount(2))[1];
        expect(got.headers['webhook-id']).toBe(s.receiver.received[0].headers['webhook-id']);
        expect((verifyWebhook(secret, got.headers, got.body) as { id: string }).id).toBe(event.id);
        await waitFor(async () => (await call('GET', `/${subscription.id}/deliveries`)).body.deliveries[0]?.state === 'delivered');
        expect((await call('GET', `/${subscription.id}/deliveries`)).body.deliveries).toMatchObject([{ eventId: event.id, state: 'delivered', attempts: 2, lastStatusCode: 200 }]);
      } finally {
        await restarted.relay.close();
      }
    } finally {
      await s.receiver.close();
      await s.stop().catch(() => {});
    }
  });
});
