import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { allDocKeys, recordDocKey } from '../../../src/domain/routing.ts';
import { describeRelayStatus } from '../../../src/sync/index.ts';
import { CONTROL_ROOM, decodeMessage, decodeMuxFrame, encodeMuxFrame, encodeSyncAll, encodeSyncStep1, MessageType } from '../../../sync-server/protocol.ts';
import { connectWorkspace, createMemorySyncStore } from './memory-sync-store.ts';
import { rawConnect, startTestRelay, waitFor, workspaceWith } from './helpers.ts';

/** A ws class that counts the frames and bytes it receives (what the relay sent this client). */
/**
 * Counts what the relay sends for sync. Presence (awareness) is left out: a teammate's presence
 * renews on its own clock and may land inside any window, which made the idle reconnect's count
 * one higher in about one run under CI's load.
 */
function countingWs(counter: { frames: number; bytes: number }) {
  return class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data: Buffer) => {
        const bytes = new Uint8Array(data);
        const { room, message } = decodeMuxFrame(bytes);
        if (room !== CONTROL_ROOM && message[0] === MessageType.awareness) return;
        counter.frames += 1;
        counter.bytes += data.byteLength;
      });
    }
  } as unknown as typeof globalThis.WebSocket;
}

/** Records as the app stores them: a record exists when its `<id>/_c` key does (src/layout). */
const createRecord = (id: string) => (d: import('yjs').Doc) => {
  d.getMap('leads').set(`${id}/_c`, [1_700_000_000_000, 'member']);
  d.getMap('leads').set(`${id}/email`, `${id}@example.com`);
};

