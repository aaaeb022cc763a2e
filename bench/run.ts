import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import type { BenchModule, BenchResult } from './types.ts';

/**
 * `npm run bench [-- --quick] [-- only=foundation,relay]`: runs every bench/*.ts module, prints
 * a table and writes bench-results.json. Figures, not assertions: these machines are shared.
 */
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('only='))?.slice(5).split(',');
const modules = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !['run.ts', 'types.ts'].includes(f)).map((f) => f.slice(0, -3));

const results: BenchResult[] = [];
const failures: string[] = [];
for (const name of modules) {
  if (only && !only.includes(name)) continue;
  console.log(`\n▶ ${name}`);
  const t0 = Date.now();
  try {
    const mod = (await import(`./${name}.ts`)) as BenchModule;
    const figures = await mod.run({ quick });
    results.push(...figures);
    console.table(figures.map((f) => ({ id: f.id, value: f.value, unit: f.unit, baseline: f.baseline, ratio: f.ratio, goal: f.goal ?? '' })));
  } catch (e) {
    failures.push(`${name}: ${(e as Error).stack ?? e}`);
    console.error(`  ${name} failed:`, e);
  }
  console.log(`  (${Math.round((Date.now() - t0) / 1000)} s)`);
}
// A partial run (`only=…`) updates its figures in the last full run's file and keeps the rest;
// each module measures its baselines in its own run, so ratios stay within one run.
let out = results;
if (only && existsSync('bench-results.json')) {
  const fresh = new Set(results.map((r) => r.id));
  const kept = (JSON.parse(readFileSync('bench-results.json', 'utf8')) as BenchResult[]).filter((r) => !fresh.has(r.id));
  out = [...kept, ...results];
}
writeFileSync('bench-results.json', `${JSON.stringify(out, null, 2)}\n`);
console.log(`\nWrote bench-results.json (${results.length} figures${out.length > results.length ? `, ${out.length - results.length} kept from the last run` : ''}).`);
if (failures.length) { console.error(`\nBench modules that failed:\n${failures.join('\n')}`); process.exit(1); }
process.exit(0);
