import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { engineCall, launchExtension, openPage, type Launched } from './support/ui.ts';
import { EXTENSION_DIR, newProfileDir } from './support/browser.ts';
import { watchThread } from './support/thread.ts';

/**
 * Issue 10, the engine in a Worker: Chrome runs every page of the extension (side panel,
 * dashboard, offscreen document) on one thread, so the engine must do its work elsewhere.
 * The side panel's thread is watched (support/thread.ts: PerformanceObserver 'longtask' and a
 * trace with each task's own time) while the dashboard imports 10,000 rows: no task over 50 ms
 * of the thread's own time; then every row must be there.
 * And after a browser restart, an existing record opened from the list is edited and saved.
 */
const SOURCES = ['Cold call', 'Conference', 'Web form', 'Referral'];
function leadsCsv(rows: number, prefix = 'Ann'): string {
  const lines = ['First Name,Last Name,Email,Company,Job Title,Phone,Lead Source,Tags,Notes'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${prefix}${i},Lee${i},${prefix.toLowerCase()}.lee${i}@example${i % 97}.test,"Company ${i % 500}, Inc",Buyer,+1 555 ${String(i).padStart(6, '0')},${SOURCES[i % 4]},event,"Met at booth ${i % 30}"`);
  }
  return lines.join('\n') + '\n';
}

async function engineUp(page: Page) {
  for (let i = 0; i < 200 && !(await engineCall(page, { op: 'ping' }).catch(() => undefined))?.ok; i++) await page.waitForTimeout(150);
}

describe('the side panel while the engine works', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-responsive-'));
  let l: Launched | undefined;
  afterAll(async () => { await l?.context.close(); rmSync(dir, { recursive: true, force: true }); });

  // One retry, in a new browser: the thread's own time of the longest task is 32-37 ms when
  // this file runs alone and reached 53 ms once while the rest of the suite shared the 2 cores
  // (docs/architecture.md, "Seventh session"). A page that really holds the thread fails both.
  it('stays responsive during a 10,000-row import from the dashboard, and every row arrives', { retry: 1, timeout: 600_000 }, async () => { // no timing is asserted on wall-clock: the shared test machine may be slow
    if (l) { await l.context.close(); l = undefined; }
    l = await launchExtension();
    const csv = join(dir, 'ten-thousand.csv');
    writeFileSync(csv, leadsCsv(10_000));
    const panel = await openPage(l, 'sidepanel.html');
    await engineUp(panel);
    await panel.getByText('0 leads').waitFor({ timeout: 30_000 });
    const dash = await openPage(l, 'dashboard.html#/import', { width: 1280, height: 900 });
    await dash.getByRole('heading', { name: 'Import', exact: true }).waitFor({ timeout: 15_000 });
    await panel.bringToFront();
    const watch = await watchThread(panel);

    await dash.getByLabel(/CSV or vCard file/).setInputFiles(csv);
    const importButton = dash.getByRole('button', { name: /^Import 10,?000 leads$/ });
    await importButton.waitFor({ timeout: 180_000 });
    await importButton.click();
    await dash.locator('.result').getByText(/10,?000 created/).waitFor({ timeout: 300_000 });
    // The panel's list (the read model) has every row.
    await panel.getByText(/^10,?000 leads$/).waitFor({ timeout: 60_000 });
    const seen = await watch.stop();
    console.log(`side panel's thread during the import: ${seen.tasks} tasks, the longest ${seen.longestCpu} ms of its own time (${seen.longestWall} ms wall-clock); PerformanceObserver long tasks (wall-clock): ${JSON.stringify(seen.longTasks)}`);
    // The trace saw the thread at work, with its own time per task (support/thread.ts says why).
    expect(seen.cpuTimed).toBeGreaterThan(100);
    expect(seen.longestCpu).toBeLessThanOrEqual(50);

    // Every imported lead is findable in the panel's search (the read model's word index).
    await panel.getByLabel('Search leads').fill('ann9999');
    await panel.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: 'Ann9999 Lee9999' }).waitFor({ timeout: 15_000 });
    await l.context.close();
    l = undefined;
  });

  it('after a browser restart, edits an existing record at once and keeps it', async () => {
    const profileDir = newProfileDir();
    l = await launchExtension({ profileDir, extensionDir: EXTENSION_DIR }); // the same path: the same extension id and storage
    const seedPage = await openPage(l, 'sidepanel.html');
    await engineUp(seedPage);
    const base64 = Buffer.from(leadsCsv(2_000, 'Zed')).toString('base64');
    const imported = await engineCall(seedPage, { op: 'importRun', jobId: 'seed', file: { name: 'seed.csv', base64 }, settings: { as: 'leads', duplicates: 'create' }, confirmInvalid: false });
    expect(imported).toMatchObject({ ok: true, value: { created: 2_000 } });
    await seedPage.getByText(/^2,?000 leads$/).waitFor({ timeout: 30_000 });
    await l.context.close();

    l = await launchExtension({ profileDir, extensionDir: EXTENSION_DIR }); // the same path: the same extension id and storage
    const started = Date.now();
    const panel = await openPage(l, 'sidepanel.html');
    await panel.getByText(/^2,?000 leads$/).waitFor({ timeout: 30_000 }).catch(async (e) => { await panel.screenshot({ path: '/tmp/ew/restart.png' }); throw e; });
    await panel.getByLabel('Search leads').fill('zed1234');
    const row = panel.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: 'Zed1234 Lee1234' });
    await row.waitFor({ timeout: 30_000 });
    const id = (await row.getAttribute('data-id'))!;
    await row.click();
    await panel.getByRole('heading', { name: 'Zed1234 Lee1234' }).waitFor({ timeout: 15_000 });
    const title = panel.getByLabel('Title', { exact: true });
    expect(await title.inputValue()).toBe('Buyer');
    await title.fill('Head of Purchasing');
    await title.press('Enter');
    // Answered: the engine replies to a write once it is durable in IndexedDB (docs and read
    // model), and only then does the page say so. What the engine holds in memory before that
    // (a `get`) is not saved yet: a browser closed then may lose it, as any unsaved edit.
    await panel.getByRole('status').filter({ hasText: 'Title saved' }).waitFor({ timeout: 30_000 });
    expect(await panel.locator('.field-error').count()).toBe(0);
    console.log(`restart → existing record opened and its edit saved: ${Date.now() - started} ms (2,000 leads; the 50k figure is bench S1)`);
    await l.context.close(); // at once
    l = undefined;

    // Saved for good: after another restart the record has the new title.
    l = await launchExtension({ profileDir, extensionDir: EXTENSION_DIR }); // the same path: the same extension id and storage
    const again = await openPage(l, 'sidepanel.html');
    await again.getByLabel('Search leads').fill('zed1234');
    await again.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: 'Zed1234 Lee1234' }).click({ timeout: 30_000 });
    await expect.poll(() => again.getByLabel('Title', { exact: true }).inputValue(), { timeout: 15_000 }).toBe('Head of Purchasing').catch(async (e) => {
      // Which side is behind: the engine's docs, or the page's view of the read model.
      console.error(`after the restart the engine has ${JSON.stringify(await engineCall(again, { op: 'get', collection: 'leads', id }).catch(String))}`);
      throw e;
    });
    expect(await engineCall(again, { op: 'get', collection: 'leads', id })).toMatchObject({ ok: true, value: { title: 'Head of Purchasing' } });
    await l.context.close(); // before its profile is removed
    l = undefined;
    rmSync(profileDir, { recursive: true, force: true });
  });
});
