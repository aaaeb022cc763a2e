import { spawnSync } from 'node:child_process';
import { chromium, type BrowserContext } from 'playwright-core';
import { resolve } from 'node:path';

/**
 * The benchmark build (`wxt build -b bench`, which adds bench.html and its seeding API from
 * bench/support/page-api.ts) in Chromium on an on-disk profile, for the UI figures.
 */
export const BENCH_EXT = resolve('.output/bench-mv3');

export function buildBenchExtension(): void {
  const build = spawnSync('npx', ['wxt', 'build', '-b', 'bench', '--mv3'], { stdio: 'pipe', encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`bench build failed:\n${build.stderr}`);
}

export async function launchBench(profile: string): Promise<{ context: BrowserContext; id: string }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.OUTPOST_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 360, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', `--disable-extensions-except=${BENCH_EXT}`, `--load-extension=${BENCH_EXT}`,
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, id: new URL(worker.url()).host };
}

/** Seeds a workspace of `size` into the profile through bench.html (docs in IndexedDB + read model). */
export async function seedWorkspace(context: BrowserContext, id: string, workspaceId: string, size: '10k' | '50k'): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/bench.html`);
  await page.waitForFunction(() => document.title === 'Outpost bench ready', undefined, { timeout: 60_000 });
  await page.evaluate(([w, s]) => (globalThis as unknown as { outpostBench: { seed(w: string, s: string): Promise<unknown> } }).outpostBench.seed(w, s), [workspaceId, size] as const);
  await page.close();
}
