import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, screenshot, serveFixtures, useColdTry } from './support/ui.ts';

/**
 * What a new rep still tripped on in the seventh cold try (helper ui7, session 17): Settings cut
 * long names inside their boxes at 360 px; a dashboard table at 360 px stacked seven filters above
 * its rows; the convert form's deal name said "Company - Lead name" and an empty company box said
 * nothing of the name it would get; the side panel opened wide stretched its form to 1,100 px.
 */
describe('the extension tried cold by a new rep, seventh pass', () => {
  const t = useColdTry();
  const { call, open } = t;
  const ids: Record<string, string> = {};
  const LONG_TYPE = 'Strategic partner under a long-term reseller agreement';
  const LONG_STAGE = 'Waiting on the customer’s legal and procurement review';
  beforeAll(async () => {
    ids.ada = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@analytical-engines.example' } })).id;
    ids.margaret = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Margaret', last: 'Hamilton' }, title: 'Director of Software Engineering', companyName: 'Apollo Guidance Software Division', email: 'margaret@apollo-software.example' } })).id;
    ids.bo = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Bo', last: 'Peep' }, email: 'bo.peep@gmail.com' } })).id;
    await call({ op: 'admin', action: { action: 'addItem', list: 'contactTypes', name: LONG_TYPE } });
    await call({ op: 'admin', action: { action: 'addStage', pipelineId: 'sales', name: LONG_STAGE, winProbability: 60 } });
  });

  /** Every name box in view shows all of its name: nothing scrolled out of it sideways or below. */
  const cutNames = (p: Page) => p.locator('.config-list .item-name').evaluateAll((boxes) => boxes
    .filter((b) => (b as HTMLElement).offsetWidth > 0)
    .filter((b) => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1)
    .map((b) => (b as HTMLTextAreaElement).value));

  it('Settings at 360 px: a long contact type or stage name is shown whole, its buttons on the line under it; short ones keep one line', async () => {
    for (const [section, long] of [['lists', LONG_TYPE], ['pipelines', LONG_STAGE]] as const) {
      const p = await open('dashboard.html', `admin/${section}`, 'Settings', 360);
      await p.locator('.config-list .item-name').first().waitFor({ timeout: 15_000 });
      await expect.poll(() => p.locator('.config-list .item-name').evaluateAll((bs, n) => bs.some((b) => (b as HTMLTextAreaElement).value === n), long), { timeout: 15_000 }).toBe(true);
      expect(await cutNames(p)).toEqual([]);
      // "Potential Customer" was "Potential Custo" in a fixed box. A row's buttons stay together
      // (Retire went alone to a second line), beside the name or under it, at the row's right.
      const rows = await p.locator('.config-list li').evaluateAll((lis) => lis.filter((li) => li.querySelector(':scope > .item-name')).map((li) => {
        const name = li.querySelector(':scope > .item-name') as HTMLTextAreaElement;
        const n = name.getBoundingClientRect();
        const parts = [...li.querySelectorAll(':scope > .item-actions > *')].map((b) => b.getBoundingClientRect());
        const beside = parts.every((r) => r.top < n.bottom && r.bottom > n.top);
        const below = parts.every((r) => r.top >= n.bottom - 1);
        const right = Math.abs(li.getBoundingClientRect().right - Math.max(...parts.map((r) => r.right)));
        return { name: name.value, beside, below, right };
      }));
      const longRow = rows.find((r) => r.name === long)!;
      expect(longRow.below, JSON.stringify(longRow)).toBe(true);
      for (const r of rows) expect(r.beside !== r.below && r.right < 2, JSON.stringify(r)).toBe(true);
      if (section === 'lists') for (const short of ['New', 'Open', 'Unqualified', 'Junk', 'Price', 'Note']) expect(rows.find((r) => r.name === short)?.beside, short).toBe(true);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(p, `cold7-settings-${section}-light-360`);
      await p.close();
    }
  });

  it('a name box renames on Enter (a new line is never typed into a name) and Esc puts it back', async () => {
    const p = await open('dashboard.html', 'admin/lists', 'Settings', 360);
    const name = p.getByLabel('Loss reasons: name of Competitor');
    await name.waitFor({ timeout: 15_000 });
    await name.fill('A competitor with a cheaper and older product');
    await name.press('Enter');
    const renamed = p.getByLabel('Loss reasons: name of A competitor with a cheaper and older product');
    await renamed.waitFor({ timeout: 15_000 });
    expect(await renamed.inputValue()).toBe('A competitor with a cheaper and older product');
    expect(await cutNames(p)).toEqual([]);
    await renamed.fill('Something else');
    await renamed.press('Escape');
    expect(await renamed.inputValue()).toBe('A competitor with a cheaper and older product');
    await p.close();
  });

  it('a table at 360 px folds its filters under "Filters", which says how many are on; at 1280 px they show, without the button', async () => {
    const p = await open('dashboard.html', 'table/opportunities', 'Opportunities', 360);
    const toggle = p.getByRole('button', { name: /^Filters/ });
    await toggle.waitFor({ timeout: 15_000 });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await p.locator('#tf-statusId').isVisible()).toBe(false);
    // The empty state (or the rows) starts close under the toolbar: seven filters took ~250 px.
    const gap = await p.evaluate(() => document.querySelector('.table-view .empty-state, .table-view .ds-empty, .table-scroll')!.getBoundingClientRect().top - document.querySelector('#table-h')!.getBoundingClientRect().bottom);
    expect(gap).toBeLessThan(170);
    await screenshot(p, 'cold7-table-filters-folded-light-360');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await p.locator('#tf-statusId').selectOption('open');
    await p.locator('#tf-tag').fill('vip');
    // Open, they wrap within the window, the long stage name's select too.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(p, 'cold7-table-filters-open-light-360');
    await toggle.click();
    expect(await p.locator('#tf-statusId').isVisible()).toBe(false);
    expect(await toggle.innerText()).toBe('Filters (2 on)');
    expect(await toggle.evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axeSerious(p)).toEqual([]);
    await p.close();
    const wide = await open('dashboard.html', 'table/opportunities', 'Opportunities', 1280);
    await wide.locator('#tf-statusId').waitFor({ timeout: 15_000 });
    expect(await wide.locator('#tf-statusId').isVisible()).toBe(true);
    expect(await wide.getByRole('button', { name: /^Filters/ }).isVisible()).toBe(false);
    await wide.close();
  });

  it('the convert form shows the deal name Convert will make, and that an empty company box takes the email’s domain; Convert makes just that', async () => {
    const p = await open('sidepanel.html', `convert/${ids.ada}`, 'Convert Ada Lovelace', 360);
    const company = p.locator('#cv-company-name');
    await company.waitFor();
    await company.fill('');
    await expect.poll(() => company.getAttribute('placeholder')).toBe('analytical-engines.example');
    expect(await p.locator('#cv-company-hint').innerText()).toMatch(/email’s domain: analytical-engines\.example/);
    expect(await company.getAttribute('aria-describedby')).toBe('cv-company-hint');
    await p.getByLabel('Create an opportunity').check();
    const deal = p.locator('#cv-opp-name');
    expect(await deal.getAttribute('placeholder')).toBe('analytical-engines.example - Ada Lovelace');
    // A typed company name renames the deal to come.
    await company.fill('Analytical Engines Ltd');
    await expect.poll(() => deal.getAttribute('placeholder')).toBe('Analytical Engines Ltd - Ada Lovelace');
    expect(await p.locator('#cv-company-hint').count()).toBe(0);
    // The stage select offers the long stage name: the form still fits the panel.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(p, 'cold7-convert-light-360');
    expect(await axeSerious(p)).toEqual([]);
    await p.getByRole('button', { name: 'Convert lead' }).click();
    await p.getByRole('heading', { name: 'Ada Lovelace', level: 2, exact: true }).waitFor({ timeout: 15_000 });
    const lead = await call({ op: 'get', collection: 'leads', id: ids.ada }) as unknown as { convertedTo: { opportunityId: string } };
    const opp = await call({ op: 'get', collection: 'opportunities', id: lead.convertedTo.opportunityId });
    expect(opp.name).toBe('Analytical Engines Ltd - Ada Lovelace');
    await p.close();
  });

  it('a lead with only a personal email starts the convert form on "No company", the deal named after the person', async () => {
    const p = await open('sidepanel.html', `convert/${ids.bo}`, 'Convert Bo Peep', 360, 'dark');
    await expect.poll(() => p.getByLabel('No company').isChecked()).toBe(true);
    await p.getByLabel('Create an opportunity').check();
    expect(await p.locator('#cv-opp-name').getAttribute('placeholder')).toBe('Bo Peep');
    // Choosing "New company" says why a name is needed rather than leaving an empty box to refuse.
    await p.getByLabel('New company').check();
    expect(await p.locator('#cv-company-hint').innerText()).toMatch(/no company name and no work email/);
    await screenshot(p, 'cold7-convert-personal-email-dark-360');
    await p.close();
  });

  it('the side panel opened as a wide tab keeps its capture form and Save button to a panel’s width', async () => {
    const p = await open('sidepanel.html', '', 'This page', 1280);
    const save = p.getByRole('button', { name: /^Save/ }).first();
    await save.waitFor({ timeout: 15_000 });
    const m = await p.evaluate(() => {
      const form = document.querySelector('.new-lead')!;
      const cols = new Set([...form.querySelectorAll(':scope > .field')].map((f) => Math.round(f.getBoundingClientRect().left))).size;
      return { form: form.getBoundingClientRect().width, cols };
    });
    expect(m.form, JSON.stringify(m)).toBeLessThanOrEqual(720);
    expect(m.cols, JSON.stringify(m)).toBeLessThanOrEqual(4);
    expect((await save.boundingBox())!.width).toBeLessThanOrEqual(720);
    await screenshot(p, 'cold7-panel-wide-light-1280');
    await p.close();
  });

  /** Text boxes whose value runs past their box (cut), by label. */
  const cutValues = (p: Page, sel: string) => p.locator(sel).evaluateAll((els) => els
    .filter((el) => (el as HTMLElement).offsetWidth > 0 && (el as HTMLInputElement).value)
    .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
    .map((el) => `${el.id}: ${(el as HTMLInputElement).value}`));

  it("a lead's page at 360 px shows a long title and company whole; Enter saves an edit, a pasted line break is a space", async () => {
    const p = await open('sidepanel.html', `leads/${ids.margaret}`, 'Margaret Hamilton', 360);
    const title = p.getByLabel('Title', { exact: true });
    await expect.poll(() => title.inputValue(), { timeout: 15_000 }).toBe('Director of Software Engineering');
    // "Director of Software E" in a 150 px column.
    expect(await cutValues(p, '.record .fields :is(input, textarea)')).toEqual([]);
    // Still two columns: first and last name side by side, source and status too.
    const top = async (label: string) => Math.round((await p.getByLabel(label, { exact: true }).boundingBox())!.y);
    expect(Math.abs(await top('Last name') - await top('First name'))).toBeLessThan(4);
    expect(Math.abs(await top('Status') - await top('Source'))).toBeLessThan(4);
    await screenshot(p, 'cold7-record-long-values-light-360');
    await title.fill('Director of\nFlight Software');
    await title.press('Enter');
    await expect.poll(async () => (await call({ op: 'get', collection: 'leads', id: ids.margaret })).title, { timeout: 15_000 }).toBe('Director of Flight Software');
    expect(await title.inputValue()).toBe('Director of Flight Software');
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await p.close();
  });

  it('the capture form at 360 px shows a captured email, title and web address whole, the short fields paired around them', async () => {
    const person = { '@context': 'https://schema.org', '@type': 'Person', name: 'Katherine Johnson', email: 'mailto:katherine.johnson@langley-research.example', jobTitle: 'Research Mathematician, Flight Research Division', telephone: '+1 757 555 0142', url: 'https://langley-research.example/people/katherine-johnson' };
    const site = await serveFixtures({ '/k': `<!doctype html><html lang="en"><head><title>Katherine Johnson</title><script type="application/ld+json">${JSON.stringify(person)}</script></head><body><h1>Katherine Johnson</h1></body></html>` });
    try {
      const web = await t.l.context.newPage();
      await web.goto(site.url('/k'));
      for (const width of [360, 700]) {
        const p = await open('sidepanel.html', '', 'This page', width);
        await expect.poll(() => p.locator('#nl-email').inputValue(), { timeout: 15_000 }).toBe('katherine.johnson@langley-research.example');
        expect(await cutValues(p, '.new-lead > .field > :is(input, textarea)')).toEqual([]);
        // Two columns: first and last name side by side, company and phone too.
        const top = (id: string) => p.locator(`#nl-${id}`).evaluate((e) => Math.round(e.getBoundingClientRect().top));
        expect(await top('last')).toBe(await top('first'));
        expect(await top('phone')).toBe(await top('companyName'));
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await screenshot(p, `cold7-capture-long-values-light-${width}`);
        await p.close();
      }
      await web.close();
    } finally { await site.close(); }
  });

  it("an admin's new custom field is a column of its table at once, and the row shows its value", async () => {
    await call({ op: 'admin', action: { action: 'addCustomField', input: { name: 'Budget band', dataType: 'text', availableOn: ['leads'] } } });
    const id = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Dorothy', last: 'Vaughan' } } })).id;
    const cfg = await call({ op: 'config' }) as unknown as { customFields: { id: string; name: string }[] };
    const band = cfg.customFields.find((f) => f.name === 'Budget band')!.id;
    await call({ op: 'update', collection: 'leads', id, patch: { custom: { [band]: 'Over 100k' } } });
    const p = await open('dashboard.html', 'table/leads', 'Leads', 1280);
    await p.getByRole('columnheader', { name: /Budget band/ }).waitFor({ timeout: 15_000 });
    await expect.poll(() => p.locator(`tr[data-id="${id}"]`).innerText().catch(() => ''), { timeout: 15_000 }).toContain('Over 100k');
    await screenshot(p, 'cold7-table-custom-column-light-1280');
    await p.close();
  });

  it('Settings’ add forms at 360 px keep each label on the line of its box (Type, Win %, Role ended a line, their box began the next)', async () => {
    for (const section of ['lists', 'pipelines', 'fields', 'members']) {
      const p = await open('dashboard.html', `admin/${section}`, 'Settings', 360);
      await p.locator('form.add label').first().waitFor({ timeout: 15_000 });
      const apart = await p.locator('form.add label[for]').evaluateAll((labels) => labels.flatMap((l) => {
        const box = document.getElementById(l.getAttribute('for')!);
        if (!box || !(l as HTMLElement).offsetWidth) return [];
        const a = l.getBoundingClientRect(), b = box.getBoundingClientRect();
        return a.bottom <= b.top || b.bottom <= a.top ? [l.textContent] : [];
      }));
      expect(apart, section).toEqual([]);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(p, `cold7-settings-add-${section}-light-360`);
      await p.close();
    }
  });

  it('"Set up: just me or join my team" puts focus on the welcome form’s title (it was lost to the page when the button went)', async () => {
    const p = await open('sidepanel.html', '', 'Leads', 360);
    await p.getByRole('button', { name: /^Set up/ }).click();
    const title = p.getByRole('heading', { name: 'Welcome to Outpost', level: 1 });
    await title.waitFor({ timeout: 15_000 });
    await expect.poll(() => title.evaluate((h) => h === document.activeElement)).toBe(true);
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('radio');
    await p.close();
  });
});
