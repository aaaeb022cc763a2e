import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROLES, type Role } from '../auth/roles.ts';
import { createRegistry, type Registry } from '../auth/registry.ts';
import { keysFromSecret, newSecret } from '../auth/tokens.ts';
import { openLevelStorage } from '../storage/leveldb.ts';
import { openRedisStorage } from '../storage/redis.ts';

export const adminUsage = `Usage: npm run relay -- admin <command> [flags]
Commands:
  create-workspace --name NAME [--admin-name NAME] [--days 7]   prints the workspace id and the first admin's invite
  invite --workspace ID --role admin|member|viewer --name NAME [--days 30] [--member ID]
  members --workspace ID
  set-role --workspace ID --member ID --role admin|member|viewer
  revoke --workspace ID --member ID
Where: --data DIR (default ./relay-data) or --redis URL [--redis-prefix P] opens the storage directly;
       --url http://HOST:PORT talks to a running relay (operator key read from --data, or --key).
       With LevelDB, a running relay holds the folder: use --url (tried automatically on 127.0.0.1:1234).`;

type Flags = Record<string, string | undefined>;

/** The actions, written once against a small interface: direct (registry) or remote (HTTP). */
type AdminApi = {
  createWorkspace(name: string, adminName: string, days: number): Promise<unknown>;
  invite(ws: string, name: string, role: Role, days: number, memberId?: string): Promise<unknown>;
  members(ws: string): Promise<unknown>;
  setRole(ws: string, member: string, role: Role): Promise<unknown>;
  revoke(ws: string, member: string): Promise<unknown>;
};

export async function runAdmin(argv: string[], print: (s: string) => void = console.log): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help') {
    print(adminUsage);
    return command ? 0 : 2;
  }
  let flags: Flags;
  try {
    const names = ['name', 'admin-name', 'days', 'workspace', 'role', 'member', 'data', 'redis', 'redis-prefix', 'url', 'key', 'secret'];
    flags = parseArgs({ args: rest, options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), strict: true }).values as Flags;
  } catch (error) {
    print(`${(error as Error).message}\n\n${adminUsage}`);
    return 2;
  }
  const need = (key: string) => {
    const value = flags[key];
    if (!value) throw new UsageError(`--${key} is required for ${command}`);
    return value;
  };
  const role = (): Role => {
    const r = need('role');
    if (!(ROLES as readonly string[]).includes(r)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    return r as Role;
  };
  const days = (fallback: number) => {
    const d = Number(flags.days ?? fallback);
    if (!(d > 0)) throw new UsageError('--days must be a positive number');
    return d;
  };
  let api: { api: AdminApi; close(): Promise<void> } | undefined;
  try {
    api = await connectAdmin(flags);
    const commands: Record<string, () => Promise<unknown>> = {
      'create-workspace': () => api!.api.createWorkspace(need('name'), flags['admin-name'] ?? 'Admin', days(7)),
      invite: () => api!.api.invite(need('workspace'), need('name'), role(), days(30), flags.member),
      members: () => api!.api.members(need('workspace')),
      'set-role': () => api!.api.setRole(need('workspace'), need('member'), role()),
      revoke: () => api!.api.revoke(need('workspace'), need('member')),
    };
    const result = await commands[command]?.();
    if (result === undefined) throw new UsageError(`Unknown command ${command}`);
    print(JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    print(error instanceof UsageError ? `${error.message}\n\n${adminUsage}` : `Error: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await api?.close();
  }
}

class UsageError extends Error {}

async function connectAdmin(flags: Flags): Promise<{ api: AdminApi; close(): Promise<void> }> {
  const dataDir = flags.data ?? './relay-data';
  if (flags.url) return { api: await remoteApi(flags.url, flags.key ?? (await readOperatorKey(dataDir))), close: async () => {} };
  let storage;
  try {
    storage = flags.redis ? await openRedisStorage({ url: flags.redis, prefix: flags['redis-prefix'] }) : await openLevelStorage(join(dataDir, 'leveldb'));
  } catch (error) {
    // LevelDB is locked by a running relay: go through its admin API instead.
    if (flags.redis) throw error;
    return { api: await remoteApi('http://127.0.0.1:1234', flags.key ?? (await readOperatorKey(dataDir))), close: async () => {} };
  }
  const secret = flags.secret ?? (await storage.setMetaIfAbsent('jwt-secret', newSecret()));
  const registry = createRegistry(storage, keysFromSecret(secret));
  return { api: directApi(registry), close: () => storage.close() };
}

const daysToSeconds = (d: number) => Math.round(d * 86400);

function directApi(registry: Registry): AdminApi {
  return {
    createWorkspace: (name, adminName, days) => registry.createWorkspace(name, adminName, daysToSeconds(days)),
    invite: (ws, name, role, days, memberId) => registry.invite(ws, { name, role, expiresInSeconds: daysToSeconds(days), memberId }),
    members: async (ws) => ({ members: await registry.listMembers(ws) }),
    setRole: async (ws, member, role) => ({ member: await registry.setRole(ws, member, role) }),
    revoke: async (ws, member) => ({ member: await registry.revokeMember(ws, member) }),
  };
}

async function remoteApi(base: string, key: string): Promise<AdminApi> {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(new URL(`/admin/${path}`, base), {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch(() => {
      throw new Error(`No relay answered at ${base}. If a relay holds the data folder, pass its address with --url http://HOST:PORT.`);
    });
    const json = (await res.json()) as { error?: string };
    if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
    return json;
  };
  const ws = (id: string) => `workspaces/${encodeURIComponent(id)}`;
  return {
    createWorkspace: (name, adminName, expiresInDays) => call('POST', 'workspaces', { name, adminName, expiresInDays }),
    invite: (id, name, role, expiresInDays, memberId) => call('POST', `${ws(id)}/invites`, { name, role, expiresInDays, memberId }),
    members: (id) => call('GET', `${ws(id)}/members`),
    setRole: (id, member, role) => call('PATCH', `${ws(id)}/members/${encodeURIComponent(member)}`, { role }),
    revoke: (id, member) => call('DELETE', `${ws(id)}/members/${encodeURIComponent(member)}`),
  };
}

async function readOperatorKey(dataDir: string) {
  try {
    return (await readFile(join(dataDir, 'operator.key'), 'utf8')).trim();
  } catch {
    throw new Error(`No operator key in ${dataDir}: start the relay once with --data ${dataDir}, or pass --key.`);
  }
}
