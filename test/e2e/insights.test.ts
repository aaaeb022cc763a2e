import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCall, launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';

/**
 * Issue 7's Insights and field history in Chromium: the charts count what the workspace holds
 * (leads by status and source, conversion and won value by source, pipeline by stage, activities
 * per member per week), and a record's field history lists an edit made in its detail view.
 */
describe('insights and field history in Chromium', () => {
  let l: Launched;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    l = await launchExtension();
    const p = await openPage(l, 'dashboard.html');
    for (let i = 0; i < 100 && !(await engineCall(p, { op: 'ping' }).catch(() => undefined))?.ok; i++) await p.waitForTimeout(150);
    const call = async (c: unknown) => { const r = await engineCall(p, c); if (!r.ok) throw new Error(JSON.stringify(r)); return r.value as Record<string, string>; };
    const lead = async (first: string, sourceId: string) => (await call({ op: 'create', collection: 'leads', input: { name: { first, last: 'Test' }, companyName: `${first} Co`, sourceId } })).id;
    ids.a = await lead('Alma', 'conference');
    ids.b = await lead('Boris', 'conference');
    ids.c = await lead('Carla', 'referral');
    await call({ op: 'update', collection: 'leads', id: ids.c, patch: { statusId: 'open' } });
    // Alma converts with a deal of 5 000 that is then won; Boris converts with an open deal of 1 200.
    const won = await call({ op: 'convert', leadId: ids.a, options: { company: { mode: 'new' }, opportunity: { monetaryValue: 5000 } } });
    await call({ op: 'update', collection: 'opportunities', id: won.opportunityId, patch: { status: 'won' } });
    await call({ op: 'convert', leadId: ids.b, options: { company: { mode: 'new' }, opportunity: { monetaryValue: 1200 } } });
    await call({ op: 'logActivity', input: { typeId: 'call', parent: { type: 'leads', id: ids.c }, details: 'First call' } });
    await call({ op: 'logActivity', input: { typeId: 'meeting', parent: { type: 'leads', id: ids.c }, details: 'Demo' } });
    await p.close();
  });
  afterAll(async () => { await l?.context.close(); });

  /** A chart's numbers, from the table behind its "Show as a table" (the text alternative). */
  const rows = async (page: import('playwright-core').Page, chart: string) => {
    const fig = page.getByRole('figure', { name: chart });
    const details = fig.locator('details');
    if (!(await details.getAttribute('open').catch(() => null)) && (await details.count())) await fig.getByText('Show as a table').click();
    return (await fig.locator('tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  };

  it('charts what the workspace holds, with a summary and a table for each chart, over a period', async () => {
    const page = await openPage(l, 'dashboard.html#/insights', { width: 1280, height: 1000 });
    await page.getByRole('figure', { name: 'Leads by status' }).waitFor({ timeout: 15_000 });
    // uPlot drew a canvas for each chart with data.
    await expect.poll(() => page.locator('figure canvas').count()).toBeGreaterThanOrEqual(5);
    expect(await rows(page, 'Leads by status')).toEqual(['Open 1', 'Converted 2']);
    expect(await rows(page, 'Conversion rate by source')).toEqual(['Conference 100% 2 of 2', 'Referral 0% 0 of 1']);
    expect(await page.getByRole('figure', { name: 'Conversion rate by source' }).getAttribute('aria-describedby')).toBe('ins-conv-sum');
    expect(await page.locator('#ins-conv-sum').textContent()).toBe('Conversion rate by source: 2 bars; highest Conference at 100%.');
    const won = await rows(page, 'Won value by source');
    expect(won).toHaveLength(1);
    expect(won[0]).toMatch(/^Conference .*5,000/);
    const pipeline = await rows(page, 'Open pipeline value by stage');
    expect(pipeline[0]).toMatch(/^Qualified .*1,200/); // one pipeline: stages by their own names
    expect(pipeline).toHaveLength(5); // every stage of the default pipeline, empty ones at 0
    // Over time: the three leads came in today; the won deal counts on the day it closed.
    const time = await rows(page, 'New leads and won value');
    const today = time.at(-1)!;
    expect(today).toMatch(/ 3 .*5,000/);
    expect(await rows(page, 'Activities by member')).toEqual([expect.stringMatching(/ 2$/)]);
    const table = page.getByRole('figure', { name: 'Activities per member per week' }).getByRole('table');
    const me = table.getByRole('row').nth(1);
    // The two logged activities (not the system status changes) in this week's column, and the total.
    const cells = (await me.getByRole('cell').allInnerTexts()).map(Number);
    expect(cells.at(-1)).toBe(2);
    expect(cells.at(-2)).toBe(2);
    expect(await me.getByRole('rowheader').textContent()).not.toMatch(/^[0-9a-f-]{16,}$/);
    // Week columns read as days in words ("Nov 30"), never as ISO fragments ("11-30").
    const heads = await table.getByRole('columnheader').allInnerTexts();
    expect(heads.slice(1, -1).every((h) => /^[A-Za-z]{3,} \d{1,2}$/.test(h.trim()))).toBe(true);
    await screenshot(page, 'dashboard-insights-data');

    // A period before any of it: nothing came in then; the open pipeline is still "now".
    await page.getByLabel('Period').selectOption('custom');
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To').fill('2020-03-31');
    await page.getByText('No leads came in during this period.').first().waitFor({ timeout: 15_000 });
    expect((await rows(page, 'Open pipeline value by stage'))[0]).toMatch(/1,200/);
    // A backwards period is refused with a clear message.
    await page.getByLabel('From').fill('2020-05-01');
    await page.getByRole('alert').getByText('The start date is after the end date.').waitFor();
    await page.close();
  });

  it('lists an edit in the field history of the record', async () => {
    const page = await openPage(l, `dashboard.html#/leads/${ids.c}`, { width: 1200, height: 1000 });
    await page.getByRole('heading', { name: 'Carla Test' }).waitFor({ timeout: 15_000 });
    await page.getByLabel('Title', { exact: true }).fill('Head of Ops');
    await page.getByLabel('Title', { exact: true }).press('Enter');
    await page.getByText('Field history').click();
    const list = page.getByRole('list', { name: 'Field history' });
    await list.getByText(/set Title from “\(empty\)” to “Head of Ops”/).waitFor({ timeout: 10_000 });
    await list.getByText(/set Status from “New” to “Open”/).waitFor();
    await screenshot(page, 'dashboard-field-history');
    await page.close();
  });
});
