import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';
import { createWorkspaceInUi, invite, joinTeam, relayProcess, syncStatus, type RelayProcess } from './support/team.ts';

/**
 * Issue 14 §3 "no silent overwrites", end to end: two Chromium profiles on one relay (a child
 * process on 127.0.0.1) set the same field of one lead while the relay is down. After it comes
 * back both show the field with "2 values", who set each; one is kept in one click and both
 * profiles agree, with the marker gone and the dashboard's Conflicts view empty.
 */
describe('two teammates set one field offline', () => {
  let relay: RelayProcess;
  let a: Launched;
  let b: Launched;
  let panelA: Page;
  let panelB: Page;

  beforeAll(async () => {
    relay = await relayProcess();
    [a, b] = await Promise.all([launchExtension(), launchExtension()]);
    const created = await createWorkspaceInUi(a, 'Alice', relay, 'Acme');
    panelA = created.panel;
    panelB = await joinTeam(b, 'Bob', (await invite(relay, created.workspaceId, { name: 'Bob', role: 'member' })).link);
  });
  afterAll(async () => {
    await Promise.all([a?.context.close(), b?.context.close()]);
    await relay?.dispose();
    for (const dir of [a?.profileDir, b?.profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const title = (p: Page) => p.getByLabel('Title', { exact: true });
  const marker = (p: Page) => p.getByRole('button', { name: /^2 values/ });
  const openLead = async (p: Page, name: string) => {
    await p.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: name }).click({ timeout: 30_000 });
    await p.getByRole('heading', { name }).waitFor();
  };

  it('shows both values after reconnecting, keeps one in a click, and both profiles agree', async () => {
    await panelA.getByLabel('First name', { exact: true }).fill('Ada');
    await panelA.getByLabel('Last name', { exact: true }).fill('Lovelace');
    await panelA.getByRole('button', { name: 'Save lead' }).click();
    await panelA.getByRole('button', { name: 'open it' }).click({ timeout: 30_000 });
    await panelA.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await openLead(panelB, 'Ada Lovelace');

    await relay.stop();
    for (const p of [panelA, panelB]) await syncStatus(p).filter({ hasText: /offline/i }).waitFor({ timeout: 15_000 });
    await title(panelA).fill('CEO');
    await title(panelA).press('Enter');
    await title(panelB).fill('Founder');
    await title(panelB).press('Enter');
    for (const p of [panelA, panelB]) await syncStatus(p).filter({ hasText: /not yet saved/ }).waitFor({ timeout: 15_000 });
    // No marker while each side has only seen its own edit.
    expect(await marker(panelA).count()).toBe(0);

    await relay.start();
    for (const p of [panelA, panelB]) await syncStatus(p).filter({ hasText: 'All changes saved' }).waitFor({ timeout: 30_000 });
    await expect.poll(async () => [await title(panelA).inputValue(), await title(panelB).inputValue()], { timeout: 30_000 })
      .toSatisfy(([x, y]) => x === y && ['CEO', 'Founder'].includes(x));
    const shown = await title(panelA).inputValue();
    const dropped = shown === 'CEO' ? 'Founder' : 'CEO';
    for (const p of [panelA, panelB]) await marker(p).waitFor({ timeout: 30_000 });
    await screenshot(panelB, 'conflict-marker-b');

    // Both values, who set each, when.
    await marker(panelA).click();
    const values = panelA.getByRole('group', { name: 'Values of Title' });
    await values.waitFor();
    const text = await values.innerText();
    expect(text).toContain(`“${shown}”`);
    expect(text).toContain(`“${dropped}”`);
    expect(text).toMatch(/set by Alice/);
    expect(text).toMatch(/set by Bob/);
    await screenshot(panelA, 'conflict-values-a');

    // The workspace's Conflicts view lists it too.
    const dashB = await openPage(b, 'dashboard.html#/conflicts', { width: 1280, height: 900 });
    const listed = dashB.getByRole('list', { name: 'Open conflicts' });
    await listed.getByRole('listitem').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 30_000 });
    await screenshot(dashB, 'conflicts-view-b');

    // A keeps the value that lost: a normal edit that syncs; the conflict clears everywhere.
    await values.getByRole('button', { name: `Keep “${dropped}” for Title` }).click();
    for (const p of [panelA, panelB]) {
      await expect.poll(() => title(p).inputValue(), { timeout: 30_000 }).toBe(dropped);
      await marker(p).waitFor({ state: 'detached', timeout: 30_000 });
    }
    await dashB.getByRole('heading', { name: 'No conflicts' }).waitFor({ timeout: 30_000 });
    for (const p of [panelA, panelB]) await syncStatus(p).filter({ hasText: 'All changes saved' }).waitFor({ timeout: 30_000 });
    await screenshot(panelB, 'conflict-resolved-b');
  });
});
