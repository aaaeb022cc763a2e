import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Storage } from '../storage/types.ts';
import { ROLES, type Role } from './roles.ts';
import { mintToken, verifyToken, type TokenKeys, type TokenClaims } from './tokens.ts';

/**
 * Workspaces, members and revoked tokens, kept in the storage's meta space so that every relay
 * sharing a Redis sees the same. The member's stored role wins over the role in the token: that
 * is how a role change reaches tokens already handed out.
 */
export const Workspace = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });
export type Workspace = z.infer<typeof Workspace>;
export const Member = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type Member = z.infer<typeof Member>;

const wsKey = (id: string) => `workspace:${id}`;
const memberKey = (ws: string, id: string) => `member:${ws}:${id}`;
const revokedTokenKey = (jti: string) => `revoked-token:${jti}`;
const newId = () => randomBytes(9).toString('base64url');

export type Access = { ok: true; claims: TokenClaims; member: Member } | { ok: false; reason: string; code: 'unauthorized' | 'forbidden' | 'notFound' };

export type Invite = { token: string; member: Member; expiresAt: string };

export type Registry = ReturnType<typeof createRegistry>;

export function createRegistry(storage: Storage, keys: TokenKeys, now: () => Date = () => new Date()) {
  const getJson = async <T>(schema: z.ZodType<T>, key: string) => {
    const raw = await storage.getMeta(key);
    return raw === undefined ? undefined : schema.parse(JSON.parse(raw));
  };
  const getMember = (ws: string, id: string) => getJson(Member, memberKey(ws, id));
  const saveMember = (m: Member) => storage.setMeta(memberKey(m.workspaceId, m.id), JSON.stringify(m));

  /** A workspace without an active admin could never invite, change a role or edit settings again. */
  const keepAnAdmin = async (workspaceId: string, leaving: Member) => {
    if (leaving.role !== 'admin' || leaving.revokedAt) return;
    const admins = (await registry.listMembers(workspaceId)).filter((m) => m.role === 'admin' && !m.revokedAt);
    if (admins.every((m) => m.id === leaving.id)) throw new RegistryError('invalid', 'This is the last admin of the workspace: make another member admin first.');
  };

  const registry = {
    getWorkspace: (id: string) => getJson(Workspace, wsKey(id)),
    getMember,
    async createWorkspace(name: string, adminName = 'Admin', expiresInSeconds = 7 * 86400) {
      const workspace: Workspace = { id: newId(), name, createdAt: now().toISOString() };
      await storage.setMeta(wsKey(workspace.id), JSON.stringify(workspace));
      const invite = await registry.invite(workspace.id, { name: adminName, role: 'admin', expiresInSeconds });
      return { workspace, invite };
    },
    async invite(workspaceId: string, input: { name: string; role: Role; expiresInSeconds: number; memberId?: string }): Promise<Invite> {
      if (!(await registry.getWorkspace(workspaceId))) throw new RegistryError('notFound', `No workspace ${workspaceId}.`);
      const existing = input.memberId ? await getMember(workspaceId, input.memberId) : undefined;
      const member: Member = existing ?? {
        id: input.memberId ?? newId(),
        workspaceId,
        name: input.name,
        role: input.role,
        createdAt: now().toISOString(),
        revokedAt: null,
      };
      if (existing) Object.assign(member, { role: input.role, revokedAt: null });
      await saveMember(member);
      const { token, exp } = await mintToken(keys, { workspaceId, memberId: member.id, role: member.role, expiresInSeconds: input.expiresInSeconds });
      return { token, member, expiresAt: new Date(exp * 1000).toISOString() };
    },
    async listMembers(workspaceId: string): Promise<Member[]> {
      if (!(await registry.getWorkspace(workspaceId))) throw new RegistryError('notFound', `No workspace ${workspaceId}.`);
      const rows = await storage.listMeta(`member:${workspaceId}:`);
      return rows.map(([, v]) => Member.parse(JSON.parse(v)));
    },
    async setRole(workspaceId: string, memberId: string, role: Role) {
      const m = await registry.requireMember(workspaceId, memberId);
      if (role !== 'admin') await keepAnAdmin(workspaceId, m);
      await saveMember({ ...m, role });
      return { ...m, role };
    },
    async revokeMember(workspaceId: string, memberId: string) {
      const m = await registry.requireMember(workspaceId, memberId);
      await keepAnAdmin(workspaceId, m);
      const revoked = { ...m, revokedAt: now().toISOString() };
      await saveMember(revoked);
      return revoked;
    },
    async revokeToken(jti: string) {
      await storage.setMeta(revokedTokenKey(jti), now().toISOString());
    },
    async requireMember(workspaceId: string, memberId: string) {
      const m = await getMember(workspaceId, memberId);
      if (!m) throw new RegistryError('notFound', `No member ${memberId} in workspace ${workspaceId}.`);
      return m;
    },
    /** The whole check a connection or admin request passes: token, workspace, member, revocation. */
    async access(token: string | null | undefined, workspaceId: string): Promise<Access> {
      const verified = await verifyToken(keys, token);
      if (!verified.ok) return { ok: false, code: 'unauthorized', reason: verified.reason };
      const { claims } = verified;
      if (claims.ws !== workspaceId) return { ok: false, code: 'forbidden', reason: 'This token belongs to another workspace.' };
      if (!(await registry.getWorkspace(workspaceId))) return { ok: false, code: 'notFound', reason: 'This workspace does not exist on the relay.' };
      return registry.recheck(claims);
    },
    /** Cheap re-check for open connections (role changes, revocation). */
    async recheck(claims: TokenClaims): Promise<Access> {
      const member = await getMember(claims.ws, claims.sub);
      if (!member || member.revokedAt) return { ok: false, code: 'forbidden', reason: 'Your access to this workspace was revoked.' };
      if (await storage.getMeta(revokedTokenKey(claims.jti))) return { ok: false, code: 'forbidden', reason: 'This invite was revoked.' };
      if (claims.exp * 1000 <= now().getTime()) return { ok: false, code: 'unauthorized', reason: 'Token expired: ask an admin for a new invite.' };
      return { ok: true, claims, member };
    },
  };
  return registry;
}

export class RegistryError extends Error {
  constructor(
    readonly code: 'notFound' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}
