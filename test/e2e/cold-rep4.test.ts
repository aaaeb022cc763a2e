import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeSerious, launchExtension, openPage, screenshot, serveFixtures, useColdTry } from './support/ui.ts';

/**
 * What a new rep still tripped on in the fourth cold try (helper ui4, session 14): the status
 * bar's last action reads whole at 360 px; empty contact and deal fields fold to one line that
 * names each; board columns use the width there is; each check asserts what the rep sees.
 */
describe('the extension tried cold by a new rep, fourth pass', () => {
  const t = useColdTry();
  const { call, open } = t;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.lead = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Ada', last: 'Lovelace' }, companyName: 'Engines', email: 'ada@engines.example' } })).id;
    ids.bare = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Grace', last: 'Hopper' } } })).id;
    ids.long = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Ada', last: 'Lovelace' }, companyName: 'Analytical Engines Ltd' } })).id;
    Object.assign(ids, await call({ op: 'convert', leadId: ids.long, options: { company: { mode: 'new' }, opportunity: { monetaryValue: 12000 } } }));
  });

  /** The status bar's parts: whether each shows all its text, and where Undo is. */
  const bar = (p: Page) => p.evaluate(() => {
    const whole = (el: Element | null) => !!el && el.scrollWidth <= el.clientWidth;
    const sync = document.querySelector('.statusbar .sync')!;
    const msg = document.querySelector<HTMLElement>('.statusbar .undo-msg')!;
    const undo = document.getElementById('undo-last')!.getBoundingClientRect();
    return { msg: msg.innerText, msgWhole: whole(msg), syncTitle: sync.getAttribute('title'), syncWidth: sync.getBoundingClientRect().width, undoRight: undo.right, height: document.querySelector('.statusbar')!.getBoundingClientRect().height };
  });

  it('the last action reads whole in the status bar at 360 px; the calm sync state gives way, its full text kept in its title; the undo hint shows where there is room', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const p = await open('sidepanel.html', `leads/${ids.bare}`, 'Grace Hopper', 360, theme);
      await p.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'Delete' }).click();
      await expect.poll(async () => (await bar(p)).msg, { timeout: 10_000 }).toBe('Moved Grace Hopper to the trash');
      const b = await bar(p);
      expect(b.msgWhole, JSON.stringify(b)).toBe(true);
      expect(b.msg).not.toContain('Ctrl+Z'); // no room at 360 px: Undo is beside it
      expect(b.syncTitle).toMatch(/^Local only/);
      expect(await p.locator('.statusbar .sync').textContent()).toBe('Local only: this workspace lives on this device'); // still read out
      expect(b.syncWidth).toBeGreaterThanOrEqual(8); // its dot stays
      expect(b.undoRight).toBeLessThanOrEqual(360);
      expect(b.height).toBeLessThan(40);
      await screenshot(p, `cold4-statusbar-${theme}-360`);
      await p.getByRole('button', { name: 'Undo' }).click();
      await expect.poll(async () => (await bar(p)).msg, { timeout: 10_000 }).toBe('Undone: Moved Grace Hopper to the trash');
      await p.close();
    }
    // A name too long for the bar: the action is cut with an ellipsis, the sync dot and Undo stay.
    const long = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Augusta Ada King', last: 'Countess of Lovelace' }, companyName: 'Analytical Engines' } })).id;
    const narrow = await open('sidepanel.html', `leads/${long}`, 'Augusta Ada King Countess of Lovelace', 360);
    await narrow.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await bar(narrow)).msg, { timeout: 10_000 }).toMatch(/^Moved Augusta/);
    const cut = await bar(narrow);
    expect(cut.syncWidth, JSON.stringify(cut)).toBeGreaterThanOrEqual(8);
    expect(cut.undoRight).toBeLessThanOrEqual(360);
    expect(cut.height).toBeLessThan(40);
    expect(await narrow.locator('.statusbar .undo-msg').getAttribute('title')).toBe('Moved Augusta Ada King Countess of Lovelace to the trash');
    await screenshot(narrow, 'cold4-statusbar-long-light-360');
    await narrow.close();
    const wide = await open('dashboard.html', `leads/${ids.bare}`, 'Grace Hopper', 1280);
    await wide.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await bar(wide)).msg, { timeout: 10_000 }).toMatch(/ — press Ctrl\+Z or Undo to revert$/);
    const b = await bar(wide);
    expect(b.msgWhole).toBe(true);
    // At 1280 px both read whole: the sync state in words, the action with how to undo it.
    expect(await wide.locator('.statusbar .sync').evaluate((el) => el.scrollWidth <= el.clientWidth && (el as HTMLElement).innerText)).toBe('Local only: this workspace lives on this device');
    await screenshot(wide, 'cold4-statusbar-light-1280');
    await wide.getByRole('button', { name: 'Undo' }).click();
    await wide.close();
  });

  it('at 360 px the board shows one stage at a time, most of the width, its deal names whole', async () => {
    const p = await open('dashboard.html', 'board', 'Pipeline', 360, 'dark');
    const card = p.locator(`.card[data-id="${ids.opportunityId}"]`);
    await card.waitFor({ timeout: 15_000 });
    const m = await card.evaluate((c) => ({ stage: c.closest('.stage')!.getBoundingClientRect().width, lines: c.querySelector('.card-title a')!.getClientRects().length }));
    expect(m.stage, JSON.stringify(m)).toBeGreaterThanOrEqual(280);
    expect(m.lines).toBeLessThanOrEqual(2);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(p, 'cold4-board-dark-360');
    await p.close();
  });

  it('board columns use the width there is at 1280 px; a deal’s name wraps at most once, its value under it, not squeezed beside it', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const p = await open('dashboard.html', 'board', 'Pipeline', 1280, theme);
      const card = p.locator(`.card[data-id="${ids.opportunityId}"]`);
      await card.waitFor({ timeout: 15_000 });
      const m = await p.evaluate((id) => {
        const stages = [...document.querySelectorAll('.stage')].map((s) => s.getBoundingClientRect());
        const c = document.querySelector(`.card[data-id="${id}"]`)!;
        const a = c.querySelector('.card-title a')!;
        const lines = a.getClientRects().length;
        const name = a.getBoundingClientRect();
        const value = c.querySelector('.card-value')!.getBoundingClientRect();
        return { n: stages.length, narrowest: Math.min(...stages.map((r) => r.width)), right: Math.max(...stages.map((r) => r.right)), lines, valueBelow: value.top >= name.bottom - 1, scroll: document.documentElement.scrollWidth };
      }, ids.opportunityId);
      expect(m.n).toBe(5);
      expect(m.narrowest, JSON.stringify(m)).toBeGreaterThanOrEqual(240);
      expect(m.right).toBeGreaterThan(1200); // no empty strip at the right
      expect(m.lines).toBeLessThanOrEqual(2);
      expect(m.valueBelow).toBe(true);
      expect(m.scroll).toBeLessThanOrEqual(1280);
      // The deal Convert made is the converting rep's (domain/ownership.ts): their initial and "You".
      expect(await card.locator('.card-meta').innerText()).toMatch(/^\$12,000\.00 · \d+%\s+Y\s+You$/);
      await screenshot(p, `cold4-board-${theme}-1280`);
      expect(await axeSerious(p)).toEqual([]);
      await p.close();
    }
  });

  it('a record page folds empty contact and deal fields into one line naming each; a click opens one with focus in it, and what is typed is saved', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const p = await open('sidepanel.html', `leads/${ids.lead}`, 'Ada Lovelace', 360, theme);
      const contact = p.getByRole('region', { name: 'Contact' });
      await contact.getByRole('button', { name: 'Add phones' }).waitFor({ timeout: 15_000 });
      // The email it has is an editor; the empty ones are named, not shown as "—" boxes.
      expect(await contact.getByLabel('Email', { exact: true }).inputValue()).toBe('ada@engines.example');
      // Its mail link is an icon beside the value, not the address a second time under it.
      const email = contact.locator('.field:has(#f-email)');
      expect(await email.getByRole('link', { name: 'Email ada@engines.example' }).getAttribute('href')).toBe('mailto:ada@engines.example');
      expect(await email.locator('a').innerText()).toBe('');
      expect(await email.evaluate((f) => {
        const i = f.querySelector('input')!.getBoundingClientRect();
        const a = f.querySelector('a')!.getBoundingClientRect();
        return a.left >= i.right - 1 && a.top < i.bottom && a.bottom > i.top && a.right <= f.getBoundingClientRect().right + 1;
      })).toBe(true);
      // ...and the address is whole in its box.
      expect(await email.locator('input').evaluate((i: HTMLInputElement) => i.scrollWidth <= i.clientWidth)).toBe(true);
      expect(await contact.locator('.empty-fields').innerText()).toMatch(/^Empty:\s+Phones\s+Social profiles\s+Websites$/);
      const deal = p.getByRole('region', { name: 'Deal' });
      expect(await deal.locator('.empty-fields').innerText()).toMatch(/^Empty:\s+Value\s+Currency$/);
      // No empty editor left in either section (each would read "—").
      expect(await p.locator('section:is([aria-labelledby="sec-contact-title"], [aria-labelledby="sec-deal-title"]) :is(input, select)').evaluateAll((els) => els.filter((e) => !(e as HTMLInputElement).value).length)).toBe(0);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(p, `cold4-lead-folded-${theme}-360`);
      expect(await axeSerious(p)).toEqual([]);
      await p.close();
    }
    const p = await open('sidepanel.html', `leads/${ids.lead}`, 'Ada Lovelace', 360);
    const contact = p.getByRole('region', { name: 'Contact' });
    await contact.getByRole('button', { name: 'Add phones' }).click();
    await expect.poll(() => p.evaluate(() => document.activeElement?.id)).toBe('f-phones');
    await p.keyboard.type('+44 20 7946 0018');
    await p.keyboard.press('Enter');
    await expect.poll(async () => JSON.stringify(await call({ op: 'get', collection: 'leads', id: ids.lead })), { timeout: 15_000 }).toContain('+44 20 7946 0018');
    // Left empty after opening, a field stays open (focus is not lost); the others stay folded.
    await contact.getByRole('button', { name: 'Add websites' }).click();
    await expect.poll(() => p.evaluate(() => document.activeElement?.id)).toBe('f-websites');
    await p.keyboard.press('Tab');
    expect(await contact.getByLabel('Websites', { exact: true }).count()).toBe(1);
    expect(await contact.locator('.empty-fields').innerText()).toMatch(/^Empty:\s+Social profiles$/);
    await p.close();
    // Opened again, the phone is a field with its call link; websites is folded again.
    const q = await open('sidepanel.html', `leads/${ids.lead}`, 'Ada Lovelace', 360);
    const c2 = q.getByRole('region', { name: 'Contact' });
    await c2.getByRole('link', { name: /^Call \+44/ }).waitFor({ timeout: 15_000 });
    expect(await c2.locator('.empty-fields').innerText()).toMatch(/^Empty:\s+Social profiles\s+Websites$/);
    await q.close();
  });

  it('a deal shows its filled deal fields and folds only the empty ones, in the panel and the dashboard', async () => {
    for (const [page, width] of [['sidepanel.html', 360], ['dashboard.html', 1280]] as const) {
      const p = await open(page, `opportunities/${ids.opportunityId}`, 'Analytical Engines Ltd - Ada Lovelace', width);
      const deal = p.getByRole('region', { name: 'Deal' });
      await deal.locator('.empty-fields').waitFor({ timeout: 15_000 });
      expect(await deal.getByLabel('Value', { exact: true }).inputValue()).toMatch(/12,000/);
      expect(await deal.getByLabel('Stage', { exact: true }).count()).toBe(1);
      expect(await deal.getByLabel('Currency', { exact: true }).inputValue()).toBe('USD');
      // The deal's name is whole in its box.
      expect(await p.locator('#f-name').evaluate((i: HTMLInputElement) => i.value.length > 30 && i.scrollWidth <= i.clientWidth)).toBe(true);
      expect(await deal.locator('.empty-fields').innerText()).toMatch(/^Empty:\s+Close date\s+Loss reason$/);
      await screenshot(p, `cold4-deal-folded-light-${width}`);
      await p.close();
    }
  });

  it('a page with two speakers: the card says where each was read in words; after saving one, the picker marks it saved and picks none over the emptied form', async () => {
    const speaker = (name: string, email: string) => ({ '@type': 'Person', name, email: `mailto:${email}`, jobTitle: 'Speaker', worksFor: { '@type': 'Organization', name: 'Compilers Inc' } });
    const site = await serveFixtures({ '/speakers': `<!doctype html><html lang="en"><head><title>Speakers</title><script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@graph': [speaker('Jean Sammet', 'jean@compilers.example'), speaker('Frances Allen', 'fran@compilers.example')] })}</script></head><body><h1>Speakers</h1></body></html>` });
    try {
      const web = await t.l.context.newPage();
      await web.goto(site.url('/speakers'));
      const p = await open('sidepanel.html', '', 'This page', 360);
      const first = p.getByLabel('First name', { exact: true }).first();
      await expect.poll(() => first.inputValue(), { timeout: 15_000 }).not.toBe('');
      const picker = p.getByLabel(/^Found \d+ contacts$/);
      const name = (await first.inputValue()) === 'Jean' ? 'Jean Sammet' : 'Frances Allen';
      expect(await p.locator('.capture .sources').innerText()).toBe("Read from the page's structured data");
      await p.getByRole('button', { name: 'Save lead' }).click();
      await p.getByRole('status').filter({ hasText: 'Lead saved' }).waitFor({ timeout: 15_000 });
      // The form is empty again: the picker no longer claims it holds the saved one.
      await expect.poll(() => picker.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Choose one to fill the form');
      expect(await picker.locator('option').allTextContents()).toContain(`${name} (saved)`);
      expect(await p.locator('.capture .sources').count()).toBe(0);
      await screenshot(p, 'cold4-capture-after-save-light-360');
      // The other one fills the form.
      const other = name === 'Jean Sammet' ? 'Frances Allen' : 'Jean Sammet';
      await picker.selectOption({ label: other });
      await expect.poll(() => first.inputValue()).toBe(other.split(' ')[0]);
      expect(await p.locator('.capture .sources').innerText()).toBe("Read from the page's structured data");
      await p.close();
      await web.close();
    } finally { await site.close(); }
  });

  it('no dashboard page scrolls sideways at 360 px (Home’s cards were 12 px wider than the window)', async () => {
    const routes: [string, string][] = [['', 'Home'], ['table/leads', 'Leads'], ['board', 'Pipeline'], ['tasks', 'My tasks'], ['insights', 'Insights'], ['import', 'Import'], ['export', 'Export'], ['admin', 'Settings'], ['trash', 'Trash: leads'], [`leads/${ids.lead}`, 'Ada Lovelace']];
    const wide: string[] = [];
    for (const [hash, heading] of routes) {
      const p = await open('dashboard.html', hash, heading, 360);
      await p.waitForTimeout(300); // the page's lists and cards fill in after its heading
      const w = await p.evaluate(() => document.documentElement.scrollWidth);
      if (w > 360) wide.push(`${hash || 'home'}: ${w}`);
      if (!hash) await screenshot(p, 'cold4-home-light-360');
      await p.close();
    }
    expect(wide).toEqual([]);
  });

  it('an import refused for rows that can’t be imported puts focus on the box that leaves them out; Space, Tab, Enter imports the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-cold4-'));
    const csv = join(dir, 'leads.csv');
    writeFileSync(csv, 'First Name,Last Name,Email\nKatherine,Johnson,kj@nasa.example\nDorothy,Vaughan,dv@nasa.example\nbad,,not-an-email\n');
    const p = await open('dashboard.html', 'import', 'Import', 1280);
    await p.getByLabel(/CSV or vCard file/).setInputFiles(csv);
    const go = p.getByRole('button', { name: 'Import 2 leads' });
    await go.waitFor({ timeout: 30_000 });
    await go.click();
    await p.getByRole('alert').filter({ hasText: /1 row can't be imported/ }).waitFor({ timeout: 10_000 });
    const box = p.getByLabel('Import the 2 valid rows and leave these out');
    await expect.poll(() => box.evaluate((b) => b === document.activeElement)).toBe(true);
    await p.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Import 2 leads');
    await p.keyboard.press('Enter');
    await p.locator('.result').getByText(/2 created/).waitFor({ timeout: 60_000 });
    await screenshot(p, 'cold4-import-left-out-light-1280');
    await p.close();
  });

  it('the dashboard’s links are one line under the brand at 360 px, scrolled to the current page; at 1280 px one row beside it', async () => {
    for (const [hash, heading, current] of [['admin', 'Settings', 'Settings'], ['board', 'Pipeline', 'Pipeline']] as const) {
      const p = await open('dashboard.html', hash, heading, 360);
      const m = await p.evaluate(() => {
        const top = document.querySelector('.top')!.getBoundingClientRect();
        const nav = document.querySelector<HTMLElement>('.top nav')!;
        const b = nav.getBoundingClientRect();
        const here = nav.querySelector('[aria-current=page]')!.getBoundingClientRect();
        const rows = new Set([...nav.querySelectorAll('a')].map((a) => Math.round(a.getBoundingClientRect().top))).size;
        return { height: top.height, rows, scrolls: nav.scrollWidth > nav.clientWidth, hereShown: here.left >= b.left - 1 && here.right <= b.right + 1, links: nav.querySelectorAll('a').length };
      });
      expect(m, JSON.stringify(m)).toMatchObject({ rows: 1, scrolls: true, hereShown: true });
      expect(m.height).toBeLessThan(80);
      expect(m.links).toBeGreaterThanOrEqual(12);
      expect(await p.locator('.top nav [aria-current=page]').innerText()).toBe(current);
      if (hash === 'admin') await screenshot(p, 'cold4-dashboard-nav-light-360');
      await p.close();
    }
    const wide = await open('dashboard.html', 'trash', 'Trash: leads', 1280);
    expect(await wide.evaluate(() => document.querySelector('.top')!.getBoundingClientRect().height)).toBeLessThan(50);
    // Made narrow, the line scrolls to the current page (the last link) too.
    await wide.setViewportSize({ width: 360, height: 900 });
    await expect.poll(() => wide.evaluate(() => {
      const b = document.querySelector('.top nav')!.getBoundingClientRect();
      const r = document.querySelector('.top nav [aria-current=page]')!.getBoundingClientRect();
      return r.left >= b.left - 1 && r.right <= b.right + 1;
    })).toBe(true);
    await wide.close();
  });

  it('a first start’s dashboard Home says how records come in, the form first, instead of six empty cards; the cards come with the first lead', async () => {
    const fresh = await launchExtension();
    try {
      for (const [width, theme] of [[1280, 'light'], [360, 'dark']] as const) {
        const p = await openPage(fresh, 'dashboard.html#/', { width, height: 900 });
        await p.emulateMedia({ colorScheme: theme });
        const start = p.getByRole('region', { name: 'Nothing here yet' });
        await start.waitFor({ timeout: 30_000 });
        expect(await start.getByRole('link', { name: 'Import a CSV or vCard file' }).count()).toBe(1);
        expect(await p.getByText(/Nothing to do|Every deal is moving|Nobody waiting|No deal closes this month/).count()).toBe(0);
        const first = p.getByLabel('First name', { exact: true });
        expect((await first.boundingBox())!.y).toBeLessThan(900); // the form is on the first screen
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await screenshot(p, `cold4-home-first-start-${theme}-${width}`);
        expect(await axeSerious(p)).toEqual([]);
        if (width === 360) {
          await first.fill('Kay');
          await p.getByRole('button', { name: 'Save lead' }).click();
          await p.getByRole('region', { name: 'My open tasks' }).waitFor({ timeout: 15_000 });
          expect(await start.count()).toBe(0);
        }
        await p.close();
      }
    } finally { await fresh.context.close(); }
  });
});
