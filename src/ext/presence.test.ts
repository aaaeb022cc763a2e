import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineClient } from '../bridge/client.ts';
import type { EngineCall } from '../bridge/protocol.ts';
import type { Viewer } from '../ui/ports.ts';
import { viewersWatcher } from './presence.ts';

/** An engine that answers presence with whoever the test says is viewing. */
function fakeEngine() {
  const calls: Extract<EngineCall, { op: 'presence' }>[] = [];
  const others: Record<string, Viewer[]> = {};
  const client = {
    async call(c: EngineCall) {
      if (c.op !== 'presence') throw new Error(`unexpected ${c.op}`);
      calls.push(c);
      return Object.fromEntries(c.viewing.map((r) => [r, others[r] ?? []]));
    },
  } as unknown as EngineClient;
  return { client, calls, others };
}

describe('a page telling the engine what it shows', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('says which record it shows every beat, hands over changes only, and says goodbye', async () => {
    vi.useFakeTimers();
    const engine = fakeEngine();
    const seen: string[][] = [];
    const stop = viewersWatcher(engine.client, 1000)('leads', 'L1', (v) => seen.push(v.map((x) => x.name)));
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.calls.at(-1)?.viewing).toEqual(['leads:L1']);
    expect(seen).toEqual([]); // nobody else yet: nothing to report

    engine.others['leads:L1'] = [{ memberId: 'bob', name: 'Bob' }];
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(1000); // same answer again: no second call back
    expect(seen).toEqual([['Bob']]);

    stop();
    await vi.advanceTimersByTimeAsync(0);
    const beats = engine.calls.length;
    expect(engine.calls.at(-1)?.viewing).toEqual([]);
    expect(engine.calls.every((c) => c.page === engine.calls[0].page)).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(engine.calls.length).toBe(beats); // no more beats once nothing is watched
  });
});
