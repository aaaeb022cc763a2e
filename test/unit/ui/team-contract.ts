import { expect, it } from 'vitest';
import type { TeamPort } from '../../../src/ui/ports.ts';

/**
 * What every TeamPort does, run against the in-memory port (unit) and the relay's HTTP admin
 * API (integration). `make` gives a port of a fresh workspace whose only member is its admin.
 */
export function teamPortContract(make: () => Promise<TeamPort>) {
  it('lists the admin, mints an invite whose member joins the list, changes a role, revokes', async () => {
    const team = await make();
    const [me] = await team.members();
    expect(me).toMatchObject({ id: team.relay.memberId, role: 'admin', revokedAt: null });
    const invite = await team.invite({ name: 'Sam', role: 'viewer', expiresInDays: 2 });
    expect(invite.member).toMatchObject({ name: 'Sam', role: 'viewer', revokedAt: null });
    expect(invite.link.startsWith(`${team.relay.url.replace(/\/+$/, '')}/#token=`)).toBe(true);
    const days = (Date.parse(invite.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(1.9);
    expect(days).toBeLessThan(2.1);
    expect((await team.members()).map((m) => m.name).sort()).toEqual([me.name, 'Sam'].sort());
    expect(await team.setRole(invite.member.id, 'member')).toMatchObject({ id: invite.member.id, role: 'member' });
    const revoked = await team.revoke(invite.member.id);
    expect(revoked.revokedAt).toEqual(expect.any(String));
    expect((await team.members()).find((m) => m.id === invite.member.id)?.revokedAt).toEqual(revoked.revokedAt);
  });

  it('keeps an admin: the last active one can be neither demoted nor revoked; another admin makes it possible', async () => {
    const team = await make();
    const me = team.relay.memberId;
    await expect(team.setRole(me, 'member')).rejects.toThrow(/last admin/);
    await expect(team.revoke(me)).rejects.toThrow(/last admin/);
    const other = await team.invite({ name: 'Ada', role: 'admin', expiresInDays: 1 });
    await team.revoke(other.member.id);
    await expect(team.setRole(me, 'viewer')).rejects.toThrow(/last admin/);
    const third = await team.invite({ name: 'Bo', role: 'member', expiresInDays: 1 });
    await team.setRole(third.member.id, 'admin');
    expect(await team.setRole(me, 'member')).toMatchObject({ role: 'member' });
  });

  it('names an unknown member and refuses a bad invite with the field at fault', async () => {
    const team = await make();
    await expect(team.setRole('nobody', 'viewer')).rejects.toThrow(/No member nobody/);
    await expect(team.revoke('nobody')).rejects.toThrow(/No member nobody/);
    await expect(team.invite({ name: '', role: 'member', expiresInDays: 1 })).rejects.toThrow(/name/);
    await expect(team.invite({ name: 'X', role: 'owner' as 'admin', expiresInDays: 1 })).rejects.toThrow(/role/);
  });
}
