import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const EXTENSION_DIR = resolve('.output/chrome-mv3');
export const CHROMIUM = process.env.OUTPOST_CHROMIUM ?? '/usr/bin/chromium';

export function newProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'outpost-profile-'));
}

/** Debian Chromium with the built extension loaded, on an on-disk profile (see TOOLCHAIN.md). */
export async function launch(profileDir: string): Promise<{ context: BrowserContext; extensionId: string }> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`No built extension in ${EXTENSION_DIR}: run \`npm run build\` first.`);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`,
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId };
}

export async function openExtensionPage(context: BrowserContext, extensionId: string, page: string): Promise<Page> {
  const p = await context.newPage();
  p.on('pageerror', (e) => console.error(`[${page}] page error:`, e.message));
  await p.goto(`chrome-extension://${extensionId}/${page}`);
  return p;
}
