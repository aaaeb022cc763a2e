import { createHash } from 'node:crypto';
import type { RecordEvent, RecordEventSource } from '../events/record-events.ts';
import type { Metrics } from '../metrics.ts';
import type { Delivery, Queue } from './queue.ts';
import type { Subscription, Subscriptions } from './subscriptions.ts';
import type { WebhookOptions } from './options.ts';
import type { TargetPolicy } from './target-policy.ts';
import { signWebhook } from './signature.ts';
import { sendWebhook } from './send.ts';

/** What a receiver gets: one change of one record. */
export type WebhookPayload = {
  id: string;
  type: RecordEvent['type'];
  workspace: string;
  collection: RecordEvent['collection'];
  recordId: string;
  record: RecordEvent['record'];
  previous: RecordEvent['previous'];
  changedFields: string[];
  at: string;
};

/** A paused subscription's deliveries are looked at again this often (it may be resumed through another relay). */
const HELD_RECHECK_MS = 30_000;
/** Subscriptions of a workspace are read from storage at most this often (each event and attempt needs them). */
const SUBSCRIPTION_CACHE_MS = 2_000;
const PRUNE_EVERY_MS = 3600_000;
const MAX_IN_FLIGHT_PER_SUBSCRIPTION = 2;
/** Due rows looked at per pass; blocked ones past it wait for the next pass (a delay, never a loss). */
const SCAN_ROWS = 200;
const USER_AGENT = 'Outpost-Webhooks/1';

export const deliveryIdFor = (subscriptionId: string, eventId: string) => 'msg_' + createHash('sha256').update(`${subscriptionId}:${eventId}`).digest('base64url').slice(0, 24);

export function payloadOf(event: RecordEvent): WebhookPayload {
  return { id: event.id, type: event.type, workspace: event.workspaceId, collection: event.collection, recordId: event.recordId, record: event.record, previous: event.previous, changedFields: event.changedFields, at: new Date(event.at).toISOString() };
}

export const matches = (sub: Subscription, event: RecordEvent) => !sub.paused && sub.events.includes(event.type) && sub.collections.includes(event.collection);

/** Exponential backoff with jitter (half fixed, half random), never sooner than a receiver's Retry-After. */
export function retryDelay(attempts: number, options: Pick<WebhookOptions, 'retryBaseMs' | 'retryMaxMs'>, retryAfterMs: number | null, random = Math.random): number {
  const exp = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, options.retryMaxMs));
}

export type DispatcherDeps = {
  queue: Queue;
  subscriptions: Subscriptions;
  policy: TargetPolicy;
  options: WebhookOptions;
  metrics?: Metrics;
  log: (line: string) => void;
  now?: () => number;
};

export type Dispatcher = ReturnType<typeof createDispatcher>;

