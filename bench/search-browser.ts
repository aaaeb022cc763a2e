import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './types.ts';
import { buildBenchExtension } from './support/ui-seed.ts';
import { callApi, launch } from './foundation.ts';
import { SEARCH_TERMS, TYPED_TERMS } from './support/search-rows.ts';

/**
 * S5-search-chromium@50k: P5's query (the first page of matches, the same terms) in Chromium
 * over a 50k read model seeded with the projector's rows alone (bench/support/search-rows.ts),
 * 3 rounds: what P5 measures once per term, without the minutes of seeding a whole workspace.
 * Baseline: one index prefix range of 50 rows, in the same page.
 */
const round = (x: number) => Math.round(x * 100) / 100;

export async function run(): Promise<BenchResult[]> {
  buildBenchExtension();
  const profile = mkdtempSync(join(tmpdir(), 'outpost-bench-search-'));
  try {
    const { context, id } = await launch(profile);
    const seeded = await callApi(context, id, 'seedSearchRows', 'search-50k');
    console.log(`  seeded ${seeded.count} rows in ${Math.round(seeded.ms as number)} ms`);
    const s = await callApi(context, id, 'search', 'search-50k', SEARCH_TERMS, 3);
    const typed = await callApi(context, id, 'searchTyping', 'search-50k', TYPED_TERMS);
    await context.close();
    const p95 = s.p95 as number;
    return [{
      id: 'S5-search-chromium@50k', value: round(p95), unit: 'ms', baseline: round(s.baseline as number), ratio: round(p95 / (s.baseline as number)), goal: '<= 20 ms (P5)',
      note: `Chromium, read model of ${seeded.count} records (50k) seeded from the projector's rows; p95 over 3 rounds of ${SEARCH_TERMS.length} lead searches (P5's terms): the first page of 50 matches; baseline: one index prefix range of 50 rows; ms per term, each round: ${s.perTerm}; load average ${loadavg()[0].toFixed(1)} on this shared machine`,
    }, {
      id: 'S5-search-typing-chromium@50k', value: round(typed.p95 as number), unit: 'ms', baseline: round(s.baseline as number), ratio: round((typed.p95 as number) / (s.baseline as number)), goal: '<= 20 ms (P5)',
      note: `S5-search-typing in Chromium over the same read model: ${TYPED_TERMS.join(', ')} typed a character at a time after the first word (${typed.count} keystrokes, each one's first page of 50, the words' sets kept between keystrokes): p95 ms per keystroke; baseline: S5-search-chromium's; slowest keystroke per term: ${typed.slowest}; load average ${loadavg()[0].toFixed(1)}`,
    }];
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
