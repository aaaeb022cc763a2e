import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayTeamPort } from '../../../src/ext/team.ts';
import { parseInvite } from '../../../src/ext/first-run.ts';
import { teamPortContract } from '../../unit/ui/team-contract.ts';
import { client, startTestRelay, waitFor } from './helpers.ts';

/** Issue 7: the dashboard's members and invites, through the relay's HTTP admin API. */
describe('TeamPort over the relay admin API', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  beforeAll(async () => { t = await startTestRelay(); });
  afterAll(async () => { await t.stop(); });

  const adminPort = async () => {
    const { workspace, invite: first } = await t.relay.registry.createWorkspace('Acme', 'Ann');
    const invite = await t.relay.registry.exchange(first.token);
    return relayTeamPort({ url: t.relay.wsUrl, token: invite.token, workspaceId: workspace.id, memberId: invite.member.id, role: 'admin' });
  };

  describe('contract', () => teamPortContract(adminPort));

  it('mints an invite first run accepts, and the invited member connects with it', async () => {
    const team = await adminPort();
    const invite = await team.invite({ name: 'Mo', role: 'member', expiresInDays: 30 });
    const parsed = parseInvite(invite.link);
    expect(parsed).toMatchObject({ url: t.relay.wsUrl, workspaceId: team.relay.workspaceId, memberId: invite.member.id, role: 'member' });
    const c = client(t.relay, parsed.workspaceId, 'records/0', (await t.relay.registry.exchange(parsed.token)).token);
    await c.whenSynced;
    await team.revoke(invite.member.id);
    await waitFor(() => c.status.get().connection === 'refused', 5000, 'revoked member refused');
    c.destroy();
  });

  it('a new invite link for a revoked member brings them back; their old credential stays dead', async () => {
    const team = await adminPort();
    const first = await team.invite({ name: 'Rex', role: 'member', expiresInDays: 1 });
    const old = (await t.relay.registry.exchange(parseInvite(first.link).token)).token;
    await team.revoke(first.member.id);
    const again = await team.invite({ name: 'Rex', role: 'viewer', expiresInDays: 1, memberId: first.member.id });
    expect(again.member).toMatchObject({ id: first.member.id, role: 'viewer', revokedAt: null });
    expect((await t.relay.registry.access(old, team.relay.workspaceId)).ok).toBe(false);
    const c = client(t.relay, team.relay.workspaceId, 'records/0', (await t.relay.registry.exchange(parseInvite(again.link).token)).token);
    await c.whenSynced;
    c.destroy();
  });

  it('a member reads the list but cannot administer; a token of another workspace is refused', async () => {
    const team = await adminPort();
    const invite = await team.invite({ name: 'Mia', role: 'member', expiresInDays: 1 });
    const asMember = relayTeamPort({ ...parseInvite(invite.link), token: (await t.relay.registry.exchange(parseInvite(invite.link).token)).token, role: 'member' });
    expect((await asMember.members()).map((m) => m.name).sort()).toEqual(['Ann', 'Mia']);
    await expect(asMember.invite({ name: 'X', role: 'admin', expiresInDays: 1 })).rejects.toThrow('Only admins of this workspace can do that.');
    await expect(asMember.setRole(invite.member.id, 'admin')).rejects.toThrow(/Only admins/);
    const other = await adminPort();
    const foreign = relayTeamPort({ ...parseInvite(invite.link), workspaceId: other.relay.workspaceId, role: 'admin' });
    await expect(foreign.members()).rejects.toThrow(/another workspace/);
    await team.revoke(invite.member.id);
    await expect(asMember.members()).rejects.toThrow(/revoked/);
  });

  it('answers extension pages with CORS headers, and no other site', async () => {
    const team = await adminPort();
    const url = `${t.relay.httpUrl}/admin/workspaces/${team.relay.workspaceId}/members/x`;
    const pre = (origin: string) => fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type' } });
    const ok = await pre('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/PATCH/);
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/DELETE/);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect((await pre('moz-extension://1234')).headers.get('access-control-allow-origin')).toBe('moz-extension://1234');
    expect((await pre('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('says so when the relay is down', async () => {
    const other = await startTestRelay();
    const { workspace, invite: first } = await other.relay.registry.createWorkspace('Gone');
    const invite = await other.relay.registry.exchange(first.token);
    const team = relayTeamPort({ url: other.relay.wsUrl, token: invite.token, workspaceId: workspace.id, memberId: invite.member.id, role: 'admin' });
    expect(await team.members()).toHaveLength(1);
    await other.stop();
    await expect(team.members()).rejects.toThrow(`The relay at ${team.relay.httpUrl} cannot be reached`);
    await expect(team.invite({ name: 'Z', role: 'member', expiresInDays: 1 })).rejects.toThrow(/cannot be reached/);
  });
});
