import type { Page } from 'playwright-core';

/**
 * Watches a page's main thread from its first script on (an init script, so a page's start is
 * seen too): long tasks (PerformanceObserver 'longtask', tasks over 50 ms) and the longest gap
 * between two turns of a 4 ms timer heartbeat, which also counts time the thread spent on other
 * pages of the extension (Chrome runs them all on one thread), per named phase.
 * A string, not a function: tsx's name-keeping helper does not exist in the page.
 */
const WATCH = `(() => {
  const w = { phase: 'start', phases: {} };
  globalThis.__outpostWatch = w;
  const at = () => (w.phases[w.phase] ??= { longest: 0, longTasks: 0, gap: 0 });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) { const p = at(); p.longest = Math.max(p.longest, e.duration); p.longTasks++; } }).observe({ type: 'longtask', buffered: true });
  let last = performance.now();
  const beat = () => { const now = performance.now(); const p = at(); p.gap = Math.max(p.gap, now - last - 4); last = now; setTimeout(beat, 4); };
  setTimeout(beat, 4);
})()`;

export type PhaseWatch = { longest: number; longTasks: number; gap: number };

export async function watchThread(page: Page): Promise<void> {
  await page.addInitScript(WATCH);
}

/** Starts a new phase; what was seen until now stays under the previous one. */
export async function phase(page: Page, name: string): Promise<void> {
  await page.evaluate(`globalThis.__outpostWatch.phase = ${JSON.stringify(name)}`);
}

export async function phases(page: Page): Promise<Record<string, PhaseWatch>> {
  return (await page.evaluate('globalThis.__outpostWatch.phases')) as Record<string, PhaseWatch>;
}
