import 'fake-indexeddb/auto';
import { collectionMap, readRecord, recordIds } from '../src/layout/records-doc.ts';
import { activityMap } from '../src/store/layout.ts';
import { withDefaults } from '../src/store/repository.ts';
import { ReadDB } from '../src/store/read-db.ts';
import { queryKnownHere } from '../src/store/known-query.ts';
import { interactionTypesOf, prepareKnownUpkeep } from '../src/store/known-index.ts';
import { toActivityRow, toRow, type ActivityRow, type RecordRow } from '../src/store/rows.ts';
import { describeKnown } from '../src/ext/known-port.ts';
import { buildWorkspace, SIZE_10K, SIZE_50K } from './support/workspace.ts';
import { COLLECTIONS, type Activity } from '../src/domain/index.ts';
import type { WorkspaceDocs } from '../src/store/docs.ts';
import type { BenchResult } from './types.ts';

/**
 * Issue 14 figures, engine and read-model side in Node with fake-indexeddb (the browser paints
 * from the same query; Chromium's IndexedDB is slower per request, see TOOLCHAIN.md):
 * - K1: a page → "known here" (page keys, match-key index lookup, confirmations, the company's
 *   people and open deals, their signals, the summary line) at 50k records + 100k activities,
 *   median ms; baseline: one Dexie indexed get of a record in the same database.
 * - K2: added cost per activity write of keeping signals current (the same Dexie transaction
 *   with and without the signals upkeep), median ms; baseline: the write without it.
 */
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length * 0.95)]; };
const round = (x: number) => Math.round(x * 1000) / 1000;
async function time(fn: () => Promise<unknown>): Promise<number> { const t = performance.now(); await fn(); return performance.now() - t; }

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const size = quick ? SIZE_10K : SIZE_50K;
  const records = size.leads + size.people + size.companies + size.opportunities;
  const docs = buildWorkspace(size);
  const db = new ReadDB(`bench-known-${Date.now()}`);
  const t0 = performance.now();
  await fill(db, docs);
  const rebuildMs = performance.now() - t0;

  // K1: company pages (its domain and a person's address on it), a few unknown sites among them.
  const n = quick ? 60 : 200;
  const pages = Array.from({ length: n }, (_, i) => {
    const c = (i * 37) % size.companies;
    return i % 5 === 4 ? { url: `https://unknown${i}.example/` } : { url: `https://www.corp${c}.example/about`, emails: [`person${c}@corp${c % 900}.example`], phones: ['+1 415 555 0042'] };
  });
  const k1: number[] = [];
  let found = 0;
  for (const page of pages) k1.push(await time(async () => { const k = await queryKnownHere(db, page); found += k.records.length; describeKnown(k, null, Date.now()); }));
  const gets: number[] = [];
  for (let i = 0; i < n; i++) gets.push(await time(() => db.records.get(`people:p${(i * 37) % size.people}`)));

  // K2: one call logged on a lead, written as the projector writes it, with and without upkeep.
  const w = quick ? 150 : 400;
  const types = interactionTypesOf(docs.config);
  const tables = [db.records, db.activities, db.history, db.meta, db.taskLinks, db.signals];
  const act = (i: number, tag: string) => toActivityRow({ id: `k2-${tag}-${i}`, typeId: 'call', parent: { type: 'leads', id: `l${(i * 13) % size.leads}` }, date: 1_800_000_000_000 + i, details: 'Bench call', authorId: 'bench', createdAt: 1, createdBy: 'bench', updatedAt: 1, updatedBy: 'bench' } as Activity);
  const plain: number[] = [];
  const kept: number[] = [];
  for (let i = 0; i < w; i++) {
    const a = act(i, 'plain');
    plain.push(await time(() => db.transaction('rw', tables, async () => { await db.activities.bulkPut([a]); })));
    const b = act(i, 'kept');
    kept.push(await time(() => db.transaction('rw', tables, async () => {
      const keep = await prepareKnownUpkeep(db, { puts: [], dels: [], activityPuts: [b], activityDels: [] }, () => types);
      await db.activities.bulkPut([b]);
      await keep();
    })));
  }
  db.close();
  const label = quick ? '@10k' : '';
  const k1v = median(k1);
  const base1 = median(gets);
  const added = Math.max(0, median(kept) - median(plain));
  const note = `Node + fake-indexeddb, ${records.toLocaleString('en')} records + ${size.activities.toLocaleString('en')} activities; read model filled through the projector's write path (rows + match keys + signals upkeep, 5,000 rows a transaction) in ${Math.round(rebuildMs)} ms`;
  return [
    { id: `K1${label}`, value: round(k1v), unit: 'ms', baseline: round(base1), ratio: round(k1v / base1), goal: '<= 100 ms page → known here at 50k records', note: `${note}; ${n} pages (company domain + an email + a phone; 1 in 5 unknown), ${found} records found in all, p95 ${round(p95(k1))} ms; baseline: one indexed get` },
    { id: `K2${label}`, value: round(added), unit: 'ms', baseline: round(median(plain)), ratio: round(added / median(plain)), goal: '<= 2 ms added per activity write', note: `${note}; ${w} calls logged on leads, median with upkeep ${round(median(kept))} ms (p95 ${round(p95(kept))}) vs the same transaction without ${round(median(plain))} ms` },
  ];
}

/**
 * The read model of a workspace, written as the projector writes a batch (the same upkeep in
 * the same transaction). Projector.rebuild loads each of the 512 shard docs in turn, which
 * takes minutes at 50k on this shared machine: the rows are read from the docs in memory here.
 */
export async function fill(db: ReadDB, docs: WorkspaceDocs) {
  const records: RecordRow[] = [];
  const acts: ActivityRow[] = [];
  for (const [key, doc] of docs.loadedDocs()) {
    if (key.startsWith('records/')) {
      for (const c of COLLECTIONS) {
        const map = collectionMap(doc, c);
        for (const id of recordIds(map)) { const r = readRecord(map, c, id); if (r) records.push(toRow(c, withDefaults(c, r))); }
      }
    } else if (key.startsWith('activities/')) for (const a of activityMap(doc).values()) acts.push(toActivityRow(a as Activity));
  }
  const types = interactionTypesOf(docs.config);
  const tables = [db.records, db.activities, db.history, db.meta, db.taskLinks, db.signals];
  const write = async (puts: RecordRow[], activityPuts: ActivityRow[]) => db.transaction('rw', tables, async () => {
    const keep = await prepareKnownUpkeep(db, { puts, dels: [], activityPuts, activityDels: [] }, () => types);
    if (puts.length) await db.records.bulkPut(puts);
    if (activityPuts.length) await db.activities.bulkPut(activityPuts);
    await keep();
  });
  for (let i = 0; i < records.length; i += 5_000) await write(records.slice(i, i + 5_000), []);
  for (let i = 0; i < acts.length; i += 5_000) await write([], acts.slice(i, i + 5_000));
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await run({ quick: process.argv.includes('--quick') }));
