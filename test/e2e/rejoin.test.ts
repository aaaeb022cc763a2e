import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { collectionMap, readRecord, recordIds } from '../../src/layout/records-doc.ts';
import { waitFor } from '../integration/relay/helpers.ts';
import { connectWorkspace } from '../integration/relay/memory-sync-store.ts';
import { allDocKeys } from '../../src/domain/routing.ts';
import { operatorKey } from '../integration/relay/process.ts';
import { engineCall, launchExtension, openPage, type Launched } from './support/ui.ts';
import { createTeam, inviteLink, joinTeam, memberCredential, relayProcess, syncStatus, type RelayProcess } from './support/team.ts';

/**
 * Issue 13: joining cannot get stuck. A member whose sign-in stops working (revoked here; a lapsed
 * one is refused the same way) keeps working on this device, leaves the workspace from Settings
 * keeping the copy, joins again with a new invite for the same member, and everything written
 * meanwhile reaches the team.
 */
describe('leaving a team workspace and joining it again', () => {
  let relay: RelayProcess;
  let b: Launched;
  let workspaceId = '';
  let key = '';
  beforeAll(async () => {
    relay = await relayProcess();
    key = await operatorKey(relay.dataDir);
    ({ workspaceId } = await createTeam(relay, []));
    b = await launchExtension();
  });
  afterAll(async () => {
    await b?.context.close();
    await relay?.dispose();
    if (b?.profileDir) rmSync(b.profileDir, { recursive: true, force: true });
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${relay.httpUrl}/admin/workspaces/${workspaceId}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    expect(res.ok, `${method} ${path}`).toBe(true);
    return (await res.json()) as { token: string; member: { id: string } };
  };
  type Config = { members: { id: string; role: string }[]; leadStatuses: { id: string; name: string }[] };
  /** The engine's settings as the dashboard reads them. */
  const engine = async <T>(page: Page, call: unknown): Promise<T> => {
    const reply = await engineCall(page, call);
    if (!reply.ok) throw new Error(reply.error?.message ?? 'engine call failed');
    return reply.value as T;
  };
  /** How many writes the relay refused because only admins may make them. */
  const adminOnlyRefusals = async () => {
    const text = await (await fetch(`${relay.httpUrl}/metrics`)).text();
    return Number(/^outpost_refusals_total\{reason="admin-only"\} (\d+)/m.exec(text)?.[1] ?? 0);
  };
  const saveLead = async (panel: Page, first: string, last: string) => {
    await panel.goto(panel.url().replace(/#.*$/, '#/'));
    await panel.getByLabel('First name', { exact: true }).fill(first);
    await panel.getByLabel('Last name', { exact: true }).fill(last);
    await panel.getByRole('button', { name: 'Save lead' }).click();
    await panel.getByRole('status').filter({ hasText: 'Lead saved' }).waitFor({ timeout: 15_000 });
  };

  it('a signed-out member leaves keeping the copy, rejoins with a new invite, and what they wrote meanwhile syncs', async () => {
    const bob = await api('POST', '/invites', { name: 'Bob', role: 'member' });
    let panel = await joinTeam(b, 'Bob', inviteLink(relay, bob.token));
    // The link was used: it cannot be used again by anyone.
    const reuse = await fetch(`${relay.httpUrl}/auth/exchange`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(reuse.status).toBe(401);
    await saveLead(panel, 'Ona', 'Online');
    await syncStatus(panel).filter({ hasText: 'All changes saved' }).waitFor({ timeout: 30_000 });

    await api('DELETE', `/members/${bob.member.id}`);
    await syncStatus(panel).filter({ hasText: /^Not syncing: .*revoked/ }).waitFor({ timeout: 15_000 });
    // Signed out, still working: this stays on the device.
    await saveLead(panel, 'Otto', 'Offline');

    // Settings → Leave, keep a copy → first run again.
    const dashboard = await openPage(b, 'dashboard.html#/admin/members', { width: 1200, height: 900 });
    await dashboard.getByRole('button', { name: 'Leave, keep a copy on this device' }).click({ timeout: 20_000 });
    await panel.close();
    await dashboard.close();
    // The kept copy is this device's own workspace, Bob its admin: its start seeds the settings the
    // team never had (no admin opened the extension yet), Bob listed as admin. Bob renames a status.
    const local = await openPage(b, 'dashboard.html#/', { width: 1200, height: 900 });
    let kept!: Config;
    await waitFor(async () => {
      kept = await engine<Config>(local, { op: 'config' }).catch(() => ({ members: [], leadStatuses: [] }));
      return kept.members.some((m) => m.id === bob.member.id && m.role === 'admin');
    }, 20_000, 'the kept copy seeded with Bob as its admin');
    const status = kept.leadStatuses[0].id;
    await engine(local, { op: 'admin', action: { action: 'renameItem', list: 'leadStatuses', id: status, name: 'Bob only' } });
    await local.close();
    const refusedBefore = await adminOnlyRefusals();

    const again = await api('POST', '/invites', { name: 'Bob', role: 'member', memberId: bob.member.id });
    panel = await joinTeam(b, 'Bob', inviteLink(relay, again.token));
    await syncStatus(panel).filter({ hasText: 'All changes saved' }).waitFor({ timeout: 30_000 });
    // The team's settings won: nothing of the kept copy's was pushed and refused, and Bob's copy
    // shows neither himself as admin nor the rename the relay would not take.
    const rejoined = await engine<Config & { me: { role: string } }>(panel, { op: 'config' });
    expect(rejoined.me.role).toBe('member');
    expect(rejoined.members.filter((m) => m.id === bob.member.id)).toEqual([]);
    expect(rejoined.leadStatuses.map((s) => s.name)).not.toContain('Bob only');
    expect(await adminOnlyRefusals()).toBe(refusedBefore);

    // The team sees both leads, the one written while signed out included.
    const reader = connectWorkspace({ wsUrl: relay.wsUrl }, workspaceId, await memberCredential(relay, workspaceId, { name: 'Auditor', role: 'viewer' }));
    const names = () => allDocKeys().filter((k) => k.startsWith('records/')).flatMap((k) => {
      const map = collectionMap(reader.store.doc(k), 'leads');
      return recordIds(map).map((id) => (readRecord(map, 'leads', id) as { name?: { first?: string } } | null)?.name?.first);
    }).sort();
    try {
      await waitFor(() => names().join() === 'Ona,Otto', 15_000, 'both leads on the relay');
    } finally {
      reader.connection.destroy();
    }
  });

  it('a member who leaves and erases this device\'s copy starts empty, and the team\'s records leave the device', async () => {
    const stored = async (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
    const dashboard = await openPage(b, 'dashboard.html#/admin/members', { width: 1200, height: 900 });
    expect(await stored(dashboard)).toContain(`outpost:${workspaceId}:docs`);
    await dashboard.getByRole('button', { name: "Leave and erase this device's copy" }).click({ timeout: 20_000 });
    const page = await openPage(b, 'dashboard.html#/', { width: 1200, height: 900 });
    let names: string[] = [];
    await waitFor(async () => {
      names = await stored(page);
      return !names.some((n) => n.includes(workspaceId));
    }, 45_000, 'the left workspace\'s databases erased').catch(async (e: Error) => {
      const queue = await page.evaluate(async () => (await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('outpost.erase')));
      throw new Error(`${e.message}: ${names.join(', ')}; queue ${JSON.stringify(queue)}`);
    });
    // First run again, on a new empty workspace.
    const panel = await openPage(b, 'sidepanel.html');
    await panel.getByRole('button', { name: 'Set up: just me or join my team' }).waitFor({ timeout: 30_000 }).catch(async (e) => { await panel.screenshot({ path: '/tmp/rj-panel.png' }); throw e; });
    await panel.close();
    await dashboard.close();
    const profile = await page.evaluate(async () => {
      const { chrome } = globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } };
      return (await chrome.storage.local.get('outpost.profile'))['outpost.profile'] as { workspaceId: string; relay?: unknown };
    });
    expect(profile.workspaceId).not.toBe(workspaceId);
    expect(profile.relay).toBeUndefined();
    await page.close();
  });
});
