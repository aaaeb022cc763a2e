import 'fake-indexeddb/auto';
import { Repository } from '../src/store/repository.ts';
import { cpus, loadavg } from 'node:os';
import { convertLead, DedupeIndex, DEDUPE_COLLECTIONS, findDuplicates, leadTaskIds, warmDedupeIndex } from '../src/store/lifecycle/index.ts';
import { ReadDB } from '../src/store/read-db.ts';
import { toRow } from '../src/store/rows.ts';
import { duplicateReasons, profileOf, sameCompany } from '../src/domain/lifecycle/index.ts';
import { buildWorkspace, SIZE_10K, SIZE_50K } from './support/workspace.ts';
import type { BenchResult } from './types.ts';

/**
 * Leads lifecycle figures (issue 3), in Node:
 * - B1: converting a lead (person + company match/creation + opportunity, one transaction) in a
 *   50k-record workspace, median ms per conversion; baseline: a plain lead create there.
 * - B2: duplicate lookup for a candidate in that workspace, median ms; baseline: the same
 *   lookup by scanning every lead and person (what the index saves).
 * The dedupe index is made once per workspace from the read model's rows (no shard loaded); that
 * first build is B1-index (Node, fake-indexeddb), with the former build from every loaded record
 * shard as its baseline.
 */
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const round = (x: number) => Math.round(x * 1000) / 1000;
function time(fn: () => unknown): number { const t = performance.now(); fn(); return performance.now() - t; }

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const size = quick ? SIZE_10K : SIZE_50K;
  const n = quick ? 200 : 1_000;
  const tBuild = performance.now();
  const docs = buildWorkspace({ ...size, activities: quick ? 10_000 : 50_000 });
  const buildMs = performance.now() - tBuild;
  let clock = 1_800_000_000_000;
  const repo = new Repository({ docs, actor: { memberId: 'bench', role: 'admin' }, now: () => clock++ });
  const warmUp = profileOf('leads', { email: 'warm@up.example' });
  let fromDocs: DedupeIndex | undefined;
  const docsIndexMs = time(() => (fromDocs = new DedupeIndex(docs)).candidates(warmUp));
  fromDocs!.destroy();
  // The read model as the engine keeps it (rows written by the projector's `toRow`).
  const db = new ReadDB(`bench-lifecycle-${Date.now()}`);
  for (const c of DEDUPE_COLLECTIONS) {
    const rows = repo.list(c, { includeDeleted: true }).map((r) => toRow(c, r as never));
    for (let i = 0; i < rows.length; i += 5_000) await db.records.bulkPut(rows.slice(i, i + 5_000));
  }
  const tIndex = performance.now();
  (await warmDedupeIndex(docs, db, async () => {})).candidates(warmUp);
  const indexMs = performance.now() - tIndex;

  const creates: number[] = [];
  for (let i = 0; i < 200; i++) creates.push(time(() => repo.create('leads', { name: { first: 'New', last: `Lead${i}` }, email: `new${i}@fresh.example`, companyName: `Fresh ${i}` })));
  const conversions: number[] = [];
  const lookups0: number[] = [];
  for (let i = 0; i < n; i++) {
    // Every third with an opportunity; leads below 5k match an existing company by name.
    const id = `l${(i * 17) % size.leads}`;
    // As the engine converts (src/bridge/host.ts): the lead's tasks from the read model's task
    // links, then the one-transaction conversion.
    const t0 = performance.now();
    const tasks = await leadTaskIds(db, id);
    lookups0.push(performance.now() - t0);
    convertLead(repo, id, { opportunity: i % 3 === 0 ? {} : false }, tasks);
    conversions.push(performance.now() - t0);
  }
  // The fallback for in-memory docs without a read model (tests): every record shard's tasks scanned.
  const scanned: number[] = [];
  for (let i = n; i < n + 100; i++) {
    const id = `l${(i * 17) % size.leads}`;
    scanned.push(time(() => convertLead(repo, id, { opportunity: i % 3 === 0 ? {} : false })));
  }

  const candidates = Array.from({ length: 200 }, (_, i) => {
    const j = (i * 97) % size.leads;
    return i % 3 === 0 ? { email: `lead${j}@acme${j % 500}.example` }
      : i % 3 === 1 ? { name: { first: 'Someone' }, phones: [{ number: `(415) 555-${String(j % 10000).padStart(4, '0')}` }] }
      : { name: { first: 'Ada', last: `Lovelace${j}` }, companyName: `Globex ${j}` };
  });
  const lookups = candidates.map((candidate) => time(() => findDuplicates(repo, { collection: 'leads', candidate })));
  const scans = candidates.slice(0, quick ? 2 : 3).map((candidate) => time(() => scanDuplicates(repo, candidate)));

  const b1 = median(conversions);
  const base1 = median(creates);
  const b2 = median(lookups);
  const base2 = median(scans);
  const label = quick ? '@10k' : '';
  db.close();
  await db.delete();
  return [
    { id: `B1${label}`, value: round(b1), unit: 'ms', baseline: round(base1), ratio: round(b1 / base1), goal: '<= 5 ms median per conversion (Node, 50k workspace)', note: `${n} conversions as the engine runs them (the lead's task ids from the read model, fake-indexeddb: median ${round(median(lookups0))} ms; then convertLead: median ${round(median(conversions.map((c, i) => c - lookups0[i])))} ms), p95 ${round(conversions.sort((a, b) => a - b)[Math.floor(n * 0.95)])} ms; without a read model (tests: every record shard's tasks scanned) median ${round(median(scanned))} ms; baseline: plain lead create; workspace built in ${Math.round(buildMs)} ms; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs` },
    { id: `B1-index${label}`, value: round(indexMs), unit: 'ms', baseline: round(docsIndexMs), ratio: round(indexMs / docsIndexMs), note: `one-time build of the in-memory dedupe index from the read model's rows (fake-indexeddb, Node; no shard loaded), before the first conversion or duplicate lookup; baseline: the former build from every record shard, all loaded in memory (in the extension they had to be loaded from IndexedDB first)` },
    { id: `B2${label}`, value: round(b2), unit: 'ms', baseline: round(base2), ratio: Number((b2 / base2).toPrecision(3)), goal: '<= 10 ms median per lookup (50k workspace)', note: `200 candidates (email / phone / name at company), p95 ${round(lookups.sort((a, b) => a - b)[190])} ms; baseline: scanning every lead and person` },
  ];
}

/** The lookup without the index: every lead and person read and compared. */
function scanDuplicates(repo: Repository, candidate: Record<string, unknown>) {
  const p = profileOf('leads', candidate);
  let hits = 0;
  for (const c of ['leads', 'people'] as const) for (const r of repo.list(c)) if (duplicateReasons(p, profileOf(c, r), sameCompany(p, profileOf(c, r))).length) hits++;
  return hits;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run({ quick: process.argv.includes('--quick') }));
