import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchExtension, openPage, serveFixtures, screenshot, type Launched } from './support/ui.ts';

/** A team page describing one person in JSON-LD; `title` is what the page says today. */
const teamPage = (title: string) => `<!doctype html><html><head><title>Team · Acme</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Person","name":"Grace Hopper","jobTitle":"${title}",
"email":"grace@acme.example","telephone":"+1 415 555 0100","worksFor":{"@type":"Organization","name":"Acme"}}</script></head>
<body><h1>Our team</h1><p>Grace Hopper, ${title}</p></body></html>`;

/**
 * Issue 14 §4 in Chromium: a person captured from a page, the page later says another title;
 * capturing again shows what changed since, field by field; accepting it writes the new title
 * with its provenance, which the record page shows on demand ("Found on … via JSON-LD").
 */
describe('provenance and re-capture in Chromium', () => {
  let l: Launched;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  beforeAll(async () => {
    site = await serveFixtures({ '/team-2025': teamPage('Engineer'), '/team': teamPage('VP Sales') });
    l = await launchExtension();
  });
  afterAll(async () => { await l?.context.close(); await site?.close(); });

  const value = (p: Page | Locator, label: string) => p.getByLabel(label, { exact: true }).inputValue();
  const newLead = (p: Page) => p.getByRole('form', { name: /New (lead|person)/ });

  it('re-capture of a person whose title changed → the diff → accept → the record shows the new title and where it came from', async () => {
    const web = await l.context.newPage();
    await web.goto(site.url('/team-2025'));
    let panel = await openPage(l, 'sidepanel.html');
    let form = newLead(panel);
    await expect.poll(() => value(form, 'Title'), { timeout: 15_000 }).toBe('Engineer');
    await form.getByRole('button', { name: 'Save lead' }).click();
    await panel.getByRole('status').filter({ hasText: 'Lead saved' }).waitFor({ timeout: 15_000 });
    await panel.close();

    // A year later the page says VP Sales: the same person (same email) is found, with what changed.
    await web.goto(site.url('/team'));
    panel = await openPage(l, 'sidepanel.html');
    form = newLead(panel);
    await expect.poll(() => value(form, 'Title'), { timeout: 15_000 }).toBe('VP Sales');
    const diff = panel.getByRole('group', { name: /Changed since Grace Hopper \(lead\) was saved/ });
    await diff.waitFor({ timeout: 15_000 });
    expect(await diff.innerText()).toContain('new title: VP Sales');
    expect(await diff.innerText()).toContain('(was Engineer)');
    await screenshot(panel, 'sidepanel-recapture-diff');
    await diff.getByRole('button', { name: 'Accept new title: VP Sales' }).click();
    await panel.getByRole('status').filter({ hasText: 'Updated Grace Hopper' }).waitFor({ timeout: 15_000 });
    // Accepted: that change leaves the list (nothing else changed, so the diff goes away).
    await expect.poll(() => diff.count(), { timeout: 10_000 }).toBe(0);

    await panel.getByRole('button', { name: 'open it' }).click();
    await panel.getByRole('heading', { name: 'Grace Hopper' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => value(panel, 'Title'), { timeout: 10_000 }).toBe('VP Sales');
    // The "i" beside the title: a labelled button that shows the source on demand (keyboard too).
    const info = panel.getByRole('button', { name: 'Where title came from' });
    expect(await info.getAttribute('aria-expanded')).toBe('false');
    await info.focus();
    await panel.keyboard.press('Enter');
    const source = panel.getByRole('note', { name: 'Source of title' });
    await source.waitFor({ timeout: 5_000 });
    expect(await info.getAttribute('aria-expanded')).toBe('true');
    expect(await source.innerText()).toMatch(new RegExp(`^Found on ${site.url('/team').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} via JSON-LD · [^·]*\\d{4} · by \\S`));
    // The email found on the first visit keeps that visit's page.
    await panel.getByRole('button', { name: 'Where email came from' }).click();
    expect(await panel.getByRole('note', { name: 'Source of email' }).innerText()).toContain('/team-2025 via JSON-LD');
    await screenshot(panel, 'record-provenance');
    await panel.close();
    await web.close();
  });
});
