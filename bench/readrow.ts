import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './types.ts';
import { buildBenchExtension, launchBench } from './support/ui-seed.ts';
import { rowCosts, ALL_VARIANTS } from './support/row-costs.ts';
import { rebuildFigure } from './support/rebuild.ts';

/**
 * The read model's write cost (issue 10, helper "readrow"):
 * - `RM-put-chromium`: 10,000 lead rows (+ their create history rows) bulk-put in a Chromium page,
 *   500 per transaction, as read model 5 shapes them; baseline: the same rows with only a primary
 *   key. The note has every part's cost (bench/support/row-costs.ts) and read model 4's rows.
 * - `R1@<size>`: the first read-model rebuild of a stored workspace, an engine started on it until
 *   ready, in a Chromium page; `R1-node@<size>` the same in Node (fake-indexeddb). Baseline: the
 *   same rows bulk-put raw with only a primary key. 50k records + 100k activities (10k + 20k with
 *   --quick).
 */
type Page = Awaited<ReturnType<Awaited<ReturnType<typeof launchBench>>['context']['newPage']>>;
const round = (x: number) => Math.round(x);
/** Rows per variant of RM-put-chromium (written interleaved, 2–3 rounds: the fastest counts). */
const ROWS = 5_000;
/** The variant that is the read model as it is (every row an imported lead writes). */
const NOW = 'rm6';
const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 10) / 10 : null);
const load = () => `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;

async function inPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  buildBenchExtension();
  const profile = mkdtempSync(join(tmpdir(), 'outpost-bench-readrow-'));
  const { context, id } = await launchBench(profile);
  try {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/bench.html`);
    await page.waitForFunction('document.title === "Outpost bench ready"', undefined, { timeout: 60_000 });
    return await fn(page);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const size = quick ? '10k' : '50k';
  const out: BenchResult[] = [];
  // BENCH_READROW_VARIANTS=a,b: only those variants (a probe); the figure needs `key` and NOW.
  const only = process.env.BENCH_READROW_VARIANTS?.split(',');
  const costs = (await inPage((p) => p.evaluate(`outpostBench.rowCosts(${ROWS}, ${quick ? 2 : 3}, ${JSON.stringify(only)})`))) as Awaited<ReturnType<typeof rowCosts>>;
  const parts = ALL_VARIANTS.filter((v) => costs.ms[v.id] !== undefined).map((v) => `${v.id} (${v.what}) ${round(costs.ms[v.id])} ms`).join('; ');
  out.push({
    id: 'RM-put-chromium', value: round(costs.ms[NOW]), unit: 'ms', baseline: round(costs.ms.key), ratio: ratio(costs.ms[NOW], costs.ms.key),
    note: `${ROWS} lead rows (bench/import.ts's CSV) and their create history rows bulk-put into an empty read model in a Chromium page, 500 per transaction, the variants' databases written slice by slice in turn (rotating), fastest of ${quick ? 2 : 3} rounds; ${costs.words.toFixed(1)} indexed words per row; toRow for the ${ROWS} rows ${round(costs.rowMs)} ms; every variant: ${parts}; ${load()}`,
  });
  // BENCH_READROW=put: the row costs only (a probe while changing the rows' shape).
  if (process.env.BENCH_READROW === 'put') return out;
  const chromium = (await inPage((p) => p.evaluate(`outpostBench.rebuild(${JSON.stringify(size)})`))) as Awaited<ReturnType<typeof rebuildFigure>>;
  const phases = (r: typeof chromium) => Object.entries(r.phases).map(([k, v]) => `${k} ${round(v)}`).join(', ');
  out.push({
    id: `R1@${size}`, value: round(chromium.ms), unit: 'ms', baseline: round(chromium.baselineMs), ratio: ratio(chromium.ms, chromium.baselineMs),
    note: `first read-model rebuild in a Chromium page: an engine started on a stored ${size} workspace (records + activities) with no read model, until ready; baseline: its ${chromium.rows} record, activity and history rows bulk-put raw with only a primary key, 5,000 per transaction; phases (ms): ${phases(chromium)}; ${load()}`,
  });
  const node = await rebuildFigure({}, size);
  out.push({
    id: `R1-node@${size}`, value: round(node.ms), unit: 'ms', baseline: round(node.baselineMs), ratio: ratio(node.ms, node.baselineMs),
    note: `the same rebuild in Node with fake-indexeddb; phases (ms): ${phases(node)}; ${load()}`,
  });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run({ quick: process.argv.includes('--quick') }));
