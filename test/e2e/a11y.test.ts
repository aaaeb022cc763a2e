import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, engineCall, launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';

/**
 * Issue 7, test 6: axe-core finds no serious or critical violation on each screen, in the
 * light and the dark theme; a screenshot of each screen is saved under test-results/screens.
 */
describe('accessibility of every screen', () => {
  let l: Launched;
  let ids: Record<string, string> = {};
  beforeAll(async () => {
    l = await launchExtension();
    const p = await openPage(l, 'dashboard.html');
    const create = async (collection: string, input: unknown) => ((await engineCall(p, { op: 'create', collection, input })).value as { id: string }).id;
    for (let i = 0; i < 100 && !(await engineCall(p, { op: 'ping' }).catch(() => undefined))?.ok; i++) await p.waitForTimeout(150);
    const lead = await create('leads', { name: { first: 'Grace', last: 'Hopper' }, email: 'grace@navy.example', companyName: 'Navy', sourceId: 'conference' });
    const converted = await create('leads', { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@engines.example', companyName: 'Engines' });
    await engineCall(p, { op: 'logActivity', input: { typeId: 'call', parent: { type: 'leads', id: converted }, details: 'Intro call' } });
    const reply = await engineCall(p, { op: 'convert', leadId: converted, options: { company: { mode: 'new' }, opportunity: { monetaryValue: 900 } } });
    if (!reply.ok) throw new Error(JSON.stringify(reply));
    const r = reply.value as { personId: string; companyId: string; opportunityId: string };
    await create('tasks', { name: 'Send the contract', related: { type: 'leads', id: lead }, dueAt: Date.now() + 3_600_000 });
    // A likely duplicate of Grace (same email): her record view lists it and offers the merge step.
    const twin = await create('leads', { name: { first: 'Grace M.', last: 'Hopper' }, email: 'grace@navy.example', title: 'Rear Admiral' });
    ids = { lead, twin, ...r };
    await p.close();
  });
  afterAll(async () => { await l?.context.close(); });

  const screens = () => [
    ['sidepanel-home', 'sidepanel.html#/', 'Leads'],
    ['sidepanel-lead', `sidepanel.html#/leads/${ids.lead}`, 'Grace Hopper'],
    ['sidepanel-convert', `sidepanel.html#/convert/${ids.lead}`, 'Convert Grace Hopper'],
    ['sidepanel-person', `sidepanel.html#/people/${ids.personId}`, 'Ada Lovelace'],
    ['sidepanel-company', `sidepanel.html#/companies/${ids.companyId}`, 'Engines'],
    ['sidepanel-opportunity', `sidepanel.html#/opportunities/${ids.opportunityId}`, 'Engines - Ada Lovelace'],
    ['sidepanel-tasks', 'sidepanel.html#/tasks', 'My tasks'],
    ['dashboard-home', 'dashboard.html#/', 'My open tasks'],
    ['dashboard-leads', 'dashboard.html#/table/leads', 'Leads'],
    ['dashboard-lead', `dashboard.html#/leads/${ids.lead}`, 'Grace Hopper'],
    ['dashboard-people', 'dashboard.html#/table/people', 'People'],
    ['dashboard-opportunities', 'dashboard.html#/table/opportunities', 'Opportunities'],
    ['dashboard-tasks', 'dashboard.html#/table/tasks', 'Tasks'],
    ['dashboard-board', 'dashboard.html#/board', 'Pipeline'],
    ['dashboard-settings', 'dashboard.html#/admin', 'Settings'],
    ['dashboard-trash', 'dashboard.html#/trash', 'Trash: leads'],
    ['dashboard-insights', 'dashboard.html#/insights', 'Insights'],
    ['dashboard-import', 'dashboard.html#/import', 'Import'],
    ['dashboard-export', 'dashboard.html#/export', 'Export'],
  ] as const;

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical axe violation (${scheme})`, async () => {
      const found: string[] = [];
      for (const [name, path, heading] of screens()) {
        const wide = path.startsWith('dashboard');
        const page: Page = await openPage(l, path, wide ? { width: 1280, height: 900 } : { width: 360, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        await page.getByRole('heading', { name: heading, exact: true }).first().waitFor({ timeout: 15_000 });
        found.push(...(await axeSerious(page)).map((v) => `${name}: ${v}`));
        await screenshot(page, `${name}-${scheme}`);
        if (name === 'dashboard-import') {
          // The preview is most of the screen: a file with a duplicate and an invalid row.
          await page.getByLabel(/CSV or vCard file/).setInputFiles({ name: 'a11y.csv', mimeType: 'text/csv', buffer: Buffer.from('Name,Email,Company\nKaren Spärck Jones,karen@cam.example,Cambridge\nGrace Hopper,grace@navy.example,Navy\nNo Email,not-an-email,\n') });
          await page.getByRole('group', { name: /Rows that can't be imported/ }).waitFor({ timeout: 15_000 });
          found.push(...(await axeSerious(page)).map((v) => `import preview: ${v}`));
          await screenshot(page, `dashboard-import-preview-${scheme}`);
        }
        if (name === 'dashboard-lead') {
          await page.getByRole('button', { name: 'Merge into this lead: Grace M. Hopper' }).click();
          await page.locator('.merge-table').waitFor({ timeout: 15_000 });
          found.push(...(await axeSerious(page)).map((v) => `merge step: ${v}`));
          await screenshot(page, `dashboard-merge-step-${scheme}`);
        }
        if (name === 'dashboard-leads') {
          await page.locator('.views-menu summary').click();
          await page.getByText('No saved views for this table yet.').waitFor();
          found.push(...(await axeSerious(page)).map((v) => `views menu: ${v}`));
        }
        if (name === 'sidepanel-home') {
          await page.keyboard.press('?');
          await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
          found.push(...(await axeSerious(page)).map((v) => `help: ${v}`));
          await screenshot(page, `help-${scheme}`);
        }
        await page.close();
      }
      expect(found).toEqual([]);
    });
  }
});
