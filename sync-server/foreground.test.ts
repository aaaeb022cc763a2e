import { describe, expect, it } from 'vitest';
import { createForeground } from './foreground.ts';

describe('foreground work', () => {
  it('is busy while any piece is in flight; an end counts once; whenIdle resolves when the last ends', async () => {
    const fg = createForeground();
    expect(fg.busy).toBe(false);
    await fg.whenIdle(); // idle: at once
    const endA = fg.begin();
    const endB = fg.begin();
    let idle = false;
    const waiting = fg.whenIdle().then(() => (idle = true));
    expect(fg.whenIdle()).toBe(fg.whenIdle()); // one promise per busy period
    endA();
    endA(); // a second call of the same end does not end B's work
    await Promise.resolve();
    expect([fg.busy, idle]).toEqual([true, false]);
    endB();
    await waiting;
    expect([fg.busy, idle]).toEqual([false, true]);
  });

  it('tracks a promise until it settles, rejected or not, and hands it back unchanged', async () => {
    const fg = createForeground();
    let fail!: (e: Error) => void;
    const work = fg.track(new Promise<void>((_, reject) => (fail = reject)));
    expect(fg.busy).toBe(true);
    fail(new Error('refused'));
    await expect(work).rejects.toThrow('refused');
    await fg.whenIdle();
    expect(fg.busy).toBe(false);
  });
});
