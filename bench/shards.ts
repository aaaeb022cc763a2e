import 'fake-indexeddb/auto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as Y from 'yjs';
import { allDocKeys, shardOf, type DocKey } from '../src/domain/routing.ts';
import { DocStore, docStoreName } from '../src/store/doc-store.ts';
import { Engine } from '../src/store/engine.ts';
import { DEFAULT_BUDGET_BYTES } from '../src/store/shards.ts';
import { ReadDB, readDbName, READ_MODEL_VERSION } from '../src/store/read-db.ts';
import { seedDefaults } from '../src/store/config-store.ts';
import { collectionMap, writeCreated } from '../src/layout/records-doc.ts';
import type { BenchResult } from './types.ts';

/**
 * Engine figures of the sharded layout in Node with fake-indexeddb (issue 10): S1 start → an
 * edit of a random existing record durable, S2 heap after start + opening 100 random records,
 * both at 50k records + 100k activities and (S5) at 250k + 1M; and the fan-out comparison
 * (64/128/256 shards) that chose SHARD_COUNT. fake-indexeddb keeps the database in the same
 * heap: heap figures are deltas from just before the engine starts.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMB = () => { gc(); gc(); return process.memoryUsage().heapUsed / 1e6; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 100) / 100;
const r = (id: string, value: number, unit: string, baseline: number | null, goal: string, note: string): BenchResult =>
  ({ id, value: round(value), unit, baseline: baseline === null ? null : round(baseline), ratio: baseline ? round(value / baseline) : null, goal, note });

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Radia', 'Linus'];
const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne'];
const by = 'bench';
const at = 1_700_000_000_000;

/** Record i of the bench workspace (40% leads, 30% people, 10% companies, 20% deals). */
function record(i: number, n: number): { c: 'leads' | 'people' | 'companies' | 'opportunities'; id: string; fields: Record<string, unknown> } {
  const name = { first: FIRST[i % FIRST.length], last: `${WORDS[(i * 7) % WORDS.length]}son${i}` };
  if (i < n * 0.4) return { c: 'leads', id: `l${i}`, fields: { name, title: 'Head of Sales', companyName: `${WORDS[i % 8]} ${i}`, email: `lead${i}@${WORDS[i % 8].toLowerCase()}${i % 500}.example`, phones: [{ number: `+1 415 555 ${String(i % 10000).padStart(4, '0')}`, category: 'work' }], statusId: ['new', 'open', 'unqualified'][i % 3], sourceId: 'conference', ownerId: by } };
  if (i < n * 0.7) return { c: 'people', id: `p${i}`, fields: { name, title: 'Buyer', emails: [{ email: `person${i}@corp${i % 900}.example`, category: 'work' }], contactTypeId: 'potential-customer', ownerId: by } };
  if (i < n * 0.8) return { c: 'companies', id: `c${i}`, fields: { name: `${WORDS[i % 8]} ${i}`, emailDomain: `corp${i}.example`, contactTypeId: 'potential-customer', ownerId: by } };
  return { c: 'opportunities', id: `o${i}`, fields: { name: `${WORDS[i % 8]} ${i} deal`, pipelineId: 'sales', stageId: 'qualified', status: 'open', monetaryValue: 1000 + i, currency: 'USD', winProbability: 5, priority: 'none', ownerId: by } };
}

/** Record ids of the bench workspace of `n` records. */
export const benchIds = (n: number): string[] => Array.from({ length: n }, (_, i) => record(i, n).id);
export const collectionOfId = (id: string) => ({ l: 'leads', p: 'people', c: 'companies', o: 'opportunities' } as const)[id[0] as 'l'];

/**
 * The bench workspace of `n` records and `acts` activities as one update per doc, shard by
 * shard (a 1M-activity workspace never sits in memory whole): `config` first.
 */