describe('relay: batched sync (protocol v3) — one frame of vectors, answers only where rooms differ', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  let ws: Awaited<ReturnType<typeof workspaceWith>>;
  const open: Array<{ connection: { destroy(): void } }> = [];
  beforeEach(async () => {
    t = await startTestRelay();
    ws = await workspaceWith(t.relay);
  });
  afterEach(async () => {
    open.splice(0).forEach((c) => c.connection.destroy());
    await t.stop();
  });
  const join = (options: Parameters<typeof connectWorkspace>[4] = {}, url: string | string[] = t.relay.wsUrl) => {
    const c = connectWorkspace({ wsUrl: url }, ws.workspaceId, ws.tokens.member, createMemorySyncStore(), options);
    open.push(c);
    return c;
  };

  async function seed(count: number) {
    const a = join();
    await a.connection.whenSynced;
    const ids = Array.from({ length: count }, (_, i) => `lead-${i}`);
    for (const id of ids) a.store.change(recordDocKey(id), createRecord(id));
    await waitFor(() => a.connection.status.get().unsaved === 0, 20_000, 'seeded');
    return { a, ids };
  }

  it('a join arrives in a handful of frames, counted in records: "Syncing N of 600 records"', async () => {
    const { ids } = await seed(600);
    const counter = { frames: 0, bytes: 0 };
    const b = join({ WebSocketPolyfill: countingWs(counter) });
    const texts = new Set<string>();
    const progress: Array<{ recordsSynced: number; recordsTotal: number }> = [];
    b.connection.status.subscribe((s) => {
      texts.add(describeRelayStatus(s));
      progress.push({ recordsSynced: s.progress.recordsSynced, recordsTotal: s.progress.recordsTotal });
    });
    await b.connection.whenSynced;
    for (const id of ids) expect(b.store.doc(recordDocKey(id)).getMap('leads').get(`${id}/email`)).toBe(`${id}@example.com`);
    expect(b.connection.status.get().progress).toMatchObject({ docsSynced: allDocKeys().length, recordsSynced: 600, recordsTotal: 600 });
    // Counted as records arrive, never past the total, and said so while syncing.
    expect([...texts].some((x) => /^Syncing \d+ of 600 records$/.test(x))).toBe(true);
    for (let i = 1; i < progress.length; i++) if (progress[i].recordsTotal === 600 && progress[i - 1].recordsTotal === 600) expect(progress[i].recordsSynced).toBeGreaterThanOrEqual(progress[i - 1].recordsSynced);
    expect(progress.every((p) => p.recordsSynced <= p.recordsTotal || p.recordsTotal === 0)).toBe(true);
    // Version 2 took a step 1 and a step 2 per doc (2 × 513 frames); the batch is a few frames.
    expect(counter.frames).toBeLessThan(20);
  });

  it('a reconnect names only the rooms that changed; deletions already held are not sent again', async () => {
    const { a, ids } = await seed(300);
    const counter = { frames: 0, bytes: 0 };
    const b = join({ WebSocketPolyfill: countingWs(counter) });
    await b.connection.whenSynced;
    // A deletion the relay keeps: b gets it once, with its digest.
    a.store.change(recordDocKey(ids[0]), (d) => d.getMap('leads').delete(`${ids[0]}/email`));
    await waitFor(() => !b.store.doc(recordDocKey(ids[0])).getMap('leads').has(`${ids[0]}/email`), 5000, 'deletion reaches b');

    const reconnect = async () => {
      b.connection.disconnect();
      await waitFor(() => b.connection.status.get().connection === 'disconnected');
      const before = { ...counter };
      b.connection.connect();
      await waitFor(() => b.connection.status.get().synced && b.connection.status.get().unsaved === 0, 10_000, 'b back in step');
      return { frames: counter.frames - before.frames, bytes: counter.bytes - before.bytes };
    };
    // Nothing changed: hello and one empty last batch. (The first reconnect may still be told
    // the deletions once: b's digest came with a live update, not a batch.)
    await reconnect();
    const idle = await reconnect();
    expect(idle.frames).toBeLessThanOrEqual(3);
    expect(idle.bytes).toBeLessThan(200);

    b.connection.disconnect();
    await waitFor(() => b.connection.status.get().connection === 'disconnected');
    const changed = [ids[10], ids[100], ids[200]];
    for (const id of changed) a.store.change(recordDocKey(id), (d) => d.getMap('leads').set(`${id}/email`, 'changed@example.com'));
    b.store.change(recordDocKey('offline'), createRecord('offline'));
    await waitFor(() => a.connection.status.get().unsaved === 0);
    const before = { ...counter };
    b.connection.connect();
    await waitFor(() => b.connection.status.get().synced && b.connection.status.get().unsaved === 0, 10_000, 'b back in step');
    for (const id of changed) expect(b.store.doc(recordDocKey(id)).getMap('leads').get(`${id}/email`)).toBe('changed@example.com');
    await waitFor(() => a.store.doc(recordDocKey('offline')).getMap('leads').has('offline/_c'), 5000, "b's offline record reaches a");
    expect(b.connection.status.get().progress.recordsTotal).toBe(0); // the diffs touch records that exist already: nothing new to count
    expect(counter.frames - before.frames).toBeLessThan(12);
    expect(counter.bytes - before.bytes).toBeLessThan(3000);
  });

  it('a version-3 client syncs room by room with a relay that sends no hello (a version-2 relay)', async () => {
    const { ids } = await seed(50);
    // A relay without batched sync, as a v2 relay: the same relay behind a proxy that drops control frames.
    const proxy = await controlDroppingProxy(t.relay.wsUrl);
    try {
      const b = join({}, proxy.url);
      await b.connection.whenSynced;
      for (const id of ids) expect(b.store.doc(recordDocKey(id)).getMap('leads').has(`${id}/_c`)).toBe(true);
      expect(b.connection.status.get().progress).toMatchObject({ docsSynced: allDocKeys().length, recordsTotal: 0 });
      expect(proxy.dropped()).toBe(1); // the hello only: the client never sent a syncAll
    } finally {
      await proxy.close();
    }
  });

  it('a version-2 client is still served room by room and gets no control frame; a malformed syncAll closes only its socket', async () => {
    const base = `${t.relay.wsUrl}/${encodeURIComponent(ws.workspaceId)}`;
    const v2 = rawConnect(`${base}?outpost=2&token=${ws.tokens.member}`);
    await v2.opened;
    v2.ws.send(encodeMuxFrame('config', encodeSyncStep1(new Uint8Array([0]))));
    await waitFor(() => v2.frames.length >= 2, 5000, 'step 1 and step 2 of config');
    const rooms = v2.frames.map((f) => decodeMuxFrame(f).room);
    expect(rooms).not.toContain(CONTROL_ROOM);
    expect(decodeMessage(decodeMuxFrame(v2.frames[0]).message)).toMatchObject({ kind: 'sync' });
    // A v2 socket naming the control room: an unknown room, as on a v2 relay.
    v2.ws.send(encodeMuxFrame(CONTROL_ROOM, encodeSyncAll([])));
    expect((await v2.closed).code).toBe(4404);

    const v3 = rawConnect(`${base}?outpost=3&token=${ws.tokens.member}`);
    const other = rawConnect(`${base}?outpost=3&token=${ws.tokens.member}`);
    await Promise.all([v3.opened, other.opened]);
    await waitFor(() => v3.frames.length >= 1, 5000, 'hello');
    expect(decodeMuxFrame(v3.frames[0]).room).toBe(CONTROL_ROOM);
    expect(decodeMuxFrame(v3.frames[0]).message[0]).toBe(MessageType.hello);
    const bad = encodeSyncAll([{ doc: 'config', stateVector: new Uint8Array([5, 1]), deletions: 0, wantVector: false }]); // 5 clients announced, one half there
    v3.ws.send(encodeMuxFrame(CONTROL_ROOM, bad));
    expect((await v3.closed).code).toBe(1007);
    v3.ws.terminate();
    // The other socket still syncs.
    other.ws.send(encodeMuxFrame(CONTROL_ROOM, encodeSyncAll([{ doc: 'config', stateVector: new Uint8Array([0]), deletions: 0, wantVector: false }])));
    await waitFor(() => other.frames.some((f) => decodeMuxFrame(f).room === CONTROL_ROOM && decodeMuxFrame(f).message[0] === MessageType.syncBatch), 5000, 'batch');
    other.ws.close();
    v2.ws.terminate();
  });
});

/** A WebSocket proxy to the relay that drops every control-room frame the relay sends. */
async function controlDroppingProxy(target: string) {
  let dropped = 0;
  const server: Server = createServer();
  const wss = new WebSocketServer({ server, handleProtocols: (offered) => [...offered][0] ?? false });
  wss.on('connection', (client, req) => {
    const upstream = new WebSocket(`${target}${req.url}`, req.headers['sec-websocket-protocol']?.split(',').map((p) => p.trim()) ?? []);
    const early: Buffer[] = [];
    client.on('message', (data: Buffer) => (upstream.readyState === WebSocket.OPEN ? upstream.send(data) : early.push(data)));
    upstream.on('open', () => early.splice(0).forEach((d) => upstream.send(d)));
    upstream.on('message', (data: Buffer) => {
      if (decodeMuxFrame(new Uint8Array(data)).room === CONTROL_ROOM) return void dropped++;
      client.send(data);
    });
    upstream.on('close', (code, reason) => client.close(code >= 1000 && code < 5000 && code !== 1005 && code !== 1006 ? code : 1000, reason));
    client.on('close', () => upstream.close());
    upstream.on('error', () => client.terminate());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    dropped: () => dropped,
    close: () => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); wss.close(); server.close(() => r()); }),
  };
}
