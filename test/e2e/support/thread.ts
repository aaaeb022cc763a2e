import type { Page } from 'playwright-core';

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number };

export type ThreadSeen = {
  /** PerformanceObserver 'longtask' entries of the page (wall-clock ms). */
  longTasks: number[];
  /** Tasks the trace saw on the page's thread, and how many carry the thread's own time. */
  tasks: number;
  cpuTimed: number;
  /** The longest task by the thread's own (CPU) time, and by wall-clock time, ms. */
  longestCpu: number;
  longestWall: number;
};

/**
 * Watches a page's main thread: its PerformanceObserver 'longtask' entries (wall-clock) and a
 * Chromium trace of the same thread, whose tasks carry the thread's own CPU time. On a machine
 * running other jobs (the tests share 2 cores with other work) a task's wall time includes the
 * time the OS ran something else; a long task the page caused has over 50 ms of the thread's
 * own time. Every page of the extension runs on one thread (side panel, dashboard, offscreen
 * document), so their tasks count too. Call before `goto` to see the page's start as well.
 */
export async function watchThread(page: Page): Promise<{ stop(): Promise<ThreadSeen> }> {
  const observe = `(() => {
    if (globalThis.__longTasks) return;
    globalThis.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.__longTasks.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
  })()`;
  await page.addInitScript(observe);
  if (page.url().startsWith('chrome-extension:')) await page.evaluate(observe);
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => { events.push(...(d.value as unknown as TraceEvent[])); });
  await cdp.send('Tracing.start', { categories: 'toplevel,disabled-by-default-devtools.timeline,blink.user_timing', transferMode: 'ReportEvents' });
  return {
    async stop() {
      await page.evaluate(`performance.mark('outpost:watched')`); // names the page's thread in the trace
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      const mark = events.find((e) => e.name === 'outpost:watched');
      if (!mark) throw new Error('The trace has no mark of the watched page.');
      const tasks = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.name === 'RunTask' && e.ph === 'X');
      const timed = tasks.filter((t) => typeof t.tdur === 'number');
      return {
        // This watch's entries only: the next watch of the page starts from none.
        longTasks: (await page.evaluate('(() => { const seen = globalThis.__longTasks; globalThis.__longTasks = []; return seen; })()')) as number[],
        tasks: tasks.length,
        cpuTimed: timed.length,
        longestCpu: Math.round(Math.max(0, ...timed.map((t) => t.tdur!)) / 1000),
        longestWall: Math.round(Math.max(0, ...tasks.map((t) => t.dur ?? 0)) / 1000),
      };
    },
  };
}