export function* shardUpdates(n: number, acts: number, shards: number): Generator<[DocKey, Uint8Array]> {
  const config = new Y.Doc();
  seedDefaults(config, { id: by });
  yield ['config', Y.encodeStateAsUpdate(config)];
  const ids = benchIds(n);
  const recBuckets: number[][] = Array.from({ length: shards }, () => []);
  for (let i = 0; i < n; i++) recBuckets[shardOf(ids[i], shards)].push(i);
  const actBuckets: number[][] = Array.from({ length: shards }, () => []);
  const parentOf = (j: number) => ids[(j * 7919) % n];
  for (let j = 0; j < acts; j++) actBuckets[shardOf(parentOf(j), shards)].push(j);
  for (let k = 0; k < shards; k++) {
    const doc = new Y.Doc();
    doc.transact(() => { for (const i of recBuckets[k]) { const x = record(i, n); writeCreated(collectionMap(doc, x.c), x.id, x.fields, by, at + i); } });
    yield [`records/${k}` as DocKey, Y.encodeStateAsUpdate(doc)];
    doc.destroy();
    const adoc = new Y.Doc();
    adoc.transact(() => {
      const m = adoc.getMap('activities');
      for (const j of actBuckets[k]) { const p = parentOf(j); m.set(`a${j}`, { id: `a${j}`, typeId: 'call', parent: { type: collectionOfId(p), id: p }, date: at + j, details: 'Called, left a message', authorId: by, createdAt: at + j, createdBy: by, updatedAt: at + j, updatedBy: by }); }
    });
    yield [`activities/${k}` as DocKey, Y.encodeStateAsUpdate(adoc)];
    adoc.destroy();
  }
}

/**
 * Writes a workspace of `n` records and `acts` activities straight into a DocStore, and a read
 * model meta that says it is current (S1/S2 measure the engine, not a read model rebuild).
 * Returns record ids.
 */
async function seed(ws: string, n: number, acts: number, shards: number): Promise<{ ids: string[]; bytes: number }> {
  const store = new DocStore(docStoreName(ws));
  await store.ready;
  let bytes = 0;
  for (const [key, u] of shardUpdates(n, acts, shards)) { if (key !== 'config') bytes += u.byteLength; await store.replace(key, u); }
  if (allDocKeys().length === 2 * shards + 1) { // the engine routes with SHARD_COUNT: only then can it open this one
    const vectors: Record<string, string> = {};
    for (const key of store.docKeys()) vectors[key] = btoa(String.fromCharCode(...(await store.stateVector(key))));
    const read = new ReadDB(readDbName(ws));
    await read.meta.put({ key: 'state', version: READ_MODEL_VERSION, vectors });
    read.close();
  }
  await store.close();
  return { ids: benchIds(n), bytes };
}

/** S1 and S2 on a seeded workspace: fresh engines (a browser start each), one random edit. */
async function engineFigures(ws: string, ids: string[], rounds: number) {
  const s1: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const id = ids[(i * 104_729) % ids.length];
    const collection = collectionOfId(id);
    const t0 = performance.now();
    const engine = new Engine({ workspaceId: ws, actor: { memberId: by, role: 'admin' } });
    await engine.ready;
    await engine.run(() => engine.repo.update(collection, id, { tags: [`edit${i}`] }));
    await engine.durable();
    s1.push(performance.now() - t0);
    await engine.destroy();
  }
  const before = heapMB();
  const engine = new Engine({ workspaceId: ws, actor: { memberId: by, role: 'admin' } });
  const { readModel } = await engine.ready;
  for (let i = 0; i < 100; i++) {
    const id = ids[(i * 7_368_787) % ids.length];
    const collection = collectionOfId(id);
    await engine.run(() => engine.repo.get(collection, id));
  }
  const s2 = heapMB() - before;
  const loaded = engine.docs.loadedDocs().length;
  await engine.destroy();
  return { s1: median(s1), s1all: s1.map(Math.round).join(', '), s2, loaded, readModel };
}

