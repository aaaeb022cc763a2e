import type { Role } from '../../../src/domain/index.ts';
import type { TeamMember, TeamPort } from '../../../src/ui/ports.ts';

/** A TeamPort in memory, answering as the relay does (same refusals, same words). */
export function memoryTeamPort(opts: { role?: Role; url?: string } = {}): TeamPort & { all: Map<string, TeamMember> } {
  const all = new Map<string, TeamMember>();
  let n = 0;
  const add = (name: string, role: Role) => {
    const m: TeamMember = { id: `m${++n}`, name, role, createdAt: new Date().toISOString(), revokedAt: null };
    all.set(m.id, m);
    return m;
  };
  const me = add('Admin', 'admin');
  const url = opts.url ?? 'ws://relay.test:1234';
  const need = (id: string) => {
    const m = all.get(id);
    if (!m) throw new Error(`No member ${id} in workspace ws1.`);
    return m;
  };
  const keepAnAdmin = (m: TeamMember) => {
    if (m.role !== 'admin' || m.revokedAt) return;
    if ([...all.values()].every((o) => o.id === m.id || o.role !== 'admin' || o.revokedAt)) throw new Error('This is the last admin of the workspace: make another member admin first.');
  };
  const adminOnly = () => { if ((opts.role ?? 'admin') !== 'admin') throw new Error('Only admins of this workspace can do that.'); };
  return {
    all,
    relay: { url, httpUrl: url.replace(/^ws/, 'http'), workspaceId: 'ws1', memberId: me.id, role: opts.role ?? 'admin' },
    members: async () => [...all.values()].map((m) => ({ ...m })),
    async invite({ name, role, expiresInDays }) {
      adminOnly();
      const bad = [!name && 'name: Too small', !['admin', 'member', 'viewer'].includes(role) && 'role: Invalid option'].filter(Boolean);
      if (bad.length) throw new Error(`Invalid request. ${bad.join('; ')}`);
      const member = add(name, role);
      return { link: `${url}/#token=t.${member.id}.sig`, member: { ...member }, expiresAt: new Date(Date.now() + expiresInDays * 86_400_000).toISOString() };
    },
    async setRole(id, role) {
      adminOnly();
      const m = need(id);
      if (role !== 'admin') keepAnAdmin(m);
      m.role = role;
      return { ...m };
    },
    async revoke(id) {
      adminOnly();
      const m = need(id);
      keepAnAdmin(m);
      m.revokedAt = new Date().toISOString();
      return { ...m };
    },
  };
}
