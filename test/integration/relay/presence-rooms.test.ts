import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode, CONTROL_ROOM, decodeMuxFrame, encodeMuxFrame, encodeSyncUpdate, MessageType, type RoomKey } from '../../../sync-server/protocol.ts';
import { authProtocols } from '../../../sync-server/auth/transport.ts';
import { createPresence } from '../../../src/sync/index.ts';
import type { DocKey } from '../../../src/domain/routing.ts';
import { attackScene } from './bystander.ts';
import { closedWithin, greeted, rawConnect, sleep, waitFor } from './helpers.ts';
import { connectWorkspace, createMemorySyncStore } from './memory-sync-store.ts';
import { encodeAwarenessFrame } from './frames.ts';

/** An awareness update announcing client `id` with a name the test can look for. */
function presenceOf(id: number, clock = 1) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, id);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, JSON.stringify({ user: { name: `ghost ${id}` } }));
  return encodeAwarenessFrame(encoding.toUint8Array(e));
}
const QUERY_PRESENCE = new Uint8Array([MessageType.queryAwareness]);
const EMPTY_STEP1 = new Uint8Array([MessageType.sync, 0, 1, 0]);

/** The reasons of the "permission denied" messages a multiplexed socket heard, by room. */
function denials(frames: Uint8Array[]) {
  const found: Array<{ room: string; reason: string }> = [];
  for (const f of frames) {
    const { room, message } = decodeMuxFrame(f);
    if (room === CONTROL_ROOM || message[0] !== MessageType.auth) continue;
    const d = decoding.createDecoder(message);
    decoding.readVarUint(d);
    if (decoding.readVarUint(d) === 0) found.push({ room, reason: decoding.readVarString(d) });
  }
  return found;
}

/** Frames of a room's peer that carry the presence of `id`. */
const presenceSeen = (frames: Uint8Array[], id: number) => frames.filter((f) => f[0] === MessageType.awareness && Buffer.from(f).includes(`ghost ${id}`)).length;

