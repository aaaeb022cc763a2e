import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { runAdmin } from '../../sync-server/cli/admin.ts';
import { operatorKey } from '../integration/relay/process.ts';
import { launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';
import { createTeam, joinTeam, relayProcess, syncStatus, type RelayProcess } from './support/team.ts';

/**
 * A member made a viewer while offline edits a lead; the relay refuses it when they come back.
 * Their copy showed the refused title as if saved, for good, and kept offering edits. Now the
 * record shows the team's title, a "Not saved" note keeps theirs to copy, the status line says
 * where it is, and the pages follow the role the relay holds.
 */
describe("a demoted member's offline edit, refused by the relay", () => {
  let relay: RelayProcess;
  let b: Launched;
  let workspaceId = '';
  let api = '';
  let auth: Record<string, string> = {};
  let bobId = '';
  beforeAll(async () => {
    relay = await relayProcess();
    const team = await createTeam(relay, [{ name: 'Bob', role: 'member' }]);
    workspaceId = team.workspaceId;
    const key = await operatorKey(relay.dataDir);
    const minted = await fetch(`${relay.httpUrl}/admin/workspaces/${workspaceId}/api-keys`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Alice', role: 'admin' }) });
    auth = { authorization: `Bearer ${((await minted.json()) as { token: string }).token}`, 'content-type': 'application/json' };
    api = `${relay.httpUrl}/api/v1/${workspaceId}`;
    const listed = await fetch(`${relay.httpUrl}/admin/workspaces/${workspaceId}/members`, { headers: { authorization: `Bearer ${key}` } });
    bobId = ((await listed.json()) as { members: { id: string; name: string }[] }).members.find((m) => m.name === 'Bob')!.id;
    b = await launchExtension();
    await (await joinTeam(b, 'Bob', team.links[1])).close();
  });
  afterAll(async () => {
    await b?.context.close();
    await relay?.dispose();
    if (b?.profileDir) rmSync(b.profileDir, { recursive: true, force: true });
  });

  const title = (p: Page) => p.getByLabel('Title', { exact: true });

  it("shows the team's title, keeps Bob's in a “Not saved” note to copy, and says so in the status line", async () => {
    const created = await fetch(`${api}/leads`, { method: 'POST', headers: auth, body: JSON.stringify({ name: { first: 'Ada', last: 'Lovelace' }, title: 'Engineer' }) });
    expect(created.status).toBe(201);
    const leadId = ((await created.json()) as { id: string }).id;
    const panel = await openPage(b, `sidepanel.html#/leads/${leadId}`);
    await expect.poll(() => title(panel).inputValue(), { timeout: 30_000 }).toBe('Engineer');
    await syncStatus(panel).filter({ hasText: 'All changes saved' }).waitFor({ timeout: 30_000 });

    // Bob goes offline (the relay stops) and edits the title; meanwhile he is made a viewer.
    await relay.stop();
    await syncStatus(panel).filter({ hasText: /offline/i }).waitFor({ timeout: 15_000 });
    await title(panel).fill('Founder');
    await title(panel).press('Enter');
    await syncStatus(panel).filter({ hasText: /not yet saved/ }).waitFor({ timeout: 15_000 });
    expect(await runAdmin(['set-role', '--workspace', workspaceId, '--member', bobId, '--role', 'viewer', '--data', relay.dataDir], () => {})).toBe(0);
    await relay.start();
    // The team changes the title too.
    expect((await fetch(`${api}/leads/${leadId}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ title: 'CTO' }) })).status).toBe(200);

    // Bob is back: the relay refuses his title; his copy shows the team's, and keeps his.
    const note = panel.getByRole('region', { name: 'Not saved' });
    await note.waitFor({ timeout: 30_000 });
    await expect.poll(() => title(panel).inputValue(), { timeout: 30_000 }).toBe('CTO');
    await expect.poll(() => note.innerText()).toMatch(/Viewers cannot change this workspace\.[\s\S]*Title[\s\S]*Founder/);
    await syncStatus(panel).filter({ hasText: 'Saved, except changes the relay refused: Viewers cannot change this workspace.' }).waitFor({ timeout: 15_000 });
    // The relay says he is a viewer now: his pages stop offering edits, and his profile keeps it.
    await expect.poll(() => title(panel).isEditable(), { timeout: 15_000 }).toBe(false);
    expect(await panel.getByRole('button', { name: 'Convert' }).count()).toBe(0);
    const storedRole = () => panel.evaluate(async () => JSON.stringify((await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('outpost.profile'))['outpost.profile']));
    await expect.poll(storedRole, { timeout: 10_000 }).toMatch(/"role":"viewer"/);
    await screenshot(panel, 'refused-not-saved');
    await note.getByRole('button', { name: 'Copy what you wrote: Title' }).click();
    await note.getByRole('status').filter({ hasText: 'Copied: Title' }).waitFor({ timeout: 5000 });
    // What was copied, pasted into a scratch box (the page may write the clipboard, not read it).
    await panel.evaluate(() => { const t = document.createElement('textarea'); t.id = 'paste-check'; document.body.append(t); t.focus(); });
    await panel.keyboard.press('Control+V');
    expect(await panel.evaluate(() => { const t = document.getElementById('paste-check') as HTMLTextAreaElement; t.remove(); return t.value; })).toBe('Founder');

    // Nothing of Bob's reached the team.
    const onRelay = (await (await fetch(`${api}/leads/${leadId}`, { headers: auth })).json()) as { title: string };
    expect(onRelay.title).toBe('CTO');

    // Dismissed once copied: the note goes, and stays gone after a reload.
    await note.getByRole('button', { name: 'Dismiss' }).click();
    await note.waitFor({ state: 'detached', timeout: 5000 });
    await panel.reload();
    await expect.poll(() => title(panel).inputValue(), { timeout: 30_000 }).toBe('CTO');
    expect(await panel.getByRole('region', { name: 'Not saved' }).count()).toBe(0);
  });
});
