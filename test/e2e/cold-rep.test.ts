import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, engineCall, launchExtension, launchWithEngine, openPage, routeOpener, screenshot, type Launched } from './support/ui.ts';
import { newProfileDir } from './support/browser.ts';

/**
 * A new sales rep tries the built extension cold (helper cold2, session 12): related records
 * read by name, a deleted one as "Name (deleted)" and not as a link; each check asserts what the
 * user sees, in the side panel at 360 px and the dashboard at 1280 px, light and dark.
 */
describe('the extension tried cold by a new rep', () => {
  let l: Launched;
  const ids: Record<string, string> = {};
  let call: (c: unknown) => Promise<Record<string, string>>;
  let admin: Page;
  let open: ReturnType<typeof routeOpener>;
  beforeAll(async () => {
    ({ l, admin, call } = await launchWithEngine());
    open = routeOpener(l);
    await call({ op: 'admin', action: { action: 'addCustomField', input: { name: 'Segment', dataType: 'multiSelect', options: [{ name: 'SMB' }, { name: 'Enterprise' }], availableOn: ['leads'] } } });
    ids.lead = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Ada', last: 'Lovelace' }, companyName: 'Engines', email: 'ada@engines.example' } })).id;
    Object.assign(ids, await call({ op: 'convert', leadId: ids.lead, options: { company: { mode: 'new' }, opportunity: { monetaryValue: 12000 } } }));
    ids.gone = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Grace', last: 'Hopper' } } })).id;
    ids.goneTask = (await call({ op: 'create', collection: 'tasks', input: { name: 'Ping Grace', related: { type: 'leads', id: ids.gone } } })).id;
    await call({ op: 'delete', collection: 'leads', id: ids.gone });
    ids.goneCo = (await call({ op: 'create', collection: 'companies', input: { name: 'Gone Ltd' } })).id;
    ids.orphan = (await call({ op: 'create', collection: 'people', input: { name: { first: 'Otto', last: 'Orphan' }, companyId: ids.goneCo } })).id;
    await call({ op: 'delete', collection: 'companies', id: ids.goneCo });
  });
  afterAll(async () => { await l?.context.close(); });

  const related = (p: Page) => p.getByRole('region', { name: 'Related records' });

  it('names related records, never a bare kind or an id; a deleted one reads "Name (deleted)" and is no link', async () => {
    for (const [page, width] of [['sidepanel.html', 360], ['dashboard.html', 1280]] as const) {
      const lead = await open(page, `leads/${ids.lead}`, 'Ada Lovelace', width);
      const rel = related(lead);
      await rel.getByRole('link', { name: 'Ada Lovelace', exact: true }).waitFor({ timeout: 10_000 });
      await rel.getByRole('link', { name: 'Engines', exact: true }).waitFor();
      await rel.getByRole('link', { name: 'Engines - Ada Lovelace' }).waitFor();
      expect(await rel.innerText()).toMatch(/Person: Ada Lovelace[\s\S]*Company: Engines[\s\S]*Opportunity: Engines - Ada Lovelace/);
      for (const id of [ids.personId, ids.companyId, ids.opportunityId]) expect(await rel.innerText()).not.toContain(id);
      await screenshot(lead, `cold2-related-lead-light-${width}`);
      await lead.close();

      const person = await open(page, `people/${ids.personId}`, 'Ada Lovelace', width);
      // The lead has the person's name: its link says it is the lead.
      await related(person).getByRole('link', { name: 'From lead: Ada Lovelace', exact: true }).waitFor({ timeout: 10_000 });
      expect(await related(person).innerText()).toMatch(/From lead: Ada Lovelace/);
      expect(await related(person).getByRole('link', { name: 'Ada Lovelace', exact: true }).count()).toBe(0);
      await person.close();

      const task = await open(page, `tasks/${ids.goneTask}`, 'Ping Grace', width);
      await related(task).getByText('Grace Hopper (deleted)').waitFor({ timeout: 10_000 });
      expect(await related(task).getByRole('link').count()).toBe(0);
      expect(await related(task).innerText()).toContain('About (lead): Grace Hopper (deleted)');
      await screenshot(task, `cold2-related-deleted-light-${width}`);
      await task.close();

      const orphan = await open(page, `people/${ids.orphan}`, 'Otto Orphan', width, 'dark');
      await related(orphan).getByText('Gone Ltd (deleted)').waitFor({ timeout: 10_000 });
      expect(await related(orphan).getByRole('link', { name: /Gone Ltd/ }).count()).toBe(0);
      expect(await axeSerious(orphan)).toEqual([]);
      await orphan.close();
    }
  });

  it('offers the user as "You" in owner pickers, on the record page as in the table', async () => {
    // A lead still open (ids.lead is converted: its page is read-only history, blank fields left out).
    const open1 = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Owen', last: 'Owner' } } })).id;
    const lead = await open('sidepanel.html', `leads/${open1}`, 'Owen Owner', 360);
    // The members come with the workspace's config, which may answer after the record's fields.
    await expect.poll(() => lead.locator('#f-ownerId option').allTextContents(), { timeout: 15_000 }).toEqual(['No owner', 'You']);
    await lead.close();
  });

  it('marks the default status "(default)" where a lead is made, and a new lead shows its status in words', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const panel = await openPage(l, 'sidepanel.html', { width: 360, height: 900 });
      await panel.emulateMedia({ colorScheme: theme });
      const status = panel.getByLabel('Status', { exact: true });
      await expect.poll(() => status.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent), { timeout: 15_000 }).toBe('New (default)');
      expect(await status.locator('option').allTextContents()).toEqual(['New (default)', 'Open', 'Unqualified', 'Junk']);
      const first = `Nina${theme}`;
      await panel.getByLabel('First name').fill(first);
      await panel.getByLabel('Last name').fill('Newcomer');
      await panel.getByRole('button', { name: 'Save lead' }).click();
      const row = panel.getByRole('listitem').filter({ hasText: `${first} Newcomer` });
      await row.locator('.row-status').filter({ hasText: /^New$/ }).waitFor({ timeout: 10_000 });
      // The converted lead says so in the same list.
      await panel.getByRole('listitem').filter({ hasText: 'Ada Lovelace' }).locator('.row-status').filter({ hasText: /^Converted$/ }).waitFor();
      const box = await row.evaluate((el) => ({ right: el.querySelector('.row-status')!.getBoundingClientRect().right, page: document.documentElement.scrollWidth }));
      expect(box.right).toBeLessThanOrEqual(360);
      expect(box.page).toBeLessThanOrEqual(360);
      await screenshot(panel, `cold2-new-lead-status-${theme}-360`);
      await panel.close();
    }
  });

  it('Insights with no data say what to do to get some, without empty axes', async () => {
    const fresh = await launchExtension({ profileDir: newProfileDir() });
    try {
      for (const theme of ['light', 'dark'] as const) {
        const p = await openPage(fresh, 'dashboard.html#/insights', { width: 1280, height: 900 });
        await p.emulateMedia({ colorScheme: theme });
        await p.getByRole('heading', { name: 'Nothing to chart yet' }).waitFor({ timeout: 20_000 });
        expect(await p.locator('.ds-empty').innerText()).toMatch(/Capture leads from a page in the side panel, or import a CSV/);
        expect(await p.locator('canvas').count()).toBe(0);
        expect(await p.getByRole('figure').count()).toBe(0);
        await p.getByRole('link', { name: 'Import leads' }).waitFor();
        expect(await axeSerious(p)).toEqual([]);
        await screenshot(p, `cold2-insights-empty-${theme}-1280`);
        await p.getByRole('link', { name: 'Open the pipeline' }).click();
        await p.getByRole('heading', { name: 'Pipeline', level: 2 }).waitFor({ timeout: 10_000 });
        await p.close();
      }
    } finally { await fresh.context.close(); }
  });

  it('Settings: the user\'s own row reads "You"; the only admin cannot demote or remove themselves, and is told why', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const p = await openPage(l, 'dashboard.html#/admin/members', { width: 1280, height: 900 });
      await p.emulateMedia({ colorScheme: theme });
      const list = p.getByRole('group', { name: 'Members and roles' });
      const mine = list.getByRole('listitem').filter({ hasText: /^You/ });
      await mine.getByText('Only admin', { exact: true }).waitFor({ timeout: 15_000 });
      expect(await mine.getByRole('combobox').count()).toBe(0);
      expect(await mine.getByRole('button').count()).toBe(0);
      await list.getByText('You are the only admin: make another member admin before you change your own role.').waitFor();
      expect(await axeSerious(p)).toEqual([]);
      await screenshot(p, `cold2-admin-members-${theme}-1280`);
      if (theme === 'light') {
        // A second admin: now the user may change their own role; the other row is named, with Remove.
        await list.getByLabel('Name', { exact: true }).fill('Bea Boss');
        await list.getByLabel('Role', { exact: true }).selectOption('admin');
        await list.getByRole('button', { name: 'Add member' }).click();
        await list.getByRole('button', { name: 'Remove Bea Boss' }).waitFor({ timeout: 10_000 });
        await mine.getByLabel('Role of You').waitFor({ timeout: 10_000 });
        expect(await list.getByText(/You are the only admin/).count()).toBe(0);
        await list.getByRole('button', { name: 'Remove Bea Boss' }).click();
        await mine.getByText('Only admin', { exact: true }).waitFor({ timeout: 10_000 });
        // The engine refuses it too (a stale page, another device): nothing changes.
        const me = ((await engineCall(p, { op: 'config' })).value as { me: { memberId: string } }).me.memberId;
        const r = await engineCall(p, { op: 'admin', action: { action: 'setMemberRole', id: me, role: 'member' } });
        expect(r.ok).toBe(false);
        expect(r.error?.message).toMatch(/last admin/);
        expect(((await engineCall(p, { op: 'config' })).value as { me: { role: string } }).me.role).toBe('admin');
      }
      await p.close();
    }
  });

  it('focus after cancel, done and delete lands somewhere sensible, never on <body>', async () => {
    const lead = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Fran', last: 'Focus' }, title: 'CEO' } })).id;
    for (const n of ['First call', 'Second call']) await call({ op: 'create', collection: 'tasks', input: { name: n, related: { type: 'leads', id: lead } } });
    const p = await open('sidepanel.html', `leads/${lead}`, 'Fran Focus', 360);
    const focused = () => p.evaluate(() => { const a = document.activeElement as HTMLElement; return { tag: a.tagName, id: a.id, cls: a.className, text: (a.textContent ?? '').trim().slice(0, 40), inner: a.querySelector('input,select,textarea')?.id ?? '' }; });
    // Esc puts the stored value back and leaves focus on the field's box; Tab goes on to the next field.
    const title = p.getByLabel('Title', { exact: true });
    await title.fill('Chief Everything');
    await title.press('Escape');
    expect(await title.inputValue()).toBe('CEO');
    expect(await focused()).toMatchObject({ tag: 'DIV', inner: 'f-title' });
    await p.keyboard.press('Tab');
    expect((await focused()).tag).not.toBe('BODY');
    // A task ticked done: focus goes to the next open task, then to "New task".
    const tasks = p.getByRole('region', { name: 'Open tasks' });
    // click, not check(): the ticked task leaves the list, and check() reading back the state of a
    // box already gone hung until its timeout whenever the engine answered quickly.
    await tasks.getByRole('checkbox', { name: 'First call' }).click();
    await expect.poll(() => p.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent ?? document.activeElement?.tagName), { timeout: 10_000 }).toBe('Second call');
    await p.keyboard.press('Space');
    await expect.poll(async () => (await focused()).id, { timeout: 10_000 }).toBe('task-name');
    // Delete: the record is gone, focus goes to Undo beside "Moved … to the trash"; Enter undoes and focus stays there.
    await p.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await focused()).id, { timeout: 10_000 }).toBe('undo-last');
    expect(await p.locator('.statusbar .undo-msg').textContent()).toContain('Fran Focus');
    await p.keyboard.press('Enter');
    await expect.poll(async () => ((await engineCall(p, { op: 'get', collection: 'leads', id: lead })).value as { deletedAt?: number } | null)?.deletedAt ?? 'live', { timeout: 10_000 }).toBe('live');
    expect((await focused()).id).toBe('undo-last');
    // A dialog opened from the New menu and closed with Esc gives focus back to "New".
    await p.getByRole('button', { name: 'New', exact: true }).click();
    await p.getByRole('menuitem', { name: 'Person' }).click();
    await p.getByRole('dialog', { name: 'New person' }).waitFor();
    await p.keyboard.press('Escape');
    await expect.poll(async () => (await focused()).id).toBe('new-menu');
    await screenshot(p, 'cold2-focus-after-undo-light-360');
    await p.close();
  });

  it('a multiple-choice custom field shows what is chosen as ticked boxes, and saves each click', async () => {
    const lead = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Mo', last: 'Multi' } } })).id;
    for (const theme of ['light', 'dark'] as const) {
      const p = await open('sidepanel.html', `leads/${lead}`, 'Mo Multi', 360, theme);
      const seg = p.getByRole('group', { name: 'Segment' });
      await seg.waitFor({ timeout: 10_000 });
      if (theme === 'light') {
        expect(await seg.getByRole('checkbox', { checked: true }).count()).toBe(0);
        await seg.getByRole('checkbox', { name: 'Enterprise' }).check();
        await p.getByRole('status').filter({ hasText: 'Segment saved' }).waitFor({ timeout: 10_000 });
      }
      await expect.poll(() => seg.getByRole('checkbox', { name: 'Enterprise' }).isChecked(), { timeout: 10_000 }).toBe(true);
      expect(await seg.getByRole('checkbox', { name: 'SMB' }).isChecked()).toBe(false);
      expect(await axeSerious(p)).toEqual([]);
      await screenshot(p, `cold2-multi-choice-${theme}-360`);
      await p.close();
    }
    const stored = (await engineCall(admin, { op: 'get', collection: 'leads', id: lead })).value as { custom?: Record<string, unknown> };
    expect(Object.values(stored.custom ?? {})).toHaveLength(1);
  });
});
