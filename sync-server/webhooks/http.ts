import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { HttpError, readJson, sendJson } from '../http/respond.ts';
import { parse } from '../http/admin.ts';
import { WEBHOOK_COLLECTIONS, WEBHOOK_EVENTS, WebhookCollectionName, WebhookEventName, type DeliveryStatus, type Subscription, type Subscriptions } from './subscriptions.ts';
import type { Delivery, Queue } from './queue.ts';
import type { TargetPolicy } from './target-policy.ts';
import type { Dispatcher } from './dispatcher.ts';

/**
 * `/admin/workspaces/<ws>/webhooks…`, for the workspace's admins (or the operator key); admin.ts
 * has checked that before calling here.
 *
 *   GET    webhooks                       list, each with its last delivery status
 *   POST   webhooks                       {url, events?, collections?, description?} → 201 {subscription, secret}
 *   GET    webhooks/<id>                  one subscription
 *   PATCH  webhooks/<id>                  {url?, events?, collections?, description?, paused?}
 *   DELETE webhooks/<id>                  removes it; its pending deliveries are cancelled
 *   POST   webhooks/<id>/rotate-secret    {graceSeconds?} → {subscription, secret}
 *   GET    webhooks/<id>/deliveries       recent deliveries (?limit=, at most 100)
 *   POST   webhooks/<id>/deliveries/<d>/resend   a failed or delivered one, sent again (same webhook-id)
 *
 * The secret is shown at creation and at rotation only.
 */
const Events = z.array(WebhookEventName).min(1, 'Choose at least one event.');
const Collections = z.array(WebhookCollectionName).min(1, 'Choose at least one record type.');
const Url = z.string().trim().max(2048).url('Not a URL.');
const CreateInput = z.object({
  url: Url,
  events: Events.default([...WEBHOOK_EVENTS]),
  collections: Collections.default([...WEBHOOK_COLLECTIONS]),
  description: z.string().trim().max(500).default(''),
}).strict();
const UpdateInput = z.object({ url: Url.optional(), events: Events.optional(), collections: Collections.optional(), description: z.string().trim().max(500).optional(), paused: z.boolean().optional() }).strict();
/** Subscriptions per workspace: each event fans out to all of them, so one workspace cannot make the relay post thousands of requests per change. */
export const MAX_SUBSCRIPTIONS = 50;
const RotateInput = z.object({ graceSeconds: z.number().int().min(0).max(7 * 86400).optional() }).strict();


export type WebhookAdminDeps = { subscriptions: Subscriptions; queue: Queue; policy: TargetPolicy; dispatcher: Dispatcher; rotationGraceSeconds: number };

const view = (sub: Subscription, status: DeliveryStatus) => ({
  id: sub.id,
  url: sub.url,
  description: sub.description,
  events: sub.events,
  collections: sub.collections,
  paused: sub.paused,
  pausedReason: sub.pausedReason,
  pausedAt: sub.pausedAt,
  createdAt: sub.createdAt,
  updatedAt: sub.updatedAt,
  previousSecretExpiresAt: sub.previousSecret ? new Date(sub.previousSecret.expiresAt).toISOString() : null,
  status,
});

const deliveryView = (d: Delivery) => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  state: d.state,
  attempts: d.attempts,
  createdAt: new Date(d.createdAt).toISOString(),
  lastAttemptAt: d.lastAttemptAt === null ? null : new Date(d.lastAttemptAt).toISOString(),
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  nextAttemptAt: d.state === 'pending' ? new Date(d.nextAttemptAt).toISOString() : null,
});

export async function handleWebhookAdmin(req: IncomingMessage, res: ServerResponse, workspaceId: string, path: string[], deps: WebhookAdminDeps) {
  const { subscriptions } = deps;
  const method = req.method ?? 'GET';
  const [id, action] = path;
  const checkUrl = async (url: string) => {
    const checked = await deps.policy.check(new URL(url));
    if (!checked.ok) throw new HttpError(400, checked.reason, { url: [checked.reason] });
  };
  const withStatus = async (sub: Subscription) => view(sub, await subscriptions.status(sub));

  if (!id) {
    if (method === 'GET') return sendJson(res, 200, { webhooks: await Promise.all((await subscriptions.list(workspaceId)).map(withStatus)) });
    if (method === 'POST') {
      const input = parse(CreateInput, await readJson(req));
      await checkUrl(input.url);
      if ((await subscriptions.list(workspaceId)).length >= MAX_SUBSCRIPTIONS) throw new HttpError(409, `A workspace has at most ${MAX_SUBSCRIPTIONS} webhooks; delete one first.`);
      const sub = await subscriptions.create(workspaceId, input);
      deps.dispatcher.changed(workspaceId);
      return sendJson(res, 201, { subscription: await withStatus(sub), secret: sub.secret });
    }
    throw new HttpError(405, 'Webhooks: GET to list, POST to subscribe.');
  }
  const sub = await subscriptions.get(workspaceId, id);
  if (!sub) throw new HttpError(404, `No webhook ${id} in this workspace.`);
  if (!action && method === 'GET') return sendJson(res, 200, { subscription: await withStatus(sub) });
  if (!action && method === 'PATCH') {
    const input = parse(UpdateInput, await readJson(req));
    if (input.url) await checkUrl(input.url);
    const next = await subscriptions.update(sub, input);
    deps.dispatcher.changed(workspaceId, sub.paused && !next.paused ? sub.id : undefined);
    return sendJson(res, 200, { subscription: await withStatus(next) });
  }
  if (!action && method === 'DELETE') {
    await subscriptions.remove(sub);
    deps.queue.cancelSubscription(sub.id);
    deps.dispatcher.changed(workspaceId);
    return sendJson(res, 200, { deleted: sub.id });
  }
  if (action === 'rotate-secret' && method === 'POST' && path.length === 2) {
    const input = parse(RotateInput, await readJson(req));
    const next = await subscriptions.rotateSecret(sub, input.graceSeconds ?? deps.rotationGraceSeconds);
    deps.dispatcher.changed(workspaceId);
    return sendJson(res, 200, { subscription: await withStatus(next), secret: next.secret });
  }
  if (action === 'deliveries' && method === 'GET' && path.length === 2) {
    const limit = Math.min(100, Math.max(1, Number(new URL(req.url ?? '/', 'http://relay').searchParams.get('limit') ?? 20) || 20));
    return sendJson(res, 200, { deliveries: deps.queue.recent(sub.id, limit).map(deliveryView) });
  }
  if (action === 'deliveries' && path.length === 4 && path[3] === 'resend' && method === 'POST') {
    const delivery = deps.queue.get(path[2]);
    if (!delivery || delivery.subscriptionId !== sub.id) throw new HttpError(404, `No delivery ${path[2]} for this webhook.`);
    if (!deps.queue.resend(delivery.id, Date.now())) throw new HttpError(409, 'This delivery is still pending: it will be tried again on its own.');
    deps.dispatcher.changed(workspaceId, sub.paused ? undefined : sub.id);
    return sendJson(res, 202, { delivery: deliveryView(deps.queue.get(delivery.id)!) });
  }
  throw new HttpError(404, 'No such webhook route.');
}
