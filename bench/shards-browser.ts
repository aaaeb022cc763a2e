import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBenchExtension } from './support/ui-seed.ts';
import { callApi, launch } from './foundation.ts';
import { collectionOfId } from './shards.ts';
import { SIZE_10K, SIZE_50K, workspaceRecords } from './support/workspace.ts';
import { largeSeed } from './support/seed-large.ts';
import { writeLargeSeed } from './support/seed-write.ts';
import type { BenchResult } from './types.ts';

/**
 * S1 and S2 in Chromium (issue 10) at 50k records + 100k activities, on an on-disk profile of
 * the benchmark build, seeded as the engine stores a workspace (bench/support/seed-large.ts: the
 * docs, and the read model's rows as the projector derives them; these figures time the engine,
 * not a read model rebuild).
 * S1: a fresh browser process each round; in an extension page, an engine starts and an
 * existing record's edit is durable; baseline a raw IndexedDB put in the same fresh browser.
 * S2: the page's heap after an engine started and opened 100 random records, minus before, after GC.
 */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 100) / 100;

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  buildBenchExtension();
  const size = quick ? SIZE_10K : SIZE_50K;
  const n = size.leads + size.people + size.companies + size.opportunities;
  const acts = size.activities;
  const tag = quick ? '10k' : '50k';
  const ws = `shards-browser-${tag}`;
  const profile = mkdtempSync(join(tmpdir(), 'outpost-bench-shards-'));
  const ids = [...workspaceRecords(size, 'bench')].map((r) => r.id);
  try {
    let { context, id } = await launch(profile);
    // The extension's own engine works on another workspace: one engine per profile in use.
    await callApi(context, id, 'useProfile', `${ws}-idle`);
    const t0 = Date.now();
    const seed = largeSeed(size, { by: 'bench' });
    const made = Date.now() - t0;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/bench.html`);
    const wrote = await writeLargeSeed(page, ws, seed);
    const bytes = seed.docs.reduce((n, [, u]) => n + u.byteLength, 0);
    console.log(`  seeded ${tag}: made in Node ${made} ms, written ${Date.now() - t0 - made} ms (${Object.entries(wrote).map(([k, v]) => `${k} ${v}`).join(', ')}), ${Math.round(bytes / 1e6)} MB of updates`);
    await context.close();

    const s1: number[] = [];
    const ready: number[] = [];
  const phases: string[] = [];
    const raw: number[] = [];
    const readModel: string[] = [];
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      ({ context, id } = await launch(profile)); // a browser start: nothing warm but the disk cache
      const rid = ids[(i * 104_729 + 17) % ids.length];
      const r = await callApi(context, id, 'startAndEdit', ws, collectionOfId(rid), rid);
      s1.push(r.ms as number);
      ready.push(r.ready as number);
      phases.push(`(${r.timings as string})`);
      readModel.push(r.readModel as string);
      raw.push((await callApi(context, id, 'rawPut')) as unknown as number);
      await context.close();
    }
    ({ context, id } = await launch(profile));
    const open = Array.from({ length: 100 }, (_, i) => { const rid = ids[(i * 7_368_787 + 3) % ids.length]; return [collectionOfId(rid), rid]; });
    const s2 = await callApi(context, id, 'heapAfterOpening', ws, open);
    await callApi(context, id, 'stop');
    await context.close();
    const note = `Chromium, ${n.toLocaleString('en')} records + ${acts.toLocaleString('en')} activities in 256 + 256 shards, read model at each start: ${readModel.join(', ')}`;
    return [
      { id: `S1@${tag}`, value: round(median(s1)), unit: 'ms', baseline: round(median(raw)), ratio: round(median(s1) / median(raw)), goal: '<= 300 ms', note: `${note}; a fresh browser process per round; in an extension page: engine start → ready → edit of a random existing record → durable, median of ${s1.length} (${s1.map(Math.round).join(', ')}; of which ready: ${ready.map(Math.round).join(', ')}; phases from engine construction, ms: ${phases.join(' ')}); baseline: one raw IndexedDB put in the same fresh browser` },
      { id: `S2@${tag}`, value: round(s2.mb as number), unit: 'MB', baseline: null, ratio: null, goal: '<= 40 MB', note: `${note}; the page's JS heap (performance.memory, precise) after an engine started and opened 100 random records, minus before, after GC (${s2.gc === 'true' ? 'forced' : 'not forced'}); ${s2.loaded} shards still loaded` },
    ];
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
