import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { ReadDB } from '../src/store/read-db.ts';
import { SEARCH_TERMS, searchP95, TYPED_TERMS, typingP95, workspaceRows } from './support/search-rows.ts';
import { SIZE_250K, SIZE_50K, type WorkspaceSize } from './support/workspace.ts';
import type { BenchResult } from './types.ts';

/**
 * S5-search (issue 10): the side panel's search at 250,000 records, Node + fake-indexeddb: the
 * first page of matches (what the list waits for; its total is counted after), p95 over the
 * same terms as P5 in Chromium. The read model's rows are made by the projector's own pure path
 * (written into a Y.Doc as the repository does, read back, `toRow`) and bulk-put, without the
 * engine: the figure is the query, not a rebuild. Activities live in another table and are not
 * seeded (the search reads `records` only).
 */
const round = (x: number) => Math.round(x * 100) / 100;

/** Seeds a read model of `size` records; returns it open. */
export async function seedReadModel(name: string, size: WorkspaceSize): Promise<ReadDB> {
  const db = new ReadDB(name);
  for (const rows of workspaceRows(size)) await db.records.bulkPut(rows);
  return db;
}

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const size = quick ? SIZE_50K : SIZE_250K;
  const label = quick ? '50k' : '250k';
  const name = `search-bench-${Date.now()}`;
  const t0 = performance.now();
  const db = await seedReadModel(name, size);
  const count = await db.records.count();
  console.log(`  seeded ${count} rows in ${Math.round(performance.now() - t0)} ms`);
  try {
    const s = await searchP95(db, SEARCH_TERMS, 3);
    if (process.env.BENCH_VERBOSE) for (const [t, xs] of s.perTerm) console.error(`[search bench] ${t}: ${xs.map((x) => x.toFixed(1)).join(', ')} ms`);
    const typed = await typingP95(db, TYPED_TERMS);
    return [{
      id: quick ? 'S5-search@50k' : 'S5-search', value: round(s.p95), unit: 'ms', baseline: round(s.baseline), ratio: round(s.p95 / s.baseline), goal: '<= 50 ms',
      note: `Node + fake-indexeddb, read model of ${count.toLocaleString('en')} records (${label}: ${size.leads.toLocaleString('en')} leads; rows made by the projector's path, no activities: search reads records only); p95 over 3 rounds of ${SEARCH_TERMS.length} lead searches (P5's terms), each cold (no word set kept from an earlier query): the first page of 50 matches, the total counted after; baseline: one index prefix range of 50 rows; ms per term, each round: ${s.slowest}`,
    }, {
      id: quick ? 'S5-search-typing@50k' : 'S5-search-typing', value: round(typed.p95), unit: 'ms', baseline: round(s.baseline), ratio: round(typed.p95 / s.baseline), goal: '<= 50 ms',
      note: `the same read model; ${TYPED_TERMS.join(', ')} typed a character at a time after the first word (${typed.count} keystrokes, each one's first page of 50, the words' sets kept between keystrokes): p95 ms per keystroke; baseline: S5-search's; slowest keystroke per term: ${typed.slowest}`,
    }];
  } finally {
    db.close();
    await Dexie.delete(name);
  }
}
