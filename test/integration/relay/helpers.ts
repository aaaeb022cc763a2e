import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { startRelay, type Relay, type StartRelayOptions } from '../../../sync-server/server.ts';
import { RelayProvider } from '../../../src/sync/index.ts';
import type { Role } from '../../../sync-server/auth/roles.ts';
import { authProtocols } from '../../../sync-server/auth/transport.ts';

export const quietLog = () => {};

export async function tempDir(prefix = 'outpost-relay-') {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A relay on 127.0.0.1, a free port, its own data folder. */
export async function startTestRelay(options: StartRelayOptions = {}) {
  const temp = options.dataDir ? null : await tempDir();
  const relay = await startRelay({ port: 0, log: quietLog, dataDir: temp?.dir, ...options });
  return {
    relay,
    dataDir: options.dataDir ?? temp!.dir,
    async stop() {
      await relay.close();
      await temp?.remove();
    },
  };
}

/** A workspace and one member per role; `tokens` are member credentials (each invite exchanged, as at first connect). */
export async function workspaceWith(relay: Relay, roles: Role[] = ['member', 'viewer']) {
  const { workspace, invite } = await relay.registry.createWorkspace('Acme');
  const tokens: Record<string, string> = { admin: (await relay.registry.exchange(invite.token)).token };
  const members: Record<string, string> = { admin: invite.member.id };
  for (const role of roles) {
    const i = await relay.registry.invite(workspace.id, { name: role, role, expiresInSeconds: 3600 });
    tokens[role] = (await relay.registry.exchange(i.token)).token;
    members[role] = i.member.id;
  }
  return { workspaceId: workspace.id, tokens, members };
}

export function client(relay: Relay | { wsUrl: string | string[] }, workspaceId: string, docName: string, token: string, doc = new Y.Doc()) {
  return new RelayProvider({ url: relay.wsUrl, workspaceId, docName, doc, token, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, maxBackoffTime: 300 });
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition') {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Opens a raw socket and reports how it ended: the close code and reason, and any frames received.
 * A `token` in the URL is sent the way Outpost clients send it (a subprotocol, see
 * sync-server/auth/transport.ts) unless `via: 'query'` keeps it in the URL, as stock clients do.
 */
export function rawConnect(url: string, headers: Record<string, string> = {}, { via = 'protocol' }: { via?: 'protocol' | 'query' } = {}) {
  const u = new URL(url);
  const token = u.searchParams.get('token');
  if (via === 'protocol') u.searchParams.delete('token');
  const ws = new WebSocket(u.toString(), via === 'protocol' && token !== null ? authProtocols(token) : [], { headers });
  const frames: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on('error', () => {});
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  opened.catch(() => {});
  return { ws, frames, closed, opened };
}
