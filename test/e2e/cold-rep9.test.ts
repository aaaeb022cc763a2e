import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, screenshot, useColdTry } from './support/ui.ts';

/**
 * What a new rep still tripped on in the ninth cold try (helper ui9, session 19): a company's and
 * a deal's timeline mixed their people's calls in as the company's own; the people table had no
 * company; a company's domain broke at its hyphen; focus fell to the page after "add these details
 * to it" and after a bulk delete; an undone bulk delete still said "Moved to the trash".
 */
describe('the extension tried cold by a new rep, ninth pass', () => {
  const t = useColdTry();
  const { call, open } = t;
  const ids: Record<string, string> = {};
  const create = async (collection: string, input: unknown) => (await call({ op: 'create', collection, input })).id;
  beforeAll(async () => {
    ids.co = await create('companies', { name: 'Analytical Engines Ltd', emailDomain: 'analytical-engines.example' });
    ids.ada = await create('people', { name: { first: 'Ada', last: 'Lovelace' }, companyId: ids.co, emails: [{ email: 'ada@analytical-engines.example' }] });
    ids.charles = await create('people', { name: { first: 'Charles', last: 'Babbage' }, companyId: ids.co });
    ids.deal = await create('opportunities', { name: 'Difference engine no. 2', companyId: ids.co, primaryPersonId: ids.ada, pipelineId: 'sales', stageId: 'qualified', monetaryValue: 12000 });
    ids.task = await create('tasks', { name: 'Send the Bernoulli notes', related: { type: 'people', id: ids.ada } });
    ids.grace = await create('leads', { name: { first: 'Grace', last: 'Hopper' }, email: 'grace@navy.example', companyName: 'Navy' });
  });

  const focused = (p: Page) => p.evaluate(() => { const e = document.activeElement; return { tag: e?.tagName ?? '', text: (e?.textContent ?? '').trim(), id: e?.id ?? '' }; });
  /** Each timeline line: its details and the record it names as logged on, if any. */
  const lines = (p: Page) => p.locator('.timeline .activity').evaluateAll((els) => els.map((li) => ({ text: li.querySelector(':scope > p:last-of-type')?.textContent ?? '', on: li.querySelector('.activity-on')?.textContent ?? null })));

  it('a call and a meeting logged on a person show on the company’s and the deal’s timeline saying whose they are ("on Ada Lovelace"); the company’s own note names no one', async () => {
    const p = await open('sidepanel.html', `people/${ids.ada}`, 'Ada Lovelace', 360, 'dark');
    // Meeting from the header's quick action: focus in the box within the click, Ctrl+Enter logs it.
    await p.getByRole('button', { name: 'Meeting', exact: true }).click();
    expect((await focused(p)).id).toBe('log-details');
    await p.keyboard.type('Met at the Royal Society');
    await p.keyboard.press('Control+Enter');
    await p.locator('.activity', { hasText: 'Met at the Royal Society' }).waitFor({ timeout: 15_000 });
    expect((await focused(p)).id).toBe('log-details');
    expect(await p.locator('#log-details').inputValue()).toBe('');
    await p.getByRole('button', { name: 'Log call', exact: true }).click();
    await p.keyboard.type('Asked about the punched cards');
    await p.keyboard.press('Control+Enter');
    await p.locator('.activity', { hasText: 'Asked about the punched cards' }).waitFor({ timeout: 15_000 });
    expect(await p.locator('.activity', { hasText: 'Met at the Royal Society' }).getAttribute('data-type')).toBe('meeting');
    // On the person's own page its lines name no one.
    expect((await lines(p)).every((l) => l.on === null)).toBe(true);
    await screenshot(p, 'cold9-person-logged-dark-360');
    await p.close();

    for (const [width, theme] of [[800, 'dark'], [360, 'light']] as const) {
      const c = await open('dashboard.html', `companies/${ids.co}`, 'Analytical Engines Ltd', width, theme);
      if (width === 800) {
        await c.getByLabel('What happened').fill('Board approved the budget');
        await c.getByRole('button', { name: 'Log activity' }).click();
      }
      await c.locator('.activity', { hasText: 'Board approved the budget' }).waitFor({ timeout: 15_000 });
      await expect.poll(() => lines(c), { timeout: 15_000 }).toEqual([
        { text: 'Board approved the budget', on: null },
        { text: 'Asked about the punched cards', on: 'on Ada Lovelace' },
        { text: 'Met at the Royal Society', on: 'on Ada Lovelace' },
      ]);
      // The name is a line of its own under the head, not wrapped into it ("· on …" began a line at 360 px).
      const box = await c.locator('.activity', { hasText: 'punched cards' }).evaluate((li) => ({ head: li.querySelector('.activity-head')!.getBoundingClientRect().bottom, on: li.querySelector('.activity-on')!.getBoundingClientRect().top }));
      expect(box.on).toBeGreaterThanOrEqual(box.head - 1);
      expect(await axeSerious(c)).toEqual([]);
      await screenshot(c, `cold9-company-timeline-${theme}-${width}`);
      await c.close();
    }
    const d = await open('sidepanel.html', `opportunities/${ids.deal}`, 'Difference engine no. 2', 360);
    await expect.poll(() => lines(d), { timeout: 15_000 }).toEqual([
      { text: 'Asked about the punched cards', on: 'on Ada Lovelace' },
      { text: 'Met at the Royal Society', on: 'on Ada Lovelace' },
    ]);
    await screenshot(d, 'cold9-deal-timeline-light-360');
    await d.close();
  });

  it('the people, deals and tasks tables name the company or record each row points at, a link to it, never an id; a company in the trash reads "(deleted)"', async () => {
    const p = await open('dashboard.html', 'table/people', 'People', 800, 'dark');
    const company = (name: string) => p.locator('tr', { hasText: name }).locator('td').nth(2);
    await expect.poll(() => company('Ada Lovelace').innerText(), { timeout: 15_000 }).toBe('Analytical Engines Ltd');
    expect(await p.locator('thead th').nth(3).innerText()).toBe('Company');
    // Its header is a label: the column holds ids, sorted by them it would look shuffled.
    expect(await p.locator('thead th').nth(3).locator('button').count()).toBe(0);
    expect(await p.locator('tbody').innerText()).not.toMatch(/\b[0-9a-f]{20}\b/);
    await screenshot(p, 'cold9-people-company-dark-800');
    await company('Ada Lovelace').getByRole('link', { name: 'Analytical Engines Ltd' }).click();
    await p.getByRole('heading', { name: 'Analytical Engines Ltd', level: 2 }).waitFor({ timeout: 15_000 });
    await p.close();

    const deals = await open('dashboard.html', 'table/opportunities', 'Opportunities', 1280);
    await expect.poll(() => deals.locator('tr', { hasText: 'Difference engine' }).getByRole('link', { name: 'Analytical Engines Ltd' }).count(), { timeout: 15_000 }).toBe(1);
    await deals.close();
    const tasks = await open('dashboard.html', 'table/tasks', 'Tasks', 800);
    await expect.poll(() => tasks.locator('tr', { hasText: 'Send the Bernoulli notes' }).getByRole('link', { name: 'Ada Lovelace' }).count(), { timeout: 15_000 }).toBe(1);
    expect(await tasks.locator('thead th').nth(2).innerText()).toBe('About');
    await screenshot(tasks, 'cold9-tasks-about-light-800');
    await tasks.close();

    const gone = await create('companies', { name: 'Gone Looms' });
    const kay = await create('people', { name: { first: 'Kay', last: 'McNulty' }, companyId: gone });
    await call({ op: 'delete', collection: 'companies', id: gone });
    const again = await open('dashboard.html', 'table/people', 'People', 1280);
    const cell = again.locator(`tr[data-id="${kay}"] td`).nth(2);
    await expect.poll(() => cell.innerText(), { timeout: 15_000 }).toBe('Gone Looms (deleted)');
    expect(await cell.locator('a').count()).toBe(0);
    await again.close();
    await call({ op: 'delete', collection: 'people', id: kay });
  });

  it('a company’s email domain shows whole on one line of its page at 800 and 360 px (it broke at its hyphen: "analytical-" / "engines.example")', async () => {
    for (const [width, page] of [[800, 'dashboard.html'], [360, 'sidepanel.html']] as const) {
      const p = await open(page, `companies/${ids.co}`, 'Analytical Engines Ltd', width);
      const box = p.locator('#f-emailDomain');
      expect(await box.inputValue()).toBe('analytical-engines.example');
      const m = await box.evaluate((el) => ({ height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight), wide: el.closest('.field')!.classList.contains('field-wide') }));
      expect(m.wide).toBe(true);
      expect(m.height, JSON.stringify(m)).toBeLessThan(m.line * 2);
      await screenshot(p, `cold9-company-domain-light-${width}`);
      await p.close();
    }
  });

  it('capture of a lead already here: "add these details to it" saves them and puts focus on "open it" (it fell to the page); Enter opens the lead with the new title', async () => {
    const p = await open('sidepanel.html', '', 'This page', 360, 'dark');
    await p.locator('#nl-email').fill('grace@navy.example');
    await p.locator('#nl-title').fill('Rear Admiral');
    await p.locator('#nl-title').press('Tab');
    const add = p.getByRole('button', { name: 'Add these details to Grace Hopper (lead)' });
    await add.waitFor({ timeout: 15_000 });
    await screenshot(p, 'cold9-capture-duplicate-dark-360');
    await add.focus();
    await p.keyboard.press('Enter');
    await p.getByText('Added the new details to Grace Hopper').waitFor({ timeout: 15_000 });
    await expect.poll(() => focused(p)).toMatchObject({ tag: 'BUTTON', text: 'open it' });
    await screenshot(p, 'cold9-capture-added-dark-360');
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { name: 'Grace Hopper', level: 2, exact: true }).waitFor({ timeout: 15_000 });
    await expect.poll(() => p.locator('#f-title').inputValue()).toBe('Rear Admiral');
    await p.close();
  });

  it('a bulk delete puts focus on "Moved to the trash: 2 of 2" (it fell to the page); Undo brings the rows back and the line goes', async () => {
    const p = await open('dashboard.html', 'table/people', 'People', 800, 'dark');
    await p.locator('tbody tr[data-id]').nth(1).waitFor({ timeout: 15_000 });
    const rows = await p.locator('tbody tr[data-id]').count();
    await p.getByRole('checkbox', { name: 'Select the rows shown' }).check();
    await p.getByRole('button', { name: 'Delete selected' }).click();
    const said = p.locator('.table-view > p.saved[role="status"]');
    await expect.poll(() => said.innerText(), { timeout: 15_000 }).toBe(`Moved to the trash: ${rows} of ${rows}`);
    await expect.poll(() => p.evaluate(() => document.activeElement?.matches('p.saved[role="status"]') ?? false)).toBe(true);
    // Every row deleted: the table says they are in the Trash (it said "No people yet."), and opens it at People.
    // (The count is the whole trash's: people deleted before this test are in it too.)
    const trashed = p.getByRole('heading', { name: /^No people here: \d+ (person|people) in the Trash\.$/ });
    await trashed.waitFor({ timeout: 15_000 });
    const inTrash = Number((await trashed.textContent())!.match(/\d+/)![0]);
    expect(inTrash).toBeGreaterThanOrEqual(rows);
    await screenshot(p, 'cold9-bulk-deleted-dark-800');
    await p.getByRole('link', { name: 'Open the Trash' }).click();
    await expect.poll(() => p.evaluate(() => location.hash)).toBe('#/trash/people');
    expect(await p.locator('#trash-type').inputValue()).toBe('people');
    await expect.poll(() => p.locator('tbody tr[data-id]').count(), { timeout: 15_000 }).toBe(inTrash);
    await screenshot(p, 'cold9-trash-people-dark-800');
    await p.goBack();
    await p.getByRole('heading', { name: /^No people here: / }).waitFor({ timeout: 15_000 });
    await p.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => p.locator('tbody tr[data-id]').count(), { timeout: 15_000 }).toBe(rows);
    await expect.poll(() => said.count()).toBe(0);
    await screenshot(p, 'cold9-bulk-undone-dark-800');
    await p.close();
  });

  it('the board at 800 px: a deal moved two stages with "]" keeps focus on its card, the page does not scroll sideways', async () => {
    const b = await open('dashboard.html', 'board', 'Pipeline', 800, 'dark');
    const card = b.locator(`.card[data-id="${ids.deal}"]`);
    await card.waitFor({ timeout: 15_000 });
    await card.focus();
    for (const [stage, name] of [['follow-up', 'Follow-up'], ['presentation', 'Presentation']]) {
      await b.keyboard.press(']');
      await expect.poll(async () => (await call({ op: 'get', collection: 'opportunities', id: ids.deal })).stageId, { timeout: 15_000 }).toBe(stage);
      await b.getByRole('region', { name: `Stage ${name}` }).locator(`.card[data-id="${ids.deal}"]`).waitFor({ timeout: 15_000 });
      await expect.poll(() => b.evaluate((id) => (document.activeElement as HTMLElement | null)?.closest('.card')?.getAttribute('data-id'), ids.deal)).toBe(ids.deal);
    }
    expect(await b.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    expect(await axeSerious(b)).toEqual([]);
    await screenshot(b, 'cold9-board-keys-dark-800');
    await b.close();
  });

  it('Settings: a source added with Enter keeps focus in its box for the next, and the capture form offers it', async () => {
    const s = await open('dashboard.html', 'admin/lists', 'Settings', 360, 'dark');
    const box = s.getByLabel('New source');
    await box.fill('Trade show');
    await box.press('Enter');
    await expect.poll(async () => (await s.locator('textarea.item-name').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))).includes('Trade show'), { timeout: 15_000 }).toBe(true);
    expect(await box.inputValue()).toBe('');
    expect((await focused(s)).id).toBe('sources-add');
    await screenshot(s, 'cold9-settings-source-dark-360');
    await s.close();
    const p = await open('sidepanel.html', '', 'This page', 360);
    await expect.poll(() => p.locator('#nl-source option').allInnerTexts(), { timeout: 15_000 }).toContain('Trade show');
    await p.close();
  });

  it('Leads off: the panel’s people list names each person’s company (Charles Babbage was a name over an empty line); on again, the leads come back', async () => {
    await call({ op: 'admin', action: { action: 'setLeadsEnabled', enabled: false } });
    try {
      for (const [width, theme] of [[360, 'dark'], [800, 'light']] as const) {
        const p = await open('sidepanel.html', '', 'People', width, theme);
        const sub = (name: string) => p.locator('.row', { hasText: name }).locator('.row-sub');
        await expect.poll(() => sub('Charles Babbage').innerText(), { timeout: 15_000 }).toBe('Analytical Engines Ltd');
        expect(await sub('Ada Lovelace').innerText()).toBe('Analytical Engines Ltd · ada@analytical-engines.example');
        await screenshot(p, `cold9-leads-off-people-${theme}-${width}`);
        await p.close();
      }
    } finally { await call({ op: 'admin', action: { action: 'setLeadsEnabled', enabled: true } }); }
    const p = await open('sidepanel.html', '', 'Leads', 360);
    await p.locator('.row', { hasText: 'Grace Hopper' }).waitFor({ timeout: 15_000 });
    await p.close();
  });
});