describe('presence only on a room the connection has synced', () => {
  const s = attackScene();
  const mux = () => `${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3&token=${s.ws.tokens.member}`;
  const roomUrl = (doc: string) => `${s.t.relay.wsUrl}/${s.ws.workspaceId}/${doc}?token=${s.ws.tokens.member}`;
  const refused = () => s.t.relay.metrics.counter('outpost_presence_refused_total');
  const loaded = (doc: string) => s.t.relay.loadedRooms().some((r) => r.workspaceId === s.ws.workspaceId && r.docKey === doc);

  it('elsewhere it is refused on that room, with a reason; not taken, not forwarded, the room not loaded; the connection goes on', async () => {
    // A teammate on records/5 (a stock single-room socket: its one room is joined when it connects).
    const peer = await greeted(roomUrl('records/5'));
    const c = rawConnect(mux());
    await c.opened;
    const before = refused();
    c.ws.send(encodeMuxFrame('records/6' as RoomKey, presenceOf(601)));
    c.ws.send(encodeMuxFrame('records/6' as RoomKey, QUERY_PRESENCE));
    c.ws.send(encodeMuxFrame('records/5' as RoomKey, presenceOf(501)));
    c.ws.send(encodeMuxFrame('legacy/records' as RoomKey, presenceOf(701)));
    await waitFor(() => denials(c.frames).length === 4, 5000, 'four refusals');
    const heard = denials(c.frames);
    expect(heard.map((d) => d.room)).toEqual(['records/6', 'records/6', 'records/5', 'legacy/records']);
    for (const { room, reason } of heard.slice(0, 3)) expect(reason).toBe(`presence is taken only on a room this connection has synced: send ${room}'s sync step 1 first`);
    expect(heard[3].reason).toBe("legacy/records carries an old client's push only: no presence there");
    expect(refused() - before).toBe(4);
    expect(loaded('records/6')).toBe(false);
    expect(presenceSeen(peer.frames, 501)).toBe(0);

    // Synced, the same presence is taken and reaches the room's peer; the socket was never closed.
    c.ws.send(encodeMuxFrame('records/5' as RoomKey, EMPTY_STEP1));
    c.ws.send(encodeMuxFrame('records/5' as RoomKey, presenceOf(501)));
    await waitFor(() => presenceSeen(peer.frames, 501) === 1, 5000, 'the presence after the sync');
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    expect(refused() - before).toBe(4);
    c.ws.close();
    peer.ws.close();
    await s.bystander.check('presence on rooms not synced');
  });

  it("a legacy room the connection pushed to holds no doc to read: presence there is refused, naming it", async () => {
    const c = rawConnect(mux());
    await c.opened;
    // An old client's push of nothing: the legacy room is joined by it.
    c.ws.send(encodeMuxFrame('legacy/activities' as RoomKey, encodeSyncUpdate(Y.encodeStateAsUpdate(new Y.Doc()))));
    c.ws.send(encodeMuxFrame('legacy/activities' as RoomKey, presenceOf(702)));
    c.ws.send(encodeMuxFrame('legacy/activities' as RoomKey, QUERY_PRESENCE));
    await waitFor(() => denials(c.frames).length === 2, 5000, 'two refusals');
    for (const { room, reason } of denials(c.frames)) {
      expect(room).toBe('legacy/activities');
      expect(reason).toBe("legacy/activities carries an old client's push only: no presence there");
    }
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });

  it('refused presence spends presence tokens: a flood of it closes 1008 and loads nothing', async () => {
    const c = rawConnect(mux());
    await c.opened;
    for (let i = 0; i < 200; i++) c.ws.send(encodeMuxFrame('records/7' as RoomKey, i % 2 ? QUERY_PRESENCE : presenceOf(800, i + 1)));
    const closed = await closedWithin(c);
    expect(closed.code).toBe(CloseCode.policy);
    expect(closed.reason).toMatch(/presence updates per second/);
    expect(loaded('records/7')).toBe(false);
    await s.bystander.check('a flood of refused presence');
  });

  it('honest clients lose nothing: stock y-websocket clients on one room, and Outpost clients whose presence changed before their sync began', async () => {
    const before = refused();
    const stock = [0, 1].map(() => {
      const doc = new Y.Doc();
      return new WebsocketProvider(s.t.relay.wsUrl, `${s.ws.workspaceId}/records/3`, doc, { WebSocketPolyfill: WebSocket as never, protocols: authProtocols(s.ws.tokens.member), disableBc: true });
    });
    stock[0].awareness.setLocalStateField('user', { name: 'Stock A' });
    stock[1].awareness.setLocalStateField('user', { name: 'Stock B' });
    const named = (p: WebsocketProvider, name: string) => [...p.awareness.getStates().values()].some((state) => (state as { user?: { name?: string } }).user?.name === name);
    await waitFor(() => named(stock[0], 'Stock B') && named(stock[1], 'Stock A'), 10_000, 'each stock client sees the other');

    // An Outpost client whose docs' vectors are slow to read: its socket is open, the sync not yet
    // begun, when the page it shows changes (the window where its presence used to go early).
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const store = createMemorySyncStore();
    const slow = { ...store, stateVector: async (key: DocKey) => (await gate, store.stateVector(key)) };
    const a = connectWorkspace(s.t.relay, s.ws.workspaceId, s.ws.tokens.member, slow);
    const b = connectWorkspace(s.t.relay, s.ws.workspaceId, s.ws.tokens.admin);
    try {
      await b.connection.whenSynced;
      const pa = createPresence(a.connection.awareness, { memberId: s.ws.members.member, name: 'Alice' });
      const pb = createPresence(b.connection.awareness, { memberId: s.ws.members.admin, name: 'Bob' });
      await waitFor(() => a.connection.status.get().connection === 'connected', 10_000, 'a connected');
      pa.view('panel', ['leads:1']);
      await sleep(50);
      release();
      await a.connection.whenSynced;
      await waitFor(() => pb.othersViewing('leads:1').length === 1, 10_000, 'b sees a');
      pb.view('panel', ['leads:1']);
      await waitFor(() => pa.othersViewing('leads:1').length === 1, 10_000, 'a sees b');
      expect(refused() - before).toBe(0);
    } finally {
      a.connection.destroy();
      b.connection.destroy();
      stock.forEach((p) => p.destroy());
    }
  });
});
