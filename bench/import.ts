import 'fake-indexeddb/auto';
import Papa from 'papaparse';
import { Engine } from '../src/store/engine.ts';
import { runImport } from '../src/io/import.ts';
import type { BenchResult } from './types.ts';

/**
 * P7 (issue 6): a 10,000-row CSV → leads saved (docs + y-indexeddb + Dexie read model, in Node
 * with fake-indexeddb) and the first 50 listed from the read model. Baseline: papaparse parsing
 * the same file alone. Median of a few runs, each in a fresh workspace.
 */
const SOURCES = ['Cold call', 'Conference', 'Web form', 'Referral'];

export function leadsCsv(rows: number): string {
  const lines = ['First Name,Last Name,Email,Company,Job Title,Phone,Mobile,Lead Source,Tags,Notes'];
  for (let i = 0; i < rows; i++) {
    lines.push(`Ann${i},Lee${i},ann.lee${i}@example${i % 97}.test,"Company ${i % 500}, Inc",Buyer,+1 555 ${String(i).padStart(6, '0')},+1 666 ${i},${SOURCES[i % 4]},event ::: vip${i % 7},"Met at booth ${i % 30}"`);
  }
  return lines.join('\n') + '\n';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 100) / 100;

const durableTimes: number[] = [];

async function importOnce(csv: Uint8Array, run: number): Promise<number> {
  const engine = new Engine({ workspaceId: `bench-import-${Date.now()}-${run}`, actor: { memberId: 'bench', role: 'admin', name: 'Bench' } });
  await engine.ready;
  const t0 = performance.now();
  // As the bridge runs it (src/bridge/host.ts): answered once durable, the read model after.
  const result = await engine.bulkWrite(() => runImport(engine.repo, csv, { as: 'leads', existing: (t) => engine.liveRecords(t) }));
  await engine.durable();
  durableTimes.push(performance.now() - t0);
  await engine.settle();
  const first = await engine.db.records.where('[type+deleted+sortName]').between(['leads', 0, ''], ['leads', 0, '\uffff']).limit(50).toArray();
  const ms = performance.now() - t0;
  if (result.created !== 10_000 || first.length !== 50) throw new Error(`P7: created ${result.created}, listed ${first.length}`);
  await engine.destroy();
  return ms;
}

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const text = leadsCsv(10_000);
  const bytes = new TextEncoder().encode(text);
  const runs = quick ? 1 : 3;
  const base: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    Papa.parse(new TextDecoder().decode(bytes), { header: true });
    base.push(performance.now() - t0);
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await importOnce(bytes, i));
  const value = median(times);
  const baseline = median(base.slice(1));
  return [{
    id: 'P7', value: round(value), unit: 'ms', baseline: round(baseline), ratio: round(value / baseline),
    goal: '<= 2000 ms and <= 4x baseline',
    note: `10,000-row CSV → leads in docs + y-indexeddb + Dexie (fake-indexeddb, Node), first 50 listed; runs: ${times.map(Math.round).join(', ')} ms; docs durable (when the bridge answers an import) after ${durableTimes.map(Math.round).join(', ')} ms`,
  }];
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await run({ quick: process.argv.includes('--quick') }));
