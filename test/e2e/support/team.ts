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
type Role = 'admin' | 'member' | 'viewer';

/** An invite link as a user pastes it: the relay's address and the member's token. */
export const inviteLink = (relay: RelayProcess, token: string) => `${relay.wsUrl}/#token=${token}`;

/** Mints an invite through the relay's admin HTTP API with the operator key from its data folder. */
export async function invite(relay: RelayProcess, workspaceId: string, member: { name: string; role: Role }): Promise<{ token: string; link: string }> {
  const { token } = await postJson<Invite>(`${relay.httpUrl}/admin/workspaces/${workspaceId}/invites`, await operatorKey(relay.dataDir), member);
  return { token, link: inviteLink(relay, token) };
}

/** A member's own credential, as the extension holds it after joining: an invite exchanged at `POST /auth/exchange`. */
export async function memberCredential(relay: RelayProcess, workspaceId: string, member: { name: string; role: Role }): Promise<string> {
  const { token } = await invite(relay, workspaceId, member);
  return (await postJson<{ token: string }>(`${relay.httpUrl}/auth/exchange`, token, {})).token;
}

/**
 * A workspace made through the relay's admin HTTP API (the operator key from its data folder),
 * with the first admin's invite and one invite per extra member, as links a user pastes.
 */
export async function createTeam(relay: RelayProcess, members: { name: string; role: Role }[]) {
  const created = await postJson<{ workspace: { id: string }; invite: Invite }>(`${relay.httpUrl}/admin/workspaces`, await operatorKey(relay.dataDir), { name: 'Acme', adminName: 'Alice' });
  const workspaceId = created.workspace.id;
  const links = [inviteLink(relay, created.invite.token)];
  for (const m of members) links.push((await invite(relay, workspaceId, m)).link);
  return { workspaceId, links };
}

/** The sync line of the status bar. */
export const syncStatus = (page: Page) => page.getByRole('status', { name: 'Sync status' });

/**
 * First run in the side panel: pick a choice, fill in the name and what `fill` adds, submit →
 * the page reloads on the team workspace and shows sync progress until in step with the relay.
 */
async function firstRun(l: Launched, choice: string, name: string, submit: string, fill: (panel: Page) => Promise<void>): Promise<Page> {
  const panel = await openPage(l, 'sidepanel.html');
  await panel.getByRole('button', { name: 'Set up: just me or join my team' }).click();
  await panel.getByLabel(choice).check();
  await panel.getByLabel('Your name').fill(name);
  await fill(panel);
  await Promise.all([panel.waitForEvent('load', { timeout: 30_000 }), panel.getByRole('button', { name: submit }).click()]);
  await syncStatus(panel).filter({ hasText: 'All changes saved' }).waitFor({ timeout: 30_000 });
  return panel;
}

/** "Join my team" with an invite link. */
export function joinTeam(l: Launched, name: string, link: string): Promise<Page> {
  return firstRun(l, 'Join my team (invite link)', name, 'Join team', (p) => p.getByLabel('Invite link (relay address and token)').fill(link));
}

/**
 * "Create a team workspace on our relay" with the relay's address and a workspace creation token
 * the operator minted (the operator key never goes into the extension); returns the panel and the workspace id.
 */
export async function createWorkspaceInUi(l: Launched, name: string, relay: RelayProcess, workspaceName: string): Promise<{ panel: Page; workspaceId: string }> {
  const { token } = await postJson<{ token: string }>(`${relay.httpUrl}/admin/creation-tokens`, await operatorKey(relay.dataDir), { expiresInDays: 1 });
  const panel = await firstRun(l, 'Create a team workspace on our relay', name, 'Create workspace', async (p) => {
    await p.getByLabel('Relay address').fill(relay.wsUrl);
    await p.getByLabel(/^Workspace creation token/).fill(token);
    await p.getByLabel('Workspace name').fill(workspaceName);
  });
  const profile = (await panel.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('outpost.profile'))) as { 'outpost.profile': { workspaceId: string } };
  return { panel, workspaceId: profile['outpost.profile'].workspaceId };
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