/** The baseline of S1: one raw IndexedDB put in a fresh transaction (same fake-indexeddb). */
async function rawPut(): Promise<number> {
  const db = await new Promise<IDBDatabase>((res, rej) => { const q = indexedDB.open(`raw-${Math.random()}`, 1); q.onupgradeneeded = () => q.result.createObjectStore('s'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    await new Promise<void>((res, rej) => { const tx = db.transaction('s', 'readwrite'); tx.objectStore('s').put({ i, data: 'x'.repeat(300) }, i); tx.oncomplete = () => res(); tx.onerror = () => rej(tx.error); });
    times.push(performance.now() - t0);
  }
  db.close();
  return median(times);
}

/** Fan-out: what one shard costs to load and hold, and what a reconnect's vectors weigh. */
async function fanOut(n: number, acts: number, shards: number) {
  const ws = `fan-${shards}-${Math.random()}`;
  const { ids } = await seed(ws, n, acts, shards);
  const store = new DocStore(docStoreName(ws));
  await store.ready;
  const loads: number[] = [];
  for (let i = 0; i < 15; i++) {
    const key = `records/${shardOf(ids[(i * 7919) % ids.length], shards)}` as DocKey;
    const t0 = performance.now();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await store.merged(key));
    doc.getMap('leads').set(`x${i}/title`, 'edit');
    loads.push(performance.now() - t0);
    doc.destroy();
  }
  let vectorBytes = 0;
  for (const key of store.docKeys()) vectorBytes += (await store.stateVector(key)).byteLength;
  await store.close();
  return { load: median(loads), vectorBytes, docs: 2 * shards + 1 };
}

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const raw = await rawPut();
  const sizes = quick ? [{ tag: '10k', n: 10_000, acts: 20_000 }] : [{ tag: '50k', n: 50_000, acts: 100_000 }, { tag: '250k', n: 250_000, acts: 1_000_000 }];
  const shardCount = (allDocKeys().length - 1) / 2;
  for (const s of sizes) {
    const ws = `shards-${s.tag}-${Math.random()}`;
    const t0 = performance.now();
    const { ids, bytes } = await seed(ws, s.n, s.acts, shardCount);
    console.log(`  seeded ${s.tag}: ${Math.round(performance.now() - t0)} ms, ${Math.round(bytes / 1e6)} MB of updates in ${shardCount * 2 + 1} docs`);
    const f = await engineFigures(ws, ids, quick ? 3 : 7);
    const big = s.tag === '250k';
    const note = `Node + fake-indexeddb, ${s.n.toLocaleString('en')} records + ${s.acts.toLocaleString('en')} activities in ${shardCount} + ${shardCount} shards; read model ${f.readModel} at start`;
    out.push(
      r(big ? 'S5-S1' : `S1-node@${s.tag}`, f.s1, 'ms', raw, big ? '<= 500 ms' : '<= 300 ms', `${note}; a fresh engine per run (start → ready → edit of a random existing record → durable), median of ${f.s1all.split(',').length}: ${f.s1all}; baseline: one raw IndexedDB put`),
      r(big ? 'S5-S2' : `S2-node@${s.tag}`, f.s2, 'MB', null, big ? '<= 80 MB' : '<= 40 MB', `${note}; heap after start + opening 100 random records, minus before, after GC; ${f.loaded} shards still loaded (budget ${DEFAULT_BUDGET_BYTES / 1024} KiB of stored updates)`),
    );
  }
  if (!quick) {
    for (const shards of [64, 128, 256]) {
      const f = await fanOut(50_000, 100_000, shards);
      out.push(r(`F-load@${shards}`, f.load, 'ms', null, 'choose the fan-out', `50k records + 100k activities in ${shards} + ${shards} shards: one record shard read from the DocStore, built into a Y.Doc and edited, median of 15; a reconnect's state vectors of all ${f.docs} docs: ${f.vectorBytes} bytes`));
    }
  }
  return out;
}
