import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, openPage, serveFixtures, screenshot, type Launched } from './support/ui.ts';
import { PERSON_PAGE } from './fixtures/pages.ts';

/** What has focus: tag, id and its accessible text (what a screen reader would announce). */
const focused = (p: Page) => p.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  const label = (el as HTMLInputElement | null)?.labels?.[0]?.textContent;
  return { tag: el?.tagName ?? '', id: el?.id ?? '', text: (el?.getAttribute('aria-label') || label || el?.textContent || '').trim() };
});

/** Presses Tab until focus is on a control whose text matches (a keyboard user's way there). */
async function tabTo(p: Page, text: RegExp, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    if (text.test((await focused(p)).text)) return;
  }
  throw new Error(`Tab never reached ${text}; focus is on ${JSON.stringify(await focused(p))}`);
}

/**
 * Issue 12: the whole daily path by keyboard only — capture → save → open → log call →
 * convert → open the deal → move it a stage → mark won — with where focus is after each step.
 */
describe('keyboard-only journey', () => {
  let l: Launched;
  let site: Awaited<ReturnType<typeof serveFixtures>>;
  beforeAll(async () => {
    site = await serveFixtures({ '/speaker': PERSON_PAGE });
    l = await launchExtension();
  });
  afterAll(async () => { await l?.context.close(); await site?.close(); });

  it('captures, saves, opens, logs a call, converts, opens the deal, moves it and wins it', async () => {
    const web = await l.context.newPage();
    await web.goto(site.url('/speaker'));
    const panel = await openPage(l, 'sidepanel.html');
    await expect.poll(() => panel.getByLabel('First name', { exact: true }).first().inputValue(), { timeout: 15_000 }).toBe('Ada');

    // Save: "n" jumps to the capture form, Enter saves; focus stays in the form for the next one.
    await panel.keyboard.press('n');
    await expect.poll(() => focused(panel)).toMatchObject({ id: 'nl-first' });
    await panel.keyboard.press('Enter');
    await panel.getByRole('status').filter({ hasText: 'Lead saved' }).waitFor({ timeout: 15_000 });
    expect((await focused(panel)).id).toBe('nl-first');

    // Esc leaves the field, so shortcuts work again.
    await panel.keyboard.press('Escape');
    expect((await focused(panel)).tag).toBe('BODY');
    await panel.keyboard.press('/');
    await expect.poll(() => focused(panel)).toMatchObject({ text: 'Search leads' });
    await panel.keyboard.press('Escape');
    expect((await focused(panel)).tag).toBe('BODY');

    // Open it: focus lands on its name.
    await tabTo(panel, /^open it$/);
    await panel.keyboard.press('Enter');
    await panel.getByRole('heading', { name: 'Ada Lovelace', level: 2 }).waitFor({ timeout: 15_000 });
    await expect.poll(() => focused(panel)).toMatchObject({ tag: 'H2', text: 'Ada Lovelace' });

    // Log a call: the quick action puts focus in the text box with "Call" chosen.
    await tabTo(panel, /^Log call$/);
    await panel.keyboard.press('Enter');
    await expect.poll(() => focused(panel)).toMatchObject({ id: 'log-details' });
    expect(await panel.getByLabel('Activity type').inputValue()).toBe('call');
    await panel.keyboard.type('Called Ada: wants a demo in March.');
    await panel.keyboard.press('Tab');
    expect((await focused(panel)).text).toBe('Log activity');
    await panel.keyboard.press('Enter');
    await panel.getByRole('list', { name: 'Activities' }).getByText('wants a demo in March').waitFor({ timeout: 10_000 });
    expect((await focused(panel)).text).toBe('Log activity');

    // Convert: focus on the step's title; a deal too; then the new person's name has focus.
    await tabTo(panel, /^Convert$/);
    await panel.keyboard.press('Enter');
    await expect.poll(() => focused(panel), { timeout: 10_000 }).toMatchObject({ tag: 'H2', text: 'Convert Ada Lovelace' });
    await tabTo(panel, /Create an opportunity/);
    expect((await focused(panel)).tag).toBe('INPUT');
    await panel.keyboard.press('Space');
    expect(await panel.getByLabel('Create an opportunity').isChecked()).toBe(true);
    await tabTo(panel, /^Convert lead$/);
    await panel.keyboard.press('Enter');
    await panel.locator('article.record[data-type=people]').waitFor({ timeout: 15_000 });
    await expect.poll(() => focused(panel), { timeout: 10_000 }).toMatchObject({ tag: 'H2', text: 'Ada Lovelace' });

    // Open the deal from the person's related records.
    await panel.getByRole('link', { name: 'Analytical Engines Ltd - Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await tabTo(panel, /^Analytical Engines Ltd - Ada Lovelace$/);
    await panel.keyboard.press('Enter');
    await panel.locator('article.record[data-type=opportunities]').waitFor({ timeout: 15_000 });
    await expect.poll(() => focused(panel), { timeout: 10_000 }).toMatchObject({ tag: 'H2', text: 'Analytical Engines Ltd - Ada Lovelace' });
    const stageBefore = await panel.locator('.record-head .ds-badge').textContent();

    // Move it a stage: focus stays on the action, which now names the stage after.
    await tabTo(panel, /^Move to /);
    const target = (await focused(panel)).text.replace(/^Move to /, '');
    await panel.keyboard.press('Enter');
    await panel.locator('.record-head .ds-badge').filter({ hasText: target }).waitFor({ timeout: 10_000 });
    expect(target).not.toBe(stageBefore);
    expect((await focused(panel)).text).toMatch(/^(Move to |Last stage)/);

    // Mark won: the action goes away with the open state; focus moves to the deal's name.
    await tabTo(panel, /^Mark won$/);
    await panel.keyboard.press('Enter');
    await panel.locator('.record-head .ds-badge').filter({ hasText: 'Won' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => focused(panel)).toMatchObject({ tag: 'H2', text: 'Analytical Engines Ltd - Ada Lovelace' });
    await screenshot(panel, 'keyboard-journey-won');
  });
});
