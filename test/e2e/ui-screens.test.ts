import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, engineCall, launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';
import { newProfileDir } from './support/browser.ts';

const LONG = 'Maximiliana Wilhelmina Konstantinopolous-Vanderbilt-Featherstonehaugh';

/**
 * Issue 12: the screens of the record page (every type), the "New" dialog, first run and the
 * panel's home, in both themes at 360 px (panel) and 1280 px (dashboard): no serious or
 * critical axe violation, and a screenshot of each as test-results/screens/<screen>-<theme>-<width>.png.
 */
describe('issue 12 screens: axe and screenshots', () => {
  let l: Launched;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    l = await launchExtension();
    const p = await openPage(l, 'dashboard.html');
    for (let i = 0; i < 100 && !(await engineCall(p, { op: 'ping' }).catch(() => undefined))?.ok; i++) await p.waitForTimeout(150);
    const call = async (c: unknown) => { const r = await engineCall(p, c); if (!r.ok) throw new Error(JSON.stringify(r)); return r.value as Record<string, string>; };
    await call({ op: 'admin', action: { action: 'addCustomField', input: { name: 'Seats', dataType: 'number', availableOn: ['leads', 'people', 'companies', 'opportunities', 'tasks'] } } });
    await call({ op: 'admin', action: { action: 'addCustomField', input: { name: 'Segment', dataType: 'multiSelect', options: [{ name: 'SMB' }, { name: 'Enterprise' }], availableOn: ['leads', 'companies'] } } });
    ids.lead = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Ada', last: 'Lovelace' }, title: 'Chief Analyst', companyName: 'Engines', email: 'ada@engines.example', phones: [{ number: '+44 20 7946 0018' }], websites: [{ url: 'https://engines.example' }] } })).id;
    await call({ op: 'logActivity', input: { typeId: 'email', parent: { type: 'leads', id: ids.lead }, details: 'Yes, Tuesday.\n\nOn Mon, 2 Mar 2026, Sam wrote:\n> Demo next week?', email: { subject: 'Re: demo', from: 'ada@engines.example', to: ['sam@x.example'] } } });
    await call({ op: 'create', collection: 'tasks', input: { name: 'Send the proposal', related: { type: 'leads', id: ids.lead }, dueAt: Date.now() - 86_400_000 } });
    const conv = await call({ op: 'convert', leadId: ids.lead, options: { company: { mode: 'new' }, opportunity: { monetaryValue: 12000 } } });
    Object.assign(ids, conv);
    ids.task = (await call({ op: 'create', collection: 'tasks', input: { name: 'Call back', related: { type: 'people', id: conv.personId }, dueAt: Date.now() + 3 * 86_400_000 } })).id;
    ids.long = (await call({ op: 'create', collection: 'leads', input: { name: { first: LONG } } })).id;
    await p.close();
  });
  afterAll(async () => { await l?.context.close(); });

  const screens = () => [
    ['record-lead', `leads/${ids.lead}`, 'Ada Lovelace'],
    ['record-person', `people/${ids.personId}`, 'Ada Lovelace'],
    ['record-company', `companies/${ids.companyId}`, 'Engines'],
    ['record-deal', `opportunities/${ids.opportunityId}`, 'Engines - Ada Lovelace'],
    ['record-task', `tasks/${ids.task}`, 'Call back'],
  ] as const;

  for (const theme of ['light', 'dark'] as const) {
    it(`record pages and the New dialog pass axe and are captured (${theme})`, async () => {
      const found: string[] = [];
      for (const [width, page] of [[360, 'sidepanel.html'], [1280, 'dashboard.html']] as const) {
        for (const [name, hash, heading] of screens()) {
          const p: Page = await openPage(l, `${page}#/${hash}`, { width, height: 900 });
          await p.emulateMedia({ colorScheme: theme });
          await p.getByRole('heading', { name: heading, exact: true, level: 2 }).waitFor({ timeout: 15_000 });
          await p.waitForTimeout(300); // related lists and the timeline arrive just after the record
          found.push(...(await axeSerious(p)).map((v) => `${name}-${theme}-${width}: ${v}`));
          await screenshot(p, `${name}-${theme}-${width}`);
          if (name === 'record-company') {
            await p.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'New deal' }).click();
            await p.getByRole('dialog', { name: 'New deal' }).getByRole('button', { name: 'Create' }).click();
            await p.getByText('A deal needs a name.').waitFor();
            found.push(...(await axeSerious(p)).map((v) => `new-deal-${theme}-${width}: ${v}`));
            await screenshot(p, `new-deal-dialog-${theme}-${width}`);
          }
          await p.close();
        }
        const home = await openPage(l, `${page}#/`, { width, height: 900 });
        await home.emulateMedia({ colorScheme: theme });
        await home.getByRole('button', { name: 'New', exact: true }).click();
        await home.getByRole('menuitem', { name: 'Deal' }).waitFor();
        found.push(...(await axeSerious(home)).map((v) => `new-menu-${theme}-${width}: ${v}`));
        await screenshot(home, `home-new-menu-${theme}-${width}`);
        await home.close();
      }
      expect(found).toEqual([]);
    });
  }

  it('keeps the status bar on one line at 360 px with a long undo', async () => {
    const p = await openPage(l, `sidepanel.html#/leads/${ids.long}`, { width: 360, height: 800 });
    await p.getByRole('heading', { name: LONG, level: 2 }).waitFor({ timeout: 15_000 });
    await p.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'Delete' }).click();
    const msg = p.locator('.statusbar .undo-msg');
    await msg.filter({ hasText: 'to the trash' }).waitFor({ timeout: 10_000 });
    const box = await p.evaluate(() => {
      const bar = document.querySelector('.statusbar')!.getBoundingClientRect();
      const undo = [...document.querySelectorAll('.statusbar button')].find((b) => b.textContent?.includes('Undo'))!.getBoundingClientRect();
      return { barHeight: bar.height, undoRight: undo.right, undoTop: undo.top - bar.top, pageWidth: document.documentElement.scrollWidth };
    });
    expect(box.barHeight).toBeLessThan(40);
    expect(box.undoRight).toBeLessThanOrEqual(360);
    expect(box.pageWidth).toBeLessThanOrEqual(360);
    expect(await msg.getAttribute('title')).toContain(LONG);
    await screenshot(p, 'statusbar-long-undo-light-360');
    await p.getByRole('button', { name: 'Undo' }).click();
    await p.close();
  });

  it('first run asks name and email in every mode, requires the name, and shows members by name', async () => {
    const fresh = await launchExtension({ profileDir: newProfileDir() });
    try {
      for (const theme of ['light', 'dark'] as const) {
        const panel = await openPage(fresh, 'sidepanel.html');
        await panel.emulateMedia({ colorScheme: theme });
        await panel.getByRole('button', { name: 'Set up: just me or join my team' }).click();
        for (const mode of ['Just me, on this device', 'Join my team (invite link)', 'Create a team workspace on our relay']) {
          await panel.getByLabel(mode).check();
          await panel.getByLabel('Your name').waitFor();
          await panel.getByLabel('Your email').waitFor();
        }
        await panel.getByLabel('Just me, on this device').check();
        expect(await axeSerious(panel)).toEqual([]);
        await screenshot(panel, `first-run-${theme}-360`);
        if (theme === 'dark') {
          await panel.getByRole('button', { name: 'Start' }).click();
          await panel.getByText('Write your name').waitFor();
          await expect.poll(() => panel.evaluate(() => document.activeElement?.id)).toBe('fr-name');
          await panel.getByLabel('Your name').fill('Sam Rep');
          await panel.getByLabel('Your email').fill('not-an-email');
          await panel.getByRole('button', { name: 'Start' }).click();
          await panel.getByText('That email does not look right').waitFor();
          await panel.getByLabel('Your email').fill('sam@outpost.example');
          await Promise.all([panel.waitForEvent('load', { timeout: 30_000 }), panel.getByRole('button', { name: 'Start' }).click()]);
        }
        await panel.close();
      }
      // The name is kept: the member shows by name as an owner, never as an id.
      const dash = await openPage(fresh, 'dashboard.html', { width: 1280, height: 900 });
      for (let i = 0; i < 100 && !(await engineCall(dash, { op: 'ping' }).catch(() => undefined))?.ok; i++) await dash.waitForTimeout(150);
      const cfg = (await engineCall(dash, { op: 'config' })).value as { me: { memberId: string }; members: { id: string; name: string; email?: string }[] };
      expect(cfg.members.find((m) => m.id === cfg.me.memberId)).toMatchObject({ name: 'Sam Rep', email: 'sam@outpost.example' });
      await dash.getByRole('button', { name: 'New', exact: true }).click();
      await dash.getByRole('menuitem', { name: 'Company' }).click();
      await dash.getByLabel('Company name').fill('Owned Co');
      await dash.getByRole('button', { name: 'Create' }).click();
      await dash.getByRole('heading', { name: 'Owned Co', level: 2 }).waitFor({ timeout: 15_000 });
      await dash.locator('.record-head .ds-person').filter({ hasText: 'Sam Rep' }).waitFor({ timeout: 10_000 });
      expect(await dash.locator('.record-head').textContent()).not.toContain(cfg.me.memberId);
      await dash.close();
    } finally { await fresh.context.close(); }
  });
});
