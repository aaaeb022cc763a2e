import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, openPage, serveFixtures, screenshot, type Launched } from './support/ui.ts';
import { PERSON_PAGE } from './fixtures/pages.ts';

const NOTHING_PAGE = '<!doctype html><html lang="en"><head><title>Weather today</title></head><body><h1>Sunny, 21°C</h1><p>No people here.</p></body></html>';

/**
 * Issue 12: after a scan that finds nothing the capture card is cleared (no previous page's
 * person, no "Web page" source), and the panel rescans when the active tab changes or loads a
 * new page — the real tabs.onActivated / onUpdated of Chromium.
 */
describe('the capture card follows the active tab', () => {
  let l: Launched;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  beforeAll(async () => {
    site = await serveFixtures({ '/speaker': PERSON_PAGE, '/weather': NOTHING_PAGE });
    l = await launchExtension();
  });
  afterAll(async () => { await l?.context.close(); await site?.close(); });

  const value = (p: Page, label: string) => p.getByLabel(label, { exact: true }).first().inputValue();

  it('clears the card on a page with nobody, and fills it again on a page with someone', async () => {
    const web = await l.context.newPage();
    await web.goto(site.url('/speaker'));
    const panel = await openPage(l, 'sidepanel.html');
    await expect.poll(() => value(panel, 'First name'), { timeout: 15_000 }).toBe('Ada');
    // The source list comes with the workspace's config, which may arrive after the scan.
    await expect.poll(() => panel.locator('.new-lead').getByLabel('Source').inputValue(), { timeout: 15_000 }).toBe('web-page');

    // Another tab becomes active, on a page with no contact: the card is emptied.
    const other = await l.context.newPage();
    await other.goto(site.url('/weather'));
    await other.bringToFront();
    await expect.poll(() => value(panel, 'First name'), { timeout: 15_000 }).toBe('');
    expect(await value(panel, 'Last name')).toBe('');
    expect(await value(panel, 'Email')).toBe('');
    expect(await panel.locator('.new-lead').getByLabel('Source').inputValue()).not.toBe('web-page');
    await panel.getByText('No contact found on this page').waitFor();
    expect(await panel.locator('.sources').count()).toBe(0);
    await screenshot(panel, 'capture-nothing-light-360');

    // The active tab loads a page with a person: the card follows it.
    await other.goto(site.url('/speaker'));
    await expect.poll(() => value(panel, 'First name'), { timeout: 15_000 }).toBe('Ada');

    // While the user types into the card, switching tabs leaves their draft alone.
    await panel.getByLabel('Title', { exact: true }).first().fill('Countess of Lovelace');
    await web.bringToFront();
    await other.goto(site.url('/weather'));
    await other.bringToFront();
    await panel.waitForTimeout(1500);
    expect(await value(panel, 'Title')).toBe('Countess of Lovelace');
    expect(await value(panel, 'First name')).toBe('Ada');
  });
});
