import { parseArgs } from 'node:util';
import { attachValues } from '../../src/cli/args.ts';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ROLES, type Role } from '../auth/roles.ts';
import { createRegistry } from '../auth/registry.ts';
import { keysFromSecret, newSecret } from '../auth/tokens.ts';
import { DEFAULT_INVITE_DAYS } from '../auth/lifetimes.ts';
import { createBackups } from '../backup.ts';
import { inviteLinkFor } from '../http/admin.ts';
import { openLevelStorage } from '../storage/leveldb.ts';
import { openRedisStorage } from '../storage/redis.ts';
import type { Storage } from '../storage/types.ts';
import { readRelayInfo } from './relay-info.ts';

export const adminUsage = `Usage: npm run relay -- admin <command> [flags]
Commands:
  create-workspace --name NAME [--admin-name NAME] [--days 7]   the workspace id and the first admin's invite link
  invite --workspace ID --role admin|member|viewer --name NAME [--days 7] [--member ID]
                                          an invite link (single use, at most 30 days); --member ID re-invites
                                          an existing member (a lapsed or revoked one, or a new device)
  members --workspace ID
  set-role --workspace ID --member ID --role admin|member|viewer
  revoke --workspace ID --member ID       every credential and invite of that member stops working
  creation-token [--days 7] [--note TEXT] a token that lets someone create one workspace from the extension
  backup FILE                             every workspace, member and setting, into FILE (keep it private)
  restore FILE                            adds what FILE holds and the relay lacks; never undoes later changes
Where: --data DIR (default ./relay-data) opens a stopped relay's folder, or reaches the relay that
       runs on it (its address is in DIR/relay.json); --create makes DIR if it does not exist yet.
       --redis URL [--redis-prefix P] opens Redis directly.
       --url http://HOST:PORT talks to a running relay (operator key read from --data, or --key).
       --public-url ws://HOST:PORT  the address members reach the relay at, for invite links
       (default: what the running relay reports, else ws://127.0.0.1:1234).`;

type Flags = Record<string, string | boolean | undefined>;

/** The actions, written once against a small interface: direct (registry) or remote (HTTP). */
type AdminApi = {
  createWorkspace(name: string, adminName: string, days: number): Promise<{ invite: { token: string } }>;
  invite(ws: string, name: string, role: Role, days: number, memberId?: string): Promise<{ token: string }>;
  members(ws: string): Promise<unknown>;
  setRole(ws: string, member: string, role: Role): Promise<unknown>;
  revoke(ws: string, member: string): Promise<unknown>;
  creationToken(days: number, note: string): Promise<unknown>;
  backup(): Promise<unknown>;
  restore(body: unknown): Promise<unknown>;
};

type Connected = { api: AdminApi; where: string; publicUrl: string; close(): Promise<void> };

