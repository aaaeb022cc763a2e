import { buildBenchExtension } from './support/ui-seed.ts';
import { chromium, type BrowserContext } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchResult } from './types.ts';
import { SEARCH_TERMS } from './support/search-rows.ts';

/**
 * Foundation figures (issue 2) in Chromium, in an extension page on an on-disk profile:
 * P3 capture → durable, P4 side panel first rows, P5 search p95, P6 engine cold load.
 * Uses the benchmark build (`wxt build -b bench`), which adds bench.html to the extension.
 */
const EXT = resolve('.output/bench-mv3');

export async function launch(profile: string): Promise<{ context: BrowserContext; id: string }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.OUTPOST_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`, '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, id: new URL(worker.url()).host };
}

type Api = { [k: string]: (...a: unknown[]) => Promise<Record<string, number | string>> };

export async function callApi(context: BrowserContext, id: string, fn: string, ...args: unknown[]) {
  const page = context.pages().find((p) => p.url().endsWith('/bench.html')) ?? (await context.newPage());
  if (!page.url().endsWith('/bench.html')) { await page.goto(`chrome-extension://${id}/bench.html`); await page.waitForFunction(() => document.title === 'Outpost bench ready'); }
  return page.evaluate(([f, a]) => ((globalThis as unknown as { outpostBench: Api }).outpostBench[f as string])(...(a as unknown[])), [fn, args] as const);
}

async function firstRowsMs(context: BrowserContext, id: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/sidepanel.html`);
  const handle = await page.waitForFunction(() => performance.getEntriesByName('outpost:first-rows')[0]?.startTime, undefined, { timeout: 60_000 });
  const ms = (await handle.jsonValue()) as number;
  if (process.env.BENCH_VERBOSE) {
    const marks = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const m = performance.getEntriesByType('mark').map((e) => `${e.name.replace('outpost:', '')} ${Math.round(e.startTime)}`);
      const res = performance.getEntriesByType('resource').map((e) => `${e.name.split('/').pop()} ${Math.round(e.startTime)}–${Math.round((e as PerformanceResourceTiming).responseEnd)}`);
      return `dcl ${Math.round(nav?.domContentLoadedEventStart ?? 0)} resp ${Math.round(nav?.responseEnd ?? 0)}; ${m.join(', ')}; ${res.join(', ')}`;
    });
    console.error(`  [P4] ${Math.round(ms)} ms: ${marks}`);
  }
  await page.close();
  return ms;
}

/** One page writes through the engine, another (the side panel) shows it: median latency. */
async function crossPageMs(context: BrowserContext, id: string, n: number): Promise<{ median: number; all: number[] }> {
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${id}/sidepanel.html`);
  await panel.waitForFunction(() => performance.getEntriesByName('outpost:first-rows').length > 0, undefined, { timeout: 60_000 });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const name = `Aaaa Crosspage${i}`;
    await panel.evaluate((text) => {
      (window as unknown as { __seen: Promise<number> }).__seen = new Promise<number>((done) => {
        const obs = new MutationObserver(() => { if (document.body.innerText.includes(text)) { obs.disconnect(); done(Date.now()); } });
        obs.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    }, name);
    const sent = await callApi(context, id, 'createViaEngine', name);
    const seen = panel.evaluate(() => (window as unknown as { __seen: Promise<number> }).__seen);
    times.push((await seen) - (sent.sentAt as number));
  }
  await panel.close();
  return { median: [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)], all: times };
}

const r = (id: string, value: number, unit: string, baseline: number | null, goal: string, note?: string): BenchResult =>
  ({ id, value: round(value), unit, baseline: baseline === null ? null : round(baseline), ratio: baseline ? round(value / baseline) : null, goal, ...(note ? { note } : {}) });
const round = (x: number) => Math.round(x * 100) / 100;

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  buildBenchExtension();
  const results: BenchResult[] = [];
  for (const size of quick ? (['10k'] as const) : (['10k', '50k'] as const)) {
    const profile = mkdtempSync(join(tmpdir(), `outpost-bench-${size}-`));
    const ws = `bench-${size}`;
    try {
      let { context, id } = await launch(profile);
      const seeded = await callApi(context, id, 'seed', ws, size);
      console.log(`  seeded ${size}: ${Math.round(seeded.ms as number)} ms, ${Math.round((seeded.bytes as number) / 1024)} KiB of updates`);
      // P6 measures one engine loading the workspace: the extension's own engine waits on an
      // idle workspace meanwhile (in use there is one engine per profile, not two).
      await callApi(context, id, 'useProfile', `${ws}-idle`);
      await context.close();
      // A fresh browser process: nothing warm but the disk cache, as after a restart.
      ({ context, id } = await launch(profile));
      const load = await callApi(context, id, 'coldLoad', ws);
      const cap = await callApi(context, id, 'capture', quick ? 30 : 100);
      const search = await callApi(context, id, 'search', ws, SEARCH_TERMS);
      await callApi(context, id, 'stop');
      // The side panel figures with the extension's engine on the seeded workspace, as in use.
      await callApi(context, id, 'useProfile', ws);
      const settled = await callApi(context, id, 'engineSettled', ws);
      const state = `engine ready after ${Math.round(settled.waited as number)} ms, read model v${settled.version}, ${settled.behind ? `${settled.behind} docs behind the store` : 'current'}`;
      console.log(`  ${state}`);
      const paints: number[] = [];
      for (let i = 0; i < (quick ? 3 : 5); i++) paints.push(await firstRowsMs(context, id));
      // Baselines: the first 50 rows read and painted in an open page; the docs decoded alone.
      const floors: number[] = [];
      for (let i = 0; i < 3; i++) floors.push((await callApi(context, id, 'paintFirstRows', ws)) as unknown as number);
      const rawLoad = (await callApi(context, id, 'rawDocLoad', ws)) as unknown as number;
      const crossPage = await crossPageMs(context, id, quick ? 3 : 7);
      await context.close();
      const sfx = `@${size}`;
      results.push(
        r(`P3${sfx}`, cap.median as number, 'ms', cap.baseline as number, '<= 30 ms and <= 2x raw Dexie put'),
        r(`P4${sfx}`, paints.sort((a, b) => a - b)[Math.floor(paints.length / 2)], 'ms', floors.sort((a, b) => a - b)[1], '<= 100 ms', `navigation start → first 50 rows painted, median of ${paints.length} fresh side panel pages (${paints.map(Math.round).join(', ')}); baseline: the same 50 rows read from the read model and painted in an open page; ${state}`),
        r(`P5${sfx}`, search.p95 as number, 'ms', search.baseline as number, '<= 20 ms', `p95 over 10 searches (prefix, multi-word, phone digits, no match): first page of matches, the total counted after it; baseline: one index prefix range of 50; ms per term: ${search.perTerm}`),
        r(`P6${sfx}`, load.ms as number, 'ms', rawLoad, '<= 3000 ms', `read model: ${load.readModel}; phases (ms from start): ${load.timings}; baseline: the stored updates read from IndexedDB and applied to empty Y.Docs`),
        r(`P0${sfx}`, crossPage.median, 'ms', null, '<= 200 ms', `a write sent by one extension page → visible in another open page (side panel list), median of ${crossPage.all.length} (${crossPage.all.join(', ')}); ${state}`),
        r(`P6-heap${sfx}`, load.heapMB as number, 'MB', null, '<= 250 MB', 'heap after load minus before, after GC'),
      );
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return results;
}
