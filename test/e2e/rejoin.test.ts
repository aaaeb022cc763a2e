import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { collectionMap, readRecord, recordIds } from '../../src/layout/records-doc.ts';
import { waitFor } from '../integration/relay/helpers.ts';
import { connectWorkspace } from '../integration/relay/memory-sync-store.ts';
import { allDocKeys } from '../../src/domain/routing.ts';
import { operatorKey } from '../integration/relay/process.ts';
import { launchExtension, openPage, type Launched } from './support/ui.ts';
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
    const again = await api('POST', '/invites', { name: 'Bob', role: 'member', memberId: bob.member.id });
    panel = await joinTeam(b, 'Bob', inviteLink(relay, again.token));
    await syncStatus(panel).filter({ hasText: 'All changes saved' }).waitFor({ timeout: 30_000 });

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
});
