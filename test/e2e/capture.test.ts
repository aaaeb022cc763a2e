import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { extensionWithPageAccess, launchExtension, openPage, serveFixtures, screenshot, type Launched } from './support/ui.ts';
import { GMAIL_PAGE, PROSPECT_EML, PROSPECT_VCF, XSS_ALL, XSS_ALL_PAGE } from './fixtures/pages.ts';

/**
 * Issue 5 in Chromium: a Gmail-like page gives the sender and the signature; markup in every
 * captured field shows as text and never runs; an .eml chosen or a .vcf dropped on the panel
 * is captured, the email logged on the lead, and a duplicate gets the new details.
 */
describe('capture in Chromium', () => {
  let l: Launched;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  beforeAll(async () => {
    site = await serveFixtures({ '/hostile-everywhere': XSS_ALL_PAGE });
    // The user's yes to "Allow reading Gmail" (an optional host permission), given up front:
    // headless Chromium cannot answer the permission prompt.
    l = await launchExtension({ extensionDir: extensionWithPageAccess(['https://mail.google.com/*']) });
    // Gmail itself is the fixture: requests to it are answered here, nothing leaves the machine.
    await l.context.route('https://mail.google.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: GMAIL_PAGE }));
  });
  afterAll(async () => { await l?.context.close(); await site?.close(); });

  const value = (p: Page | Locator, label: string) => p.getByLabel(label, { exact: true }).inputValue();
  const newLead = (p: Page) => p.getByRole('form', { name: /New (lead|person)/ });

  it('reads the open Gmail message: sender and signature', async () => {
    const mail = await l.context.newPage();
    await mail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJ');
    const panel = await openPage(l, 'sidepanel.html');
    const form = newLead(panel);
    await expect.poll(() => value(form, 'Email'), { timeout: 15_000 }).toBe('charles@difference.example');
    expect(await value(form, 'First name')).toBe('Charles');
    expect(await value(form, 'Last name')).toBe('Babbage');
    expect(await value(form, 'Title')).toBe('Head of Research');
    expect(await value(form, 'Company')).toBe('Difference Engines Ltd');
    expect((await value(form, 'Phone')).replace(/\D/g, '')).toBe('442079460999');
    // The quoted reply's signature (Ada's) is not mistaken for the sender's.
    expect(await value(form, 'Title')).not.toMatch(/Analyst/);
    // "No source" is the Source list's own empty choice, once (a seeded source of that name made it twice).
    const sources = form.locator('#nl-source option');
    await expect.poll(() => sources.count(), { timeout: 15_000 }).toBeGreaterThan(1);
    const names = await sources.allTextContents();
    expect(names.filter((n) => n.trim().toLowerCase() === 'no source')).toHaveLength(1);
    expect(names[0]).toBe('No source');
    await screenshot(panel, 'sidepanel-gmail');
    await panel.close();
    await mail.close();
  });

  it('shows markup from every captured field as text and never runs it', async () => {
    const web = await l.context.newPage();
    let alerted = false;
    web.on('dialog', (d) => { alerted = true; void d.dismiss(); });
    await web.goto(site.url('/hostile-everywhere'));
    const panel = await openPage(l, 'sidepanel.html');
    const form = newLead(panel);
    await expect.poll(() => value(form, 'Email'), { timeout: 15_000 }).toBe('mallory@hostile.example');
    expect(await value(form, 'First name')).toBe(XSS_ALL.first);
    expect(await value(form, 'Last name')).toBe(XSS_ALL.last);
    expect(await value(form, 'Title')).toBe(XSS_ALL.title);
    expect(await value(form, 'Company')).toBe(XSS_ALL.company);
    // A javascript: URL is not a website.
    expect(await value(form, 'Website')).toBe('');
    await panel.getByRole('button', { name: 'Save lead' }).click();
    await panel.getByRole('status').filter({ hasText: 'Lead saved' }).waitFor({ timeout: 15_000 });
    await panel.getByLabel('Search leads').fill('mallory');
    await panel.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: 'onerror' }).click();
    await panel.getByRole('heading', { name: /onerror/ }).waitFor();
    expect(await value(panel, 'Street')).toBe(XSS_ALL.street);
    expect(await value(panel, 'City')).toBe(XSS_ALL.city);
    expect(await value(panel, 'Title')).toBe(XSS_ALL.title);
    expect(await value(panel, 'Company')).toBe(XSS_ALL.company);
    // Nothing the page sent became an element or ran: no injected tags, no flag, no dialog.
    const injected = await panel.evaluate(() => ({
      flag: (window as { __xss?: unknown }).__xss ?? null,
      tags: document.querySelectorAll('img, svg[onload], iframe, b[onmouseover], a[href^="javascript:"], body script').length,
    }));
    expect(injected).toEqual({ flag: null, tags: 0 });
    expect(alerted).toBe(false);
    await screenshot(panel, 'sidepanel-hostile-lead');
    await panel.close();
    await web.close();
  });

  it('captures from a chosen .eml, logs the email, then adds a dropped .vcf to the same lead', async () => {
    const panel = await openPage(l, 'sidepanel.html');
    const form = newLead(panel);
    await panel.getByLabel('Capture from a file (.eml, .vcf)').setInputFiles({ name: 'pricing.eml', mimeType: 'message/rfc822', buffer: Buffer.from(PROSPECT_EML) });
    await expect.poll(() => value(form, 'Email'), { timeout: 15_000 }).toBe('grace@cobol.example');
    expect(await value(form, 'First name')).toBe('Grace');
    expect(await value(form, 'Last name')).toBe('Hopper');
    expect(await value(form, 'Company')).toBe('COBOL Systems Inc.');
    const logIt = panel.getByLabel(/Log the email “Pricing for 40 seats”/);
    expect(await logIt.isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Save lead' }).click();
    await panel.getByRole('status').filter({ hasText: 'Lead saved' }).waitFor({ timeout: 15_000 });

    // The same person as a vCard, dropped on the panel: a duplicate, whose new phone and address join the lead.
    await panel.evaluate(([name, text]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'text/vcard' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, ['grace.vcf', PROSPECT_VCF]);
    await expect.poll(() => value(form, 'Phone'), { timeout: 15_000 }).toContain('555 0199');
    const dupes = panel.getByRole('note', { name: 'Possible duplicates' });
    await dupes.waitFor({ timeout: 15_000 });
    await screenshot(panel, 'sidepanel-duplicate');
    await dupes.getByRole('button', { name: /Add these details to Grace Hopper/ }).click();
    await panel.getByRole('status').filter({ hasText: 'Added the new details to Grace Hopper' }).waitFor({ timeout: 15_000 });
    await panel.getByRole('button', { name: 'open it' }).click();
    await panel.getByRole('heading', { name: 'Grace Hopper' }).waitFor();
    await expect.poll(() => value(panel, 'City'), { timeout: 10_000 }).toBe('Washington');
    const phones = (await value(panel, 'Phones')).replace(/[^\d,]/g, '');
    expect(phones.split(',')).toEqual(expect.arrayContaining(['12025550147', '12025550199']));
    await panel.getByRole('list', { name: 'Activities' }).locator('.activity-subject', { hasText: 'Pricing for 40 seats' }).waitFor({ timeout: 10_000 });
    await panel.close();
  });
});