export async function runAdmin(argv: string[], print: (s: string) => void = console.log): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help') {
    print(adminUsage);
    return command ? 0 : 2;
  }
  let flags: Flags;
  let positionals: string[];
  try {
    const names = ['name', 'admin-name', 'days', 'workspace', 'role', 'member', 'data', 'redis', 'redis-prefix', 'url', 'key', 'secret', 'public-url', 'note'];
    const parsed = parseArgs({ args: attachValues(rest, names, ['create', 'help']), options: { ...Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])), create: { type: 'boolean' } }, strict: true, allowPositionals: true });
    flags = parsed.values as Flags;
    positionals = parsed.positionals;
  } catch (error) {
    print(`${(error as Error).message}\n\n${adminUsage}`);
    return 2;
  }
  const str = (key: string) => (typeof flags[key] === 'string' ? (flags[key] as string) : undefined);
  const need = (key: string) => {
    const value = str(key);
    if (!value) throw new UsageError(`--${key} is required for ${command}`);
    return value;
  };
  const role = (): Role => {
    const r = need('role');
    if (!(ROLES as readonly string[]).includes(r)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    return r as Role;
  };
  const days = (fallback: number) => {
    const d = Number(str('days') ?? fallback);
    if (!(d > 0)) throw new UsageError('--days must be a positive number');
    return d;
  };
  const file = () => {
    if (positionals.length !== 1) throw new UsageError(`${command} takes one FILE`);
    return resolve(positionals[0]);
  };
  const known = ['create-workspace', 'invite', 'members', 'set-role', 'revoke', 'creation-token', 'backup', 'restore'];
  let conn: Connected | undefined;
  try {
    if (!known.includes(command)) throw new UsageError(`Unknown command ${command}`);
    if (!['backup', 'restore'].includes(command) && positionals.length) throw new UsageError(`Unexpected argument ${positionals[0]}`);
    conn = await connectAdmin(flags, command);
    print(`Acting on ${conn.where}`);
    const { api, publicUrl } = conn;
    const withLink = <T extends { token: string }>(r: T) => ({ ...r, link: inviteLinkFor(publicUrl, r.token) });
    const commands: Record<string, () => Promise<unknown>> = {
      'create-workspace': async () => {
        const r = await api.createWorkspace(need('name'), str('admin-name') ?? 'Admin', days(DEFAULT_INVITE_DAYS));
        return { ...r, invite: withLink(r.invite) };
      },
      invite: async () => withLink(await api.invite(need('workspace'), need('name'), role(), days(DEFAULT_INVITE_DAYS), str('member'))),
      members: () => api.members(need('workspace')),
      'set-role': () => api.setRole(need('workspace'), need('member'), role()),
      revoke: () => api.revoke(need('workspace'), need('member')),
      'creation-token': () => api.creationToken(days(7), str('note') ?? ''),
      backup: async () => {
        const target = file();
        const snapshot = (await api.backup()) as { rooms: object; meta: unknown[] };
        await writeFile(target, JSON.stringify(snapshot), { mode: 0o600 });
        return { file: target, rooms: Object.keys(snapshot.rooms).length, entries: snapshot.meta.length };
      },
      restore: async () => {
        const source = file();
        const text = await readFile(source, 'utf8').catch(() => {
          throw new Error(`Cannot read ${source}.`);
        });
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new Error(`${source} is not an Outpost relay backup (not JSON).`);
        }
        return api.restore(body);
      },
    };
    const result = (await commands[command]()) as Record<string, unknown>;
    const link = (result.link ?? (result.invite as { link?: string } | undefined)?.link) as string | undefined;
    if (link) print(`Invite link (paste it in Outpost → "Join my team"; single use, expires ${String((result.expiresAt ?? (result.invite as { expiresAt?: string }).expiresAt) ?? '')}):\n  ${link}`);
    print(JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    print(error instanceof UsageError ? `${error.message}\n\n${adminUsage}` : `Error: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    await conn?.close();
  }
}

class UsageError extends Error {}

async function connectAdmin(flags: Flags, command: string): Promise<Connected> {
  const s = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const dataDir = resolve(s('data') ?? './relay-data');
  const explicitPublic = s('public-url');
  if (s('url')) {
    const base = s('url')!;
    const key = s('key') ?? (await readOperatorKey(dataDir));
    return { api: remoteApi(base, key), where: `the running relay at ${base}`, publicUrl: explicitPublic ?? base.replace(/^http/, 'ws'), close: async () => {} };
  }
  let storage: Storage;
  if (s('redis')) {
    storage = await openRedisStorage({ url: s('redis')!, prefix: s('redis-prefix') });
  } else {
    const exists = await stat(dataDir).then((st) => st.isDirectory(), () => false);
    if (!exists && !flags.create) {
      throw new Error(`There is no relay data folder at ${dataDir}. Pass --data DIR (the folder your relay runs with), --url http://HOST:PORT of a running relay, or --create to start a new folder there.`);
    }
    try {
      storage = await openLevelStorage(join(dataDir, 'leveldb'));
    } catch (error) {
      // LevelDB is locked by the relay running on this folder: go through its admin API.
      const info = await readRelayInfo(dataDir);
      if (!info) throw new Error(`The data folder ${dataDir} is in use, and no running relay recorded its address there (${(error as Error).message}). Pass --url http://HOST:PORT.`);
      const key = s('key') ?? (await readOperatorKey(dataDir));
      return { api: remoteApi(info.httpUrl, key), where: `the relay running at ${info.httpUrl} on ${dataDir}`, publicUrl: explicitPublic ?? info.publicUrl, close: async () => {} };
    }
  }
  // Backups and restores mint nothing: a folder being restored must get the backup's secret, not a new one.
  const mints = !['backup', 'restore'].includes(command);
  const secret = s('secret') ?? (mints ? await storage.setMetaIfAbsent('jwt-secret', newSecret()) : ((await storage.getMeta('jwt-secret')) ?? 'none-yet'));
  const registry = createRegistry(storage, keysFromSecret(secret));
  const info = s('redis') ? undefined : await readRelayInfo(dataDir);
  const where = s('redis') ? `Redis ${redactUrl(s('redis')!)} (prefix ${s('redis-prefix') ?? 'outpost:'}), directly` : `the relay data folder ${dataDir} (relay stopped; LevelDB opened directly)`;
  return { api: directApi(registry, storage), where, publicUrl: explicitPublic ?? info?.publicUrl ?? 'ws://127.0.0.1:1234', close: () => storage.close() };
}

const redactUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
const daysToSeconds = (d: number) => Math.round(d * 86400);

function directApi(registry: ReturnType<typeof createRegistry>, storage: Storage): AdminApi {
  const backups = createBackups({ storage, registry });
  return {
    createWorkspace: (name, adminName, days) => registry.createWorkspace(name, adminName, daysToSeconds(days)),
    invite: (ws, name, role, days, memberId) => registry.invite(ws, { name, role, expiresInSeconds: daysToSeconds(days), memberId }),
    members: async (ws) => ({ members: await registry.listMembers(ws) }),
    setRole: async (ws, member, role) => ({ member: await registry.setRole(ws, member, role) }),
    revoke: async (ws, member) => ({ member: await registry.revokeMember(ws, member) }),
    creationToken: (days, note) => registry.mintCreationToken(daysToSeconds(days), note),
    backup: () => backups.snapshot(),
    restore: (body) => backups.restore(body),
  };
}

function remoteApi(base: string, key: string): AdminApi {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(`/admin/${path}`, base), {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch(() => {
      throw new Error(`No relay answered at ${base}. If a relay holds the data folder, pass its address with --url http://HOST:PORT.`);
    });
    const json = (await res.json()) as { error?: string };
    if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
    return json as T;
  };
  const ws = (id: string) => `workspaces/${encodeURIComponent(id)}`;
  return {
    createWorkspace: (name, adminName, expiresInDays) => call('POST', 'workspaces', { name, adminName, expiresInDays }),
    invite: (id, name, role, expiresInDays, memberId) => call('POST', `${ws(id)}/invites`, { name, role, expiresInDays, memberId }),
    members: (id) => call('GET', `${ws(id)}/members`),
    setRole: (id, member, role) => call('PATCH', `${ws(id)}/members/${encodeURIComponent(member)}`, { role }),
    revoke: (id, member) => call('DELETE', `${ws(id)}/members/${encodeURIComponent(member)}`),
    creationToken: (expiresInDays, note) => call('POST', 'creation-tokens', { expiresInDays, note }),
    backup: () => call('GET', 'backup'),
    restore: (body) => call('POST', 'restore', body),
  };
}

async function readOperatorKey(dataDir: string) {
  try {
    return (await readFile(join(dataDir, 'operator.key'), 'utf8')).trim();
  } catch {
    throw new Error(`No operator key in ${dataDir}: start the relay once with --data ${dataDir}, or pass --key.`);
  }
}
