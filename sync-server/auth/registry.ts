import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Storage } from '../storage/types.ts';
import { ROLES, type Role } from './roles.ts';
import { CREDENTIAL_DAYS, MAX_INVITE_DAYS } from './lifetimes.ts';
import { EXPIRED_REASON, mintToken, systemClock, verifyToken, type Clock, type TokenKeys, type TokenClaims } from './tokens.ts';

/**
 * Workspaces, members, invites and creation tokens, kept in the storage's meta space so that
 * every relay sharing a Redis sees the same. The member's stored role wins over the role in the
 * token: that is how a role change reaches tokens already handed out.
 *
 * Credential lifecycle: an admin mints an invite (single use, short-lived); the client exchanges
 * it once for a member credential, and renews that credential while it is in use. Every token
 * carries the member's generation: re-inviting a revoked member moves the generation on, so no
 * token minted before the revocation works again.
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
  // Added with credential lifecycles; members stored before read as generation 0 (the generation
  // tokens of that time are read as), never seen.
  generation: z.number().int().nonnegative().default(0),
  lastSeenAt: z.string().nullable().default(null),
});
export type Member = z.infer<typeof Member>;

const CreationToken = z.object({ createdAt: z.string(), expiresAt: z.string(), note: z.string().default('') });
const UsedInvite = z.object({ at: z.string(), installId: z.string().nullable() });

const wsKey = (id: string) => `workspace:${id}`;
const memberKey = (ws: string, id: string) => `member:${ws}:${id}`;
const revokedTokenKey = (jti: string) => `revoked-token:${jti}`;
const usedInviteKey = (jti: string) => `invite-used:${jti}`;
const hash = (token: string) => createHash('sha256').update(token).digest('base64url');
const creationKey = (token: string) => `creation-token:${hash(token)}`;
const creationUsedKey = (token: string) => `creation-used:${hash(token)}`;
// Ids are typed on command lines (`--member ID`): one that began with '-' would read as a flag.
const newId = (): string => {
  const id = randomBytes(9).toString('base64url');
  return id.startsWith('-') ? newId() : id;
};

export const CREATION_TOKEN_PREFIX = 'oc_';
/** A lost answer to an exchange may be retried by the same install for this long. */
const EXCHANGE_RETRY_MS = 15 * 60_000;

export type Access = { ok: true; claims: TokenClaims; member: Member } | { ok: false; reason: string; code: 'unauthorized' | 'forbidden' | 'notFound'; expired?: true };

export type Invite = { token: string; member: Member; expiresAt: string };
/**
 * A member credential as the relay answers it. `issuedAt` is the relay's clock when it answered:
 * a device counts `renewAfter - issuedAt` on its own clock from when it got the answer, so a
 * device clock weeks behind the relay's still renews in time (read as a date, `renewAfter` came
 * after the credential had lapsed).
 */
export type Credential = { token: string; issuedAt: string; expiresAt: string; renewAfter: string; member: Member; workspace: Workspace };

export type RegistryOptions = {
  clock?: Clock;
  /** Lifetime of a member credential; clients renew it after half of it. */
  credentialSeconds?: number;
};

export const DEFAULT_CREDENTIAL_SECONDS = CREDENTIAL_DAYS * 86400;
export { MAX_INVITE_DAYS };

export type Registry = ReturnType<typeof createRegistry>;

