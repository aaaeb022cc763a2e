import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { engineCall, launchExtension, openPage, screenshot, SCREENS_DIR, type Launched } from './support/ui.ts';

/**
 * Issue 12, "What a user met": the record page has a header, clickable contact values and
 * open tasks above a timeline whose emails show their new text; custom fields show and are
 * edited with typed editors; deals, people and companies can be made directly; focus lands on
 * what was opened; an overdue task says so; messages are shown once and never stale.
 */
describe('record page, create anything, messages (issue 12)', () => {
  let l: Launched;
  const ids: Record<string, string> = {};
  const QUOTED = 'Tuesday at 10 works for us.\n\nOn Mon, 2 Mar 2026 at 09:12, Sam Lee <sam@acme.example> wrote:\n> Could we see the engine next week?\n> Sam';
  beforeAll(async () => {
    l = await launchExtension();
    const p = await openPage(l, 'dashboard.html');
    for (let i = 0; i < 100 && !(await engineCall(p, { op: 'ping' }).catch(() => undefined))?.ok; i++) await p.waitForTimeout(150);
    const call = async (c: unknown) => { const r = await engineCall(p, c); if (!r.ok) throw new Error(JSON.stringify(r)); return r.value as { id: string }; };
    ids.lead = (await call({ op: 'create', collection: 'leads', input: { name: { first: 'Grace', last: 'Hopper' }, title: 'Rear Admiral', companyName: 'Navy', email: 'grace@navy.example', phones: [{ number: '+1 555 0100' }], websites: [{ url: 'https://navy.example' }] } })).id;
    await call({ op: 'logActivity', input: { typeId: 'email', parent: { type: 'leads', id: ids.lead }, details: QUOTED, email: { subject: 'Re: demo', from: 'grace@navy.example', to: ['sam@acme.example'] } } });
    await call({ op: 'create', collection: 'tasks', input: { name: 'Send the contract', related: { type: 'leads', id: ids.lead }, dueAt: Date.now() - 3_600_000 } });
    ids.company = (await call({ op: 'create', collection: 'companies', input: { name: 'Engines Ltd', emailDomain: 'engines.example' } })).id;
    await call({ op: 'admin', action: { action: 'addCustomField', input: { name: 'Budget approved', dataType: 'checkbox', availableOn: ['leads', 'companies'] } } });
    await call({ op: 'admin', action: { action: 'addCustomField', input: { name: 'Tier', dataType: 'dropdown', options: [{ name: 'Gold' }, { name: 'Silver' }], availableOn: ['leads'] } } });
    await p.close();
  });
  afterAll(async () => { await l?.context.close(); });

  const focusedText = (p: Page) => p.evaluate(() => `${document.activeElement?.tagName}:${document.activeElement?.textContent ?? ''}`);

  it('shows a header, links contact values, puts open tasks above the timeline and collapses quoted email', async () => {
    const panel = await openPage(l, `sidepanel.html#/leads/${ids.lead}`);
    const heading = panel.getByRole('heading', { name: 'Grace Hopper', level: 2 });
    await heading.waitFor({ timeout: 15_000 });
    // Focus lands on the opened record's name.
    await expect.poll(() => focusedText(panel)).toBe('H2:Grace Hopper');
    await panel.getByText('Rear Admiral · Navy').waitFor();
    await panel.locator('.record-head .ds-badge').filter({ hasText: 'New' }).waitFor();
    // Contact values are links, with safe schemes only.
    expect(await panel.getByRole('link', { name: 'Email grace@navy.example' }).first().getAttribute('href')).toBe('mailto:grace@navy.example');
    expect(await panel.getByRole('link', { name: 'Call +1 555 0100' }).first().getAttribute('href')).toBe('tel:+15550100');
    // Dialling is a link showing the number, apart from "Log call" (a "Call" button beside it read as the same thing).
    const reach = panel.getByRole('list', { name: 'Reach' });
    expect(await reach.getByRole('link', { name: 'Call +1 555 0100' }).textContent()).toBe('+1 555 0100');
    const actions = panel.getByRole('group', { name: 'Quick actions' });
    expect(await actions.getByRole('link').count()).toBe(0);
    expect(await actions.getByRole('button', { name: 'Log call', exact: true }).count()).toBe(1);
    expect(await panel.getByRole('link', { name: 'Call', exact: true }).count()).toBe(0);
    // At 360 px, in light and dark, the header's links fit (a long address ends in "…"), nothing scrolls sideways.
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMedia({ colorScheme: scheme });
      const box = await reach.boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(360);
      expect(await panel.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await panel.locator('.record-head').screenshot({ path: `${SCREENS_DIR}/record-head-reach-${scheme}-360.png` });
    }
    await panel.emulateMedia({ colorScheme: 'light' });
    expect(await panel.getByRole('link', { name: /Open website/ }).getAttribute('href')).toBe('https://navy.example/');
    // Open tasks come before the timeline; an overdue one says "Overdue".
    const timelineFollowsTasks = await panel.evaluate(() => {
      const tasks = document.querySelector('section.tasks')!; const timeline = document.querySelector('section.timeline')!;
      return (tasks.compareDocumentPosition(timeline) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    });
    expect(timelineFollowsTasks).toBe(true);
    const task = panel.locator('section.tasks li').filter({ hasText: 'Send the contract' });
    await task.getByText('Overdue', { exact: true }).waitFor();
    expect(await task.textContent()).not.toMatch(/due within a day|due soon/i);
    // The email shows its new text; the quote only on demand.
    const email = panel.locator('.activity[data-type=email]');
    await email.getByText('Tuesday at 10 works for us.').waitFor();
    expect(await email.textContent()).not.toContain('Could we see the engine');
    await email.getByRole('button', { name: 'Show quoted' }).click();
    await email.getByText(/Could we see the engine/).waitFor();
    // Filters by type.
    await panel.getByRole('button', { name: 'Emails', exact: true }).click();
    expect(await panel.locator('.activity').count()).toBe(1);
    await screenshot(panel, 'record-lead-light-360');
    await panel.close();
  });

  it('shows custom fields in their own section with typed editors that save', async () => {
    const panel = await openPage(l, `sidepanel.html#/leads/${ids.lead}`);
    const custom = panel.getByRole('region', { name: 'Custom fields' });
    await custom.waitFor({ timeout: 15_000 });
    await custom.getByLabel('Budget approved').check();
    await custom.getByLabel('Tier').selectOption({ label: 'Gold' });
    await panel.getByRole('status').filter({ hasText: 'Tier saved' }).waitFor({ timeout: 10_000 });
    await panel.reload();
    await custom.waitFor({ timeout: 15_000 });
    await expect.poll(() => custom.getByLabel('Budget approved').isChecked(), { timeout: 10_000 }).toBe(true);
    expect(await custom.getByLabel('Tier').locator('option:checked').textContent()).toBe('Gold');
    await panel.close();
  });

  it('edits in place: Esc puts the stored value back, a validation error replaces the last "saved"', async () => {
    const panel = await openPage(l, `sidepanel.html#/leads/${ids.lead}`);
    const title = panel.getByLabel('Title', { exact: true });
    await title.waitFor({ timeout: 15_000 });
    await title.fill('Commodore');
    await title.press('Escape');
    expect(await title.inputValue()).toBe('Rear Admiral');
    await title.fill('Commodore');
    await title.press('Enter');
    await panel.getByRole('status').filter({ hasText: 'Title saved' }).waitFor({ timeout: 10_000 });
    const email = panel.getByLabel('Email', { exact: true });
    await email.fill('not an email');
    await email.press('Enter');
    await panel.locator('.field:has(#f-email) .field-error').waitFor({ timeout: 10_000 });
    expect(await panel.getByText('Title saved').count()).toBe(0);
    // The error is shown once, next to its field.
    expect(await panel.getByRole('alert').count()).toBe(1);
    await email.fill('grace@navy.example');
    await email.press('Enter');
    await panel.locator('.field:has(#f-email) .field-error').waitFor({ state: 'detached', timeout: 10_000 });
    await panel.close();
  });

  it('makes a deal for a company from its page, and people and companies from "New"', async () => {
    const dash = await openPage(l, `dashboard.html#/companies/${ids.company}`, { width: 1280, height: 900 });
    await dash.getByRole('heading', { name: 'Engines Ltd', level: 2 }).waitFor({ timeout: 15_000 });
    await dash.getByRole('group', { name: 'Quick actions' }).getByRole('button', { name: 'New deal' }).click();
    const dialog = dash.getByRole('dialog', { name: 'New deal' });
    await dialog.getByText('For Engines Ltd').waitFor();
    // Nothing typed: the error is next to the name, and nothing is made.
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('A deal needs a name.').waitFor();
    await dialog.getByLabel('Deal name').fill('Engines - 40 seats');
    await dialog.getByLabel('Value').fill('40000');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dash.getByRole('heading', { name: 'Engines - 40 seats', level: 2 }).waitFor({ timeout: 15_000 });
    await expect.poll(() => focusedText(dash)).toBe('H2:Engines - 40 seats');
    await dash.getByRole('link', { name: 'Engines Ltd', exact: true }).waitFor();
    await screenshot(dash, 'record-deal-light-1280');
    // "New" → person from the header menu.
    await dash.getByRole('button', { name: 'New', exact: true }).click();
    await dash.getByRole('menuitem', { name: 'Person' }).click();
    const person = dash.getByRole('dialog', { name: 'New person' });
    await person.getByLabel('First name').fill('Katherine');
    await person.getByLabel('Last name').fill('Johnson');
    await person.getByLabel('Email').fill('kj@nasa.example');
    await person.getByRole('button', { name: 'Create' }).click();
    await dash.getByRole('heading', { name: 'Katherine Johnson', level: 2 }).waitFor({ timeout: 15_000 });
    await dash.close();
    // From the panel: a company.
    const panel = await openPage(l, 'sidepanel.html');
    await panel.getByRole('button', { name: 'New', exact: true }).click();
    await panel.getByRole('menuitem', { name: 'Company' }).click();
    const company = panel.getByRole('dialog', { name: 'New company' });
    await company.getByLabel('Company name').fill('Analytical Engines');
    await company.getByLabel('Email domain').fill('not a domain');
    await company.getByRole('button', { name: 'Create' }).click();
    await company.getByText(/domain like example\.com/).waitFor({ timeout: 10_000 });
    await company.getByLabel('Email domain').fill('analytical.example');
    await company.getByRole('button', { name: 'Create' }).click();
    await panel.getByRole('heading', { name: 'Analytical Engines', level: 2 }).waitFor({ timeout: 15_000 });
    await panel.close();
  });
});
