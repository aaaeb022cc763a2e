import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhook, WebhookVerificationError, type VerifyFailure } from './signature.ts';

const body = JSON.stringify({ id: 'evt_1', type: 'created', record: { name: 'Ada' } });
const now = 1_800_000_000;

function failure(run: () => unknown): VerifyFailure | 'none' {
  try {
    run();
    return 'none';
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
}

describe('webhook signatures (Standard Webhooks)', () => {
  it('signs id.timestamp.body with the base64 key of the secret, as the spec computes it', () => {
    const secret = newWebhookSecret();
    const headers = signWebhook([secret], 'msg_1', body, now);
    const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`msg_1.${now}.${body}`).digest('base64');
    expect(headers).toEqual({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(now), 'webhook-signature': `v1,${expected}` });
    expect(verifyWebhook(secret, headers, body, { nowSeconds: now })).toEqual(JSON.parse(body));
  });

  it('accepts fetch Headers as well as a Node headers object', () => {
    const secret = newWebhookSecret();
    expect(verifyWebhook(secret, new Headers(signWebhook([secret], 'msg_2', body, now)), body, { nowSeconds: now + 10 })).toEqual(JSON.parse(body));
  });

  it('rejects a tampered body, id or timestamp, another secret and a missing header', () => {
    const secret = newWebhookSecret();
    const headers = signWebhook([secret], 'msg_3', body, now);
    const at = { nowSeconds: now };
    const cases: Array<[string, () => unknown, VerifyFailure]> = [
      ['body', () => verifyWebhook(secret, headers, body.replace('Ada', 'Eve'), at), 'bad-signature'],
      ['id', () => verifyWebhook(secret, { ...headers, 'webhook-id': 'msg_4' }, body, at), 'bad-signature'],
      ['timestamp', () => verifyWebhook(secret, { ...headers, 'webhook-timestamp': String(now - 1) }, body, at), 'bad-signature'],
      ['secret', () => verifyWebhook(newWebhookSecret(), headers, body, at), 'bad-signature'],
      ['version', () => verifyWebhook(secret, { ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v2,') }, body, at), 'bad-signature'],
      ['missing', () => verifyWebhook(secret, { 'webhook-id': 'msg_3', 'webhook-timestamp': String(now) }, body, at), 'missing-header'],
      ['not a number', () => verifyWebhook(secret, { ...headers, 'webhook-timestamp': 'soon' }, body, at), 'bad-timestamp'],
      ['bad secret', () => verifyWebhook('nope', headers, body, at), 'bad-secret'],
    ];
    for (const [what, run, reason] of cases) expect([what, failure(run)]).toEqual([what, reason]);
  });

  it('rejects a timestamp outside the tolerance either way (replays, skewed clocks)', () => {
    const secret = newWebhookSecret();
    const headers = signWebhook([secret], 'msg_5', body, now);
    expect(failure(() => verifyWebhook(secret, headers, body, { nowSeconds: now + 301 }))).toBe('too-old');
    expect(failure(() => verifyWebhook(secret, headers, body, { nowSeconds: now - 301 }))).toBe('too-new');
    expect(failure(() => verifyWebhook(secret, headers, body, { nowSeconds: now + 300 }))).toBe('none');
    expect(failure(() => verifyWebhook(secret, headers, body, { nowSeconds: now + 3600, toleranceSeconds: 7200 }))).toBe('none');
  });

  it('during a rotation both secrets sign, so a receiver holding either verifies', () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signWebhook([newSecret, oldSecret], 'msg_6', body, now);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(failure(() => verifyWebhook(oldSecret, headers, body, { nowSeconds: now }))).toBe('none');
    expect(failure(() => verifyWebhook(newSecret, headers, body, { nowSeconds: now }))).toBe('none');
  });
});
