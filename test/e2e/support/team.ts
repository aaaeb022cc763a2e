import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { freePort, operatorKey, spawnRelay } from '../../integration/relay/process.ts';
import { openPage, type Launched } from './ui.ts';

/**
 * The real relay as a child process on 127.0.0.1 (a free port, a temp data folder) that a test
 * can stop and start again on the same port and folder, to take every browser offline and back.
 */
export async function relayProcess() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-team-relay-'));
  let running: Awaited<ReturnType<typeof spawnRelay>> | null = null;
  const relay = {
    port,
    dataDir,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    async start() {
      running = await spawnRelay(['--port', String(port), '--data', dataDir]);
    },
    /** SIGTERM: the relay closes its sockets and storage; browsers see the connection drop. */
    async stop() {
      await running?.kill('SIGTERM');
      running = null;
    },
    async dispose() {
      await relay.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await relay.start();
  return relay;
}
export type RelayProcess = Awaited<ReturnType<typeof relayProcess>>;

async function postJson<T>(url: string, bearer: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type Invite = { token: string; member: { id: string; name: string } };

/**
 * A workspace made through the relay's admin HTTP API (the operator key from its data folder),
 * with the first admin's invite and one invite per extra member, as links a user pastes.
 */
export async function createTeam(relay: RelayProcess, members: { name: string; role: 'admin' | 'member' | 'viewer' }[]) {
  const key = await operatorKey(relay.dataDir);
  const created = await postJson<{ workspace: { id: string }; invite: Invite }>(`${relay.httpUrl}/admin/workspaces`, key, { name: 'Acme', adminName: 'Alice' });
  const workspaceId = created.workspace.id;
  const invites: Invite[] = [created.invite];
  for (const m of members) invites.push(await postJson<Invite>(`${relay.httpUrl}/admin/workspaces/${workspaceId}/invites`, created.invite.token, m));
  const link = (i: Invite) => `${relay.wsUrl}/#token=${i.token}`;
  return { workspaceId, adminToken: created.invite.token, links: invites.map(link), members: invites.map((i) => i.member) };
}

/** The sync line of the status bar. */
export const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });

/**
 * First run in the side panel: "Join my team", name and invite link → the page reloads on the
 * team workspace and shows sync progress until everything is in step with the relay.
 */
export async function joinTeam(l: Launched, name: string, link: string): Promise<Page> {
  const panel = await openPage(l, 'sidepanel.html');
  await panel.getByRole('button', { name: 'Set up: just me or join my team' }).click();
  await panel.getByLabel('Join my team (invite link)').check();
  await panel.getByLabel('Your name').fill(name);
  await panel.getByLabel('Invite link (relay address and token)').fill(link);
  await Promise.all([panel.waitForEvent('load', { timeout: 30_000 }), panel.getByRole('button', { name: 'Join team' }).click()]);
  await syncStatus(panel).filter({ hasText: 'All changes saved' }).waitFor({ timeout: 30_000 });
  return panel;
}

/**
 * Types `value` into a record field of `from` and presses Enter; returns the milliseconds until
 * the same field in `to` shows it (checked in `to` on every animation frame, timed by one
 * clock: both browsers run on this machine). For the test's log and the bench's U3, never asserted.
 */
export async function editSeenAfter(from: Page, to: Page, field: { id: string; label: string }, value: string, timeout = 15_000): Promise<number> {
  const seen = to.waitForFunction(
    ([id, v]) => (document.getElementById(id) as HTMLInputElement | null)?.value === v && Date.now(),
    [field.id, value] as const,
    { polling: 'raf', timeout },
  );
  const input = from.getByLabel(field.label, { exact: true });
  await input.fill(value);
  const t0 = await from.evaluate(() => Date.now());
  await input.press('Enter');
  return ((await (await seen).jsonValue()) as number) - t0;
}
