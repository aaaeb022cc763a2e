import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import * as Y from 'yjs';
import { createMemoryStorage } from '../../../sync-server/storage/memory.ts';
import { CloseCode, SyncStep } from '../../../sync-server/protocol.ts';
import { client, rawConnect, startTestRelay, waitFor, workspaceWith } from './helpers.ts';
import { encodeUpdateFrame } from './frames.ts';

describe('relay: limits and bad input close one connection, nothing else', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>> | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  const update = (fill: (d: Y.Doc) => void) => {
    const d = new Y.Doc();
    fill(d);
    return Y.encodeStateAsUpdate(d);
  };

  it('each malformed frame closes its connection with a reason; the room and its store are untouched', async () => {
    t = await startTestRelay();
    const ws = await workspaceWith(t.relay);
    const url = `${t.relay.wsUrl}/${ws.workspaceId}/records/0?token=${ws.tokens.member}`;
    const bystander = client(t.relay, ws.workspaceId, 'records/0', ws.tokens.member);
    await bystander.whenSynced;
    bystander.doc.getMap('leads').set('kept', 1);
    await waitFor(() => bystander.status.get().unsaved === 0);
    const good = update((d) => d.getMap('leads').set('x', 'y'));
    const cases: Array<[string, Uint8Array | string, number, RegExp]> = [
      ['empty frame', new Uint8Array(0), CloseCode.malformed, /empty/],
      ['unknown message type', new Uint8Array([77, 1, 2]), CloseCode.malformed, /unknown message type/],
      ['truncated sync message', new Uint8Array([0, 2, 200]), CloseCode.malformed, /truncated/],
      ['unknown sync step', encodeUpdateFrame(good, 9), CloseCode.malformed, /sync step/],
      ['malformed update', encodeUpdateFrame(good.slice(0, good.length - 3)), CloseCode.malformed, /malformed update/],
      ['random update bytes', encodeUpdateFrame(new Uint8Array([5, 200, 1, 7, 7, 7, 7])), CloseCode.malformed, /update/],
      ['malformed awareness', new Uint8Array([1, 3, 1, 2, 3]), CloseCode.malformed, /awareness/],
      ['a text frame', 'hello', CloseCode.malformed, /text frames/],
    ];
    for (const [what, frame, code, reason] of cases) {
      const c = rawConnect(url);
      await c.opened;
      await waitFor(() => c.frames.length > 0, 5000, 'greeting');
      c.ws.send(frame);
      const closed = await c.closed;
      expect({ what, code: closed.code }).toEqual({ what, code });
      expect(closed.reason).toMatch(reason);
    }
    expect(bystander.status.get().connection).toBe('connected');
    bystander.doc.getMap('leads').set('after', 2);
    await waitFor(() => bystander.status.get().unsaved === 0);
    const stored = new Y.Doc();
    (await t.relay.storage.loadRoom(`${ws.workspaceId}/records/0`)).forEach((u) => Y.applyUpdate(stored, u));
    expect(stored.getMap('leads').toJSON()).toEqual({ kept: 1, after: 2 });
    expect((await fetch(`${t.relay.httpUrl}/healthz`)).status).toBe(200);
    bystander.destroy();
  });

  it('an oversized frame closes with 1009; an oversized document refuses writes', async () => {
    t = await startTestRelay({ limits: { maxFrameBytes: 64 * 1024, maxDocBytes: 20 * 1024 } });
    const ws = await workspaceWith(t.relay);
    const c = rawConnect(`${t.relay.wsUrl}/${ws.workspaceId}/records/0?token=${ws.tokens.member}`);
    await c.opened;
    c.ws.send(new Uint8Array(100 * 1024));
    expect((await c.closed).code).toBe(CloseCode.tooBig);

    const writer = client(t.relay, ws.workspaceId, 'records/0', ws.tokens.member);
    await writer.whenSynced;
    writer.doc.getMap('leads').set('a', 'x'.repeat(15 * 1024));
    await waitFor(() => writer.status.get().unsaved === 0);
    writer.doc.getMap('leads').set('b', 'y'.repeat(15 * 1024));
    await waitFor(() => writer.status.get().rejectedWrite?.code === 'doc-too-large');
    expect(writer.status.get().unsaved).toBe(0);
    writer.destroy();
  });

  it('buffers at most preReadyBufferBytes while the room loads', async () => {
    const storage = createMemoryStorage();
    const slowLoad = storage.loadRoom;
    storage.loadRoom = async (room) => (await new Promise((r) => setTimeout(r, 1500)), slowLoad(room));
    t = await startTestRelay({ storage, limits: { preReadyBufferBytes: 1024 } });
    const ws = await workspaceWith(t.relay);
    const c = rawConnect(`${t.relay.wsUrl}/${ws.workspaceId}/records/0?token=${ws.tokens.member}`);
    await c.opened;
    for (let i = 0; i < 4; i++) c.ws.send(encodeUpdateFrame(new Uint8Array(400), SyncStep.update));
    const closed = await c.closed;
    expect(closed.code).toBe(CloseCode.policy);
    expect(closed.reason).toMatch(/before the room was ready/);
  });

  it('limits connections per address, messages per second, idle connections and slow handshakes', async () => {
    t = await startTestRelay({ limits: { connectionsPerIp: 3, messagesPerSecond: 20, messageBurst: 40, idleTimeoutMs: 600, recheckMs: 100, preReadyDeadlineMs: 500 } });
    const ws = await workspaceWith(t.relay);
    const url = `${t.relay.wsUrl}/${ws.workspaceId}/records/0?token=${ws.tokens.member}`;
    const open = [rawConnect(url), rawConnect(url), rawConnect(url)];
    await Promise.all(open.map((c) => c.opened));
    await expect(rawConnect(url).opened).rejects.toThrow(/429/);

    // Flooding: a burst past the allowance closes that connection.
    for (let i = 0; i < 100; i++) open[0].ws.send(new Uint8Array([3])); // query awareness, harmless alone
    const flooded = await open[0].closed;
    expect(flooded.code).toBe(CloseCode.policy);
    expect(flooded.reason).toMatch(/too many messages/);

    // Idle: the others say nothing and are closed.
    const idle = await open[1].closed;
    expect(idle).toEqual({ code: CloseCode.goingAway, reason: 'idle' });
    await open[2].closed;

    // Slow handshake: half a request line, then silence.
    const socket = connect(t.relay.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.resume(); // the 408 must be read for 'close' to come
    socket.write('GET /x HTTP/1.1\r\nHost: a\r\n');
    const started = Date.now();
    await new Promise((resolve) => socket.on('close', resolve));
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
