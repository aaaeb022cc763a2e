import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ROLES } from '../auth/roles.ts';
import { DEFAULT_INVITE_DAYS, MAX_INVITE_DAYS } from '../auth/lifetimes.ts';
import { CREATION_TOKEN_PREFIX, RegistryError, type Registry } from '../auth/registry.ts';
import { BackupError, type Backups } from '../backup.ts';
import type { RateLimiter } from '../forms/rate-limit.ts';
import { HttpError, bearer, readBody, readJson, sendJson } from './respond.ts';
import { requireMethod } from './methods.ts';
import type { Webhooks } from '../webhooks/index.ts';
import { MintKeyInput, type ApiKeys } from '../api/keys.ts';
import { sameSecret } from '../auth/secrets.ts';

/**
 * The HTTP admin API (the dashboard uses it; the CLI too while the relay runs).
 *
 * Keys are scoped. The operator key (in the data folder) administers the relay: it creates
 * workspaces, mints workspace creation tokens, takes and restores backups, and may act in any
 * workspace (the CLI's way to recover one whose admins are gone). It is never needed in the
 * extension. A creation token (minted by the operator, one workspace, expiring) or, if the
 * operator chose `--open-signup`, nothing at all, creates one workspace from the extension. A
 * workspace admin's credential administers that workspace only; listing members takes any
 * member's credential.
 */
const CreateWorkspace = z.object({ name: z.string().trim().min(1).max(200), adminName: z.string().trim().min(1).max(200).default('Admin'), expiresInDays: z.number().positive().max(MAX_INVITE_DAYS).default(DEFAULT_INVITE_DAYS) });
const CreateInvite = z.object({ name: z.string().trim().min(1).max(200), role: z.enum(ROLES), expiresInDays: z.number().positive().max(MAX_INVITE_DAYS).default(DEFAULT_INVITE_DAYS), memberId: z.string().min(1).max(100).optional() });
const ChangeRole = z.object({ role: z.enum(ROLES) });
const CreationTokenInput = z.object({ expiresInDays: z.number().positive().max(365).default(7), note: z.string().max(200).default('') });
const ExchangeInput = z.object({ installId: z.string().min(8).max(100).optional() });

export type AdminDeps = {
  registry: Registry;
  operatorKey: string;
  onAccessChanged: (workspaceId: string) => void;
  backups: Backups;
  /** The relay's address as members reach it: invite links are complete. */
  publicUrl: () => string;
  options: { openSignup: boolean };
  /** Workspaces created by open sign-up, per address. */
  signups: RateLimiter;
  /** What per-address limits count for the client (through trusted proxies: sync-server/http/client-address.ts). */
  clientKey: (req: IncomingMessage) => string;
  /** `/admin/workspaces/<ws>/webhooks…` (sync-server/webhooks/http.ts). */
  webhooks: Pick<Webhooks, 'handleAdmin'>;
  /** API keys of the REST API (sync-server/api). */
  apiKeys: ApiKeys;
};

const days = (d: number) => Math.round(d * 86400);
/** The link first run reads (src/ext/first-run.ts parseInvite). */
export const inviteLinkFor = (relayUrl: string, token: string) => `${relayUrl.trim().replace(/\/+$/, '')}/#token=${token}`;
/** Backups hold every workspace: far larger than any other request. */
const MAX_RESTORE_BYTES = 512 * 1024 * 1024;

export const parse = <T>(schema: z.ZodType<T>, body: unknown) => {
  const r = schema.safeParse(body);
  if (!r.success) throw new HttpError(400, 'Invalid request.', z.flattenError(r.error).fieldErrors);
  return r.data;
};

