import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allDocKeys } from '../src/domain/routing.ts';
import { buildBenchExtension } from './support/ui-seed.ts';
import { callApi, launch } from './foundation.ts';
import { benchIds, collectionOfId, shardUpdates } from './shards.ts';
import type { BenchResult } from './types.ts';

/**
 * S1 and S2 in Chromium (issue 10) at 50k records + 100k activities, on an on-disk profile of
 * the benchmark build: the workspace's docs are written as the DocStore stores them and the
 * read model is marked current (these figures time the engine, not a read model rebuild).
 * S1: a fresh browser process each round; in an extension page, an engine starts and an
 * existing record's edit is durable; baseline a raw IndexedDB put in the same fresh browser.
 * S2: the page's heap after an engine started and opened 100 random records, minus before, after GC.
 */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 100) / 100;
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  buildBenchExtension();
  const n = quick ? 10_000 : 50_000;
  const acts = n * 2;
  const tag = quick ? '10k' : '50k';
  const ws = `shards-browser-${tag}`;
  const profile = mkdtempSync(join(tmpdir(), 'outpost-bench-shards-'));
  const ids = benchIds(n);
  try {
    let { context, id } = await launch(profile);
    // The extension's own engine works on another workspace: one engine per profile in use.
    await callApi(context, id, 'useProfile', `${ws}-idle`);
    const t0 = Date.now();
    let chunk: [string, string][] = [];
    let bytes = 0;
    for (const [key, update] of shardUpdates(n, acts, (allDocKeys().length - 1) / 2)) {
      chunk.push([key, b64(update)]);
      bytes += update.byteLength;
      if (chunk.length === 16) { await callApi(context, id, 'seedDocs', ws, chunk); chunk = []; }
    }
    if (chunk.length) await callApi(context, id, 'seedDocs', ws, chunk);
    await callApi(context, id, 'markReadModelCurrent', ws);
    console.log(`  seeded ${tag}: ${Date.now() - t0} ms, ${Math.round(bytes / 1e6)} MB of updates`);
    await context.close();

    const s1: number[] = [];
    const ready: number[] = [];
  const phases: string[] = [];
    const raw: number[] = [];
    let readModel = '';
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      ({ context, id } = await launch(profile)); // a browser start: nothing warm but the disk cache
      const rid = ids[(i * 104_729 + 17) % ids.length];
      const r = await callApi(context, id, 'startAndEdit', ws, collectionOfId(rid), rid);
      s1.push(r.ms as number);
      ready.push(r.ready as number);
      phases.push(`(${r.timings as string})`);
      readModel = r.readModel as string;
      raw.push((await callApi(context, id, 'rawPut')) as unknown as number);
      await context.close();
    }
    ({ context, id } = await launch(profile));
    const open = Array.from({ length: 100 }, (_, i) => { const rid = ids[(i * 7_368_787 + 3) % ids.length]; return [collectionOfId(rid), rid]; });
    const s2 = await callApi(context, id, 'heapAfterOpening', ws, open);
    await callApi(context, id, 'stop');
    await context.close();
    const note = `Chromium, ${n.toLocaleString('en')} records + ${acts.toLocaleString('en')} activities in 256 + 256 shards, read model ${readModel} at start`;
    return [
      { id: `S1@${tag}`, value: round(median(s1)), unit: 'ms', baseline: round(median(raw)), ratio: round(median(s1) / median(raw)), goal: '<= 300 ms', note: `${note}; a fresh browser process per round; in an extension page: engine start → ready → edit of a random existing record → durable, median of ${s1.length} (${s1.map(Math.round).join(', ')}; of which ready: ${ready.map(Math.round).join(', ')}; phases from engine construction, ms: ${phases.join(' ')}); baseline: one raw IndexedDB put in the same fresh browser` },
      { id: `S2@${tag}`, value: round(s2.mb as number), unit: 'MB', baseline: null, ratio: null, goal: '<= 40 MB', note: `${note}; the page's JS heap (performance.memory, precise) after an engine started and opened 100 random records, minus before, after GC (${s2.gc === 'true' ? 'forced' : 'not forced'}); ${s2.loaded} shards still loaded` },
    ];
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
