import { buildSync } from 'esbuild';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { SEED_TABLES, type LargeSeed } from './seed-large.ts';

/**
 * Writes a large workspace (bench/support/seed-large.ts) into the profile of `page` (an
 * extension page): a bundle of bench/support/seed-page.ts is evaluated in the page (DevTools
 * evaluation is not subject to the extension's CSP, as for axe in ui.ts), then fed chunk by chunk.
 */
let bundle: string | undefined;
function seedBundle(): string {
  bundle ??= buildSync({
    stdin: { contents: `import { seedPage } from './bench/support/seed-page.ts'; globalThis.outpostSeed = seedPage;`, resolveDir: resolve('.'), loader: 'ts' },
    bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'error',
  }).outputFiles[0].text;
  return bundle;
}

// Functions given to page.evaluate run in the page: each names the bundle's global itself.
type SeedApi = { outpostSeed: { docs(ws: string, docs: [string, string][]): Promise<number>; rows(ws: string, table: string, json: string): Promise<{ parseMs: number; putMs: number }>; meta(ws: string, meta: unknown): Promise<void> } };

/** Docs and every table's rows, then the read model's meta row; returns ms per part (since the start). */
export async function writeLargeSeed(page: Page, workspaceId: string, seed: LargeSeed, chunk = 5_000): Promise<Record<string, number>> {
  await page.evaluate(seedBundle());
  const ms: Record<string, number> = {};
  const t0 = Date.now();
  // Docs and every table are written side by side: Node encodes, the page parses and the
  // browser's IndexedDB writes at the same time (one at a time, each waits on the others).
  const docs = (async () => {
    for (let i = 0; i < seed.docs.length; i += 64) {
      const d = seed.docs.slice(i, i + 64).map(([k, u]) => [k, Buffer.from(u).toString('base64')] as [string, string]);
      await page.evaluate(([ws, x]) => (globalThis as unknown as SeedApi).outpostSeed.docs(ws, x), [workspaceId, d] as const);
    }
    ms.docs = Date.now() - t0;
  })();
  const tables = SEED_TABLES.map(async (table) => {
    const rows = seed.rows[table];
    let put = 0;
    for (let i = 0; i < rows.length; i += chunk) {
      const json = JSON.stringify(rows.slice(i, i + chunk));
      put += (await page.evaluate(([ws, t, r]) => (globalThis as unknown as SeedApi).outpostSeed.rows(ws, t, r), [workspaceId, table, json] as const)).putMs;
    }
    if (rows.length) { ms[table] = Date.now() - t0; ms[`${table}:put`] = Math.round(put); }
  });
  await Promise.all([docs, ...tables]);
  await page.evaluate(([ws, m]) => (globalThis as unknown as SeedApi).outpostSeed.meta(ws, m), [workspaceId, seed.meta] as const);
  return ms;
}
