import { randomBytes } from 'node:crypto';
import { sameDigest, sha256 } from '../auth/secrets.ts';
import { z } from 'zod';
import type { Storage } from '../storage/types.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import { RegistryError, type Registry } from '../auth/registry.ts';

/**
 * API keys: what scripts, billing tools and Zapier/n8n present to the REST API
 * (`Authorization: Bearer opk_…`). An admin mints one for a member (it then acts as that member,
 * and stops working when the member is revoked) or for a named service account, with a role.
 * The key is shown once; the relay keeps only its SHA-256 (the key carries 192 random bits, so
 * a plain hash is enough: nothing to brute-force) and compares in constant time. Keys live in
 * the storage's meta space, so relays sharing a Redis share them.
 */
export const API_KEY_PREFIX = 'opk_';

export const ApiKey = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  /** The member the key acts as, or null for a service account. */
  memberId: z.string().nullable(),
  /** Who the key's writes are attributed to in history (`createdBy`, `updatedBy`). */
  actorId: z.string(),
  hash: z.string(),
  /** The first characters of the key, so a listing can tell keys apart without revealing one. */
  hint: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;
/** What listings and the mint answer show: never the hash. */
export type ApiKeyView = Omit<ApiKey, 'hash'>;

export const MintKeyInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    /** Act as this member (their writes carry the member's id). */
    memberId: z.string().min(1).max(100).optional(),
    /** Or a service account's name (e.g. "billing"); default: the key's name. */
    serviceAccount: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((v) => !(v.memberId && v.serviceAccount), { message: 'a key is for a member or a service account, not both', path: ['serviceAccount'] });

const keyMeta = (ws: string, id: string) => `api-key:${ws}:${id}`;
const view = ({ hash: _hash, ...rest }: ApiKey): ApiKeyView => rest;

export type KeyAccess = { ok: true; key: ApiKey } | { ok: false; status: 401 | 403 | 404; reason: string };

export type ApiKeys = ReturnType<typeof createApiKeys>;

export function createApiKeys(storage: Storage, registry: Registry, now: () => Date = () => new Date()) {
  const read = async (ws: string, id: string) => {
    const raw = await storage.getMeta(keyMeta(ws, id));
    return raw === undefined ? undefined : ApiKey.parse(JSON.parse(raw));
  };
  const save = (k: ApiKey) => storage.setMeta(keyMeta(k.workspaceId, k.id), JSON.stringify(k));

  return {
    /** A new key; the token is in this answer only. */
    async mint(workspaceId: string, input: z.infer<typeof MintKeyInput>, mintedBy: string): Promise<{ token: string; key: ApiKeyView }> {
      if (!(await registry.getWorkspace(workspaceId))) throw new RegistryError('notFound', `No workspace ${workspaceId}.`);
      if (input.memberId) {
        const member = await registry.getMember(workspaceId, input.memberId);
        if (!member || member.revokedAt) throw new RegistryError('invalid', `No active member ${input.memberId} in this workspace.`);
      }
      const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
      const token = `${API_KEY_PREFIX}${workspaceId}.${id}.${randomBytes(24).toString('base64url')}`;
      const key: ApiKey = {
        id,
        workspaceId,
        name: input.name,
        role: input.role,
        memberId: input.memberId ?? null,
        actorId: input.memberId ?? `service:${input.serviceAccount ?? input.name}`,
        hash: sha256(token).toString('base64url'),
        hint: token.slice(0, API_KEY_PREFIX.length + workspaceId.length + 1 + id.length),
        createdAt: now().toISOString(),
        createdBy: mintedBy,
        revokedAt: null,
        revokedBy: null,
      };
      await save(key);
      return { token, key: view(key) };
    },
    async list(workspaceId: string): Promise<ApiKeyView[]> {
      if (!(await registry.getWorkspace(workspaceId))) throw new RegistryError('notFound', `No workspace ${workspaceId}.`);
      return (await storage.listMeta(`api-key:${workspaceId}:`)).map(([, v]) => view(ApiKey.parse(JSON.parse(v)))).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async revoke(workspaceId: string, id: string, by: string): Promise<ApiKeyView> {
      const key = await read(workspaceId, id);
      if (!key) throw new RegistryError('notFound', `No API key ${id} in workspace ${workspaceId}.`);
      if (key.revokedAt) return view(key);
      const revoked = { ...key, revokedAt: now().toISOString(), revokedBy: by };
      await save(revoked);
      return view(revoked);
    },
    /** The whole check of a request: a key of this workspace, not revoked, its member still active. */
    async access(token: string | undefined, workspaceId: string): Promise<KeyAccess> {
      if (!token) return { ok: false, status: 401, reason: 'Send an API key: Authorization: Bearer opk_… (an admin mints one in Settings or with POST /admin/workspaces/<id>/api-keys).' };
      const m = /^opk_([A-Za-z0-9_-]+)\.([A-Za-z0-9]+)\.[A-Za-z0-9_-]+$/.exec(token);
      if (!m) return { ok: false, status: 401, reason: 'This is not an Outpost API key.' };
      const [, keyWs, id] = m;
      const key = await read(keyWs, id);
      // Constant-time: the comparison does not tell how much of a guessed key was right.
      const presented = sha256(token);
      if (!key || !sameDigest(presented, Buffer.from(key.hash, 'base64url'))) return { ok: false, status: 401, reason: 'This API key is not known to this relay.' };
      if (key.revokedAt) return { ok: false, status: 401, reason: 'This API key was revoked.' };
      if (keyWs !== workspaceId) return { ok: false, status: 403, reason: 'This API key belongs to another workspace.' };
      if (!(await registry.getWorkspace(workspaceId))) return { ok: false, status: 404, reason: 'This workspace does not exist on the relay.' };
      if (key.memberId) {
        const member = await registry.getMember(workspaceId, key.memberId);
        if (!member || member.revokedAt) return { ok: false, status: 401, reason: 'The member this API key acts for no longer has access.' };
        // A member's key never does more than the member may (a role lowered since minting counts).
        return { ok: true, key: { ...key, role: lowerRole(key.role, member.role) } };
      }
      return { ok: true, key };
    },
  };
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };
const lowerRole = (a: Role, b: Role): Role => (RANK[a] <= RANK[b] ? a : b);
