import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { engineCall, launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';

/**
 * The board and the tables in Chromium (issue 12, "What a user met"): moving a board card by
 * keyboard keeps focus on it; "+ Deal" makes a deal at that stage; every column sorts, not only
 * Name; the selection stays after a bulk action so the next one works; the tag filter applies
 * as you type. Plus drag, won/lost, bulk delete, undo and the trash (issue 7).
 */
describe('dashboard in Chromium', () => {
  let l: Launched;
  let dash: Page;
  beforeAll(async () => {
    l = await launchExtension();
    dash = await openPage(l, 'dashboard.html#/board', { width: 1280, height: 900 });
    await dash.getByRole('region', { name: 'Stage Qualified' }).waitFor({ timeout: 15_000 });
  });
  afterAll(async () => { await l?.context.close(); });

  const get = async (collection: string, id: string) => ((await engineCall(dash, { op: 'get', collection, id })).value as Record<string, unknown>);
  const create = async (collection: string, input: unknown) => {
    const r = await engineCall(dash, { op: 'create', collection, input });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return (r.value as { id: string }).id;
  };
  const stage = (name: string) => dash.getByRole('region', { name: `Stage ${name}` });
  const focusedCard = () => dash.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('.card')?.getAttribute('data-id') ?? document.activeElement?.tagName ?? null);

  it('moves a deal by drag and by keyboard (focus stays on the card), shows what a rep needs on it, then marks it won or lost', async () => {
    const deal = await create('opportunities', { name: 'Engines for the Navy', pipelineId: 'sales', stageId: 'qualified', monetaryValue: 5000, currency: 'USD', closeDate: '2020-01-31' });
    const other = await create('opportunities', { name: 'Looms for Jacquard', pipelineId: 'sales', stageId: 'qualified', monetaryValue: 700 });
    await create('tasks', { name: 'Send the quote', related: { type: 'opportunities', id: deal }, dueAt: Date.now() + 86_400_000 });
    const card = dash.locator(`.card[data-id="${deal}"]`);
    await stage('Qualified').locator(`.card[data-id="${deal}"]`).waitFor();
    await expect.poll(() => stage('Qualified').locator('.total').textContent()).toContain('$5,700');
    // The card: owner by name (the user, before they gave a name: "You"), value, close date past, next task, days in stage.
    await expect.poll(() => card.textContent()).toContain('Next: Send the quote');
    const text = (await card.textContent())!;
    expect(text).toContain('$5,000');
    expect(text).toContain('(past)');
    expect(text).toContain('0 days in stage');
    expect(text).toMatch(/Next: Send the quote, due tomorrow, \d/); // in words, as the task lists say it
    expect(text).not.toMatch(/\b[0-9a-f]{16,}\b/); // no raw member id

    await card.dragTo(stage('Presentation'));
    await stage('Presentation').locator(`.card[data-id="${deal}"]`).waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await get('opportunities', deal)).winProbability).toBe(20);

    // Keyboard: focus the card, `]` moves it one stage right, and focus is still on it there.
    await stage('Presentation').locator(`.card[data-id="${deal}"]`).focus();
    await dash.keyboard.press(']');
    await stage('Contract Sent').locator(`.card[data-id="${deal}"]`).waitFor({ timeout: 10_000 });
    await expect.poll(focusedCard).toBe(deal);
    await dash.keyboard.press('[');
    await stage('Presentation').locator(`.card[data-id="${deal}"]`).waitFor({ timeout: 10_000 });
    await expect.poll(focusedCard).toBe(deal);
    await dash.keyboard.press(']');
    await stage('Contract Sent').locator(`.card[data-id="${deal}"]`).waitFor({ timeout: 10_000 });
    await expect.poll(focusedCard).toBe(deal);
    expect((await get('opportunities', deal)).winProbability).toBe(40);
    await screenshot(dash, 'dashboard-board-moved');

    // Won from the keyboard: the card leaves, the won summary counts it.
    await dash.keyboard.press('w');
    await expect.poll(async () => (await get('opportunities', deal)).status).toBe('won');
    await expect.poll(() => card.count()).toBe(0);
    await expect.poll(() => dash.locator('.board-summary .won dd').textContent()).toBe('1 · $5,000.00');

    // Lost needs a reason: a clear message on the card, then with a reason it goes.
    await dash.getByRole('button', { name: 'Mark Looms for Jacquard lost' }).click();
    await dash.getByRole('button', { name: 'Confirm lost' }).click();
    await dash.locator(`.card[data-id="${other}"] .ds-error`).getByText('Choose why it was lost.').waitFor();
    await dash.getByLabel('Loss reason').selectOption('price');
    await dash.getByRole('button', { name: 'Confirm lost' }).click();
    await expect.poll(async () => (await get('opportunities', other)).status).toBe('lost');
    expect((await get('opportunities', other)).lossReasonId).toBe('price');
  });

  it('"+ Deal" on a stage makes a deal there; a missing name is said under the field', async () => {
    await dash.getByRole('button', { name: 'New deal in Follow-up' }).click();
    const dialog = dash.getByRole('dialog', { name: 'New deal' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Stage').inputValue()).toBe('follow-up');
    await dialog.getByRole('button', { name: 'Create deal' }).click();
    await dialog.getByText('Name the deal.').waitFor();
    await dialog.getByLabel('Name', { exact: true }).fill('Calculating engine');
    await dialog.getByLabel(/^Value/).fill('12000');
    await dialog.getByRole('button', { name: 'Create deal' }).click();
    await stage('Follow-up').locator('.card', { hasText: 'Calculating engine' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => dash.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('.card')?.textContent ?? '')).toContain('Calculating engine');
    await screenshot(dash, 'dashboard-board-1280');
  });

  it('sorts by any column, keeps the selection through bulk actions, filters by tag as you type', async () => {
    for (const [first, status, tag, title] of [['Alan', 'unqualified', 'vip', 'CTO'], ['Barbara', 'new', '', 'Buyer'], ['Claude', 'open', 'vip', 'Analyst']] as const) {
      await create('leads', { name: { first, last: 'Test' }, statusId: status, tags: tag ? [tag] : [], title });
    }
    await dash.goto(`chrome-extension://${l.extensionId}/dashboard.html#/table/leads`);
    const rows = dash.locator('tbody tr[data-id]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    const names = async () => (await rows.locator('th').allTextContents());
    expect(await names()).toEqual(['Alan Test', 'Barbara Test', 'Claude Test']);
    await dash.getByRole('button', { name: 'Name', exact: true }).click();
    await expect.poll(names).toEqual(['Claude Test', 'Barbara Test', 'Alan Test']);
    // Not only Name: Status sorts in the admin's order (New, Open, Unqualified), Title alphabetically.
    await dash.getByRole('button', { name: 'Status', exact: true }).click();
    await expect.poll(names).toEqual(['Barbara Test', 'Claude Test', 'Alan Test']);
    expect(await dash.getByRole('columnheader', { name: /Status/ }).getAttribute('aria-sort')).toBe('ascending');
    await dash.getByRole('button', { name: 'Title', exact: true }).click();
    await expect.poll(names).toEqual(['Claude Test', 'Barbara Test', 'Alan Test']);

    // The tag filter applies while typing: no Enter pressed.
    await dash.locator('#tf-tag').pressSequentially('vip');
    await expect.poll(() => rows.count()).toBe(2);
    await dash.locator('#tf-tag').fill('');
    await expect.poll(() => rows.count()).toBe(3);

    // Columns: show Tags.
    await dash.getByText('Columns', { exact: true }).click();
    await dash.getByLabel('Tags', { exact: true }).check();
    await dash.getByRole('columnheader', { name: 'Tags' }).waitFor();
    await dash.getByText('Columns', { exact: true }).click();

    // Bulk: two actions in a row on the same selection.
    await dash.getByLabel('Select Alan Test').check();
    await dash.getByLabel('Select Barbara Test').check();
    await dash.locator('#bulk-field').selectOption('statusId');
    await dash.locator('#bulk-value').selectOption('junk');
    await dash.getByRole('button', { name: 'Apply to selected' }).click();
    await dash.getByRole('status').filter({ hasText: 'Status changed: 2 of 2' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => rows.filter({ hasText: 'Junk' }).count()).toBe(2);
    expect(await dash.getByLabel('Select Alan Test').isChecked()).toBe(true);
    await dash.locator('#bulk-tag').fill('q4');
    await dash.getByRole('button', { name: 'Add', exact: true }).click();
    await dash.getByRole('status').filter({ hasText: 'Tagged "q4": 2 of 2' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => rows.filter({ hasText: 'q4' }).count()).toBe(2);
    await screenshot(dash, 'dashboard-table-1280');
    await dash.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => rows.filter({ hasText: 'q4' }).count(), { timeout: 10_000 }).toBe(0);
    await dash.getByRole('button', { name: 'Clear selection' }).click();
    expect(await dash.getByLabel('Select Alan Test').isChecked()).toBe(false);

    // In place: click a cell, type, Enter saves; focus is back on the cell.
    const titleCell = rows.filter({ hasText: 'Barbara Test' }).getByRole('gridcell', { name: 'Buyer', exact: true });
    await titleCell.click();
    await dash.keyboard.press('Control+A');
    await dash.keyboard.type('Head buyer');
    await dash.keyboard.press('Enter');
    await expect.poll(() => rows.filter({ hasText: 'Head buyer' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await dash.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Head buyer');
    // The grid's keys: one tab stop, arrows move it, Enter edits, Esc leaves the value as it was.
    expect(await dash.locator('tbody [tabindex="0"]').count()).toBe(1);
    await dash.keyboard.press('ArrowLeft');
    expect(await dash.evaluate(() => document.activeElement?.textContent ?? '')).not.toContain('Head buyer');
    await dash.keyboard.press('ArrowRight');
    expect(await dash.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Head buyer');
    await dash.keyboard.press('Enter');
    await dash.getByLabel('Title of Barbara Test').waitFor();
    await dash.keyboard.press('Escape');
    await expect.poll(() => dash.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Head buyer');
    expect(await dash.locator('tbody [tabindex="0"]').count()).toBe(1);

    // Bulk delete to the trash, then restore from it.
    await dash.getByLabel('Select Claude Test').check();
    await dash.getByRole('button', { name: 'Delete selected' }).click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    await dash.getByRole('link', { name: 'Trash' }).click();
    await dash.locator('tbody tr[data-id]').filter({ hasText: 'Claude Test' }).waitFor({ timeout: 10_000 });
    await dash.getByLabel('Select Claude Test').check();
    await dash.getByRole('button', { name: 'Restore selected' }).click();
    await expect.poll(() => dash.locator('tbody tr[data-id]').count(), { timeout: 10_000 }).toBe(0);
    await dash.getByRole('link', { name: 'Leads' }).click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
  });
});
