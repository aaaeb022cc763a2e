import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { Role } from '../domain/index.ts';
import { createDocs, DOC_NAMES, destroyDocs, type WorkspaceDocs } from '../store/docs.ts';
import { isSeeded, seedDefaults } from '../store/config-store.ts';
import { Repository, type Actor } from '../store/repository.ts';
import { RelayProvider } from '../sync/index.ts';

/** A workspace the CLI works on: a repository, and `close()` that makes every write durable. */
export type CliWorkspace = { repo: Repository; where: string; close(): Promise<void> };

export type Connection =
  | { kind: 'local'; dir: string }
  | { kind: 'relay'; url: string; workspaceId: string; token: string };

/**
 * `--local DIR`: the three docs in memory, loaded from and saved to one Yjs update file each
 * (DIR/config.yjs, records.yjs, activities.yjs). Saving writes a temp file and renames it, so a
 * crash never leaves half a file.
 */
export async function openLocal(dir: string): Promise<CliWorkspace> {
  mkdirSync(dir, { recursive: true });
  const docs = createDocs();
  for (const name of DOC_NAMES) {
    const file = join(dir, `${name}.yjs`);
    if (existsSync(file)) Y.applyUpdate(docs[name], new Uint8Array(readFileSync(file)));
  }
  const actor: Actor = { memberId: 'cli', role: 'admin' };
  if (!isSeeded(docs.config)) seedDefaults(docs.config, { id: actor.memberId, name: 'Command line' });
  return {
    repo: new Repository({ docs, actor }),
    where: dir,
    async close() {
      for (const name of DOC_NAMES) {
        const file = join(dir, `${name}.yjs`);
        writeFileSync(`${file}.tmp`, Y.encodeStateAsUpdate(docs[name]));
        renameSync(`${file}.tmp`, file);
      }
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
 * Joins the relay like any teammate: one RelayProvider (src/sync) per doc, waits for the first
 * sync of all three, and on close waits until the relay has acknowledged every write as
 * stored ("saved to relay") before disconnecting.
 */
export async function openRelay(url: string, workspaceId: string, token: string): Promise<CliWorkspace> {
  const actor = actorFromToken(token);
  const docs: WorkspaceDocs = createDocs();
  const providers = DOC_NAMES.map((docName) => new RelayProvider({ url, workspaceId, docName, doc: docs[docName], token, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket }));
  const destroy = () => { providers.forEach((p) => p.destroy()); destroyDocs(docs); };
  try {
    await Promise.all(providers.map((p) => until(p, (s) => s.synced, SYNC_TIMEOUT_MS, `Could not sync with the relay at ${url} within ${SYNC_TIMEOUT_MS / 1000} s`)));
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
        await Promise.all(providers.map((p) => until(p, (s) => s.unsaved === 0, SAVE_TIMEOUT_MS, 'The relay did not confirm every change as saved')));
        const rejected = providers.map((p) => p.status.get().rejectedWrite).find(Boolean);
        if (rejected) throw new Error(`The relay refused a write: ${rejected.message}`);
      } finally {
        destroy();
      }
    },
  };
}

type Status = ReturnType<RelayProvider['status']['get']>;

function until(p: RelayProvider, done: (s: Status) => boolean, ms: number, timeoutMessage: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const timer = setTimeout(() => { unsubscribe(); reject(new Error(timeoutMessage)); }, ms);
    const check = (s: Status) => {
      if (s.refusal) { clearTimeout(timer); unsubscribe(); reject(new Error(`The relay refused the connection: ${s.refusal.reason}`)); return true; }
      if (done(s)) { clearTimeout(timer); unsubscribe(); resolve(); return true; }
      return false;
    };
    if (check(p.status.get())) return;
    unsubscribe = p.status.subscribe(check);
  });
}

export function openWorkspace(c: Connection): Promise<CliWorkspace> {
  return c.kind === 'local' ? openLocal(c.dir) : openRelay(c.url, c.workspaceId, c.token);
}
