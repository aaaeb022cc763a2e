import { spawnSync } from 'node:child_process';
import { chromium, type BrowserContext } from 'playwright-core';
import { join, resolve } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The benchmark build (`wxt build -b bench`, which adds bench.html and its seeding API from
 * bench/support/page-api.ts) in Chromium on an on-disk profile, for the UI figures.
 */
export const BENCH_EXT = resolve('.output/bench-mv3');

let built = false;
/**
 * Builds the bench extension once per bench run, with host access to 127.0.0.1: it stands in
 * for the activeTab grant a user gives by clicking the toolbar button (headless cannot), so the
 * capture figures can scan the pages served here.
 */
export function buildBenchExtension(): void {
  if (built) return;
  const build = spawnSync('npx', ['wxt', 'build', '-b', 'bench', '--mv3'], { stdio: 'pipe', encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`bench build failed:\n${build.stderr}`);
  const manifestPath = join(BENCH_EXT, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = [...(manifest.host_permissions ?? []), 'http://127.0.0.1/*'];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  built = true;
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

/**
 * Waits until the profile's engine is ready on `workspaceId` and checks that the read model
 * reflects every stored doc, so that the side panel figures are taken as a user sees them on a
 * current read model, not while a rebuild competes for the database. Returns a line for notes.
 */
export async function engineSettled(context: BrowserContext, id: string, workspaceId: string): Promise<string> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/bench.html`);
  await page.waitForFunction(() => document.title === 'Outpost bench ready', undefined, { timeout: 60_000 });
  const s = (await page.evaluate(`outpostBench.engineSettled(${JSON.stringify(workspaceId)})`)) as { waited: number; version: number; behind: number; first: string };
  await page.close();
  const line = `engine ready after ${Math.round(s.waited)} ms; read model v${s.version}, ${s.behind ? `${s.behind} docs behind the store (${s.first})` : 'current'}`;
  console.log(`  ${line}`);
  return line;
}
