import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ROLES } from '../auth/roles.ts';
import { RegistryError, type Registry } from '../auth/registry.ts';
import { HttpError, bearer, readJson, sendJson } from './respond.ts';

/**
 * The HTTP admin API (the dashboard uses it; the CLI too while the relay runs). Workspace routes
 * take a token of an admin of that workspace (listing members: any member's); creating a workspace
 * takes the operator key.
 */
const CreateWorkspace = z.object({ name: z.string().min(1).max(200), adminName: z.string().min(1).max(200).default('Admin'), expiresInDays: z.number().positive().max(3650).default(7) });
const CreateInvite = z.object({ name: z.string().min(1).max(200), role: z.enum(ROLES), expiresInDays: z.number().positive().max(3650).default(30), memberId: z.string().min(1).optional() });
const ChangeRole = z.object({ role: z.enum(ROLES) });

export type AdminDeps = { registry: Registry; operatorKey: string; onAccessChanged: (workspaceId: string) => void };

const days = (d: number) => Math.round(d * 86400);

export async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string[], deps: AdminDeps) {
  const { registry } = deps;
  const token = bearer(req);
  const method = req.method ?? 'GET';
  const parse = <T>(schema: z.ZodType<T>, body: unknown) => {
    const r = schema.safeParse(body);
    if (!r.success) throw new HttpError(400, 'Invalid request.', z.flattenError(r.error).fieldErrors);
    return r.data;
  };
  try {
    if (path.length === 1 && path[0] === 'workspaces' && method === 'POST') {
      if (token !== deps.operatorKey) throw new HttpError(401, 'Creating a workspace needs the operator key (in the data folder).');
      const body = parse(CreateWorkspace, await readJson(req));
      return sendJson(res, 201, await registry.createWorkspace(body.name, body.adminName, days(body.expiresInDays)));
    }
    const [kind, workspaceId, sub, memberId] = path;
    if (kind !== 'workspaces' || !workspaceId) throw new HttpError(404, 'No such admin route.');
    // Any member may read who is on the team (the dashboard shows it read-only); the rest is for admins.
    const listing = sub === 'members' && !memberId && method === 'GET';
    await requireAccess(registry, token, workspaceId, deps.operatorKey, listing ? 'any' : 'admin');
    if (listing) return sendJson(res, 200, { members: await registry.listMembers(workspaceId) });
    if (sub === 'invites' && method === 'POST') {
      const body = parse(CreateInvite, await readJson(req));
      return sendJson(res, 201, await registry.invite(workspaceId, { ...body, expiresInSeconds: days(body.expiresInDays) }));
    }
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
  } catch (error) {
    if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message, fields: error.details });
    if (error instanceof RegistryError) return sendJson(res, error.code === 'notFound' ? 404 : 400, { error: error.message });
    throw error;
  }
}

async function requireAccess(registry: Registry, token: string | undefined, workspaceId: string, operatorKey: string, needs: 'any' | 'admin') {
  if (token && token === operatorKey) return;
  const access = await registry.access(token, workspaceId);
  if (!access.ok) throw new HttpError(access.code === 'notFound' ? 404 : 401, access.reason);
  if (needs === 'admin' && access.member.role !== 'admin') throw new HttpError(403, 'Only admins of this workspace can do that.');
}
