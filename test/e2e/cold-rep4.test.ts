import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeSerious, screenshot, useColdTry } from './support/ui.ts';

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
      expect(b.undoRight).toBeLessThanOrEqual(360);
      expect(b.height).toBeLessThan(40);
      await screenshot(p, `cold4-statusbar-${theme}-360`);
      await p.getByRole('button', { name: 'Undo' }).click();
      await expect.poll(async () => (await bar(p)).msg, { timeout: 10_000 }).toBe('Undone: Moved Grace Hopper to the trash');
      await p.close();
    }
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
      expect(await card.locator('.card-meta').innerText()).toMatch(/^\$12,000\.00 · \d+%\s+No owner$/);
      await screenshot(p, `cold4-board-${theme}-1280`);
      expect(await axeSerious(p)).toEqual([]);
      await p.close();
    }
  });
});