export function createDispatcher(deps: DispatcherDeps) {
  const { queue, subscriptions, policy, options, log } = deps;
  const now = deps.now ?? Date.now;
  const running = new Map<string, Promise<void>>();
  const enqueuing = new Set<Promise<void>>();
  const cache = new Map<string, { at: number; subs: Promise<Subscription[]> }>();
  const shutdown = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const subscriptionsOf = (workspaceId: string) => {
    const hit = cache.get(workspaceId);
    if (hit && now() - hit.at < SUBSCRIPTION_CACHE_MS) return hit.subs;
    const subs = subscriptions.list(workspaceId);
    cache.set(workspaceId, { at: now(), subs });
    subs.catch(() => cache.delete(workspaceId));
    return subs;
  };

  async function enqueue(event: RecordEvent) {
    const targets = (await subscriptionsOf(event.workspaceId)).filter((s) => matches(s, event));
    if (!targets.length || closed) return;
    const body = JSON.stringify(payloadOf(event));
    const at = now();
    queue.add(targets.map((s) => ({ id: deliveryIdFor(s.id, event.id), workspaceId: event.workspaceId, subscriptionId: s.id, eventId: event.id, eventType: event.type, body, createdAt: at })));
    deps.metrics?.inc('outpost_webhook_enqueued_total', targets.length);
    pump();
  }

  /** In flight per subscription: a slow or dead endpoint cannot take every worker from the others. */
  const perSubscription = new Map<string, number>();
  const startable = (d: Pick<Delivery, 'id' | 'subscriptionId'>) => !running.has(d.id) && (perSubscription.get(d.subscriptionId) ?? 0) < MAX_IN_FLIGHT_PER_SUBSCRIPTION;

  function pump() {
    if (closed) return;
    if (running.size < options.concurrency) {
      for (const d of queue.due(now(), SCAN_ROWS)) {
        if (running.size >= options.concurrency) break;
        if (!startable(d)) continue;
        perSubscription.set(d.subscriptionId, (perSubscription.get(d.subscriptionId) ?? 0) + 1);
        const run = attempt(d)
          .catch((error) => log(`webhook delivery ${d.id} failed unexpectedly: ${error}`))
          .finally(() => {
            running.delete(d.id);
            const left = (perSubscription.get(d.subscriptionId) ?? 1) - 1;
            if (left) perSubscription.set(d.subscriptionId, left);
            else perSubscription.delete(d.subscriptionId);
            pump();
          });
        running.set(d.id, run);
      }
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    timer = undefined;
    if (closed || running.size >= options.concurrency) return;
    // Rows that cannot start now (in flight, or their subscription at its limit) wake nothing: an attempt ending calls pump.
    const at = queue.nextDueAt(startable, SCAN_ROWS);
    if (at === null) return;
    timer = setTimeout(pump, Math.min(Math.max(0, at - now()), 2 ** 31 - 1));
    timer.unref?.();
  }

  async function attempt(d: Delivery) {
    // From the short-lived cache (an admin change here clears it; one made through another relay shows within seconds).
    const sub = (await subscriptionsOf(d.workspaceId)).find((s) => s.id === d.subscriptionId) ?? (await subscriptions.get(d.workspaceId, d.subscriptionId));
    if (!sub) return queue.cancelSubscription(d.subscriptionId);
    if (sub.paused) return queue.postpone(d.id, now() + HELD_RECHECK_MS);
    const headers = { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...signWebhook(subscriptions.signingSecrets(sub), d.id, d.body, Math.floor(now() / 1000)) };
    const result = await sendWebhook(sub.url, headers, d.body, policy, options, shutdown.signal);
    if (closed) return; // cut short by shutdown: still pending, sent again after the restart
    const attempts = d.attempts + 1;
    const at = now();
    const givenUp = !result.ok && attempts >= options.maxAttempts;
    const error = givenUp ? `Gave up after ${attempts} attempts; last: ${result.error}` : result.error;
    queue.recordAttempt(d, {
      state: result.ok ? 'delivered' : givenUp ? 'failed' : 'pending',
      statusCode: result.status,
      error,
      at,
      nextAttemptAt: result.ok || givenUp ? at : at + retryDelay(attempts, options, result.retryAfterMs),
    });
    deps.metrics?.inc('outpost_webhook_attempts_total', 1, { result: result.ok ? 'delivered' : givenUp ? 'failed' : 'retry' });
    const status = await subscriptions.recordAttempt(sub, { ok: result.ok, statusCode: result.status, error, attempts });
    if (!result.ok && status.consecutiveFailures >= options.pauseAfterFailures) {
      await subscriptions.pauseForFailures(sub, `Paused by the relay after ${status.consecutiveFailures} consecutive failed deliveries (last: ${result.error}, ${new Date(at).toISOString()}). Fix the endpoint, then resume: held deliveries are sent again.`);
      cache.delete(sub.workspaceId);
      log(`webhook ${sub.id} of workspace ${sub.workspaceId} paused after ${status.consecutiveFailures} consecutive failures`);
    }
  }

  const prune = () => {
    if (!closed) queue.prune(now() - options.retentionDays * 86400_000);
  };
  prune();
  const pruneTimer = setInterval(prune, PRUNE_EVERY_MS);
  pruneTimer.unref?.();

  return {
    /** Listens to a relay's record events; returns the unsubscribe. Only changes this process stored first are delivered. */
    listen(source: RecordEventSource) {
      return source.subscribe((event) => {
        if (event.origin !== 'local' || closed) return;
        const p = enqueue(event)
          .catch((error) => log(`webhook enqueue of event ${event.id} failed: ${error}`))
          .finally(() => enqueuing.delete(p));
        enqueuing.add(p);
      });
    },
    start: pump,
    /** After an admin change: the next event reads the subscriptions again, held deliveries of a resumed one go now. */
    changed(workspaceId: string, resumedSubscriptionId?: string) {
      cache.delete(workspaceId);
      if (resumedSubscriptionId) {
        queue.wakeSubscription(resumedSubscriptionId, now());
        pump();
      }
    },
    /** Resolves once every event seen so far is in the queue (tests, shutdown). */
    async flushed() {
      while (enqueuing.size) await Promise.all([...enqueuing]);
    },
    async close() {
      await this.flushed();
      closed = true;
      clearTimeout(timer);
      clearInterval(pruneTimer);
      shutdown.abort();
      await Promise.all([...running.values()]);
    },
  };
}
