import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { extensionWithPageAccess, launchExtension, openPage, serveFixtures, type Launched } from './support/ui.ts';
import { PERSON_PAGE } from './fixtures/pages.ts';

/**
 * C2's path (docs/architecture.md, "The page's candidate before the rest"): the side panel's
 * entry scans the tab, and the capture form loads on its own, so the page's candidate does not
 * wait for the engine's ports. Here their code (the built `chunks/ports-*.js`, src/ext/ports.ts)
 * is held back until the test lets it go: a top-level await at the head of the chunk, in a copy
 * of the built extension. Everything else is the extension as built.
 */
const RELEASE = '__outpostReleaseEnginePorts';

function extensionWithHeldEnginePorts(): string {
  const dir = extensionWithPageAccess();
  const chunks = readdirSync(join(dir, 'chunks')).filter((f) => /^ports-[\w-]+\.js$/.test(f));
  expect(chunks).toHaveLength(1);
  const file = join(dir, 'chunks', chunks[0]);
  const hold = `await new Promise((go) => { const t = setInterval(() => { if (globalThis.${RELEASE}) { clearInterval(t); go(); } }, 20); });\n`;
  writeFileSync(file, hold + readFileSync(file, 'utf8'));
  return dir;
}

describe('the page\'s candidate before the engine\'s ports', () => {
  let l: Launched;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  beforeAll(async () => {
    site = await serveFixtures({ '/speaker': PERSON_PAGE });
    l = await launchExtension({ extensionDir: extensionWithHeldEnginePorts() });
  });
  afterAll(async () => { await l?.context.close(); await site?.close(); });

  const value = (p: Page, label: string) => p.getByLabel(label, { exact: true }).first().inputValue();

  it('shows the candidate while the engine\'s ports have not loaded, and saves it once they have', async () => {
    const web = await l.context.newPage();
    await web.goto(site.url('/speaker'));
    const panel = await openPage(l, 'sidepanel.html');
    await expect.poll(() => value(panel, 'First name'), { timeout: 30_000 }).toBe('Ada');
    expect(await value(panel, 'Last name')).toBe('Lovelace');
    expect(await value(panel, 'Email')).toBe('ada@engines.example');
    // The engine's ports are still held: the sync status was never read (loadRest has not run).
    expect(await panel.getByRole('status', { name: 'Sync status' }).innerText()).toBe('Starting…');
    expect(await panel.evaluate(() => performance.getEntriesByName('outpost:candidate').length)).toBe(1);

    // A save made now waits for the ports (deferred), then goes through once they are there.
    await panel.getByRole('button', { name: 'Save lead' }).click();
    await panel.evaluate((key) => { (globalThis as Record<string, unknown>)[key] = true; }, RELEASE);
    await panel.getByRole('status').filter({ hasText: 'Lead saved' }).waitFor({ timeout: 30_000 });
    await panel.locator('.list').getByText('Ada Lovelace').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => panel.getByRole('status', { name: 'Sync status' }).innerText(), { timeout: 30_000 }).not.toBe('Starting…');
  });
});
