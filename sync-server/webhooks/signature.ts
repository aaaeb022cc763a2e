import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, the Standard Webhooks scheme (https://www.standardwebhooks.com), so a
 * receiver can use its libraries or the few lines below:
 *
 *   webhook-id:        msg_…  (the same on every retry of one delivery: dedupe on it)
 *   webhook-timestamp: seconds since epoch, set at each attempt
 *   webhook-signature: v1,<base64 HMAC-SHA256 of `${id}.${timestamp}.${body}`>  (space-separated;
 *                      two while a rotated secret is still in its grace period)
 *
 * The key is the base64 part of the subscription's secret (`whsec_<base64>`). A receiver rejects a
 * timestamp outside its tolerance (5 minutes by default), which with the id stops replays.
 *
 * This file imports nothing from the relay: receivers and docs can copy it.
 */
export const SECRET_PREFIX = 'whsec_';
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export type WebhookHeaders = { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string };

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new WebhookVerificationError('bad-secret', `A webhook secret starts with ${SECRET_PREFIX}.`);
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 16) throw new WebhookVerificationError('bad-secret', 'This webhook secret is too short.');
  return key;
}

function sign(secret: string, id: string, timestamp: number | string, body: string): string {
  return createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/** Headers of one attempt: signed with every secret given (the current one first). */
export function signWebhook(secrets: string[], id: string, body: string, timestampSeconds: number): WebhookHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => `v1,${sign(s, id, timestampSeconds, body)}`).join(' '),
  };
}

export type VerifyFailure = 'missing-header' | 'bad-timestamp' | 'too-old' | 'too-new' | 'bad-signature' | 'bad-secret';

export class WebhookVerificationError extends Error {
  constructor(
    readonly reason: VerifyFailure,
    message: string,
  ) {
    super(message);
  }
}

type HeaderBag = Record<string, string | string[] | undefined> | { get(name: string): string | null };

const header = (headers: HeaderBag, name: string): string | undefined => {
  const value = typeof headers.get === 'function' ? (headers as { get(n: string): string | null }).get(name) : (headers as Record<string, string | string[] | undefined>)[name];
  return (Array.isArray(value) ? value[0] : value) ?? undefined;
};

/**
 * Checks a received webhook: the raw body exactly as received (not re-serialised JSON), its
 * headers (a Node `req.headers` object or a fetch `Headers`). Returns the parsed body; throws a
 * `WebhookVerificationError` naming what is wrong.
 */
export function verifyWebhook(secret: string, headers: HeaderBag, body: string, options: { toleranceSeconds?: number; nowSeconds?: number } = {}): unknown {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('missing-header', 'The webhook-id, webhook-timestamp and webhook-signature headers are required.');
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError('bad-timestamp', 'webhook-timestamp is not a number of seconds.');
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const age = now - Number(timestamp);
  if (age > tolerance) throw new WebhookVerificationError('too-old', `The webhook timestamp is ${age} s old (tolerance ${tolerance} s): a replay or a slow clock.`);
  if (age < -tolerance) throw new WebhookVerificationError('too-new', `The webhook timestamp is ${-age} s in the future (tolerance ${tolerance} s).`);
  const expected = Buffer.from(sign(secret, id, timestamp, body), 'base64');
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('bad-signature', 'No webhook signature matches this secret and body.');
  return JSON.parse(body);
}
