import { describe, expect, it } from 'vitest';
import { deliveryIdFor, matches, retryDelay } from './dispatcher.ts';
import type { Subscription } from './subscriptions.ts';
import type { RecordEvent } from '../events/record-events.ts';

const timing = { retryBaseMs: 1000, retryMaxMs: 60_000 };

describe('webhook retry schedule', () => {
  it('doubles per attempt with jitter between half and the full delay, capped', () => {
    for (const [attempts, full] of [[1, 1000], [2, 2000], [3, 4000], [6, 32_000], [7, 60_000], [30, 60_000]] as const) {
      expect([attempts, retryDelay(attempts, timing, null, () => 0)]).toEqual([attempts, full / 2]);
      expect([attempts, retryDelay(attempts, timing, null, () => 1)]).toEqual([attempts, full]);
    }
  });

  it("waits at least the receiver's Retry-After, but never past the cap", () => {
    expect(retryDelay(1, timing, 30_000, () => 0)).toBe(30_000);
    expect(retryDelay(1, timing, 3600_000, () => 0)).toBe(60_000);
    expect(retryDelay(7, timing, 10, () => 1)).toBe(60_000);
  });
});

describe('webhook routing', () => {
  const sub = { paused: false, events: ['created', 'stage_changed'], collections: ['opportunities'] } as Subscription;
  const event = (over: Partial<RecordEvent>) => ({ type: 'created', collection: 'opportunities', ...over }) as RecordEvent;

  it('matches on event type and record type, never when paused', () => {
    expect(matches(sub, event({}))).toBe(true);
    expect(matches(sub, event({ type: 'stage_changed' }))).toBe(true);
    expect(matches(sub, event({ type: 'updated' }))).toBe(false);
    expect(matches(sub, event({ collection: 'leads' }))).toBe(false);
    expect(matches({ ...sub, paused: true }, event({}))).toBe(false);
  });

  it('gives one stable message id per subscription and event (a repeated event is one delivery)', () => {
    expect(deliveryIdFor('wh_a', 'evt_1')).toBe(deliveryIdFor('wh_a', 'evt_1'));
    expect(deliveryIdFor('wh_a', 'evt_1')).not.toBe(deliveryIdFor('wh_b', 'evt_1'));
    expect(deliveryIdFor('wh_a', 'evt_1')).toMatch(/^msg_[\w-]{24}$/);
  });
});
