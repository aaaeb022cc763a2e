import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeSerious, engineCall, extensionWithPageAccess, launchExtension, openPage, screenshot, type Launched } from './support/ui.ts';
import { startTestRelay } from '../integration/relay/helpers.ts';

type Chrome = { chrome: { storage: { local: { set(o: unknown): Promise<void> } } } };

/**
 * Issue 7: the admin settings' "Team relay: members and invites" and "Web-to-lead forms", in
 * Chromium, for an admin joined to a real relay on 127.0.0.1, and for a local-only workspace.
 */
describe('admin settings: team relay and web forms in Chromium', () => {
  const open: Launched[] = [];
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  beforeAll(async () => { t = await startTestRelay(); });
  afterAll(async () => {
    for (const l of open) await l.context.close().catch(() => {});
    await t.stop();
  });

  /** A profile joined to the relay (an admin's, or a member's), written before the engine starts (restart on it). */
  async function joinedAdmin(as: 'admin' | 'member' = 'admin') {
    const { workspace, invite: adminInvite } = await t.relay.registry.createWorkspace('Acme', 'Ann');
    const invite = as === 'admin' ? adminInvite : await t.relay.registry.invite(workspace.id, { name: 'Mia', role: 'member', expiresInSeconds: 3600 });
    // As the extension holds it after joining: the invite exchanged for the member's credential.
    const credential = await t.relay.registry.exchange(invite.token);
    const extensionDir = extensionWithPageAccess();
    const first = await launchExtension({ extensionDir });
    const [worker] = first.context.serviceWorkers();
    await worker.evaluate((p) => (globalThis as unknown as Chrome).chrome.storage.local.set({ 'outpost.profile': p, 'outpost.onboarded': true }), {
      workspaceId: workspace.id, memberId: invite.member.id, role: as, name: invite.member.name, relay: { url: t.relay.wsUrl, token: credential.token, expiresAt: credential.expiresAt, renewAfter: credential.renewAfter },
    });
    await first.context.close();
    const l = await launchExtension({ extensionDir, profileDir: first.profileDir });
    open.push(l);
    return { l, workspaceId: workspace.id, adminId: invite.member.id };
  }

  it('an admin adds a web form, copies its HTML (posting to the relay works), and manages invites', async () => {
    const { l, workspaceId, adminId } = await joinedAdmin();
    const dash = await openPage(l, 'dashboard.html#/admin', { width: 1280, height: 900 });
    await dash.getByRole('link', { name: 'Web-to-lead forms' }).click({ timeout: 20_000 });
    const forms = dash.getByRole('region', { name: 'Web-to-lead forms' });
    await forms.getByRole('button', { name: 'New form' }).click({ timeout: 20_000 });

    // A bad form is refused with a clear message, then fixed.
    await forms.getByRole('button', { name: 'Add form' }).click();
    await forms.getByRole('alert').getByText('Give the form a name.').waitFor({ timeout: 10_000 });
    await forms.getByLabel('Form name').fill('Contact us');
    await forms.getByLabel('Phone required', { exact: true }).check();
    await forms.getByLabel('Page to show after sending (optional, https://…)').fill('javascript:alert(1)');
    await forms.getByRole('button', { name: 'Add form' }).click();
    await forms.getByRole('alert').getByText(/http:\/\/ or https:\/\//).waitFor({ timeout: 10_000 });
    await forms.getByLabel('Page to show after sending (optional, https://…)').fill('');
    await forms.getByRole('button', { name: 'Add form' }).click();

    const html = forms.getByLabel('HTML of Contact us', { exact: true });
    await html.waitFor({ timeout: 10_000 });
    const config = (await engineCall(dash, { op: 'config' })).value as { forms: { id: string; name: string; fields: string[]; required: string[] }[] };
    const form = config.forms.find((f) => f.name === 'Contact us')!;
    expect(form).toMatchObject({ fields: ['name', 'email', 'phone', 'message'], required: ['email', 'phone'] });
    const snippet = await html.inputValue();
    const action = `${t.relay.httpUrl}/forms/${workspaceId}/${form.id}`;
    expect(snippet).toContain(`<form method="post" action="${action}"`);
    expect(snippet).toMatch(/<input id="[^"]+" name="phone" type="tel" autocomplete="tel" required>/);
    expect(snippet).toContain('name="_hp"');
    await forms.getByRole('button', { name: 'Copy: HTML of Contact us' }).click();
    await forms.getByRole('status').filter({ hasText: /Copied|the text is selected/ }).waitFor({ timeout: 5_000 });

    // The snippet's address takes a post once the form reached the relay (the config doc syncs).
    let posted: Response | undefined;
    await expect.poll(async () => {
      posted = await fetch(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: 'name=Ada+Lovelace&email=ada%40example.com&phone=%2B44+20+7946+0000' });
      return posted.status;
    }, { timeout: 15_000, interval: 300 }).toBe(201);

    // Members and invites through the relay's admin API.
    await dash.getByRole('link', { name: 'Members and team relay' }).click();
    const team = dash.getByRole('region', { name: 'Team relay: members and invites' });
    await team.getByRole('rowheader', { name: 'Ann (you)' }).waitFor({ timeout: 10_000 });
    await team.getByRole('button', { name: 'Create invite' }).click();
    await team.getByRole('alert').getByText(/Give the invitee a name/).waitFor({ timeout: 5_000 });
    await team.getByLabel('Invitee name').fill('Sam');
    await team.getByLabel('Invite as').selectOption('viewer');
    await team.getByLabel('Valid for (days)').fill('7');
    await team.getByRole('button', { name: 'Create invite' }).click();
    const link = team.getByLabel('Invite link for Sam', { exact: true });
    await link.waitFor({ timeout: 10_000 });
    expect(await link.inputValue()).toMatch(new RegExp(`^${t.relay.wsUrl.replace(/[.]/g, '\\.')}/#token=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    const sam = (await t.relay.registry.listMembers(workspaceId)).find((m) => m.name === 'Sam')!;
    expect(sam.role).toBe('viewer');
    await team.getByRole('rowheader', { name: 'Sam' }).waitFor({ timeout: 5_000 });

    // The workspace's own member list (owner and assignee pickers) follows: Sam, as a viewer.
    await expect.poll(() => dash.getByLabel('Role of Sam', { exact: true }).inputValue().catch(() => ''), { timeout: 10_000 }).toBe('viewer');

    await team.getByLabel('Relay role of Sam').selectOption('member');
    await expect.poll(async () => (await t.relay.registry.getMember(workspaceId, sam.id))?.role, { timeout: 10_000 }).toBe('member');
    await expect.poll(() => dash.getByLabel('Role of Sam', { exact: true }).inputValue().catch(() => ''), { timeout: 10_000 }).toBe('member');
    // The last admin cannot step down: no role picker on their row, in either list, and it says why.
    const annRow = team.getByRole('row', { name: /Ann \(you\)/ });
    await annRow.getByText('Only admin', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await annRow.locator('[title]').first().getAttribute('title')).toMatch(/only admin: make another member admin/);
    expect(await team.getByLabel('Relay role of Ann').count()).toBe(0);
    expect(await dash.getByLabel('Role of Ann', { exact: true }).count()).toBe(0);
    await dash.getByText('You are the only admin: make another member admin before you change your own role.').waitFor();
    expect((await t.relay.registry.getMember(workspaceId, adminId))?.role).toBe('admin');

    await team.getByRole('button', { name: 'Revoke Sam' }).click();
    await team.getByRole('button', { name: 'Yes, revoke' }).click();
    await team.getByRole('row', { name: /Sam/ }).getByText(/^Revoked [A-Z][a-z]{2} \d{1,2}, \d{4}$/).waitFor({ timeout: 10_000 });
    expect((await t.relay.registry.getMember(workspaceId, sam.id))?.revokedAt).toEqual(expect.any(String));
    await expect.poll(() => dash.getByLabel('Role of Sam', { exact: true }).count(), { timeout: 10_000 }).toBe(0);
    expect(await axeSerious(dash)).toEqual([]);
    await screenshot(dash, 'dashboard-admin-team');
  });

  it('a member sees the relay members read-only and the forms without editing', async () => {
    const { l } = await joinedAdmin('member');
    const dash = await openPage(l, 'dashboard.html#/admin/members', { width: 1280, height: 900 });
    const team = dash.getByRole('region', { name: 'Team relay: members and invites' });
    await team.getByRole('rowheader', { name: 'Mia (you)' }).waitFor({ timeout: 20_000 });
    await team.getByRole('rowheader', { name: 'Ann' }).waitFor({ timeout: 5_000 });
    await team.getByText(/you see the list read-only/).waitFor();
    expect(await team.getByRole('button').count()).toBe(0);
    expect(await team.getByRole('combobox').count()).toBe(0);
    await dash.getByRole('link', { name: 'Web-to-lead forms' }).click();
    await dash.getByRole('region', { name: 'Web-to-lead forms' }).waitFor();
    expect(await dash.getByRole('region', { name: 'Web-to-lead forms' }).getByRole('button', { name: 'New form' }).count()).toBe(0);
  });

  it('a local-only workspace explains that invites and forms need a relay', async () => {
    const l = await launchExtension();
    open.push(l);
    const dash = await openPage(l, 'dashboard.html#/admin/members', { width: 1280, height: 900 });
    const team = dash.getByRole('region', { name: 'Team relay: members and invites' });
    await team.getByText(/invites need a team relay/).waitFor({ timeout: 20_000 });
    expect(await team.getByRole('button').count()).toBe(0);
    await dash.getByRole('link', { name: 'Web-to-lead forms' }).click();
    const forms = dash.getByRole('region', { name: 'Web-to-lead forms' });
    await forms.getByText(/Web forms need a team relay/).waitFor({ timeout: 5_000 });
    expect(await forms.getByRole('button', { name: 'New form' }).count()).toBe(0);
  });
});
