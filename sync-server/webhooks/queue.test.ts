import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openQueue } from './queue.ts';

const row = (id: string, createdAt: number, subscriptionId = 'wh_1', eventId = id) => ({ id, workspaceId: 'ws', subscriptionId, eventId, eventType: 'created', body: `{"id":"${eventId}"}`, createdAt });

describe('webhook queue (SQLite)', () => {
  const dirs: string[] = [];
  const file = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-queue-'));
    dirs.push(dir);
    return join(dir, 'webhooks.sqlite');
  };
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('keeps what was added across a reopen; the same event for the same subscription is one delivery', async () => {
    const path = await file();
    const q = await openQueue(path);
    q.add([row('a', 100), row('b', 200)]);
    q.add([row('a2', 300, 'wh_1', 'a')]); // the same event announced again (e.g. a projection catch-up)
    q.close();
    const again = await openQueue(path);
    expect(again.due(1000, 10).map((d) => d.id)).toEqual(['a', 'b']);
    expect(again.pendingCount()).toBe(2);
    again.close();
  });

  it('records attempts: retry later, delivered, given up; resend and cancel', async () => {
    const q = await openQueue(await file());
    q.add([row('a', 100), row('b', 100), row('c', 100, 'wh_2')]);
    const [a, b] = q.due(100, 10);
    q.recordAttempt(a, { state: 'pending', statusCode: 500, error: 'HTTP 500', at: 150, nextAttemptAt: 5000 });
    q.recordAttempt(b, { state: 'failed', statusCode: null, error: 'ECONNREFUSED', at: 150, nextAttemptAt: 150 });
    expect(q.due(1000, 10).map((d) => d.id)).toEqual(['c']);
    expect(q.nextDueAt(() => true, 10)).toBe(100);
    expect(q.nextDueAt((d) => d.subscriptionId !== 'wh_2', 10)).toBe(5000);
    expect(q.get('a')).toMatchObject({ attempts: 1, state: 'pending', lastStatusCode: 500, lastError: 'HTTP 500', lastAttemptAt: 150 });
    expect(q.resend('a', 2000)).toBe(false); // still pending
    expect(q.resend('b', 2000)).toBe(true);
    expect(q.get('b')).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: 2000 });
    q.cancelSubscription('wh_2');
    expect(q.get('c')?.state).toBe('cancelled');
    expect(q.recent('wh_1', 10).map((d) => d.id).sort()).toEqual(['a', 'b']);
    q.close();
  });

  it('prunes finished deliveries past the retention, never pending ones', async () => {
    const q = await openQueue(await file());
    q.add([row('old-done', 100), row('old-pending', 100), row('new-done', 100)]);
    const [oldDone, , newDone] = q.due(100, 10);
    q.recordAttempt(oldDone, { state: 'delivered', statusCode: 200, error: null, at: 1_000, nextAttemptAt: 1_000 });
    q.recordAttempt(newDone, { state: 'delivered', statusCode: 200, error: null, at: 9_000, nextAttemptAt: 9_000 });
    expect(q.prune(5_000)).toBe(1);
    expect([q.get('old-done'), q.get('old-pending')?.state, q.get('new-done')?.state]).toEqual([undefined, 'pending', 'delivered']);
    q.close();
  });

  it('refuses a file written by a newer relay instead of guessing its layout', async () => {
    const path = await file();
    const db = new DatabaseSync(path);
    db.exec('PRAGMA user_version = 99');
    db.close();
    await expect(openQueue(path)).rejects.toThrow(/schema 99, newer than this relay knows/);
  });
});
