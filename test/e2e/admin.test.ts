import { afterAll, describe, expect, it } from 'vitest';
import { engineCall, extensionWithPageAccess, launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';

/** Issue 7, test 4: a member's profile cannot turn Leads off or edit statuses; an admin's can. */
describe('admin settings in Chromium', () => {
  const open: Launched[] = [];
  afterAll(async () => { for (const l of open) await l.context.close().catch(() => {}); });

  it('refuses a member: read-only screens and "admins only" from the engine', async () => {
    const extensionDir = extensionWithPageAccess();
    const first = await launchExtension({ extensionDir });
    // A member's profile, written before the engine starts (restart on the same profile).
    const [worker] = first.context.serviceWorkers();
    await worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { set(o: unknown): Promise<void> } } } }).chrome.storage.local.set({
      'outpost.profile': { workspaceId: 'ws-member-test', memberId: 'member-1', role: 'member', name: 'Mia Member' },
    }));
    await first.context.close();
    const l = await launchExtension({ extensionDir, profileDir: first.profileDir });
    open.push(l);
    const dash = await openPage(l, 'dashboard.html#/admin', { width: 1280, height: 900 });
    await dash.getByText('Only admins can change settings').waitFor({ timeout: 15_000 });
    expect(await dash.getByLabel(/Leads enabled/).isDisabled()).toBe(true);
    await dash.getByRole('link', { name: 'Statuses and lists' }).click();
    expect(await dash.getByLabel('New lead status').isDisabled()).toBe(true);
    await dash.getByRole('heading', { name: 'Statuses and lists' }).waitFor();
    expect(await dash.getByText('Read-only', { exact: true }).count()).toBe(1);
    await screenshot(dash, 'dashboard-admin-member');

    // And the engine refuses what the screen does not offer.
    const off = await engineCall(dash, { op: 'admin', action: { action: 'setLeadsEnabled', enabled: false } });
    expect(off.ok).toBe(false);
    expect(off.error?.message).toMatch(/admins only/i);
    const add = await engineCall(dash, { op: 'admin', action: { action: 'addItem', list: 'leadStatuses', name: 'Hot' } });
    expect(add.error?.code).toBe('forbidden');
    const config = (await engineCall(dash, { op: 'config' })).value as { settings: { leadsEnabled: boolean } };
    expect(config.settings.leadsEnabled).toBe(true);
  });

  it('lets an admin turn Leads off and on and edit statuses', async () => {
    const l = await launchExtension();
    open.push(l);
    const dash = await openPage(l, 'dashboard.html#/admin', { width: 1280, height: 900 });
    const leads = dash.getByLabel(/Leads enabled/);
    await leads.waitFor({ timeout: 15_000 });
    expect(await leads.isDisabled()).toBe(false);
    await leads.uncheck();
    await expect.poll(async () => ((await engineCall(dash, { op: 'config' })).value as { settings: { leadsEnabled: boolean } }).settings.leadsEnabled).toBe(false);

    // With Leads off, the side panel captures people.
    const panel = await openPage(l, 'sidepanel.html');
    await panel.getByRole('button', { name: 'Save person' }).waitFor({ timeout: 10_000 });
    await panel.getByLabel('First name').fill('Pat');
    await panel.getByLabel('Email').fill('pat@example.org');
    await panel.getByRole('button', { name: 'Save person' }).click();
    await panel.getByRole('status').filter({ hasText: 'Person saved' }).waitFor({ timeout: 10_000 });
    await leads.check();
    await panel.getByRole('button', { name: 'Save lead' }).waitFor({ timeout: 10_000 });

    // The workspace's currency: chosen by name, confirmed in place, kept, and used by a new deal.
    await dash.getByLabel('Default currency').selectOption('EUR');
    await dash.getByRole('group', { name: 'Money' }).getByRole('status').getByText('Default currency saved: EUR').waitFor({ timeout: 10_000 });
    expect(((await engineCall(dash, { op: 'config' })).value as { settings: { defaultCurrency: string } }).settings.defaultCurrency).toBe('EUR');
    await dash.reload();
    await expect.poll(() => dash.getByLabel('Default currency').inputValue(), { timeout: 15_000 }).toBe('EUR');
    const board = await openPage(l, 'dashboard.html#/board', { width: 1280, height: 900 });
    await board.getByRole('button', { name: /^New deal in / }).first().click();
    await board.getByRole('dialog', { name: 'New deal' }).getByLabel('Value (EUR)').waitFor({ timeout: 10_000 });
    await board.close();

    // Statuses: add, rename, then an error next to the list for a duplicate name.
    await dash.getByRole('link', { name: 'Statuses and lists' }).click();
    // Focus moves to the section's heading, so keyboard users land on what they chose.
    await expect.poll(() => dash.evaluate(() => document.activeElement?.textContent)).toBe('Statuses and lists');
    await dash.getByLabel('New lead status').fill('Hot');
    await dash.getByRole('group', { name: 'Lead statuses' }).getByRole('button', { name: 'Add' }).click();
    await dash.getByLabel('Lead statuses: name of Hot').waitFor({ timeout: 10_000 });
    await dash.getByLabel('Lead statuses: name of Hot').fill('Very hot');
    await dash.getByLabel('Lead statuses: name of Hot').press('Tab');
    await dash.getByLabel('Lead statuses: name of Very hot').waitFor({ timeout: 10_000 });
    // Confirmed in place, in the section that changed.
    await dash.getByRole('group', { name: 'Lead statuses' }).getByRole('status').getByText('Renamed to “Very hot”').waitFor({ timeout: 10_000 });
    await dash.getByLabel('New lead status').fill('open');
    await dash.getByRole('group', { name: 'Lead statuses' }).getByRole('button', { name: 'Add' }).click();
    await dash.getByRole('group', { name: 'Lead statuses' }).getByRole('alert').getByText(/already one named/).waitFor({ timeout: 10_000 });
    await screenshot(dash, 'dashboard-admin');
  });
});