export async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string[], deps: AdminDeps) {
  const { registry } = deps;
  const token = bearer(req);
  const method = req.method ?? 'GET';
  const isOperator = sameSecret(token, deps.operatorKey);
  const requireOperator = () => {
    if (!isOperator) throw new HttpError(401, 'This needs the relay operator key (operator.key in the relay data folder).');
  };
  return answer(res, async () => {
    const route = adminRoute(path);
    if (route) requireMethod(req, route, `${route.join(' or ')} only on this route.`);
    if (path.length === 1 && path[0] === 'workspaces' && method === 'POST') {
      const withToken = !isOperator && !!token?.startsWith(CREATION_TOKEN_PREFIX);
      if (!isOperator && !withToken && !deps.options.openSignup) throw new HttpError(401, 'Creating a workspace on this relay needs a workspace creation token from the relay operator.');
      // Open sign-up: one workspace per address per minute, so a script cannot fill the relay.
      if (!isOperator && !withToken && deps.signups.hit(deps.clientKey(req))) throw new HttpError(429, 'Too many workspaces created from this address; try again in a minute.');
      // The body is checked before a creation token is spent: a typo must not cost the token.
      const body = parse(CreateWorkspace, await readJson(req));
      if (withToken) await registry.spendCreationToken(token!);
      const created = await registry.createWorkspace(body.name, body.adminName, days(body.expiresInDays));
      return sendJson(res, 201, { ...created, invite: { ...created.invite, link: inviteLinkFor(deps.publicUrl(), created.invite.token) } });
    }
    if (path.length === 1 && path[0] === 'creation-tokens' && method === 'POST') {
      requireOperator();
      const body = parse(CreationTokenInput, await readJson(req));
      return sendJson(res, 201, await registry.mintCreationToken(days(body.expiresInDays), body.note));
    }
    if (path.length === 1 && path[0] === 'backup' && method === 'GET') {
      requireOperator();
      return sendJson(res, 200, await deps.backups.snapshot());
    }
    if (path.length === 1 && path[0] === 'restore' && method === 'POST') {
      requireOperator();
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req, MAX_RESTORE_BYTES));
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError(400, 'The backup is not valid JSON.');
      }
      const summary = await deps.backups.restore(body);
      for (const ws of await registry.listWorkspaces()) deps.onAccessChanged(ws.id);
      return sendJson(res, 200, summary);
    }
    const [kind, workspaceId, sub, memberId] = path;
    if (kind !== 'workspaces' || !workspaceId) throw new HttpError(404, 'No such admin route.');
    // Any member may read who is on the team (the dashboard shows it read-only); the rest is for admins.
    const listing = sub === 'members' && !memberId && method === 'GET';
    const actor = isOperator ? 'operator' : await requireAccess(registry, token, workspaceId, listing ? 'any' : 'admin');
    if (listing) return sendJson(res, 200, { members: await registry.listMembers(workspaceId) });
    if (sub === 'webhooks') {
      if (!(await registry.getWorkspace(workspaceId))) throw new HttpError(404, `No workspace ${workspaceId}.`);
      return deps.webhooks.handleAdmin(req, res, workspaceId, path.slice(3));
    }
    if (sub === 'invites' && !memberId && method === 'POST') {
      const body = parse(CreateInvite, await readJson(req));
      const invite = await registry.invite(workspaceId, { ...body, expiresInSeconds: days(body.expiresInDays) });
      // A re-invite may have revived a revoked member: open connections re-check at once.
      if (body.memberId) deps.onAccessChanged(workspaceId);
      return sendJson(res, 201, { ...invite, link: inviteLinkFor(deps.publicUrl(), invite.token) });
    }
    // API keys (admins): mint (the key is in this answer only), list, revoke. `memberId` is the key's id here.
    if (sub === 'api-keys' && !memberId && method === 'POST') return sendJson(res, 201, await deps.apiKeys.mint(workspaceId, parse(MintKeyInput, await readJson(req)), actor));
    if (sub === 'api-keys' && !memberId && method === 'GET') return sendJson(res, 200, { keys: await deps.apiKeys.list(workspaceId) });
    if (sub === 'api-keys' && memberId && method === 'DELETE') return sendJson(res, 200, { key: await deps.apiKeys.revoke(workspaceId, memberId, actor) });
    if (sub === 'members' && memberId && method === 'PATCH') {
      const member = await registry.setRole(workspaceId, memberId, parse(ChangeRole, await readJson(req)).role);
      deps.onAccessChanged(workspaceId);
      return sendJson(res, 200, { member });
    }
    if (sub === 'members' && memberId && method === 'DELETE') {
      const member = await registry.revokeMember(workspaceId, memberId);
      deps.onAccessChanged(workspaceId);
      return sendJson(res, 200, { member });
    }
    throw new HttpError(404, 'No such admin route.');
  });
}

/**
 * `POST /auth/exchange` (Bearer invite, body `{installId}`): the invite, once, for a member
 * credential. `POST /auth/renew` (Bearer credential): a fresh credential while the member still
 * has access. Both answer `{token, issuedAt, expiresAt, renewAfter, member, workspace}`.
 */
export async function handleAuth(req: IncomingMessage, res: ServerResponse, path: string[], deps: AdminDeps) {
  const token = bearer(req);
  return answer(res, async () => {
    if (path.length !== 1 || !['exchange', 'renew'].includes(path[0])) throw new HttpError(404, 'No such route: POST /auth/exchange or /auth/renew.');
    requireMethod(req, ['POST'], 'POST only: /auth/exchange or /auth/renew.');
    if (path[0] === 'exchange') {
      const body = parse(ExchangeInput, await readJson(req));
      return sendJson(res, 200, await deps.registry.exchange(token, body.installId));
    }
    if (path[0] === 'renew') return sendJson(res, 200, await deps.registry.renew(token));
    throw new HttpError(404, 'No such route: POST /auth/exchange or /auth/renew.');
  });
}

async function answer(res: ServerResponse, run: () => Promise<void>) {
  try {
    await run();
  } catch (error) {
    if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message, fields: error.details }, error.headers);
    if (error instanceof BackupError) return sendJson(res, 400, { error: error.message });
    if (error instanceof RegistryError) return sendJson(res, { notFound: 404, invalid: 400, unauthorized: 401 }[error.code], { error: error.message });
    throw error;
  }
}

/**
 * The methods an admin path answers, by its shape (null: no such route, or the webhooks', which
 * answer for themselves): a known path asked with another method is a 405 with `Allow`.
 */
export function adminRoute(path: string[]): readonly string[] | null {
  const [kind, workspaceId, sub, id, ...extra] = path;
  if (path.length === 1) return ({ workspaces: ['POST'], 'creation-tokens': ['POST'], backup: ['GET'], restore: ['POST'] } as Record<string, string[]>)[kind] ?? null;
  if (kind !== 'workspaces' || !workspaceId || extra.length) return null;
  if (sub === 'members') return id ? ['PATCH', 'DELETE'] : ['GET'];
  if (sub === 'invites' && !id) return ['POST'];
  if (sub === 'api-keys') return id ? ['DELETE'] : ['GET', 'POST'];
  return null;
}

/** The member's id once their credential passes (and, for `admin`, they are an admin). */
async function requireAccess(registry: Registry, token: string | undefined, workspaceId: string, needs: 'any' | 'admin'): Promise<string> {
  const access = await registry.access(token, workspaceId);
  if (!access.ok) throw new HttpError(access.code === 'notFound' ? 404 : 401, access.reason);
  if (needs === 'admin' && access.member.role !== 'admin') throw new HttpError(403, 'Only admins of this workspace can do that.');
  return access.member.id;
}
