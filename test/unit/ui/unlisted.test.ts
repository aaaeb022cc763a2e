import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppModels } from '../../../src/ui/app/app-models.ts';
import { listingText } from '../../../src/ui/app/StatusBar.tsx';
import type { IoPort, ReadPort, WritePort } from '../../../src/ui/ports.ts';

/** A page's models over ports whose engine answers `indexing` from a queue (the read model's backlog). */
function page(backlog: number[]) {
  const asked: number[] = [];
  const io = { indexing: async () => { const n = backlog.shift() ?? 0; asked.push(n); return n; } } as Partial<IoPort> as IoPort;
  const read = { watchConfig: () => () => {}, watchList: () => () => {} } as Partial<ReadPort> as ReadPort;
  return { asked, models: createAppModels({ read, write: {} as WritePort, io }, { view: 'leads' } as never) };
}

describe('the status bar says how far the lists are with rows saved but not shown yet', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('asks only once the engine is in (never loading it before the first list), then each second; a share of the first count, gone at 0', async () => {
    vi.useFakeTimers();
    const { asked, models } = page([20_000, 13_000, 15_000, 0]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(asked).toEqual([]); // the engine's ports are not in: nothing asked, nothing loaded
    models.syncStatus.value = 'Local only: this workspace lives on this device';
    await vi.advanceTimersByTimeAsync(0);
    expect(listingText(models.listing.value)).toBe('Listing new records: 0%');
    await vi.advanceTimersByTimeAsync(1000);
    expect(listingText(models.listing.value)).toBe('Listing new records: 35%');
    await vi.advanceTimersByTimeAsync(1000); // grown by another write meanwhile: not shown as going back
    expect(listingText(models.listing.value)).toBe('Listing new records: 35%');
    await vi.advanceTimersByTimeAsync(1000);
    expect(models.listing.value).toBeNull();
    expect(listingText(models.listing.value)).toBe('');
    models.syncStatus.value = 'Syncing…'; // a new status starts no second poll
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toHaveLength(5);
    models.dispose();
    await vi.advanceTimersByTimeAsync(3000);
    expect(asked).toHaveLength(5);
  });

  it('a failed ask keeps the last share; a new fill after 0 starts from its own first count', async () => {
    vi.useFakeTimers();
    const io = { indexing: vi.fn<() => Promise<number>>().mockResolvedValueOnce(40).mockRejectedValueOnce(new Error('engine restarting')).mockResolvedValueOnce(10).mockResolvedValueOnce(0).mockResolvedValueOnce(4).mockResolvedValue(0) };
    const models = createAppModels({ read: { watchConfig: () => () => {}, watchList: () => () => {} } as never, write: {} as WritePort, io: io as never }, { view: 'leads' } as never);
    models.syncStatus.value = 'Syncing…';
    const shares: (number | null)[] = [];
    for (let i = 0; i < 6; i++) { await vi.advanceTimersByTimeAsync(i ? 1000 : 0); shares.push(models.listing.value); }
    expect(shares).toEqual([0, 0, 0.75, null, 0, null]);
    models.dispose();
  });
});

describe("the engine port's status: one message for the status bar's two questions", () => {
  it('the sync text and the unlisted count asked within the same second share one status call', async () => {
    const { statusReader } = await import('../../../src/ext/ports.ts');
    vi.useFakeTimers();
    let calls = 0;
    const status = statusReader({ call: async () => ({ sync: 'Syncing…', indexing: 10 - calls++ }) } as never);
    expect(await status()).toEqual({ sync: 'Syncing…', indexing: 10 });
    await vi.advanceTimersByTimeAsync(500);
    expect((await status()).indexing).toBe(10);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect((await status()).indexing).toBe(9);
    expect(calls).toBe(2);
    // After an import answers, the next ask is a new one: the cached count predates its rows.
    status.forget();
    expect((await status()).indexing).toBe(8);
    expect(calls).toBe(3);
  });
});
