import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launch, newProfileDir, openExtensionPage } from './support/browser.ts';

describe('foundation in Chromium', () => {
  const profileDir = newProfileDir();
  let context: BrowserContext | undefined;
  afterAll(async () => { await context?.close(); });

  it('creates a lead in the side panel, sees it in a second page live, and keeps it across a restart', async () => {
    const first = await launch(profileDir);
    context = first.context;
    const panel = await openExtensionPage(context, first.extensionId, 'sidepanel.html');
    const dashboard = await openExtensionPage(context, first.extensionId, 'dashboard.html#/table/leads');
    await panel.getByLabel('First name').fill('Grace');
    await panel.getByLabel('Last name').fill('Hopper');
    await panel.getByLabel('Email').fill('grace@navy.example');
    await panel.getByRole('button', { name: 'Save lead' }).click();
    await expect.poll(() => panel.getByRole('status').filter({ hasText: 'Lead saved' }).count(), { timeout: 15_000 }).toBe(1);
    // The other page sees it without a reload (Dexie's cross-page change propagation).
    await dashboard.locator('tbody tr[data-id]').filter({ hasText: 'Grace Hopper' }).waitFor({ timeout: 5_000 });

    // Invalid input: a clear message next to the field, nothing saved.
    await panel.getByLabel('First name').fill('Bad');
    await panel.getByLabel('Email').fill('not-an-email');
    await panel.getByRole('button', { name: 'Save lead' }).click();
    await expect.poll(() => panel.locator('.field-error').first().textContent(), { timeout: 10_000 }).toMatch(/email/i);

    // Search as you type.
    await dashboard.getByLabel('Search leads').fill('hop');
    await expect.poll(() => dashboard.locator('tbody tr[data-id]').count()).toBe(1);

    await context.close();
    const second = await launch(profileDir);
    context = second.context;
    const again = await openExtensionPage(context, second.extensionId, 'sidepanel.html');
    await again.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: 'Grace Hopper' }).waitFor({ timeout: 10_000 });
    expect(await again.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: 'Bad' }).count()).toBe(0);
  });
});
