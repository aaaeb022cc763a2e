import { afterAll, beforeAll, describe, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, openPage, serveFixtures, type Launched } from './support/ui.ts';
import { PERSON_PAGE } from './fixtures/pages.ts';

const OUT = resolve(`test-results/ui4/${process.env.PHASE ?? 'before'}`);
mkdirSync(OUT, { recursive: true });
const log: string[] = [];
async function shot(p: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    await p.emulateMedia({ colorScheme: theme });
    await p.waitForTimeout(150);
    await p.screenshot({ path: join(OUT, `${name}-${theme}.png`), fullPage: true });
  }
  await p.emulateMedia({ colorScheme: 'light' });
}
async function focus(p: Page, what: string) {
  const f = await p.evaluate(() => { const a = document.activeElement as HTMLElement | null; return a ? `${a.tagName.toLowerCase()}${a.id ? '#' + a.id : ''} "${(a.getAttribute('aria-label') ?? a.textContent ?? '').trim().slice(0, 40)}"` : 'none'; });
  log.push(`${what}: focus ${f}`);
}
async function overflow(p: Page, what: string) {
  const r = await p.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > w) out.push(`page scrollWidth ${document.documentElement.scrollWidth} > ${w}`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const s = getComputedStyle(el);
      if (el.children.length === 0 && el.textContent && el.scrollWidth > el.clientWidth + 1 && (s.overflow === 'hidden' || s.textOverflow === 'ellipsis') ) out.push(`clipped: ${el.className || el.tagName} "${el.textContent.trim().slice(0, 50)}"`);
    }
    return out.slice(0, 20);
  });
  if (r.length) log.push(`${what}: ${r.join(' | ')}`);
}

