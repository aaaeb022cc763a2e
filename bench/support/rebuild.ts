import Dexie from 'dexie';
import { Engine } from '../../src/store/engine.ts';
import { DocStore, docStoreName } from '../../src/store/doc-store.ts';
import { readDbName } from '../../src/store/read-db.ts';
import { buildWorkspace, encodeWorkspace, SIZE_10K, SIZE_50K } from './workspace.ts';
import type { Deps } from './row-costs.ts';

/**
 * R1 (issue 10, helper "readrow"): the first read-model rebuild of a workspace whose docs are all
 * stored but whose read model is not (a restored or seeded profile, a READ_MODEL_VERSION bump):
 * an engine started on it until `ready` (which rebuilds, one shard loaded at a time). Baseline:
 * the same record, activity and history rows bulk-put raw into a Dexie table with only a primary
 * key, 5,000 per transaction. Runs in Node (fake-indexeddb) and in a Chromium page.
 */
export async function rebuildFigure(deps: Deps, size: '10k' | '50k'): Promise<{ ms: number; baselineMs: number; rows: number; phases: Record<string, number> }> {
  const workspaceId = `r1-${size}-${Date.now()}`;
  const updates = encodeWorkspace(buildWorkspace(size === '50k' ? SIZE_50K : SIZE_10K));
  const store = new DocStore(docStoreName(workspaceId), deps);
  for (const [key, update] of updates) await store.replace(key, update);
  await store.close();
  updates.clear();

  const t0 = performance.now();
  const engine = new Engine({ workspaceId, actor: { memberId: 'bench', role: 'admin' }, readDbDeps: deps });
  const { readModel } = await engine.ready;
  const ms = performance.now() - t0;
  if (readModel !== 'rebuilt') throw new Error(`R1: the read model was ${readModel}, not rebuilt`);
  const db = engine.db;
  const [records, activities, history] = await Promise.all([db.records.toArray(), db.activities.toArray(), db.history.toArray()]);
  const phases = { ...engine.timings, ...((engine.projector as { rebuildTimings?: Record<string, number> }).rebuildTimings ?? {}) };
  await engine.destroy();

  const raw = new Dexie(`r1-raw-${Date.now()}`, deps);
  raw.version(1).stores({ rows: 'k' });
  await raw.open();
  const all = [...records.map((r) => ({ k: r.key, v: r })), ...activities.map((a) => ({ k: `a:${a.id}`, v: a })), ...history.map((h) => ({ k: `h:${h.id}`, v: h }))];
  const b0 = performance.now();
  for (let i = 0; i < all.length; i += 5000) await raw.transaction('rw', 'rows', () => raw.table('rows').bulkPut(all.slice(i, i + 5000)));
  const baselineMs = performance.now() - b0;
  raw.close();
  await Promise.all([Dexie.delete(raw.name), Dexie.delete(readDbName(workspaceId)), Dexie.delete(docStoreName(workspaceId))]).catch(() => {});
  return { ms, baselineMs, rows: all.length, phases };
}
