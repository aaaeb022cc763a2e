import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { createRateLimiter } from '../../../sync-server/forms/rate-limit.ts';
import { startTestRelay } from './helpers.ts';

/** Issue 13, problem 7: the web-form rate limit is bounded and never resets other addresses' limits. */
describe('relay: web-form rate limit', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  beforeAll(async () => {
    // One post a minute, and the relay's clock stands still: however long the flood below takes, no
    // honest refill happens meanwhile (the relay before this fix read Date.now and reset the table).
    const frozen = new Date();
    t = await startTestRelay({ clock: () => frozen, limits: { formPostsPerMinute: 1 } });
  });
  afterAll(async () => {
    await t.stop();
  });

  /** A form post from a given loopback address (all of 127.0.0.0/8 reaches the relay on 127.0.0.1). */
  const postFrom = (address: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: t.relay.port, method: 'POST', path: '/forms/no-such-workspace/no-form', localAddress: address, headers: { 'content-type': 'application/json', accept: 'application/json', connection: 'close' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end('{}');
    });
  const address = (i: number) => `127.${1 + Math.floor(i / 62_500)}.${Math.floor(i / 250) % 250}.${1 + (i % 250)}`;

  it('an address over its limit stays limited while 10,000 other addresses post', async () => {
    const spammer = '127.255.255.254';
    const answers: number[] = [];
    for (let i = 0; i < 3; i++) answers.push(await postFrom(spammer));
    expect(answers).toEqual([404, 429, 429]);
    // A flood of one-shot addresses: more than the table holds.
    const others = Array.from({ length: 10_050 }, (_, i) => address(i));
    let next = 0;
    const worker = async () => {
      while (next < others.length) expect(await postFrom(others[next++])).not.toBe(429);
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(await postFrom(spammer)).toBe(429);
  }, 120_000);

  it('the table is bounded; one-shot addresses go first, limited ones are kept; a refilled bucket lets an address post again', () => {
    const limiter = createRateLimiter({ perMinute: 3, maxAddresses: 100 });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(limiter.hit('busy', t0)).toBe(false);
    expect(limiter.hit('busy', t0)).toBe(true);
    for (let i = 0; i < 5000; i++) limiter.hit(`one-shot-${i}`, t0 + 1);
    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.hit('busy', t0 + 2)).toBe(true);
    // 20 s later one post's worth has refilled (3 a minute).
    expect(limiter.hit('busy', t0 + 20_001)).toBe(false);
    expect(limiter.hit('busy', t0 + 20_002)).toBe(true);
    // With only repeat posters, the oldest goes first and the table still stays bounded.
    const small = createRateLimiter({ perMinute: 5, maxAddresses: 3 });
    for (const a of ['a', 'b', 'c', 'd']) for (let i = 0; i < 2; i++) small.hit(a, t0);
    expect(small.size).toBe(3);
  });
});
