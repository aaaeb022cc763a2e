import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { engineCall, launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';

/**
 * Issue 7's saved views and issue 3's merge from the UI, in Chromium: a view saved on the leads
 * table (a filter, a sort, a column) survives a reload and brings the same rows back; two leads
 * with the same email are offered as duplicates, merged with one field chosen from each, the
 * duplicate's activity shows on the survivor's timeline, and Undo brings both back.
 */
describe('saved views and merging duplicates in Chromium', () => {
  let l: Launched;
  let dash: Page;
  const call = async (c: unknown) => { const r = await engineCall(dash, c); if (!r.ok) throw new Error(JSON.stringify(r)); return r.value as Record<string, unknown> | null; };
  const create = async (collection: string, input: unknown) => (await call({ op: 'create', collection, input }))!.id as string;
  const get = (id: string) => call({ op: 'get', collection: 'leads', id });

  beforeAll(async () => {
    l = await launchExtension();
    dash = await openPage(l, 'dashboard.html#/table/leads', { width: 1280, height: 900 });
    for (let i = 0; i < 100 && !(await engineCall(dash, { op: 'ping' }).catch(() => undefined))?.ok; i++) await dash.waitForTimeout(150);
  });
  afterAll(async () => { await l?.context.close(); });

  it('saves a view with a filter, a sort and a column, and applies it after a reload', async () => {
    for (const [first, statusId, tags] of [['Alan', 'new', ['vip']], ['Barbara', 'open', []], ['Claude', 'new', []], ['Dorothy', 'new', ['vip']]] as const) {
      await create('leads', { name: { first, last: 'Viewtest' }, statusId, tags: [...tags] });
    }
    const rows = dash.locator('tbody tr[data-id]');
    const names = () => rows.locator('th').allTextContents();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(4);
    await dash.locator('#tf-statusId').selectOption('new');
    await dash.getByRole('button', { name: 'Name', exact: true }).click();
    await dash.getByText('Columns', { exact: true }).click();
    await dash.getByLabel('Tags', { exact: true }).check();
    await dash.getByText('Columns', { exact: true }).click();
    await expect.poll(names).toEqual(['Dorothy Viewtest', 'Claude Viewtest', 'Alan Viewtest']);
    const saved = await rows.allTextContents();

    // "Save view" is in the Views menu, below the saved views.
    await dash.locator('.views-menu summary').click();
    const viewName = dash.getByLabel(/Save the current filters/);
    await viewName.fill('New leads, Z first');
    await dash.getByRole('button', { name: 'Save view' }).click();
    await dash.getByRole('status').filter({ hasText: 'View "New leads, Z first" saved' }).waitFor();
    // A second view of the same name (any case) is refused with a clear message.
    await viewName.fill('new leads, z first');
    await dash.getByRole('button', { name: 'Save view' }).click();
    await dash.getByRole('alert').filter({ hasText: 'There is already a view named "New leads, Z first" for this table.' }).waitFor();

    await dash.reload();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(4);
    await expect.poll(names).toEqual(['Alan Viewtest', 'Barbara Viewtest', 'Claude Viewtest', 'Dorothy Viewtest']);
    expect(await dash.getByRole('columnheader', { name: 'Tags' }).count()).toBe(0);
    await dash.locator('.views-menu summary').click();
    await dash.getByRole('button', { name: 'Apply view New leads, Z first' }).click();
    await expect.poll(() => rows.allTextContents()).toEqual(saved);
    await dash.getByRole('columnheader', { name: 'Tags' }).waitFor();
    expect(await dash.locator('#tf-statusId').inputValue()).toBe('new');
    expect(await dash.locator('.views-menu summary').textContent()).toBe('Views: New leads, Z first');
    await screenshot(dash, 'dashboard-saved-view');

    // Rename it, then delete it (applying closed the menu).
    await dash.locator('.views-menu summary').click();
    await dash.getByRole('button', { name: 'Rename view New leads, Z first' }).click();
    await dash.getByLabel('New name for view New leads, Z first').fill('Monday calls');
    await dash.getByRole('button', { name: 'Save name' }).click();
    await dash.getByRole('button', { name: 'Apply view Monday calls' }).waitFor();
    await dash.getByRole('button', { name: 'Delete view Monday calls' }).click();
    await dash.getByText('No saved views for this table yet.').waitFor();
  });

  it('lists a lead with the same email as a duplicate, merges it choosing fields from each, and undo brings both back', async () => {
    const keep = await create('leads', { name: { first: 'Grace', last: 'Hopper' }, email: 'grace@navy.example', title: 'Commodore', companyName: 'Navy' });
    const twin = await create('leads', { name: { first: 'Grace M.', last: 'Hopper' }, email: 'GRACE@navy.example', title: 'Rear Admiral', companyName: 'US Navy', phones: [{ number: '+1 202 555 0143' }] });
    await call({ op: 'logActivity', input: { typeId: 'call', parent: { type: 'leads', id: twin }, details: 'Talked about COBOL' } });

    await dash.goto(`chrome-extension://${l.extensionId}/dashboard.html#/leads/${keep}`);
    const dupes = dash.getByRole('region', { name: 'Possible duplicates' });
    const item = dupes.locator(`li[data-id="${twin}"]`);
    await item.waitFor({ timeout: 15_000 });
    expect(await item.textContent()).toContain('same email (grace@navy.example)');
    await dupes.getByRole('button', { name: 'Merge into this lead: Grace M. Hopper' }).click();

    const step = dupes.getByRole('group', { name: 'Merge “Grace M. Hopper” into “Grace Hopper”' });
    await step.waitFor();
    // Defaults: this lead's values; the phone (only the duplicate has one) is combined in.
    expect(await step.getByRole('radio', { name: "Keep this lead's name: Grace Hopper" }).isChecked()).toBe(true);
    expect(await step.locator('tr[data-field="phones"] .merge-result').textContent()).toBe('+1 202 555 0143 (combined)');
    await step.getByRole('radio', { name: "Keep the duplicate's title: Rear Admiral" }).check();
    await screenshot(dash, 'record-merge-step');
    await step.getByRole('button', { name: 'Merge', exact: true }).click();

    await dash.getByRole('status').filter({ hasText: 'Merged Grace M. Hopper into Grace Hopper' }).first().waitFor({ timeout: 10_000 });
    expect(await get(twin)).toBeNull();
    expect(await get(keep)).toMatchObject({ name: { first: 'Grace', last: 'Hopper' }, title: 'Rear Admiral', companyName: 'Navy', phones: [{ number: '+1 202 555 0143' }], mergedFromIds: [twin] });
    await dash.getByRole('list', { name: 'Activities' }).getByText('Talked about COBOL').waitFor({ timeout: 10_000 });
    // The duplicate is gone from the box, which now holds only the merge's confirmation.
    await expect.poll(() => dupes.getByRole('link', { name: 'Grace M. Hopper' }).count(), { timeout: 10_000 }).toBe(0);
    expect(await dash.getByRole('heading', { name: 'Grace Hopper', exact: true }).count()).toBe(1);
    await screenshot(dash, 'record-merged');

    const hoppers = () => dash.locator('tbody tr[data-id]').filter({ hasText: 'Hopper' }).count();
    await dash.getByRole('link', { name: 'Leads', exact: true }).click();
    await expect.poll(hoppers, { timeout: 10_000 }).toBe(1);

    await dash.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(hoppers, { timeout: 10_000 }).toBe(2);
    expect(await get(twin)).toMatchObject({ title: 'Rear Admiral', companyName: 'US Navy' });
    expect((await get(twin))!.mergedInto).toBeUndefined();
    const restored = (await get(keep))!;
    expect(restored).toMatchObject({ title: 'Commodore', companyName: 'Navy' });
    expect(restored.phones ?? []).toEqual([]);
    expect(restored.mergedFromIds ?? []).toEqual([]);
  });
});