describe('explore', () => {
  let l: Launched;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  beforeAll(async () => { site = await serveFixtures({ '/speaker': PERSON_PAGE }); l = await launchExtension(); });
  afterAll(async () => { writeFileSync(join(OUT, 'log.txt'), log.join('\n')); await l?.context.close(); await site?.close(); });

  it('walks', async () => {
    // first start
    const panel0 = await openPage(l, 'sidepanel.html', { width: 360, height: 800 });
    await panel0.waitForTimeout(2500);
    await shot(panel0, '01-first-panel-360'); await focus(panel0, 'first panel'); await overflow(panel0, 'first panel');
    const dash0 = await openPage(l, 'dashboard.html', { width: 1280, height: 800 });
    await dash0.waitForTimeout(2500);
    await shot(dash0, '02-first-dash-1280'); await overflow(dash0, 'first dash');
    await dash0.setViewportSize({ width: 360, height: 800 }); await shot(dash0, '02-first-dash-360'); await overflow(dash0, 'first dash 360');
    await dash0.close(); await panel0.close();
    // capture
    const web = await l.context.newPage();
    await web.goto(site.url('/speaker'));
    const panel = await openPage(l, 'sidepanel.html', { width: 360, height: 800 });
    await panel.getByLabel('First name', { exact: true }).waitFor();
    for (let i = 0; i < 50 && !(await panel.getByLabel('First name', { exact: true }).inputValue()); i++) await panel.waitForTimeout(200);
    await shot(panel, '03-capture-360'); await overflow(panel, 'capture');
    await panel.getByRole('button', { name: 'Save lead' }).click();
    await panel.getByRole('status').filter({ hasText: 'Lead saved' }).waitFor({ timeout: 15_000 });
    await focus(panel, 'after save');
    await shot(panel, '04-saved-360'); await overflow(panel, 'saved');
    // search
    await panel.getByLabel('Search leads').fill('ada');
    await panel.waitForTimeout(800);
    await shot(panel, '05-search-360');
    await panel.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: 'Ada Lovelace' }).first().click();
    await panel.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await focus(panel, 'open lead');
    await panel.waitForTimeout(800);
    await shot(panel, '06-lead-360'); await overflow(panel, 'lead');
    // log a call
    await panel.getByRole('button', { name: 'Log call' }).first().click();
    await panel.waitForTimeout(300);
    await focus(panel, 'after Log call');
    await shot(panel, '07-log-call-open-360');
    await panel.keyboard.type('Called Ada: wants a demo in March.');
    await panel.getByRole('button', { name: 'Log activity' }).click();
    await panel.getByRole('list', { name: 'Activities' }).getByText('wants a demo').waitFor({ timeout: 10_000 });
    await focus(panel, 'after Log activity');
    await shot(panel, '08-call-logged-360'); await overflow(panel, 'call logged');
    // add task
    await panel.getByRole('button', { name: 'Add task' }).first().click();
    await panel.waitForTimeout(300);
    await focus(panel, 'after Add task');
    await shot(panel, '09-add-task-360');
    await panel.keyboard.type('Send the demo invite');
    await panel.keyboard.press('Enter');
    await panel.waitForTimeout(1000);
    await focus(panel, 'after task Enter');
    await shot(panel, '10-task-added-360'); await overflow(panel, 'task added');
    // convert
    await panel.getByRole('button', { name: 'Convert' }).click();
    await panel.getByRole('heading', { name: /Convert Ada Lovelace/ }).waitFor();
    await focus(panel, 'convert open');
    await shot(panel, '11-convert-360'); await overflow(panel, 'convert');
    await panel.getByLabel('New company').check();
    await panel.getByLabel('Create an opportunity').check();
    await panel.getByLabel('Value').fill('12000');
    await shot(panel, '12-convert-filled-360');
    await panel.getByRole('button', { name: 'Convert lead' }).click();
    await panel.locator('article.record[data-type=people]').waitFor({ timeout: 15_000 });
    await panel.waitForTimeout(800);
    await focus(panel, 'after convert');
    await shot(panel, '13-person-360'); await overflow(panel, 'person');
    const deal = panel.getByRole('region', { name: 'Related records' }).getByRole('link', { name: /Ada Lovelace/ }).last();
    await deal.click();
    await panel.locator('article.record[data-type=opportunities]').waitFor();
    await panel.waitForTimeout(800);
    await shot(panel, '14-deal-360'); await overflow(panel, 'deal');
    const url = new URL(panel.url());
    // board
    const dash = await openPage(l, 'dashboard.html#/board', { width: 1280, height: 800 });
    await dash.locator('.card').first().waitFor({ timeout: 15_000 });
    await dash.waitForTimeout(800);
    await shot(dash, '15-board-1280'); await overflow(dash, 'board 1280');
    await dash.locator('.card').first().focus();
    await dash.keyboard.press(']');
    await dash.waitForTimeout(1000);
    await focus(dash, 'after ] on card');
    await shot(dash, '16-board-moved-1280');
    await dash.setViewportSize({ width: 360, height: 800 });
    await shot(dash, '17-board-360'); await overflow(dash, 'board 360');
    await dash.setViewportSize({ width: 1280, height: 800 });
    // record in dashboard
    await dash.goto(`chrome-extension://${l.extensionId}/dashboard.html${url.hash}`);
    await dash.locator('article.record').waitFor();
    await dash.waitForTimeout(800);
    await shot(dash, '18-deal-1280'); await overflow(dash, 'deal 1280');
    // import CSV
    const dir = mkdtempSync(join(tmpdir(), 'ui4-'));
    const csv = join(dir, 'leads.csv');
    writeFileSync(csv, 'First Name,Last Name,Email,Company,Phone,Lead Source\nGrace,Hopper,grace@navy.example,US Navy,+1 202 555 0100,Conference\nAlan,Turing,alan@bletchley.example,Bletchley Park,,Web\nbad,,not-an-email,,,\n');
    await dash.goto(`chrome-extension://${l.extensionId}/dashboard.html#/import`);
    await dash.getByLabel(/CSV or vCard file/).waitFor();
    await shot(dash, '19-import-1280');
    await dash.getByLabel(/CSV or vCard file/).setInputFiles(csv);
    await dash.waitForTimeout(1500);
    await focus(dash, 'import after file');
    await shot(dash, '20-import-preview-1280'); await overflow(dash, 'import preview');
    await dash.setViewportSize({ width: 360, height: 800 });
    await shot(dash, '20-import-preview-360'); await overflow(dash, 'import preview 360');
    await dash.setViewportSize({ width: 1280, height: 800 });
    const go = dash.getByRole('button', { name: /^Import \d/ });
    if (await go.count()) { await go.click(); await dash.waitForTimeout(3000); }
    await focus(dash, 'import done');
    await shot(dash, '21-import-done-1280');
    // leads table
    await dash.goto(`chrome-extension://${l.extensionId}/dashboard.html#/leads`);
    await dash.waitForTimeout(2000);
    await shot(dash, '22-leads-table-1280'); await overflow(dash, 'leads 1280');
    await dash.setViewportSize({ width: 360, height: 800 });
    await shot(dash, '22-leads-table-360'); await overflow(dash, 'leads 360');
    await dash.setViewportSize({ width: 1280, height: 800 });
    // settings
    await dash.goto(`chrome-extension://${l.extensionId}/dashboard.html#/settings`);
    await dash.waitForTimeout(2000);
    await shot(dash, '23-settings-1280'); await overflow(dash, 'settings');
    await dash.setViewportSize({ width: 360, height: 800 });
    await shot(dash, '23-settings-360'); await overflow(dash, 'settings 360');
    // panel home + tasks + status bar after a delete (undo)
    await panel.goto(`chrome-extension://${l.extensionId}/sidepanel.html#/tasks`);
    await panel.waitForTimeout(1500);
    await shot(panel, '24-tasks-360'); await overflow(panel, 'tasks');
    await panel.goto(`chrome-extension://${l.extensionId}/sidepanel.html#/`);
    await panel.waitForTimeout(1500);
    await shot(panel, '25-panel-home-after-360'); await overflow(panel, 'panel home after');
    // Tab walk in the panel: where does focus go
    const seq: string[] = [];
    await panel.locator('body').focus();
    for (let i = 0; i < 25; i++) { await panel.keyboard.press('Tab'); seq.push(await panel.evaluate(() => { const a = document.activeElement as HTMLElement; return `${a.tagName.toLowerCase()}:${(a.getAttribute('aria-label') ?? a.textContent ?? (a as HTMLInputElement).name ?? '').trim().slice(0, 25)}`; })); }
    log.push('tab order panel: ' + seq.join(' → '));
    await web.close();
  });
});
