import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './types.ts';
import { buildBenchExtension, launchBench } from './support/ui-seed.ts';
import { leadsCsv } from './import.ts';
import { watchThread, type ThreadSeen } from '../test/e2e/support/thread.ts';
import { chromiumThreads, cpuBetween } from './support/proc-cpu.ts';

/**
 * P7 in Chromium, where users import: the same 10,000-row CSV as bench/import.ts sent to the
 * engine (offscreen document) with the import screen's bridge call, saved into the docs,
 * y-indexeddb and the Dexie read model on an on-disk profile, then the first 50 leads listed
 * from the read model by the page. Baseline: papaparse parsing the same file in the same page
 * (bench/support/page-api.ts parseCsv).
 *
 * S3 (issue 10): the longest main-thread task in the side panel while it starts and while the
 * engine (a Worker of the offscreen document) imports those 10,000 rows, the panel open on the
 * leads list. Baseline: the same watch over the open panel while nothing happens.
 */
type Runtime = { runtime: { sendMessage(m: unknown): Promise<unknown> } };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x);

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  buildBenchExtension();
  const csv = leadsCsv(10_000);
  const base64 = Buffer.from(csv).toString('base64');
  const runs = quick ? 1 : 3;
  const times: number[] = [];
  /** From the import call to the panel listing every row (the first run, the one with a panel). */
  let listedMs = 0;
  const parse: number[] = [];
  /** CPU from the call to the answer, per run (/proc): the figure to compare on a loaded machine. */
  const cpu: ({ worker: number; pool: number; all: number } | null)[] = [];
  const seen: Record<'start' | 'idle' | 'import', ThreadSeen | null> = { start: null, idle: null, import: null };
  for (let i = 0; i < runs; i++) {
    const profile = mkdtempSync(join(tmpdir(), 'outpost-bench-import-'));
    const { context, id } = await launchBench(profile);
    try {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${id}/bench.html`);
      const panel = i === 0 ? await context.newPage() : null;
      // The engine answers pings once its docs are loaded.
      await page.waitForFunction(async () => {
        const r = (await (globalThis as unknown as { chrome: Runtime }).chrome.runtime.sendMessage({ target: 'engine', v: 1, call: { op: 'ping' } }).catch(() => null)) as { ok?: boolean } | null;
        return r?.ok === true;
      }, undefined, { timeout: 60_000, polling: 200 });
      // The baseline, and the file handed to the page, before the panel is watched: the bench
      // page runs on the panel's thread, and neither is part of the import.
      const parseMs = (await page.evaluate(({ base64, csvText }) => {
        (globalThis as unknown as { __file: string }).__file = base64;
        const outpost = (globalThis as unknown as { outpostBench: { parseCsv(t: string): number } }).outpostBench;
        const p0 = performance.now();
        outpost.parseCsv(csvText);
        return performance.now() - p0;
      }, { base64, csvText: csv })) as number;
      let watch: Awaited<ReturnType<typeof watchThread>> | null = null;
      if (panel) {
        watch = await watchThread(panel);
        await panel.goto(`chrome-extension://${id}/sidepanel.html`);
        await panel.getByText(/^0 leads$/).waitFor({ timeout: 60_000 });
        await panel.waitForTimeout(1000); // the start's last renders
        seen.start = await watch.stop();
        watch = await watchThread(panel);
        await panel.waitForTimeout(3000);
        seen.idle = await watch.stop();
        watch = await watchThread(panel);
      }
      const started = Date.now();
      const cpu0 = chromiumThreads(profile);
      const out = (await page.evaluate(async () => {
        const base64 = (globalThis as unknown as { __file: string }).__file;
        const t0 = performance.now();
        const call = { op: 'importRun', jobId: `bench${Date.now()}`, file: { name: 'leads.csv', base64 }, settings: { as: 'leads', duplicates: 'create' }, confirmInvalid: true };
        const reply = (await (globalThis as unknown as { chrome: Runtime }).chrome.runtime.sendMessage({ target: 'engine', v: 1, call })) as { ok: boolean; value?: { created?: number }; error?: unknown };
        if (!reply.ok) throw new Error(JSON.stringify(reply.error));
        return { ms: performance.now() - t0, parseMs: 0, created: reply.value?.created ?? -1 };
      })) as { ms: number; parseMs: number; created: number };
      cpu.push(cpuBetween(cpu0, chromiumThreads(profile)));
      out.parseMs = parseMs;
      if (out.created !== 10_000) throw new Error(`P7: created ${out.created}`);
      if (panel && watch) {
        // Until the panel's list has every row: its read model queries are part of the import's cost.
        await panel.getByText(/^10,?000 leads$/).waitFor({ timeout: 120_000 });
        listedMs = Date.now() - started;
        seen.import = await watch.stop();
      }
      times.push(out.ms);
      parse.push(out.parseMs);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  // Where the time goes, from one more import run phase by phase in an engine of the bench page.
  const profile = mkdtempSync(join(tmpdir(), 'outpost-bench-import-'));
  const { context, id } = await launchBench(profile);
  let phases: { importMs: number; durableMs: number; readModelMs: number; readModelFloorMs: number; words: number; projector?: Record<string, number> } = { importMs: 0, durableMs: 0, readModelMs: 0, readModelFloorMs: 0, words: 0 };
  try {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/bench.html`);
    await page.waitForFunction('document.title === "Outpost bench ready"');
    phases = (await page.evaluate(`outpostBench.importPhases(${JSON.stringify(csv)})`)) as typeof phases;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const value = median(times);
  const baseline = median(parse);
  // The projector's own account of that run (Projector.writeTimings), per row: where the read model's time goes.
  const w = phases.projector;
  const perRow = (ms: number | undefined) => ((ms ?? 0) / Math.max(1, w?.rows ?? 1)).toFixed(2);
  const projected = w
    ? `; the projector in that run, per row (ms): rows derived at the event (doc read, toRow) ${perRow(w.readMs)}, records put ${perRow(w.recordsMs)}, history put ${perRow(w.historyMs)}, meta/conflicts ${perRow(w.otherMs)}, Known-here/signal upkeep ${perRow(w.upkeepMs)}, whole transactions ${perRow(w.txMs)} over ${w.flushes} transactions; the floor per row ${(phases.readModelFloorMs / 10_000).toFixed(2)}`
    : '';
  const cpuRuns = cpu.every(Boolean)
    ? `; CPU from the call to the answer per run (/proc, ms; compare these on a loaded machine): the engine's Worker thread ${cpu.map((c) => c!.worker).join(', ')}, the browser's thread pool (IndexedDB's commits among its tasks) ${cpu.map((c) => c!.pool).join(', ')}, every Chromium thread ${cpu.map((c) => c!.all).join(', ')}`
    : '';
  const longest = (p: keyof typeof seen) => seen[p]?.longestCpu ?? 0;
  const s3 = Math.max(longest('start'), longest('import'));
  const describe = (p: keyof typeof seen) => `${p}: longest task ${longest(p)} ms of the thread's own time, ${seen[p]?.longestWall ?? 0} ms wall-clock, over ${seen[p]?.tasks ?? 0} tasks; PerformanceObserver long tasks (wall-clock) ${JSON.stringify(seen[p]?.longTasks ?? [])}`;
  return [{
    id: 'S3', value: s3, unit: 'ms', baseline: longest('idle'), ratio: longest('idle') ? Math.round((s3 / longest('idle')) * 10) / 10 : null,
    goal: '<= 50 ms',
    note: `side panel page (Chromium, on-disk profile): the longest task on its main thread (shared with every extension page) by the thread's own time, from a Chromium trace (test/e2e/support/thread.ts; wall-clock is inflated on a machine running other jobs); ${describe('start')}; ${describe('import')} (10,000-row import in the engine Worker until the panel lists 10,000 leads); baseline: ${describe('idle')} over 3 s; a join is not driven here`,
  }, {
    id: 'P7-chromium', value: round(value), unit: 'ms', baseline: round(baseline), ratio: Math.round((value / baseline) * 10) / 10,
    goal: '<= 2000 ms and <= 4x baseline',
    note: `10,000-row CSV → import call answered in Chromium, on-disk profile, fresh workspace each run: the import answers once its docs are durable (saved), its read-model rows land after (src/bridge/host.ts); runs: ${times.map(round).join(', ')} ms${cpuRuns}; all 10,000 rows listed in the open side panel ${round(listedMs)} ms after the call (first run); baseline: papaparse on the same text in the page; phases of one run in a page engine: parse+plan+docs (the read model held until the docs are durable, as the bridge runs an import) ${round(phases.importMs)} ms, DocStore durable ${round(phases.durableMs)} ms, Dexie read model after that ${round(phases.readModelMs)} ms; the read model's floor (the same 10,000 record rows, ${Math.round(phases.words)} search words each, and their history rows bulk-put again into an empty read model, 500 per transaction) ${round(phases.readModelFloorMs)} ms${projected}; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores at the end`,
  }];
}
