import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { Role } from '../domain/index.ts';
import { createDocs, destroyDocs, type WorkspaceDocs } from '../store/docs.ts';
import { parseDocKey, type DocKey } from '../domain/routing.ts';
import { LEGACY_DOCS, splitLegacy } from '../store/upgrade.ts';
import { isSeeded, seedDefaults } from '../store/config-store.ts';
import { Repository, type Actor } from '../store/repository.ts';
import { WorkspaceConnection } from '../sync/index.ts';
import { createSyncStore } from '../store/sync-store.ts';

/** A workspace the CLI works on: a repository, and `close()` that makes every write durable. */
export type CliWorkspace = { repo: Repository; where: string; close(): Promise<void> };

export type Connection =
  | { kind: 'local'; dir: string }
  | { kind: 'relay'; url: string; workspaceId: string; token: string };

/** A doc key as a file name: `records/17` → `records-17.yjs`. */
const fileOf = (dir: string, key: DocKey) => join(dir, `${key.replace('/', '-')}.yjs`);

/**
 * `--local DIR`: the workspace's docs in memory, loaded from and saved to one Yjs update file
 * per doc (DIR/config.yjs, records-<k>.yjs, activities-<k>.yjs). Saving writes a temp file and
 * renames it, so a crash never leaves half a file. A folder written before sharding (config,
 * records, activities .yjs) is split into shards at open; its old files go once the new ones
 * are saved.
 */
export async function openLocal(dir: string): Promise<CliWorkspace> {
  mkdirSync(dir, { recursive: true });
  const docs = createDocs();
  const legacy = Object.fromEntries(LEGACY_DOCS.filter((n) => n !== 'config' && existsSync(join(dir, `${n}.yjs`))).map((n) => [n, new Uint8Array(readFileSync(join(dir, `${n}.yjs`)))]));
  for (const [key, update] of splitLegacy(dir, legacy)) Y.applyUpdate(docs.doc(key), update);
  for (const f of readdirSync(dir)) {
    const key = f.endsWith('.yjs') ? parseDocKey(f.slice(0, -4).replace('-', '/')) : undefined;
    if (key) Y.applyUpdate(docs.doc(key), new Uint8Array(readFileSync(join(dir, f))));
  }
  const actor: Actor = { memberId: 'cli', role: 'admin' };
  if (!isSeeded(docs.config)) seedDefaults(docs.config, { id: actor.memberId, name: 'Command line' });
  return {
    repo: new Repository({ docs, actor }),
    where: dir,
    async close() {
      for (const [key, doc] of [['config', docs.config] as const, ...docs.loadedDocs()]) {
        const file = fileOf(dir, key);
        writeFileSync(`${file}.tmp`, Y.encodeStateAsUpdate(doc));
        renameSync(`${file}.tmp`, file);
      }
      for (const n of Object.keys(legacy)) rmSync(join(dir, `${n}.yjs`), { force: true });
      destroyDocs(docs);
    },
  };
}

/** Member id and role from the token's claims (the relay verifies the signature; we only read). */
export function actorFromToken(token: string): Actor {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub?: string; role?: string };
    const role = Role.safeParse(claims.role);
    if (!claims.sub || !role.success) throw new Error();
    return { memberId: claims.sub, role: role.data };
  } catch {
    throw new Error('The token is not an Outpost member token (ask an admin for an invite).');
  }
}

const SYNC_TIMEOUT_MS = 20_000;
const SAVE_TIMEOUT_MS = 60_000;

/**
 * Joins the relay like any teammate: one multiplexed connection (src/sync) syncs every doc of the
 * workspace into memory (the command line is one-shot: it holds the docs it was given), waits for
 * the first sync, and on close waits until the relay has acknowledged every write as stored
 * ("saved to relay") before disconnecting.
 */
export async function openRelay(url: string, workspaceId: string, token: string): Promise<CliWorkspace> {
  const actor = actorFromToken(token);
  const docs: WorkspaceDocs = createDocs();
  const connection = new WorkspaceConnection({ url, workspaceId, token, store: createSyncStore(docs), WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket });
  const destroy = () => { connection.destroy(); destroyDocs(docs); };
  try {
    await until(connection, (s) => s.synced, SYNC_TIMEOUT_MS, `Could not sync with the relay at ${url} within ${SYNC_TIMEOUT_MS / 1000} s`);
  } catch (error) {
    destroy();
    throw error;
  }
  // A new workspace's config is seeded by its first admin; fixed ids make a second seeding merge.
  if (!isSeeded(docs.config) && actor.role === 'admin') seedDefaults(docs.config, { id: actor.memberId });
  return {
    repo: new Repository({ docs, actor }),
    where: `${url} (workspace ${workspaceId})`,
    async close() {
      try {
        await new Promise((r) => setTimeout(r, 0)); // the last writes of this tick go out as one frame per doc
        await until(connection, (s) => s.unsaved === 0, SAVE_TIMEOUT_MS, 'The relay did not confirm every change as saved');
        const rejected = connection.status.get().rejectedWrite;
        if (rejected) throw new Error(`The relay refused a write: ${rejected.message}`);
      } finally {
        destroy();
      }
    },
  };
}

type Status = ReturnType<WorkspaceConnection['status']['get']>;

function until(c: WorkspaceConnection, done: (s: Status) => boolean, ms: number, timeoutMessage: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const timer = setTimeout(() => { unsubscribe(); reject(new Error(timeoutMessage)); }, ms);
    const check = (s: Status) => {
      if (s.refusal) { clearTimeout(timer); unsubscribe(); reject(new Error(`The relay refused the connection: ${s.refusal.reason}`)); return true; }
      if (done(s)) { clearTimeout(timer); unsubscribe(); resolve(); return true; }
      return false;
    };
    if (check(c.status.get())) return;
    unsubscribe = c.status.subscribe(check);
  });
}

export function openWorkspace(c: Connection): Promise<CliWorkspace> {
  return c.kind === 'local' ? openLocal(c.dir) : openRelay(c.url, c.workspaceId, c.token);
}
