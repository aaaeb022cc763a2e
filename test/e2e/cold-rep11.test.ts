import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, screenshot, serveFixtures, useColdTry } from './support/ui.ts';

/**
 * A new rep's first hour, tried cold (helper ui11, session 20): first run, a capture from a
 * page, a call logged, Convert, the record found again by search, the dashboard's tables. What it
 * tripped on: after "Start" focus fell to the page and nothing said the set-up took; a captured
 * company read "Langley Research Cen" at 360 px; capturing the same page after Convert offered
 * to add the details to the converted lead; an empty Owner cell read "—".
 */
describe('the extension tried cold by a new rep, eleventh pass', () => {
  const t = useColdTry();
  const { call, open } = t;
  const focused = (p: Page) => p.evaluate(() => { const e = document.activeElement; return { tag: e?.tagName ?? '', text: (e?.textContent ?? '').trim(), id: e?.id ?? '' }; });
  const person = { '@context': 'https://schema.org', '@type': 'Person', name: 'Katherine Johnson', jobTitle: 'Research mathematician', email: 'katherine@langley-research.example', telephone: '+1 757 555 0142', worksFor: { '@type': 'Organization', name: 'Langley Research Center', url: 'https://langley-research.example' } };
  const page = `<!doctype html><html lang="en"><head><title>Katherine Johnson</title><script type="application/ld+json">${JSON.stringify(person)}</script></head><body><h1>Katherine Johnson</h1></body></html>`;

  it('first run: "Start" says the set-up took and holds focus there (it fell to the page), and the next Tab goes into this page’s contact', async () => {
    const p = await open('sidepanel.html', '', 'This page', 360);
    await p.getByRole('button', { name: /^Set up/ }).click();
    await p.getByLabel('Your name').fill('Dorothy Vaughan');
    await p.getByLabel('Your email').fill('dorothy@outpost.example');
    await p.getByRole('button', { name: 'Start' }).click();
    const done = p.getByRole('status').filter({ hasText: 'You’re set up' });
    await done.waitFor({ timeout: 15_000 });
    await expect.poll(() => focused(p), { timeout: 15_000 }).toMatchObject({ tag: 'P', text: expect.stringMatching(/^You’re set up/) });
    expect(await p.locator('.welcome, form.first-run').count()).toBe(0);
    expect(new URL(p.url()).search).toBe(''); // the mark is read once
    await p.keyboard.press('Tab');
    expect((await focused(p)).tag).not.toBe('BODY');
    expect(await axeSerious(p)).toEqual([]);
    await screenshot(p, 'cold11-set-up-done-light-360');
    // A later reload says nothing more.
    await p.reload();
    await p.getByRole('heading', { name: 'This page', level: 2 }).waitFor({ timeout: 15_000 });
    expect(await p.getByText('You’re set up').count()).toBe(0);
    await p.close();
    const me = ((await call({ op: 'config' })) as unknown as { me: { memberId: string } }).me.memberId;
    const members = ((await call({ op: 'config' })) as unknown as { members: { id: string; name: string }[] }).members;
    expect(members.find((m) => m.id === me)?.name).toBe('Dorothy Vaughan');
  });

  it('a capture at 360 px shows a long company whole (it read "Langley Research Cen"), a short one pairs with Phone; saved, the lead is the rep’s', async () => {
    const site = await serveFixtures({ '/k': page, '/n': page.replace(/Langley Research Center/g, 'NASA') });
    try {
      const web = await t.l.context.newPage();
      await web.goto(site.url('/k'));
      const p = await open('sidepanel.html', '', 'This page', 360);
      await expect.poll(() => p.locator('#nl-companyName').inputValue(), { timeout: 15_000 }).toBe('Langley Research Center');
      const box = (id: string) => p.locator(id).evaluate((e) => ({ whole: e.scrollWidth <= e.clientWidth, width: e.getBoundingClientRect().width, top: e.getBoundingClientRect().top }));
      const company = await box('#nl-companyName');
      expect(company.whole).toBe(true);
      const phone = await box('#nl-phone');
      expect(phone.whole).toBe(true);
      expect(phone.top).toBeGreaterThan(company.top); // the phone goes under it, not beside it
      await screenshot(p, 'cold11-capture-long-company-light-360');
      // A short company keeps its half, beside Phone.
      await web.goto(site.url('/n'));
      await p.getByRole('button', { name: 'Scan page' }).click();
      await expect.poll(() => p.locator('#nl-companyName').inputValue(), { timeout: 15_000 }).toBe('NASA');
      const short = await box('#nl-companyName');
      expect(Math.abs(short.top - (await box('#nl-phone')).top)).toBeLessThan(2);
      await web.goto(site.url('/k'));
      await p.getByRole('button', { name: 'Scan page' }).click();
      await expect.poll(() => p.locator('#nl-companyName').inputValue(), { timeout: 15_000 }).toBe('Langley Research Center');
      await p.getByRole('button', { name: 'Save lead' }).click();
      await p.getByText('Lead saved').waitFor({ timeout: 15_000 });
      await p.close();
      await web.close();
    } finally { await site.close(); }
  });

  it('after Convert, the same page’s capture offers the person, not the converted lead; a call logged is on the person, found again by search', async () => {
    const site = await serveFixtures({ '/k': page });
    try {
      const web = await t.l.context.newPage();
      await web.goto(site.url('/k'));
      const p = await open('sidepanel.html', '', 'This page', 360);
      await p.getByRole('button', { name: 'Katherine Johnson' }).first().click();
      await p.getByRole('heading', { name: 'Katherine Johnson', level: 2, exact: true }).waitFor({ timeout: 15_000 });
      await expect.poll(() => p.locator('.record-meta').innerText(), { timeout: 15_000 }).toMatch(/Dorothy Vaughan/);
      await p.getByRole('button', { name: 'Log call', exact: true }).click();
      await p.keyboard.type('Talked about orbital trajectories');
      await p.keyboard.press('Control+Enter');
      await p.locator('.activity', { hasText: 'orbital trajectories' }).waitFor({ timeout: 15_000 });
      await p.getByRole('button', { name: 'Convert' }).first().click();
      await p.getByLabel('Create an opportunity').check();
      await p.getByRole('button', { name: 'Convert lead' }).click();
      await p.getByText('PERSON', { exact: false }).first().waitFor({ timeout: 15_000 });
      await p.locator('.activity', { hasText: 'orbital trajectories' }).waitFor({ timeout: 15_000 });
      await p.close();

      const s = await open('sidepanel.html', '', 'This page', 360);
      await expect.poll(() => s.locator('#nl-email').inputValue(), { timeout: 15_000 }).toBe('katherine@langley-research.example');
      const dupes = s.getByRole('note', { name: 'Possible duplicates' });
      await dupes.waitFor({ timeout: 15_000 });
      await expect.poll(() => dupes.locator('li').allInnerTexts(), { timeout: 15_000 }).toEqual([expect.stringMatching(/^Katherine Johnson \(person\)/)]);
      await screenshot(s, 'cold11-capture-after-convert-light-360');
      // Found again by search: the lead in the panel's list (converted), the person in the dashboard's.
      await s.getByRole('searchbox', { name: 'Search leads' }).fill('katherine');
      await expect.poll(() => s.locator('.row').allInnerTexts(), { timeout: 15_000 }).toEqual([expect.stringMatching(/Katherine Johnson[\s\S]*Converted/)]);
      await s.close();
      const d = await open('dashboard.html', 'table/people', 'People', 1280);
      await d.getByPlaceholder('Search…').fill('langley');
      const row = d.locator('tbody tr', { hasText: 'Katherine Johnson' });
      await row.waitFor({ timeout: 15_000 });
      expect(await row.innerText()).toMatch(/Langley Research Center[\s\S]*Dorothy Vaughan/);
      await row.getByRole('link', { name: 'Katherine Johnson' }).click();
      await d.locator('.activity', { hasText: 'orbital trajectories' }).waitFor({ timeout: 15_000 });
      await screenshot(d, 'cold11-person-found-light-1280');
      await d.close();
      await web.close();
    } finally { await site.close(); }
  });

  it('the leads table: a lead nobody owns reads "No owner" in the Owner column (it read "—"), one the rep made reads their name', async () => {
    const { id } = await call({ op: 'create', collection: 'leads', input: { name: { first: 'Mary', last: 'Jackson' }, email: 'mary@langley-research.example' } });
    expect((await call({ op: 'get', collection: 'leads', id })).ownerId).toBeTruthy(); // the maker's, at the engine's door
    await call({ op: 'update', collection: 'leads', id, patch: { ownerId: null } });
    const d = await open('dashboard.html', 'table/leads', 'Leads', 1280, 'dark');
    const ownerOf = async (name: string) => {
      const row = d.locator('tbody tr', { hasText: name });
      await row.waitFor({ timeout: 15_000 });
      const col = await d.locator('thead th').evaluateAll((ths) => ths.findIndex((th) => th.textContent?.trim().startsWith('Owner')));
      return row.locator('td, th').nth(col).innerText();
    };
    await expect.poll(() => ownerOf('Mary Jackson'), { timeout: 15_000 }).toBe('No owner');
    expect(await ownerOf('Katherine Johnson')).toBe('Dorothy Vaughan');
    expect(await axeSerious(d)).toEqual([]);
    await screenshot(d, 'cold11-leads-no-owner-dark-1280');
    await d.close();
  });
});
