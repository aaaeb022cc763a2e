import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { startRelay, type Relay, type StartRelayOptions } from '../../../sync-server/server.ts';
import { RelayProvider, WorkspaceConnection } from '../../../src/sync/index.ts';
import type { Engine } from '../../../src/store/engine.ts';
import type { Role } from '../../../sync-server/auth/roles.ts';
import { authProtocols } from '../../../sync-server/auth/transport.ts';
import { CONTROL_ROOM, decodeControlMessage, decodeMuxFrame, type SyncBatch } from '../../../sync-server/protocol.ts';

export const quietLog = () => {};

/** The extension's connection for an engine, reconnecting fast (tests). */
export const connectEngine = (url: string, workspaceId: string, token: string, engine: Engine) =>
  new WorkspaceConnection({ url, workspaceId, token, store: engine.syncStore, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, maxBackoffTime: 100 });
/** Waits until a connection is synced and holds nothing unsaved. */
export const savedOn = (c: WorkspaceConnection, what: string, timeoutMs = 20_000) => waitFor(() => c.status.get().synced && c.status.get().unsaved === 0, timeoutMs, `${what} synced and saved`);

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

/** How a raw socket ended, or a clear failure when the relay kept it open (a missed refusal). */
export async function closedWithin(c: ReturnType<typeof rawConnect>, ms = 8000) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the relay kept the socket open for ${ms} ms`)), ms)));
  try {
    return await Promise.race([c.closed, timeout]);
  } finally {
    clearTimeout(timer);
    c.ws.terminate();
  }
}

/** A raw socket once the relay greeted it (its room loaded). */
export async function greeted(url: string, what = 'the greeting') {
  const c = rawConnect(url);
  await c.opened;
  await waitFor(() => c.frames.length > 0, 10_000, what);
  return c;
}

/**
 * A room of `count` stored updates of ~10 KB each, written straight to storage by one client
 * (`source`; every `deleteEvery`th write also deletes the previous entry), and `reads`: how often
 * the relay read the room's stored updates since.
 */
export async function storedRoom(relay: Relay, room: string, count: number, { deleteEvery = 0 } = {}) {
  const source = new Y.Doc();
  const stored = { source, reads: 0 };
  const storage = relay.storage;
  const loadRoom = storage.loadRoom.bind(storage);
  storage.loadRoom = (name) => ((stored.reads += name === room ? 1 : 0), loadRoom(name));
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(source);
    source.getMap('leads').set(`lead-${i}/details`, `${i} ` + 'z'.repeat(10 * 1024));
    if (deleteEvery && i > 0 && i % deleteEvery === 0) source.getMap('leads').delete(`lead-${i - 1}/details`);
    await storage.append([{ room, update: Y.encodeStateAsUpdate(source, before) }]);
  }
  return stored;
}

/** How many of a multiplexed socket's frames are `syncBatch` answers that `match`. */
export function syncBatches(frames: Uint8Array[], match: (batch: SyncBatch) => boolean) {
  return frames.filter((f) => {
    const { room, message } = decodeMuxFrame(f);
    if (room !== CONTROL_ROOM) return false;
    const m = decodeControlMessage(message);
    return m.kind === 'syncBatch' && match(m.batch);
  }).length;
}

/** Ends a scene of engines on a relay: connections first, then engines, the relay, its folder. */
export async function teardown(connections: Array<{ destroy(): void }>, engines: Array<{ destroy(): Promise<void> }>, relay: { close(): Promise<void> }, data: { remove(): Promise<void> }) {
  for (const c of connections) c.destroy();
  await Promise.all(engines.map((e) => e.destroy()));
  await relay.close();
  await data.remove();
}
