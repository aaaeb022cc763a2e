import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, openPage, serveFixtures, screenshot, type Launched } from './support/ui.ts';
import { PERSON_PAGE, XSS_NAME, XSS_PAGE } from './fixtures/pages.ts';

/**
 * Issue 7, journey 1: a fixture page with a person → the side panel scans it → the lead is
 * saved → a call is logged → converted with a new company and an opportunity → person,
 * company and opportunity exist and link to each other, and the call is on the person's timeline.
 */
describe('the daily journey in Chromium', () => {
  let l: Launched;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  beforeAll(async () => {
    site = await serveFixtures({ '/speaker': PERSON_PAGE, '/hostile': XSS_PAGE });
    l = await launchExtension();
  });
  afterAll(async () => { await l?.context.close(); await site?.close(); });

  const fieldValue = (p: Page, label: string) => p.getByLabel(label, { exact: true }).inputValue();

  it('captures a person from a page, logs a call, converts with a new company and a deal', async () => {
    const web = await l.context.newPage();
    await web.goto(site.url('/speaker'));
    const panel = await openPage(l, 'sidepanel.html');

    // The panel scans the page it was opened on (here: the last web page used).
    await expect.poll(() => fieldValue(panel, 'First name'), { timeout: 15_000 }).toBe('Ada');
    expect(await fieldValue(panel, 'Last name')).toBe('Lovelace');
    expect(await fieldValue(panel, 'Email')).toBe('ada@engines.example');
    expect(await fieldValue(panel, 'Company')).toBe('Analytical Engines Ltd');
    expect(await fieldValue(panel, 'Title')).toBe('Chief Analyst');
    await screenshot(panel, 'sidepanel-capture');
    await panel.getByRole('button', { name: 'Save lead' }).click();
    await panel.getByRole('status').filter({ hasText: 'Lead saved' }).waitFor({ timeout: 15_000 });
    await panel.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: 'Ada Lovelace' }).waitFor();

    // Open the lead and log a call.
    await panel.getByRole('button', { name: 'open it' }).click();
    await panel.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    expect(await panel.getByLabel('Source', { exact: true }).inputValue()).toBe('web-page');
    await panel.getByLabel('Activity type').selectOption('call');
    await panel.getByLabel('What happened').fill('Called Ada: wants a demo of the engine in March.');
    await panel.getByRole('button', { name: 'Log activity' }).click();
    await panel.getByRole('list', { name: 'Activities' }).getByText('wants a demo of the engine').waitFor({ timeout: 10_000 });

    // Inline edit with a clear error next to the field, then a valid edit.
    await panel.getByLabel('Email', { exact: true }).fill('not an email');
    await panel.getByLabel('Email', { exact: true }).press('Enter');
    await expect.poll(() => panel.locator('.field:has(#f-email) .field-error').textContent(), { timeout: 10_000 }).toMatch(/email/i);
    await panel.getByLabel('Email', { exact: true }).fill('ada@engines.example');
    await panel.getByLabel('Email', { exact: true }).press('Enter');
    await panel.getByLabel('Status', { exact: true }).selectOption('open');
    await panel.getByRole('list', { name: 'Activities' }).getByText('Status: New → Open').waitFor({ timeout: 10_000 });
    await screenshot(panel, 'sidepanel-lead');

    // Convert: new company, and an opportunity with value and close date.
    await panel.getByRole('button', { name: 'Convert' }).click();
    await panel.getByRole('heading', { name: /Convert Ada Lovelace/ }).waitFor();
    await panel.getByLabel('New company').check();
    expect(await panel.getByLabel('Company name').inputValue()).toBe('Analytical Engines Ltd');
    await panel.getByLabel('Create an opportunity').check();
    await panel.getByLabel('Stage').selectOption('follow-up');
    await panel.getByLabel('Value').fill('12000');
    await panel.getByLabel('Close date', { exact: true }).fill('2027-03-31');
    await screenshot(panel, 'sidepanel-convert');
    await panel.getByRole('button', { name: 'Convert lead' }).click();

    // It opens the person, linked to the company and the deal, with the lead's call on its timeline.
    await panel.locator('article.record[data-type=people]').waitFor({ timeout: 15_000 });
    await panel.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await panel.getByRole('list', { name: 'Activities' }).getByText('wants a demo of the engine').waitFor({ timeout: 10_000 });
    expect(await fieldValue(panel, 'Emails')).toBe('ada@engines.example');
    await panel.getByRole('link', { name: 'Analytical Engines Ltd', exact: true }).waitFor();
    await screenshot(panel, 'sidepanel-person');
    const deal = panel.getByRole('link', { name: 'Analytical Engines Ltd - Ada Lovelace' });
    await deal.waitFor({ timeout: 10_000 });

    // The opportunity: pipeline stage, value, close date, and links to the person and company.
    await deal.click();
    await panel.locator('article.record[data-type=opportunities]').waitFor();
    expect(await panel.getByLabel('Stage', { exact: true }).inputValue()).toBe('follow-up');
    // Read mode formats the value with its currency and the locale; the header shows it too; editing gives the number.
    expect(await panel.getByLabel('Value', { exact: true }).inputValue()).toMatch(/^\D*12,000\.00\D*$/);
    expect(await panel.locator('.record-meta .deal-value').innerText()).toMatch(/^\D*12,000\.00\D*$/);
    await panel.getByLabel('Value', { exact: true }).focus();
    expect(await panel.getByLabel('Value', { exact: true }).inputValue()).toBe('12000');
    await panel.getByLabel('Value', { exact: true }).blur();
    expect(await panel.getByLabel('Close date', { exact: true }).inputValue()).toBe('2027-03-31');
    expect(await panel.getByLabel('Win probability (%)', { exact: true }).inputValue()).toBe('10');
    await panel.getByRole('list', { name: 'Activities' }).getByText('wants a demo of the engine').waitFor({ timeout: 10_000 });
    await panel.getByRole('link', { name: 'Ada Lovelace', exact: true }).waitFor();
    await screenshot(panel, 'sidepanel-opportunity');

    // The company lists the person and the deal, and shows the call too.
    await panel.getByRole('link', { name: 'Analytical Engines Ltd', exact: true }).click();
    await panel.locator('article.record[data-type=companies]').waitFor();
    await panel.getByRole('region', { name: 'Related records' }).getByRole('link', { name: 'Ada Lovelace', exact: true }).waitFor();
    await panel.getByRole('list', { name: 'Activities' }).getByText('wants a demo of the engine').waitFor({ timeout: 10_000 });
    await screenshot(panel, 'sidepanel-company');

    // The lead is kept, marked converted, and links to what it became.
    await panel.goto(`chrome-extension://${l.extensionId}/sidepanel.html#/`);
    await panel.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: 'Ada Lovelace' }).click();
    await panel.locator('.record-head .ds-badge').filter({ hasText: 'Converted' }).waitFor(); // the header's status badge (issue 12)
    // What it became, by name (never a bare "Opportunity").
    await panel.getByRole('region', { name: 'Related records' }).getByRole('link', { name: 'Analytical Engines Ltd - Ada Lovelace', exact: true }).waitFor();
    expect(await panel.getByRole('button', { name: 'Convert' }).count()).toBe(0);
    await web.close();
  });

  it('shows captured markup as text and never runs it', async () => {
    const web = await l.context.newPage();
    let alerted = false;
    web.on('dialog', (d) => { alerted = true; void d.dismiss(); });
    await web.goto(site.url('/hostile'));
    const panel = await openPage(l, 'sidepanel.html');
    await expect.poll(() => fieldValue(panel, 'Email'), { timeout: 15_000 }).toBe('evil@hostile.example');
    const first = await fieldValue(panel, 'First name');
    const last = await fieldValue(panel, 'Last name');
    expect(`${first} ${last}`.trim()).toContain('<img');
    await panel.getByRole('button', { name: 'Save lead' }).click();
    await panel.getByRole('status').filter({ hasText: 'Lead saved' }).waitFor({ timeout: 15_000 });
    await panel.getByLabel('Search leads').fill('evil');
    const row = panel.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: 'onerror' });
    await row.waitFor();
    expect(await panel.locator('img').count()).toBe(0);
    await row.click();
    await panel.getByRole('heading', { name: /onerror=alert/ }).waitFor();
    expect(await panel.locator('#record-title').textContent()).toContain(XSS_NAME.slice(0, 4));
    expect(await panel.locator('img').count()).toBe(0);
    expect(alerted).toBe(false);
    await web.close();
  });
});
