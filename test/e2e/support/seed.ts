import { buildSync } from 'esbuild';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { SEED_TABLES, type LargeSeed } from '../../../bench/support/seed-large.ts';

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
type SeedApi = { outpostSeed: { docs(ws: string, docs: [string, string][]): Promise<number>; rows(ws: string, table: string, rows: unknown[]): Promise<number>; meta(ws: string, meta: unknown): Promise<void> } };

/** Docs, then every table's rows, then the read model's meta row; returns ms per part. */
export async function writeLargeSeed(page: Page, workspaceId: string, seed: LargeSeed, chunk = 5_000): Promise<Record<string, number>> {
  await page.evaluate(seedBundle());
  const ms: Record<string, number> = {};
  let t0 = Date.now();
  for (let i = 0; i < seed.docs.length; i += 64) {
    const docs = seed.docs.slice(i, i + 64).map(([k, u]) => [k, Buffer.from(u).toString('base64')] as [string, string]);
    await page.evaluate(([ws, d]) => (globalThis as unknown as SeedApi).outpostSeed.docs(ws, d), [workspaceId, docs] as const);
  }
  ms.docs = Date.now() - t0;
  for (const table of SEED_TABLES) {
    t0 = Date.now();
    const rows = seed.rows[table];
    for (let i = 0; i < rows.length; i += chunk) await page.evaluate(([ws, t, r]) => (globalThis as unknown as SeedApi).outpostSeed.rows(ws, t, r), [workspaceId, table, rows.slice(i, i + chunk)] as const);
    if (rows.length) ms[table] = Date.now() - t0;
  }
  await page.evaluate(([ws, m]) => (globalThis as unknown as SeedApi).outpostSeed.meta(ws, m), [workspaceId, seed.meta] as const);
  return ms;
}
