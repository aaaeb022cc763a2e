import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, engineCall, launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';

/**
 * The dashboard's own screens at 1280 px (issue 12): the home is a real home (tasks overdue
 * first, deals closing this month, leads by status, recent records), tables show custom fields
 * as columns; axe finds no serious or critical violation in either theme; each screen is saved
 * as test-results/screens/<screen>-<theme>-1280.png.
 */
describe('dashboard screens at 1280 px', () => {
  let l: Launched;
  const DAY = 86_400_000;
  beforeAll(async () => {
    l = await launchExtension();
    const p = await openPage(l, 'dashboard.html#/table/leads', { width: 1280, height: 900 });
    for (let i = 0; i < 100 && !(await engineCall(p, { op: 'ping' }).catch(() => undefined))?.ok; i++) await p.waitForTimeout(150);
    const call = async (c: unknown) => { const r = await engineCall(p, c); if (!r.ok) throw new Error(JSON.stringify(r)); return r.value as Record<string, string>; };
    await call({ op: 'admin', action: { action: 'addCustomField', input: { name: 'Tier', dataType: 'dropdown', availableOn: ['leads'], options: [{ name: 'Gold' }, { name: 'Silver' }] } } });
    const leads: string[] = [];
    for (const [first, last, statusId] of [['Grace', 'Hopper', 'new'], ['Ada', 'Lovelace', 'open'], ['Alan', 'Turing', 'new'], ['Katherine', 'Johnson', 'unqualified']] as const) {
      leads.push((await call({ op: 'create', collection: 'leads', input: { name: { first, last }, statusId, email: `${first.toLowerCase()}@example.org`, companyName: `${last} Labs` } })).id);
    }
    const now = new Date();
    const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    const lastDay = new Date(now.getFullYear(), now.getMonth() + 1, 0).getDate();
    const deal = (await call({ op: 'create', collection: 'opportunities', input: { name: 'Navy compilers', pipelineId: 'sales', stageId: 'presentation', monetaryValue: 42000, closeDate: `${thisMonth}-${String(lastDay).padStart(2, '0')}` } })).id;
    await call({ op: 'create', collection: 'opportunities', input: { name: 'Analytical engine', pipelineId: 'sales', stageId: 'qualified', monetaryValue: 9000 } });
    await call({ op: 'create', collection: 'tasks', input: { name: 'Call Grace back', related: { type: 'leads', id: leads[0] }, dueAt: Date.now() - 2 * DAY } });
    await call({ op: 'create', collection: 'tasks', input: { name: 'Send the proposal', related: { type: 'opportunities', id: deal }, dueAt: Date.now() + 3 * DAY } });
    await p.close();
  });
  afterAll(async () => { await l?.context.close(); });

  it('the home shows my tasks overdue first, deals closing this month, leads by status and recent records', async () => {
    const page = await openPage(l, 'dashboard.html#/', { width: 1280, height: 900 });
    const tasks = page.getByRole('region', { name: 'My open tasks' });
    await tasks.getByRole('listitem').first().waitFor({ timeout: 15_000 });
    const items = (await tasks.getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(items[0]).toMatch(/^Call Grace back 2 days overdue$/);
    expect(items[1]).toMatch(/^Send the proposal in 3 days$/);
    const closing = page.getByRole('region', { name: 'Deals closing this month' });
    await closing.getByText('Navy compilers').waitFor();
    expect(await closing.textContent()).not.toContain('Analytical engine');
    const status = page.getByRole('region', { name: 'Leads by status' });
    await expect.poll(async () => (await status.getByRole('listitem').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()), { timeout: 10_000 })
      .toEqual(['New 2', 'Open 1', 'Unqualified 1', 'Junk 0', 'Converted 0']);
    await page.getByRole('region', { name: 'Recently changed' }).getByText('Send the proposal').waitFor();
    // Completing a task from the home takes it off the list.
    await tasks.getByLabel('Mark Call Grace back done').click();
    await expect.poll(() => tasks.getByText('Call Grace back').count(), { timeout: 10_000 }).toBe(0);
    // The home is laid out as a desk page, not the panel stretched: cards side by side.
    const boxes = await page.locator('.home-card').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    expect(new Set(boxes.map(Math.round)).size).toBeGreaterThan(1);
    await page.close();
  });

  it('custom fields are table columns, sortable and editable in place', async () => {
    const page = await openPage(l, 'dashboard.html#/table/leads', { width: 1280, height: 900 });
    await page.locator('tbody tr[data-id]').first().waitFor({ timeout: 15_000 });
    await page.getByText('Columns', { exact: true }).click();
    await page.getByLabel('Tier', { exact: true }).check();
    await page.getByText('Columns', { exact: true }).click();
    const grace = page.locator('tbody tr[data-id]').filter({ hasText: 'Grace Hopper' });
    await grace.getByRole('gridcell').last().click(); // Tier: the column just added is the last
    await grace.getByLabel('Tier of Grace Hopper').selectOption({ label: 'Gold' });
    await expect.poll(() => grace.textContent(), { timeout: 10_000 }).toContain('Gold');
    await page.getByRole('button', { name: 'Tier', exact: true }).click();
    await expect.poll(async () => (await page.locator('tbody tr[data-id] th').allTextContents())[0]).toBe('Grace Hopper');
    await page.close();
  });

  const screens = [
    ['dashboard-home', 'dashboard.html#/', 'My open tasks'],
    ['dashboard-leads', 'dashboard.html#/table/leads', 'Leads'],
    ['dashboard-opportunities', 'dashboard.html#/table/opportunities', 'Opportunities'],
    ['dashboard-board', 'dashboard.html#/board', 'Pipeline'],
    ['dashboard-insights', 'dashboard.html#/insights', 'New leads and won value'],
    ['dashboard-settings', 'dashboard.html#/admin', 'General'],
    ['dashboard-settings-lists', 'dashboard.html#/admin/lists', 'Statuses and lists'],
    ['dashboard-settings-pipelines', 'dashboard.html#/admin/pipelines', 'Pipelines and stages'],
    ['dashboard-settings-fields', 'dashboard.html#/admin/fields', 'Custom fields'],
    ['dashboard-settings-members', 'dashboard.html#/admin/members', 'Members and team relay'],
    ['dashboard-settings-forms', 'dashboard.html#/admin/forms', 'Web-to-lead forms'],
    ['dashboard-trash', 'dashboard.html#/trash', 'Trash: leads'],
    ['dashboard-import', 'dashboard.html#/import', 'Import'],
    ['dashboard-export', 'dashboard.html#/export', 'Export'],
    ['dashboard-conflicts', 'dashboard.html#/conflicts', 'Conflicts'],
    ['dashboard-my-tasks', 'dashboard.html#/tasks', 'My tasks'],
  ] as const;

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violation on the dashboard's screens (${scheme})`, async () => {
      const found: string[] = [];
      for (const [name, path, marker] of screens) {
        const page: Page = await openPage(l, path, { width: 1280, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        await page.getByText(marker, { exact: true }).first().waitFor({ timeout: 15_000 });
        if (name === 'dashboard-insights') {
          await page.locator('figure canvas').first().waitFor({ timeout: 15_000 });
          // Four leads came in today and none is converted: a figure of zeros, said as such.
          expect(await page.getByRole('figure', { name: 'Conversion rate by source' }).locator('p.empty').textContent())
            .toMatch(/^None of the 4 leads that came in during this period has been converted yet\./);
          expect(await page.locator('#ins-conv-sum').textContent()).toMatch(/^Conversion rate by source: \d+ bars?, all at 0%\.$/);
        }
        if (name === 'dashboard-leads') {
          await page.locator('tbody tr[data-id]').first().waitFor({ timeout: 15_000 });
          await page.getByLabel('Select Ada Lovelace').check();
          await page.locator('#bulk-field').selectOption('statusId');
        }
        if (name === 'dashboard-board') await page.locator('.card').first().waitFor({ timeout: 15_000 });
        found.push(...(await axeSerious(page)).map((v) => `${name}: ${v}`));
        await screenshot(page, `${name}-${scheme}-1280`);
        if (name === 'dashboard-board') {
          await page.getByRole('button', { name: 'New deal in Qualified' }).click();
          await page.getByRole('dialog', { name: 'New deal' }).waitFor();
          found.push(...(await axeSerious(page)).map((v) => `new deal dialog: ${v}`));
          await screenshot(page, `dashboard-new-deal-${scheme}-1280`);
        }
        await page.close();
      }
      expect(found).toEqual([]);
    });
  }
});
