import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { COLLECTIONS, type Collection } from '../../src/domain/records.ts';
import type { Storage } from '../storage/types.ts';
import { newWebhookSecret } from './signature.ts';

/**
 * Webhook subscriptions live in the storage's meta space, next to workspaces and members: every
 * relay sharing a Redis sees the same subscriptions, so whichever process first stores a change
 * delivers it. The delivery status is its own key, so an admin's edit and a delivery never
 * overwrite each other.
 */
export const WEBHOOK_EVENTS = ['created', 'updated', 'deleted', 'restored', 'converted', 'stage_changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export type WebhookCollection = Collection | 'activities';
export const WEBHOOK_COLLECTIONS: [WebhookCollection, ...WebhookCollection[]] = [COLLECTIONS[0], ...COLLECTIONS.slice(1), 'activities'];
export const WebhookEventName = z.enum(WEBHOOK_EVENTS);
export const WebhookCollectionName = z.enum(WEBHOOK_COLLECTIONS);

const Secret = z.object({ secret: z.string(), expiresAt: z.number() });
export const Subscription = z.object({
  id: z.string(),
  workspaceId: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEventName),
  collections: z.array(WebhookCollectionName),
  secret: z.string(),
  /** The secret before the last rotation, still signing until `expiresAt` so receivers can switch. */
  previousSecret: Secret.nullable(),
  paused: z.boolean(),
  pausedReason: z.string().nullable(),
  pausedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Subscription = z.infer<typeof Subscription>;

export const DeliveryStatus = z.object({
  lastAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  /** Attempts of the delivery last tried (1 = first try). */
  lastAttempts: z.number(),
  lastSuccessAt: z.string().nullable(),
  consecutiveFailures: z.number(),
});
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;
const emptyStatus: DeliveryStatus = { lastAttemptAt: null, lastStatusCode: null, lastError: null, lastAttempts: 0, lastSuccessAt: null, consecutiveFailures: 0 };

const subKey = (ws: string, id: string) => `webhook:${ws}:${id}`;
const statusKey = (ws: string, id: string) => `webhook-status:${ws}:${id}`;

export type SubscriptionInput = { url: string; description: string; events: WebhookEvent[]; collections: WebhookCollection[] };

export type Subscriptions = ReturnType<typeof createSubscriptions>;

export function createSubscriptions(storage: Storage, now: () => number = Date.now) {
  const iso = () => new Date(now()).toISOString();
  const save = (s: Subscription) => storage.setMeta(subKey(s.workspaceId, s.id), JSON.stringify(s));
  const subs = {
    async get(workspaceId: string, id: string): Promise<Subscription | undefined> {
      const raw = await storage.getMeta(subKey(workspaceId, id));
      // A deleted subscription is stored as an empty value (the storage port has no delete).
      return raw ? Subscription.parse(JSON.parse(raw)) : undefined;
    },
    async list(workspaceId: string): Promise<Subscription[]> {
      const rows = await storage.listMeta(`webhook:${workspaceId}:`);
      return rows.filter(([, v]) => v).map(([, v]) => Subscription.parse(JSON.parse(v)));
    },
    async create(workspaceId: string, input: SubscriptionInput): Promise<Subscription> {
      const at = iso();
      const sub: Subscription = { id: 'wh_' + randomBytes(9).toString('base64url'), workspaceId, ...input, secret: newWebhookSecret(), previousSecret: null, paused: false, pausedReason: null, pausedAt: null, createdAt: at, updatedAt: at };
      await save(sub);
      return sub;
    },
    async update(sub: Subscription, change: Partial<SubscriptionInput> & { paused?: boolean }): Promise<Subscription> {
      const { paused, ...fields } = change;
      const next: Subscription = { ...sub, ...fields, updatedAt: iso() };
      if (paused === true && !sub.paused) Object.assign(next, { paused: true, pausedReason: 'Paused by an admin.', pausedAt: iso() });
      if (paused === false && sub.paused) {
        Object.assign(next, { paused: false, pausedReason: null, pausedAt: null });
        // A fresh start: the failures that paused it must not pause it again at the next one.
        await storage.setMeta(statusKey(sub.workspaceId, sub.id), JSON.stringify({ ...(await subs.status(sub)), consecutiveFailures: 0 }));
      }
      await save(next);
      return next;
    },
    async rotateSecret(sub: Subscription, graceSeconds: number): Promise<Subscription> {
      const next: Subscription = { ...sub, secret: newWebhookSecret(), previousSecret: graceSeconds > 0 ? { secret: sub.secret, expiresAt: now() + graceSeconds * 1000 } : null, updatedAt: iso() };
      await save(next);
      return next;
    },
    async remove(sub: Subscription) {
      await storage.setMeta(subKey(sub.workspaceId, sub.id), '');
      await storage.setMeta(statusKey(sub.workspaceId, sub.id), '');
    },
    async status(sub: Pick<Subscription, 'workspaceId' | 'id'>): Promise<DeliveryStatus> {
      const raw = await storage.getMeta(statusKey(sub.workspaceId, sub.id));
      return raw ? DeliveryStatus.parse(JSON.parse(raw)) : { ...emptyStatus };
    },
    /** Records one attempt's outcome; returns the status after it. */
    async recordAttempt(sub: Subscription, outcome: { ok: boolean; statusCode: number | null; error: string | null; attempts: number }): Promise<DeliveryStatus> {
      const before = await subs.status(sub);
      const at = iso();
      const status: DeliveryStatus = {
        lastAttemptAt: at,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        lastAttempts: outcome.attempts,
        lastSuccessAt: outcome.ok ? at : before.lastSuccessAt,
        consecutiveFailures: outcome.ok ? 0 : before.consecutiveFailures + 1,
      };
      await storage.setMeta(statusKey(sub.workspaceId, sub.id), JSON.stringify(status));
      return status;
    },
    /** Paused by the relay itself: the admin sees why in `pausedReason`. */
    async pauseForFailures(sub: Subscription, reason: string): Promise<Subscription> {
      const current = (await subs.get(sub.workspaceId, sub.id)) ?? sub;
      if (current.paused) return current;
      const next: Subscription = { ...current, paused: true, pausedReason: reason, pausedAt: iso(), updatedAt: iso() };
      await save(next);
      return next;
    },
    /** The secrets that sign a delivery now: the current one, and the previous one in its grace period. */
    signingSecrets(sub: Subscription): string[] {
      return sub.previousSecret && sub.previousSecret.expiresAt > now() ? [sub.secret, sub.previousSecret.secret] : [sub.secret];
    },
  };
  return subs;
}