export function createRegistry(storage: Storage, keys: TokenKeys, options: RegistryOptions = {}) {
  const clock = options.clock ?? systemClock;
  const credentialSeconds = options.credentialSeconds ?? DEFAULT_CREDENTIAL_SECONDS;
  const now = () => clock();
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

  const mintCredential = async (member: Member, workspace: Workspace): Promise<Credential> => {
    const { token, exp } = await mintToken(keys, { workspaceId: member.workspaceId, memberId: member.id, role: member.role, expiresInSeconds: credentialSeconds, type: 'member', generation: member.generation }, clock);
    const seen = { ...member, lastSeenAt: now().toISOString() };
    await saveMember(seen);
    return { token, issuedAt: new Date((exp - credentialSeconds) * 1000).toISOString(), expiresAt: new Date(exp * 1000).toISOString(), renewAfter: new Date((exp - credentialSeconds / 2) * 1000).toISOString(), member: seen, workspace };
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
    /**
     * An invite for a new member, or for an existing one (`memberId`: a lapsed member's way back,
     * or a second device). Re-inviting a revoked member gives them a new generation: whatever
     * token they held before (often the leaked one) stays dead.
     */
    async invite(workspaceId: string, input: { name: string; role: Role; expiresInSeconds: number; memberId?: string }): Promise<Invite> {
      if (!(await registry.getWorkspace(workspaceId))) throw new RegistryError('notFound', `No workspace ${workspaceId}.`);
      if (!(input.expiresInSeconds > 0) || input.expiresInSeconds > MAX_INVITE_DAYS * 86400) throw new RegistryError('invalid', `An invite lasts at most ${MAX_INVITE_DAYS} days.`);
      const existing = input.memberId ? await getMember(workspaceId, input.memberId) : undefined;
      const member: Member = existing
        ? { ...existing, role: input.role, revokedAt: null, generation: existing.revokedAt ? existing.generation + 1 : existing.generation }
        : { id: input.memberId ?? newId(), workspaceId, name: input.name, role: input.role, createdAt: now().toISOString(), revokedAt: null, generation: 0, lastSeenAt: null };
      await saveMember(member);
      const { token, exp } = await mintToken(keys, { workspaceId, memberId: member.id, role: member.role, expiresInSeconds: input.expiresInSeconds, type: 'invite', generation: member.generation }, clock);
      return { token, member, expiresAt: new Date(exp * 1000).toISOString() };
    },
    /**
     * Trades an invite for a member credential, once. `installId` (random per browser profile)
     * lets the same install retry for a few minutes when the answer was lost on the way.
     */
    async exchange(inviteToken: string | undefined, installId?: string): Promise<Credential> {
      const verified = await verifyToken(keys, inviteToken, clock);
      if (!verified.ok) throw new RegistryError('unauthorized', verified.expired ? 'This invite expired: ask an admin for a new invite link.' : verified.reason);
      const { claims } = verified;
      if (claims.typ !== 'invite') throw new RegistryError('invalid', 'This is already a sign-in, not an invite: nothing to exchange.');
      const access = await registry.recheck(claims, { checkExpiry: true });
      if (!access.ok) throw new RegistryError(access.code === 'notFound' ? 'notFound' : 'unauthorized', access.reason);
      const workspace = await registry.getWorkspace(claims.ws);
      if (!workspace) throw new RegistryError('notFound', 'This workspace does not exist on the relay.');
      // The nonce makes this claim ours alone, even for two exchanges within one millisecond.
      const mine = JSON.stringify({ at: now().toISOString(), installId: installId ?? null, nonce: newId() });
      const stored = await storage.setMetaIfAbsent(usedInviteKey(claims.jti), mine);
      if (stored !== mine) {
        const used = UsedInvite.parse(JSON.parse(stored));
        const retry = installId && used.installId === installId && now().getTime() - Date.parse(used.at) < EXCHANGE_RETRY_MS;
        if (!retry) throw new RegistryError('unauthorized', 'This invite was already used: ask an admin for a new invite link.');
      }
      return mintCredential(access.member, workspace);
    },
    /** A fresh credential for one still valid (same member, same generation). */
    async renew(token: string | undefined): Promise<Credential> {
      const verified = await verifyToken(keys, token, clock);
      if (!verified.ok) throw new RegistryError('unauthorized', verified.reason);
      if (verified.claims.typ !== 'member') throw new RegistryError('invalid', 'An invite cannot be renewed: exchange it first.');
      const access = await registry.access(token, verified.claims.ws);
      if (!access.ok) throw new RegistryError(access.code === 'notFound' ? 'notFound' : 'unauthorized', access.reason);
      return mintCredential(access.member, (await registry.getWorkspace(access.claims.ws))!);
    },
    /** An operator-minted token that creates one workspace, once, before it expires. */
    async mintCreationToken(expiresInSeconds: number, note = '') {
      const token = CREATION_TOKEN_PREFIX + randomBytes(24).toString('base64url');
      const record = { createdAt: now().toISOString(), expiresAt: new Date(now().getTime() + expiresInSeconds * 1000).toISOString(), note };
      await storage.setMeta(creationKey(token), JSON.stringify(record));
      return { token, expiresAt: record.expiresAt };
    },
    /** Spends a creation token; throws if it is unknown, expired or spent. */
    async spendCreationToken(token: string) {
      const record = await getJson(CreationToken, creationKey(token));
      if (!record) throw new RegistryError('unauthorized', 'This workspace creation token is not known to this relay: ask the relay operator for one.');
      if (Date.parse(record.expiresAt) <= now().getTime()) throw new RegistryError('unauthorized', 'This workspace creation token expired: ask the relay operator for a new one.');
      const mine = JSON.stringify({ at: now().toISOString(), nonce: newId() });
      if ((await storage.setMetaIfAbsent(creationUsedKey(token), mine)) !== mine) throw new RegistryError('unauthorized', 'This workspace creation token was already used: each one creates one workspace.');
    },
    async listMembers(workspaceId: string): Promise<Member[]> {
      if (!(await registry.getWorkspace(workspaceId))) throw new RegistryError('notFound', `No workspace ${workspaceId}.`);
      const rows = await storage.listMeta(`member:${workspaceId}:`);
      return rows.map(([, v]) => Member.parse(JSON.parse(v)));
    },
    async listWorkspaces(): Promise<Workspace[]> {
      return (await storage.listMeta('workspace:')).map(([, v]) => Workspace.parse(JSON.parse(v)));
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
    /**
     * The whole check a connection or admin request passes: a member credential (never an invite),
     * workspace, member, generation, revocation.
     */
    async access(token: string | null | undefined, workspaceId: string): Promise<Access> {
      const verified = await verifyToken(keys, token, clock);
      if (!verified.ok) return { ok: false, code: 'unauthorized', reason: verified.reason };
      const { claims } = verified;
      if (claims.ws !== workspaceId) return { ok: false, code: 'forbidden', reason: 'This token belongs to another workspace.' };
      if (claims.typ === 'invite') return { ok: false, code: 'unauthorized', reason: 'This is an invite: open it in Outpost ("Join my team") so it is exchanged for your sign-in.' };
      if (!(await registry.getWorkspace(workspaceId))) return { ok: false, code: 'notFound', reason: 'This workspace does not exist on the relay.' };
      return registry.recheck(claims, { checkExpiry: true });
    },
    /**
     * Cheap re-check for open connections (role changes, revocation, and with `checkExpiry` the
     * credential's expiry: no connection outlives the credential it opened with).
     */
    async recheck(claims: TokenClaims, { checkExpiry = false } = {}): Promise<Access> {
      const member = await getMember(claims.ws, claims.sub);
      // No workspace record at all: the store lost it (a wipe before a restore), nobody revoked anything.
      if (!member && !(await registry.getWorkspace(claims.ws))) return { ok: false, code: 'notFound', reason: 'This workspace does not exist on the relay.' };
      if (!member || member.revokedAt) return { ok: false, code: 'forbidden', reason: 'Your access to this workspace was revoked.' };
      if (claims.gen !== member.generation) return { ok: false, code: 'forbidden', reason: 'This sign-in was revoked and no longer works: use the newest invite link your admin sent.' };
      if (await storage.getMeta(revokedTokenKey(claims.jti))) return { ok: false, code: 'forbidden', reason: 'This invite was revoked.' };
      if (checkExpiry && claims.exp * 1000 <= now().getTime()) return { ok: false, code: 'unauthorized', reason: EXPIRED_REASON, expired: true };
      return { ok: true, claims, member };
    },
  };
  return registry;
}

export class RegistryError extends Error {
  constructor(
    readonly code: 'notFound' | 'invalid' | 'unauthorized',
    message: string,
  ) {
    super(message);
  }
}
