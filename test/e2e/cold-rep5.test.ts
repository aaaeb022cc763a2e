import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeSerious, screenshot, useColdTry } from './support/ui.ts';

/**
 * What a new rep still tripped on in the fifth cold try (helper ui5, session 15): the import reads
 * as numbered steps with the seldom changed ones folded; the custom-fields tip goes once dismissed
 * or once a field exists; the side panel reaches Settings and the dashboard; a converted lead is
 * read-only history that names what it became; Settings' boxes hold no blank line; the help
 * dialog keeps focus and gives it back; Esc from a record lands on its row.
 */
describe('the extension tried cold by a new rep, fifth pass', () => {
  const t = useColdTry();
  const { call, open } = t;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.lead = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Ada', last: 'Lovelace' }, companyName: 'Engines', email: 'ada@engines.example' } })).id;
    ids.grace = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Grace', last: 'Hopper' }, email: 'grace@navy.example' } })).id;
    ids.kay = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Kay', last: 'McNulty' } } })).id;
    ids.converted = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Jean', last: 'Bartik' }, companyName: 'Eckert-Mauchly', email: 'jean@emcc.example' } })).id;
    Object.assign(ids, await call({ op: 'convert', leadId: ids.converted, options: { company: { mode: 'new' }, opportunity: { monetaryValue: 9000 } } }));
  });

  const focused = (p: Page) => p.evaluate(() => { const a = document.activeElement as HTMLElement | null; return a ? `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}` : ''; });

  it('the import reads as seven numbered steps; encoding, values for every row and duplicates are folded, each summary saying what it is set to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-cold5-'));
    const csv = join(dir, 'leads.csv');
    writeFileSync(csv, 'First Name,Last Name,Email,Phone\nMary,Jackson,mj@nasa.example,call me maybe\nDorothy,Vaughan,dv@nasa.example,\nbad,,not-an-email,\nGrace,Hopper,grace@navy.example,\n');
    for (const theme of ['light', 'dark'] as const) {
      const p = await open('dashboard.html', 'import', 'Import', 360, theme);
      const steps = p.locator('ol.steps > li.step');
      // Before a file: what to choose, and what the rows are.
      expect(await steps.count()).toBe(2);
      await p.getByLabel(/CSV or vCard file/).setInputFiles(csv);
      await p.getByRole('button', { name: 'Import 2 leads' }).waitFor({ timeout: 30_000 });
      // The file's step is locked while the preview is made: focus goes on to the preview, not the page.
      await expect.poll(() => focused(p)).toBe('h3#preview-h');
      await p.locator('.preview tbody tr').first().waitFor();
      const titles = (await steps.evaluateAll((lis) => lis.map((li) => {
        const head = li.querySelector('legend, h3')!;
        return `${head.querySelector('.step-n')!.textContent} ${[...head.childNodes].filter((n) => !(n instanceof Element && n.classList.contains('step-n'))).map((n) => n.textContent).join('').trim()}`;
      })));
      expect(titles).toEqual(['1 Choose a file', '2 What the rows are', '3 Columns', '4 Values for every row', '5 Rows whose email is already here', '6 Preview', '7 Import']);
      const folds = await p.locator('.step details.fold').evaluateAll((ds) => ds.map((d) => ({ open: (d as HTMLDetailsElement).open, summary: d.querySelector('summary')!.textContent })));
      expect(folds).toEqual([
        { open: false, summary: 'Encoding: Detect (UTF-8 or UTF-16)' },
        { open: false, summary: '4 in the file: all imported' },
        { open: false, summary: 'None: each row keeps what the file says' },
        { open: false, summary: 'Skip them' },
      ]);
      // A warning is beside the row's action, not off the screen at the right.
      const heads = await p.locator('.preview thead th').allTextContents();
      expect(heads.slice(0, 3)).toEqual(['Line', 'Action', 'Warnings']);
      expect(await p.locator('.preview tbody tr', { hasText: 'Mary Jackson' }).locator('td').nth(2).innerText()).toMatch(/not a phone number/);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(p, `cold5-import-steps-${theme}-360`);
      expect(await axeSerious(p)).toEqual([]);
      if (theme === 'dark') { await p.close(); continue; }
      // A value for every row: the fold opens, and its summary then says what is set.
      await p.locator('.step details.fold summary', { hasText: 'None: each row keeps' }).click();
      await p.getByLabel('Tags (comma-separated)').fill('expo');
      await p.getByLabel('Tags (comma-separated)').press('Tab');
      await p.locator('.preview tr', { hasText: 'Mary Jackson' }).getByText('expo').waitFor({ timeout: 15_000 });
      expect(await p.locator('.step details.fold summary', { hasText: 'Tags:' }).textContent()).toBe('Tags: expo');
      await p.close();
    }
    // Without warnings there is no empty Warnings column.
    const clean = join(dir, 'clean.csv');
    writeFileSync(clean, 'First Name,Last Name,Email\nKatherine,Johnson,kj@nasa.example\n');
    const p = await open('dashboard.html', 'import', 'Import', 1280);
    await p.getByLabel(/CSV or vCard file/).setInputFiles(clean);
    await p.locator('.preview tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await p.locator('.preview thead th').allTextContents()).not.toContain('Warnings');
    await screenshot(p, 'cold5-import-steps-light-1280');
    await p.close();
  });

  it('the custom-fields tip: shown to an admin with no custom field, linking to Settings (from the panel, in the dashboard); dismissed, it is gone from every record; once a field exists it never shows', async () => {
    const tip = (p: Page) => p.getByRole('note').filter({ hasText: 'Add custom fields in Settings' });
    const panel = await open('sidepanel.html', `leads/${ids.lead}`, 'Ada Lovelace', 360);
    await tip(panel).waitFor({ timeout: 15_000 });
    // From the panel, Settings is the dashboard's: the link opens it at Custom fields, in a new tab.
    const link = tip(panel).getByRole('link', { name: 'Add custom fields in Settings' });
    expect(await link.getAttribute('href')).toBe('dashboard.html#/admin/fields');
    const [tab] = await Promise.all([t.l.context.waitForEvent('page'), link.click()]);
    await tab.getByRole('heading', { name: 'Custom fields', level: 3 }).waitFor({ timeout: 15_000 });
    await tab.close();
    await screenshot(panel, 'cold5-tip-light-360');
    await tip(panel).getByRole('button', { name: 'Dismiss this tip' }).click();
    await expect.poll(() => tip(panel).count()).toBe(0);
    expect(await focused(panel)).toBe('h2#record-title');
    await panel.close();
    // Gone on another record, in the dashboard too.
    const other = await open('dashboard.html', `leads/${ids.grace}`, 'Grace Hopper', 1280);
    await other.getByRole('region', { name: 'Contact' }).waitFor({ timeout: 15_000 });
    await other.waitForTimeout(300);
    expect(await tip(other).count()).toBe(0);
    // Not dismissed, but a field exists (on companies only): no tip on a lead either.
    await other.evaluate(() => localStorage.removeItem('outpost.tips.dismissed'));
    await other.reload();
    await tip(other).waitFor({ timeout: 15_000 });
    await call({ op: 'admin', action: { action: 'addCustomField', input: { name: 'Renewal month', dataType: 'text', availableOn: ['companies'] } } });
    await expect.poll(() => tip(other).count(), { timeout: 10_000 }).toBe(0);
    await other.close();
  });

  it('the side panel reaches the dashboard and Settings from its header, one line at 360 px', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const p = await open('sidepanel.html', '', 'Leads', 360, theme);
      const top = p.locator('header.top');
      const settings = top.getByRole('link', { name: 'Settings (opens the dashboard)' });
      const dash = top.getByRole('link', { name: 'Dashboard', exact: true });
      expect(await settings.getAttribute('href')).toBe('dashboard.html#/admin');
      expect(await dash.getAttribute('href')).toBe('dashboard.html#/');
      for (const a of [settings, dash]) expect(await a.getAttribute('target')).toBe('_blank');
      // One line: every item of the header on the same row, none past the right edge.
      const m = await top.evaluate((h) => {
        const items = [...h.querySelectorAll('a, button')].filter((e) => (e as HTMLElement).offsetParent).map((e) => e.getBoundingClientRect());
        return { height: h.getBoundingClientRect().height, rows: new Set(items.map((r) => Math.round(r.top / 8))).size, right: Math.max(...items.map((r) => r.right)) };
      });
      expect(m.height, JSON.stringify(m)).toBeLessThan(48);
      expect(m.right).toBeLessThanOrEqual(360);
      await screenshot(p, `cold5-panel-header-${theme}-360`);
      if (theme === 'light') {
        const [tab] = await Promise.all([t.l.context.waitForEvent('page'), settings.click()]);
        await tab.getByRole('heading', { name: 'Settings', level: 2 }).waitFor({ timeout: 15_000 });
        await tab.close();
      }
      await p.close();
    }
  });

  it('a converted lead is read-only history: no "+ Value", no log or task, every field locked; it names what it became first, and the person opens from there', async () => {
    for (const [page, width, theme] of [['sidepanel.html', 360, 'light'], ['dashboard.html', 1280, 'dark']] as const) {
      const p = await open(page, `leads/${ids.converted}`, 'Jean Bartik', width, theme);
      const rel = p.getByRole('region', { name: 'Related records' });
      await rel.getByRole('link', { name: 'Jean Bartik', exact: true }).waitFor({ timeout: 15_000 });
      expect(await rel.innerText()).toMatch(/Converted on .+\. This lead is kept as it was: log calls, add tasks and make changes on what it became\.[\s\S]*Person: Jean Bartik[\s\S]*Opportunity: Eckert-Mauchly - Jean Bartik/);
      // What it became comes first, right under the header.
      expect(await p.evaluate(() => document.querySelector('.record-main > section')?.getAttribute('aria-labelledby'))).toBe('related-title');
      for (const name of ['Convert', 'Log call', 'Note', 'Meeting', 'Add task']) expect(await p.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name, exact: true }).count(), name).toBe(0);
      expect(await p.getByRole('button', { name: /^Add / }).count()).toBe(0); // no "+ Value", "Add address", "Add task"
      expect(await p.getByText('Empty:').count()).toBe(0);
      expect(await p.getByLabel('What happened').count()).toBe(0);
      expect(await p.locator('.record-main :is(input, select, textarea):not(:disabled)').count()).toBe(0);
      expect(await p.getByLabel('Email', { exact: true }).inputValue()).toBe('jean@emcc.example');
      await screenshot(p, `cold5-converted-lead-${theme}-${width}`);
      expect(await axeSerious(p)).toEqual([]);
      if (width === 360) {
        await rel.getByRole('link', { name: 'Jean Bartik', exact: true }).click();
        await p.locator('article.record[data-type=people]').waitFor({ timeout: 15_000 });
        expect(await p.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'Log call' }).count()).toBe(1);
      }
      await p.close();
    }
  });

  it('Settings: the Leads box holds its checkbox and no blank line; "saved" shows on its border; at 360 px the sections are a few rows of chips', async () => {
    for (const [width, theme] of [[1280, 'light'], [360, 'dark']] as const) {
      const p = await open('dashboard.html', 'admin', 'Settings', width, theme);
      const box = p.locator('fieldset.admin-section', { has: p.locator('legend', { hasText: 'Leads' }) });
      const toggle = box.getByLabel(/Leads enabled/);
      await toggle.waitFor({ timeout: 15_000 });
      const gap = async () => box.evaluate((f) => f.getBoundingClientRect().bottom - f.querySelector('label')!.getBoundingClientRect().bottom);
      expect(await gap()).toBeLessThan(16);
      if (width === 360) {
        const nav = await p.locator('.admin-nav').evaluate((n) => ({ height: n.getBoundingClientRect().height, rows: new Set([...n.querySelectorAll('a')].map((a) => Math.round(a.getBoundingClientRect().top))).size }));
        expect(nav.rows, JSON.stringify(nav)).toBeLessThanOrEqual(3);
        expect(nav.height).toBeLessThan(110);
      }
      await toggle.click();
      const saved = box.locator('.saved');
      await expect.poll(() => saved.innerText()).toBe('Leads setting saved');
      // On the box's top border, clear of its legend, inside the box's width; the box no taller.
      const m = await box.evaluate((f) => {
        const b = f.getBoundingClientRect(), s = f.querySelector('.saved')!.getBoundingClientRect(), l = f.querySelector('legend')!.getBoundingClientRect();
        return { offLegendLine: Math.abs((s.top + s.bottom) / 2 - (l.top + l.bottom) / 2), clearOfLegend: s.left > l.right, inside: s.right <= b.right };
      });
      expect(m.offLegendLine, JSON.stringify(m)).toBeLessThan(3);
      expect(m).toMatchObject({ clearOfLegend: true, inside: true });
      expect(await gap()).toBeLessThan(16);
      await screenshot(p, `cold5-settings-general-${theme}-${width}`);
      await toggle.click(); // back on
      await expect.poll(() => toggle.isChecked()).toBe(true);
      await p.close();
    }
  });

  it('Settings’ lists at 360 px: a lead status’s name, Default, ↑, ↓ and Retire on one line; no blank line under a list', async () => {
    const p = await open('dashboard.html', 'admin/lists', 'Settings', 360);
    const box = p.locator('fieldset.admin-section', { has: p.locator('legend', { hasText: 'Lead statuses' }) });
    await box.getByLabel('Lead statuses: name of New').waitFor({ timeout: 15_000 });
    // One line: every visible part of a row beside its name's box (overlapping it top to bottom).
    const rows = await box.locator('.config-list li').evaluateAll((lis) => lis.map((li) => {
      const name = li.querySelector(':scope > .item-name')!.getBoundingClientRect();
      return [...li.children].filter((c) => (c as HTMLElement).offsetWidth > 1).every((c) => { const r = c.getBoundingClientRect(); return r.top < name.bottom && r.bottom > name.top; });
    }));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.every(Boolean), JSON.stringify(rows)).toBe(true);
    // The last thing in the box is the "New lead status" line, the border right under it.
    expect(await box.evaluate((f) => f.getBoundingClientRect().bottom - f.querySelector('form.add')!.getBoundingClientRect().bottom)).toBeLessThan(20);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(p, 'cold5-settings-lists-light-360');
    await p.close();
  });

  it('the convert form: the company choices together before the name they need; each field apart from the box above it', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const p = await open('sidepanel.html', `convert/${ids.lead}`, 'Convert Ada Lovelace', 360, theme);
      await p.getByLabel('New company').check();
      await p.getByLabel('Create an opportunity').check();
      const m = await p.evaluate(() => {
        const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
        const none = [...document.querySelectorAll('label.choice')].find((l) => l.textContent?.includes('No company'))!.getBoundingClientRect();
        const gaps = ['cv-pipeline', 'cv-stage', 'cv-value', 'cv-close'].map((id) => {
          const label = box(`label[for="${id}"]`);
          const above = (document.getElementById(id)!.closest('.field')!.previousElementSibling as HTMLElement).getBoundingClientRect();
          return Math.round(label.top - above.bottom);
        });
        return { noneAboveName: none.bottom <= box('#cv-company-name').top, gaps, scroll: document.documentElement.scrollWidth };
      });
      expect(m.noneAboveName, JSON.stringify(m)).toBe(true);
      expect(Math.min(...m.gaps), JSON.stringify(m)).toBeGreaterThanOrEqual(6);
      expect(m.scroll).toBeLessThanOrEqual(360);
      await screenshot(p, `cold5-convert-${theme}-360`);
      expect(await axeSerious(p)).toEqual([]);
      await p.close();
    }
  });

  it('My tasks at 1280 px keeps each task’s Open link near its name', async () => {
    await call({ op: 'create', collection: 'tasks', input: { name: 'Send Kay the agenda', related: { type: 'leads', id: ids.kay } } });
    const p = await open('dashboard.html', 'tasks', 'My tasks', 1280, 'dark');
    const row = p.locator('.task', { hasText: 'Send Kay the agenda' });
    await row.waitFor({ timeout: 15_000 });
    const m = await row.evaluate((r) => ({ name: r.querySelector('label')!.getBoundingClientRect().left, open: [...r.querySelectorAll('a, button')].find((a) => a.textContent === 'Open')!.getBoundingClientRect().right }));
    expect(m.open - m.name, JSON.stringify(m)).toBeLessThan(800);
    await screenshot(p, 'cold5-my-tasks-dark-1280');
    await p.close();
  });

  it('the keyboard help is a modal dialog: Tab stays in it, Esc closes it and focus goes back to the ? button', async () => {
    const p = await open('sidepanel.html', '', 'Leads', 360);
    const button = p.getByRole('button', { name: 'Keyboard shortcuts' });
    await button.click();
    const dialog = p.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    // Tab goes round the dialog (and the browser's own bar), never to the page behind it.
    for (let i = 0; i < 4; i++) {
      await p.keyboard.press('Tab');
      expect(await p.evaluate(() => { const a = document.activeElement; return !a || a === document.body || !!a.closest('dialog'); })).toBe(true);
    }
    await screenshot(p, 'cold5-help-light-360');
    await p.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);
    await p.close();
  });

  it('Esc from a record in the side panel goes back to the leads with focus on that lead’s row', async () => {
    const p = await open('sidepanel.html', '', 'Leads', 360);
    const row = p.getByRole('list', { name: 'Leads' }).locator(`.row[data-id="${ids.kay}"]`);
    await row.click();
    await p.getByRole('heading', { name: 'Kay McNulty', level: 2 }).waitFor({ timeout: 15_000 });
    await p.keyboard.press('Escape');
    await p.getByRole('heading', { name: 'Leads', level: 2 }).waitFor();
    await expect.poll(() => p.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id)).toBe(ids.kay);
    await p.close();
  });

  it('a quick action puts focus in its box within the click: what the rep types straight after lands there, not in the page’s shortcuts ("n" opened a new lead)', async () => {
    for (let round = 0; round < 3; round++) {
      const p = await open('sidepanel.html', `leads/${ids.grace}`, 'Grace Hopper', 360);
      const actions = p.getByRole('group', { name: 'Quick actions' });
      await p.getByRole('region', { name: 'Contact' }).waitFor({ timeout: 15_000 });
      await actions.getByRole('button', { name: 'Add task' }).click();
      await p.keyboard.type('Send the agenda');
      expect(await p.locator('#task-name').inputValue()).toBe('Send the agenda');
      await actions.getByRole('button', { name: 'Log call' }).click();
      await p.keyboard.type('Needs a quote');
      expect(await p.getByLabel('What happened').inputValue()).toBe('Needs a quote');
      expect(await p.getByRole('heading', { name: 'Grace Hopper', level: 2 }).count()).toBe(1);
      await p.close();
    }
  });

  it('the first Tab on a page is "Skip to content", shown while focused; Enter puts focus on the screen’s heading, past the header’s links, the route unchanged', async () => {
    // Screens that leave focus at the top when they open (a record page puts it on the record's name itself).
    for (const [page, hash, heading, first, theme] of [['dashboard.html', 'import', 'Import', 'Import', 'light'], ['sidepanel.html', '', 'Leads', 'This page', 'dark']] as const) {
      const p = await open(page, hash, heading, 360, theme);
      await p.keyboard.press('Tab');
      const skip = p.getByRole('link', { name: 'Skip to content' });
      expect(await skip.evaluate((a) => a === document.activeElement)).toBe(true);
      const box = (await skip.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
      await screenshot(p, `cold5-skip-link-${theme}-360`);
      await p.keyboard.press('Enter');
      await expect.poll(() => p.evaluate(() => `${document.activeElement?.tagName}: ${document.activeElement?.textContent}`)).toBe(`H2: ${first}`);
      expect(new URL(p.url()).hash).toBe(`#/${hash}`);
      // Unfocused, it is out of sight.
      await p.keyboard.press('Tab');
      expect((await skip.boundingBox())!.y).toBeLessThan(0);
      await p.close();
    }
  });

  it('at 360 px the dashboard Home’s empty cards are two short lines, not an icon block each', async () => {
    const p = await open('dashboard.html', '', 'Home', 360);
    const card = p.getByRole('region', { name: 'Deals closing this month' });
    await card.getByText('No deal closes this month').waitFor({ timeout: 15_000 });
    expect(await card.evaluate((c) => c.getBoundingClientRect().height)).toBeLessThan(130);
    expect(await card.locator('.ds-empty svg').isVisible()).toBe(false);
    await screenshot(p, 'cold5-home-light-360');
    await p.close();
  });
});
