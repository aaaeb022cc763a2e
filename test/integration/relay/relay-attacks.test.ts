import { beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { CloseCode, CONTROL_ROOM, legacyRoom, encodeMuxFrame, encodeSyncAll, encodeSyncStep1, encodeSyncUpdate, decodeControlMessage, decodeMuxFrame, type RoomKey } from '../../../sync-server/protocol.ts';
import { allDocKeys } from '../../../src/domain/routing.ts';
import { defaultLimits } from '../../../sync-server/options.ts';
import { client, closedWithin, greeted, rawConnect, storedRoom, syncBatches, waitFor } from './helpers.ts';
import { encodeAwarenessFrame, encodeUpdateFrame } from './frames.ts';
import { attackScene } from './bystander.ts';
import { mintKey, seededWorkspace } from '../api/helpers.ts';
import { request } from 'node:http';

/**
 * The relay under an outside attacker: each attack gets its documented refusal (close code and
 * reason, or HTTP status), and afterwards the relay is alive AND serving: a bystander's edit
 * still syncs between two honest clients.
 */
const bytes = (s: string) => Buffer.byteLength(s);

describe('relay attacks: close reasons', () => {
  const s = attackScene();

  it('a room name of multi-byte characters is refused with 4404 and a reason of at most 123 bytes', async () => {
    // Within the longest name a frame may carry (64 bytes): echoed whole. Past it: refused by its length, unread.
    for (const [name, reason] of [['中'.repeat(21), /^Unknown room .*"中{21}"$/], ['中'.repeat(60), /^Unknown room: a room name is at most 64 bytes, this one 180$/]] as const) {
      const c = rawConnect(`${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3&token=${s.ws.tokens.member}`);
      await c.opened;
      c.ws.send(encodeMuxFrame(name as RoomKey, encodeSyncUpdate(new Uint8Array([0, 0]))));
      const closed = await c.closed;
      expect(closed.code).toBe(CloseCode.notFound);
      expect(closed.reason).toMatch(reason);
      expect(bytes(closed.reason)).toBeLessThanOrEqual(123);
      expect(closed.reason).not.toContain('\uFFFD');
    }
    await s.bystander.check('a long room name');
  });

  it('an Origin of non-ASCII characters is refused with 4403 and a cut reason', async () => {
    const c = rawConnect(`${s.t.relay.wsUrl}/${s.ws.workspaceId}/records/0?token=${s.ws.tokens.member}`, { origin: 'https://' + '\u00e9'.repeat(200) });
    const closed = await c.closed;
    expect(closed.code).toBe(CloseCode.forbidden);
    expect(closed.reason).toMatch(/^Origin not allowed.*https:\/\/é+…$/);
    expect(bytes(closed.reason)).toBeLessThanOrEqual(123);
    await s.bystander.check('a long origin');
  });
});

/** An update of no structs whose delete set is written by hand: `[client, [[clock, len]…]]`. */
function deleteSetUpdate(clients: Array<[number, Array<[number | number[], number | number[]]>]>) {
  const e = encoding.createEncoder();
  const uint = (v: number | number[]) => (Array.isArray(v) ? v.forEach((b) => encoding.writeUint8(e, b)) : encoding.writeVarUint(e, v));
  encoding.writeVarUint(e, 0); // no structs
  encoding.writeVarUint(e, clients.length);
  for (const [client, ranges] of clients) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const [clock, len] of ranges) uint(clock), uint(len);
  }
  return encoding.toUint8Array(e);
}

/** The first entry of an awareness frame: its client and state (null: a removal). */
function presenceEntry(frame: Uint8Array) {
  const d = decoding.createDecoder(frame);
  decoding.readVarUint(d); // message type
  const update = decoding.createDecoder(decoding.readVarUint8Array(d));
  decoding.readVarUint(update); // entries
  const client = decoding.readVarUint(update);
  decoding.readVarUint(update); // clock
  return { client, state: JSON.parse(decoding.readVarString(update)) as unknown };
}

/** An awareness update announcing `ids` (each with a small state, or one padded to `pad` characters). */
function awarenessUpdate(ids: number[], { clock = 1, pad = 0 } = {}) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, ids.length);
  for (const id of ids) {
    encoding.writeVarUint(e, id);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify({ user: { name: `ghost ${id}` }, ...(pad ? { pad: 'x'.repeat(pad) } : {}) }));
  }
  return encoding.toUint8Array(e);
}

describe('relay attacks: frames', () => {
  /** Set, the relay's clock stands still: rates are judged on what was sent, not on how fast a loaded machine read it. */
  let frozenAt: number | null = null;
  const s = attackScene({ limits: { maxAwarenessClients: 8 }, clock: () => new Date(frozenAt ?? Date.now()) });
  const roomUrl = (doc = 'records/0', token = s.ws.tokens.member) => `${s.t.relay.wsUrl}/${s.ws.workspaceId}/${doc}?token=${token}`;
  /**
   * A member of their own: the tests above spent megabytes of the shared member's inbound budget
   * (`limits.memberBytesBurst`), whose debt outlives its sockets and pauses its next ones.
   */
  const memberOfItsOwn = async (name: string) => {
    const i = await s.t.relay.registry.invite(s.ws.workspaceId, { name, role: 'member', expiresInSeconds: 3600 });
    return (await s.t.relay.registry.exchange(i.token)).token;
  };
  const muxUrl = () => `${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3&token=${s.ws.tokens.member}`;

  it('an update whose delete set has impossible clocks closes 1007 and stores nothing', async () => {
    const writer = new Y.Doc();
    writer.getMap('leads').set('a', 1);
    const real = Y.encodeStateAsUpdate(writer);
    const c0 = rawConnect(roomUrl());
    await c0.opened;
    c0.ws.send(encodeUpdateFrame(real));
    await waitFor(async () => (await s.t.relay.storage.loadRoom(`${s.ws.workspaceId}/records/0`)).length > 0, 5000, 'the honest write stored');
    c0.ws.close();
    const client = writer.clientID;
    const overflow = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]; // a varuint past 2^53
    const cases: Array<[string, Uint8Array]> = [
      ['a deletion far past any clock of the room', deleteSetUpdate([[client, [[2 ** 40, 1]]]])],
      ['a length that overflows the clock range', deleteSetUpdate([[client, [[0, 2 ** 53 - 1]]]])],
      ['clock + length past 2^53', deleteSetUpdate([[client, [[2 ** 52, 2 ** 52]]]])],
      ['an empty range', deleteSetUpdate([[client, [[0, 0]]]])],
      ['a varuint past 2^53', deleteSetUpdate([[client, [[overflow, 1]]]])],
      ['a client nobody wrote as', deleteSetUpdate([[123456, [[0, 5]]]])],
      ['deletions beside real content', Y.mergeUpdates([real, deleteSetUpdate([[client, [[0, 2 ** 45]]]])])],
    ];
    const before = await s.t.relay.storage.loadRoom(`${s.ws.workspaceId}/records/0`);
    for (const [what, update] of cases) {
      const c = rawConnect(roomUrl());
      await c.opened;
      c.ws.send(encodeUpdateFrame(update));
      const closed = await closedWithin(c);
      expect({ what, code: closed.code }).toEqual({ what, code: CloseCode.malformed });
      expect(closed.reason).toMatch(/update/);
    }
    expect(await s.t.relay.storage.loadRoom(`${s.ws.workspaceId}/records/0`)).toEqual(before);
    // An honest deletion of what exists is still a write.
    const c = rawConnect(roomUrl());
    await c.opened;
    c.ws.send(encodeUpdateFrame(deleteSetUpdate([[client, [[0, 1]]]])));
    await waitFor(async () => (await s.t.relay.storage.loadRoom(`${s.ws.workspaceId}/records/0`)).length > before.length, 5000, 'the honest deletion stored');
    c.ws.close();
    await s.bystander.check('bad delete sets');
  });

  it('an update of a million tiny structs closes 1009 before it is decoded', async () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1_000_000);
    encoding.writeVarUint(e, 4242);
    encoding.writeVarUint(e, 0);
    for (let i = 0; i < 1_000_000; i++) encoding.writeUint8(e, 0), encoding.writeVarUint(e, 1); // GC structs of one clock
    encoding.writeVarUint(e, 0);
    const before = await s.t.relay.storage.loadRoom(`${s.ws.workspaceId}/records/0`);
    for (const room of ['records/0', 'legacy/records']) {
      const c = rawConnect(room === 'records/0' ? roomUrl() : muxUrl());
      await c.opened;
      const frame = encodeUpdateFrame(encoding.toUint8Array(e));
      c.ws.send(room === 'records/0' ? frame : encodeMuxFrame(legacyRoom('records'), frame));
      const closed = await closedWithin(c);
      expect({ room, code: closed.code }).toEqual({ room, code: CloseCode.tooBig });
      expect(closed.reason).toMatch(/more than 200000 structs/);
    }
    expect(await s.t.relay.storage.loadRoom(`${s.ws.workspaceId}/records/0`)).toEqual(before);
    await s.bystander.check('a struct bomb');
  });

  it('a second syncAll while one is answered closes 1008', async () => {
    const c = rawConnect(muxUrl());
    await c.opened;
    await waitFor(() => c.frames.length > 0, 5000, 'hello');
    const all = encodeMuxFrame(CONTROL_ROOM, encodeSyncAll(allDocKeys().map((doc) => ({ doc, stateVector: Y.encodeStateVector(new Map()), deletions: 0, wantVector: false }))));
    c.ws.send(all);
    c.ws.send(all);
    const closed = await closedWithin(c);
    expect(closed.code).toBe(CloseCode.policy);
    expect(closed.reason).toMatch(/syncAll/);
    await s.bystander.check('two syncAlls');
  });

  it('one socket may announce at most maxAwarenessClients awareness clients', async () => {
    const c = rawConnect(roomUrl('config'));
    await c.opened;
    await waitFor(() => c.frames.length > 0, 5000, 'greeting');
    const watcher = rawConnect(roomUrl('config'));
    await watcher.opened;
    c.ws.send(encodeAwarenessFrame(awarenessUpdate([1, 2, 3, 4, 5, 6, 7, 8])));
    await waitFor(() => watcher.frames.some((f) => f[0] === 1 && Buffer.from(f).includes('ghost 8')), 5000, 'eight presences');
    c.ws.send(encodeAwarenessFrame(awarenessUpdate([9])));
    const closed = await closedWithin(c);
    expect(closed.code).toBe(CloseCode.policy);
    expect(closed.reason).toMatch(/awareness clients/);
    // A flood in one frame: thousands of ids.
    const d = rawConnect(roomUrl('config'));
    await d.opened;
    d.ws.send(encodeAwarenessFrame(awarenessUpdate(Array.from({ length: 5000 }, (_, i) => 10_000 + i))));
    expect((await closedWithin(d)).code).toBe(CloseCode.policy);
    watcher.ws.close();
    await s.bystander.check('awareness floods');
  });

  it("presence updates faster than a person moves: closed 1008 before the room's peers are flooded", async () => {
    // Every presence update goes to every peer of the room (the whole team on config): 300 a second
    // of 15 KB each from one member is 4.5 MB a second to each teammate, whose sockets then fall
    // behind and are cut as slow readers. A person changes what they view a few times a second at most.
    const watcher = await greeted(roomUrl('config'));
    const c = await greeted(roomUrl('config', await memberOfItsOwn('Flooder')));
    const before = watcher.frames.length;
    // The clock stands still while the relay reads the flood: no token comes back meanwhile, however
    // long a loaded machine takes (at 10 a second, 200 ms of reading let 2 more through).
    frozenAt = Date.now();
    try {
      for (let i = 0; i < 500; i++) c.ws.send(encodeAwarenessFrame(awarenessUpdate([777], { clock: i + 1, pad: 15_000 })));
      const closed = await closedWithin(c);
      expect(closed.code).toBe(CloseCode.policy);
      expect(closed.reason).toMatch(/presence updates per second/);
      // The flooder's removal, sent when it was closed, is the last the watcher hears of it.
      const heard = () => watcher.frames.slice(before).filter((f) => f[0] === 1).map(presenceEntry).filter((e) => e.client === 777);
      await waitFor(() => heard().some((e) => e.state === null), 5000, "the flooder's removal");
      const forwarded = heard().filter((e) => e.state !== null).length;
      console.log(`500 presence updates of 15 KB sent at once: ${forwarded} reached a peer`);
      expect(forwarded).toBe(defaultLimits.awarenessBurst);
    } finally {
      frozenAt = null;
    }
    watcher.ws.close();
    await s.bystander.check('a presence flood');
  });

  it("a member's presence shows again at once after a reconnect, and is not echoed to its sender", async () => {
    // A client keeps its awareness clock across a reconnect; the relay used to keep the clock it
    // gave the removal (one more), and refused the returning state until two renewals later (~30 s).
    const watcher = await greeted(roomUrl('config'));
    const shown = (name: string) => watcher.frames.filter((f) => f[0] === 1 && Buffer.from(f).includes(name)).length;
    const first = await greeted(roomUrl('config'));
    first.ws.send(encodeAwarenessFrame(awarenessUpdate([4242])));
    await waitFor(() => shown('ghost 4242') === 1, 5000, 'the presence');
    first.ws.close();
    await first.closed;
    const again = await greeted(roomUrl('config'));
    const greetedWith = again.frames.length;
    again.ws.send(encodeAwarenessFrame(awarenessUpdate([4242])));
    await waitFor(() => shown('ghost 4242') === 2, 5000, 'the presence after the reconnect');
    await new Promise((r) => setTimeout(r, 200));
    expect(again.frames.slice(greetedWith).filter((f) => f[0] === 1)).toEqual([]);
    again.ws.close();
    watcher.ws.close();
  });

  it('presence of clients that left is forgotten: a room kept loaded for months holds no trace of each past session', async () => {
    // The config room stays loaded while anyone is connected (an active team: always). Each
    // session of each member announces a new awareness client id; an attacker reconnects at will.
    const holder = await greeted(roomUrl('config'));
    const config = () => s.t.relay.loadedRooms().find((r) => r.workspaceId === s.ws.workspaceId && r.docKey === 'config')!;
    const token = await memberOfItsOwn('Reconnecter');
    // Sockets of the tests above close without being awaited: counted from when they are gone.
    await waitFor(() => config().peers.size === 1 && config().awareness.getStates().size === 0, 20_000, 'the earlier tests\' sockets gone');
    for (let session = 0; session < 100; session++) {
      const c = rawConnect(roomUrl('config', token));
      await c.opened;
      const ids = Array.from({ length: 8 }, (_, i) => 100_000 + session * 8 + i);
      c.ws.send(encodeAwarenessFrame(awarenessUpdate(ids)));
      await waitFor(() => config().awareness.getStates().has(ids[7]), 20_000, `session ${session}'s presence`);
      c.ws.close();
      await c.closed;
    }
    await waitFor(() => config().peers.size === 1, 20_000, 'the sessions gone');
    // What the relay keeps per awareness client: its state and its meta (clock, last update).
    const kept = config().awareness.meta.size;
    console.log(`after 100 sessions of 8 presence ids each: ${kept} awareness entries kept, ${config().awareness.getStates().size} present`);
    expect(config().awareness.getStates().size).toBe(0);
    expect(kept).toBeLessThanOrEqual(8);
    holder.ws.close();
    await s.bystander.check('presence sessions');
  });
});

describe('relay attacks: HTTP', () => {
  const s = attackScene({ limits: { formPostsPerMinute: 1000 } });

  it('every answer says nosniff and no-store; an HTML page may load nothing; health and metrics answer GET only', async () => {
    const base = s.t.relay.httpUrl;
    const tries: Array<[string, RequestInit?]> = [
      ['/healthz'],
      ['/metrics'],
      ['/nothing-here'],
      ['/auth/renew', { method: 'POST' }],
      ['/auth/exchange', { method: 'POST', headers: { authorization: 'Bearer x' } }],
      ['/admin/workspaces', { method: 'POST' }],
      [`/api/v1/${s.ws.workspaceId}/leads`],
      [`/forms/${s.ws.workspaceId}/contact`],
      [`/forms/${s.ws.workspaceId}/contact`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' }],
    ];
    for (const [path, init] of tries) {
      const res = await fetch(base + path, init);
      await res.arrayBuffer();
      const what = `${init?.method ?? 'GET'} ${path} (${res.status})`;
      expect({ what, nosniff: res.headers.get('x-content-type-options'), store: res.headers.get('cache-control') }).toEqual({ what, nosniff: 'nosniff', store: 'no-store' });
      if (res.headers.get('content-type')?.startsWith('text/html')) expect({ what, csp: res.headers.get('content-security-policy') }).toEqual({ what, csp: "default-src 'none'" });
    }
    for (const path of ['/healthz', '/metrics'])
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const res = await fetch(base + path, { method });
        expect({ path, method, status: res.status, allow: res.headers.get('allow') }).toEqual({ path, method, status: 405, allow: 'GET, HEAD' });
        expect(((await res.json()) as { error: string }).error).toMatch(/GET/);
      }
    await s.bystander.check('headers');
  });

  it('a web form of an unknown workspace answers 404 and leaves no trace in storage or memory', async () => {
    const loaded = s.t.relay.loadedRooms().length;
    for (const workspace of ['no-such-workspace', 'x'.repeat(5000), encodeURIComponent('中'.repeat(50))]) {
      const res = await fetch(`${s.t.relay.httpUrl}/forms/${workspace}/contact`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"email":"a@example.com"}' });
      expect({ workspace: workspace.slice(0, 20), status: res.status }).toEqual({ workspace: workspace.slice(0, 20), status: 404 });
      expect(await res.json()).toEqual({ error: 'Unknown form.' });
    }
    expect(await s.t.relay.storage.listMeta('layout:no-such')).toEqual([]);
    expect(s.t.relay.loadedRooms().filter((r) => r.workspaceId !== s.ws.workspaceId)).toEqual([]);
    expect(s.t.relay.loadedRooms().length).toBe(loaded);
    await s.bystander.check('forms of unknown workspaces');
  });

  it('a form post over 32 KB answers 413 (HTML or JSON) and closes its socket, so the unread body reaches no next request', async () => {
    const form = `${s.t.relay.httpUrl}/forms/${s.ws.workspaceId}/contact`;
    for (const accept of ['text/html', 'application/json']) {
      const res = await fetch(form, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept }, body: 'message=' + 'x'.repeat(100 * 1024) });
      expect(res.status).toBe(413);
      expect(res.headers.get('connection')).toBe('close');
      expect(await res.text()).toMatch(/larger than 32768 bytes/);
    }
    await s.bystander.check('oversized form posts');
  });

  it('operator keys that are wrong, longer, shorter or not ASCII are refused with 401, never 500', async () => {
    const key = s.t.relay.operatorKey;
    for (const guess of [key.slice(0, -1), key + 'x', key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a'), 'é'.repeat(key.length), '', 'x'.repeat(100_000)]) {
      const res = await fetch(`${s.t.relay.httpUrl}/admin/backup`, { headers: { authorization: `Bearer ${guess}` } });
      expect(res.status).toBe(guess.length > 50_000 ? 431 : 401);
    }
    expect((await fetch(`${s.t.relay.httpUrl}/admin/creation-tokens`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{}' })).status).toBe(201);
    await s.bystander.check('operator key guesses');
  });
});

describe('relay attacks: the legacy push of old clients', () => {
  const s = attackScene();
  const muxUrl = (token = s.ws.tokens.member) => `${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3&token=${token}`;
  const oldRoom = () => `${s.ws.workspaceId}/records`;

  /** Pushes one old-layout doc and waits for its ack (or the close). */
  async function push(update: Uint8Array) {
    const c = rawConnect(muxUrl());
    await c.opened;
    c.ws.send(encodeMuxFrame(legacyRoom('records'), encodeUpdateFrame(update)));
    const acked = waitFor(() => c.frames.some((f) => Buffer.from(f).includes(Buffer.from('legacy/records')) && f[f.length - 2] === 100), 8000, 'the ack of the push');
    const result = await Promise.race([acked.then(() => 'acked' as const), c.closed]);
    c.ws.terminate();
    return result;
  }

  it('a push over 4 MB is refused with 1009 and a reason naming the limit; nothing is stored', async () => {
    const big = new Y.Doc();
    big.getMap('leads').set('lead-1/details', 'x'.repeat(5 * 1024 * 1024));
    const result = await push(Y.encodeStateAsUpdate(big));
    expect(result).toMatchObject({ code: CloseCode.tooBig });
    expect((result as { reason: string }).reason).toMatch(/legacy.*4 MB/);
    expect(await s.t.relay.storage.loadRoom(oldRoom())).toEqual([]);
    await s.bystander.check('an oversized legacy push');
  });

  it('the same push twice is stored once', async () => {
    const old = new Y.Doc();
    old.getMap('leads').set('lead-2/name', { first: 'Ada' });
    const update = Y.encodeStateAsUpdate(old);
    expect(await push(update)).toBe('acked');
    const once = await s.t.relay.storage.loadRoom(oldRoom());
    expect(once.length).toBe(1);
    expect(await push(update)).toBe('acked');
    expect(await push(Y.mergeUpdates([update, update]))).toBe('acked');
    expect(await s.t.relay.storage.loadRoom(oldRoom())).toEqual(once);
    await s.bystander.check('repeated legacy pushes');
  });
});

describe('relay attacks: slow readers', () => {
  const MB = 1024 * 1024;
  // 48 rooms of ~600 KB: more than loopback's socket buffers hold, so a reader that stops reading
  // makes the relay buffer in memory unless it waits.
  const ROOMS = allDocKeys().filter((k) => k.startsWith('records/')).slice(2, 50);
  const s = attackScene({ limits: { maxBufferedBytes: 6 * MB } });
  const buffered = async () => Number(/^outpost_buffered_bytes (\d+)$/m.exec(await (await fetch(`${s.t.relay.httpUrl}/metrics`)).text())?.[1]);

  /** A socket whose reader stops at once: the kernel's buffers fill, then the relay's. */
  async function stalled(url: string) {
    const c = rawConnect(url);
    await c.opened;
    const tcp = (c.ws as unknown as { _socket: import('node:net').Socket })._socket;
    tcp.pause();
    return { ...c, resume: () => tcp.resume() };
  }

  beforeAll(async () => {
    for (const doc of ROOMS) {
      const d = new Y.Doc();
      d.getMap('leads').set(`${doc}/details`, doc + 'x'.repeat(600 * 1024));
      await s.t.relay.storage.append([{ room: `${s.ws.workspaceId}/${doc}`, update: Y.encodeStateAsUpdate(d) }]);
    }
  });

  it('a batched sync to a reader that stops waits for the socket to drain: it is never cut off, and the relay holds about 1 MB for it', async () => {
    const c = await stalled(`${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3&token=${s.ws.tokens.member}`);
    c.ws.send(encodeMuxFrame(CONTROL_ROOM, encodeSyncAll(ROOMS.map((doc) => ({ doc, stateVector: Y.encodeStateVector(new Map()), deletions: 0, wantVector: false })))));
    let most = 0;
    for (let i = 0; i < 30; i++) {
      most = Math.max(most, await buffered());
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2 * MB);
    c.resume();
    const docs = new Set<string>();
    await waitFor(() => {
      for (const f of c.frames.splice(0)) {
        const { room, message } = decodeMuxFrame(f);
        if (room !== CONTROL_ROOM) continue;
        const m = decodeControlMessage(message);
        if (m.kind === 'syncBatch') for (const e of m.batch.entries) docs.add(e.doc);
      }
      return docs.size === ROOMS.length;
    }, 30_000, 'every doc of the batch');
    c.ws.close();
    await s.bystander.check('a stalled batched sync');
  });

  it('room-by-room sync to a reader that stops is closed 1008 once the relay holds limits.maxBufferedBytes for it', async () => {
    const c = await stalled(`${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=2&token=${s.ws.tokens.member}`);
    for (const doc of ROOMS) c.ws.send(encodeMuxFrame(doc, encodeSyncStep1(Y.encodeStateVector(new Map()))));
    await waitFor(() => s.t.relay.metrics.counter('outpost_slow_reader_closes_total') === 1, 30_000, 'the slow reader cut off');
    expect(await buffered()).toBeLessThanOrEqual(8 * MB);
    c.resume();
    const closed = await closedWithin(c, 30_000);
    expect(closed.code).toBe(CloseCode.policy);
    expect(closed.reason).toMatch(/reads too slowly/);
    await s.bystander.check('a stalled room-by-room sync');
  });
});

describe('relay attacks: floods before authentication', () => {
  const s = attackScene({ limits: { pendingPerIp: 20, pendingTotal: 60, preReadyDeadlineMs: 1500 } });
  const port = () => new URL(s.t.relay.httpUrl).port;

  /** Opens sockets from `from` (any 127.x address is this machine) that send `send` and then nothing. */
  async function open(count: number, from: string, send = '') {
    const sockets: Array<{ socket: Socket; closed: boolean }> = [];
    await Promise.all(
      Array.from({ length: count }, () => new Promise<void>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: Number(port()), localAddress: from });
        const entry = { socket, closed: false };
        sockets.push(entry);
        socket.on('error', () => {});
        socket.on('close', () => ((entry.closed = true), resolve()));
        socket.on('connect', () => (send && socket.write(send), resolve()));
      })),
    );
    return { sockets, open: () => sockets.filter((e) => !e.closed).length, destroy: () => sockets.forEach((e) => e.socket.destroy()) };
  }

  /** An honest client that connects now (not one connected before the attack) still syncs. */
  async function newcomerSyncs(what: string) {
    const a = client(s.t.relay, s.ws.workspaceId, 'records/2', s.ws.tokens.member);
    await a.whenSynced;
    a.doc.getMap('leads').set('newcomer', what);
    await waitFor(() => a.status.get().unsaved === 0, 10_000, `a newcomer's write during ${what}`);
    a.destroy();
  }

  it('silent and half-sent handshakes from one address: at most pendingPerIp are held, none past the handshake deadline', async () => {
    const silent = await open(100, '127.0.0.2');
    const half = await open(100, '127.0.0.2', `GET /${s.ws.workspaceId}/records/0 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n`);
    await waitFor(() => silent.open() + half.open() <= 20, 5000, 'the flood cut to the per-address limit');
    await s.bystander.check('a silent flood');
    await newcomerSyncs('a silent flood from another address');
    await waitFor(() => silent.open() + half.open() === 0, 10_000, 'held sockets closed at the handshake deadline');
    expect(s.t.relay.metrics.counter('outpost_refusals_total', { reason: 'pending-per-ip' })).toBeGreaterThan(0);
  });

  it('request bodies that never finish, from one address: at most pendingPerIp are held, answered or not', async () => {
    // Headers complete, then a body that stops: a handler that reads it, and one that answers at
    // once (401) while Node keeps reading the body it announced, up to the request timeout (30 s).
    const reading = await open(100, '127.0.0.4', `POST /auth/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    const answered = await open(100, '127.0.0.4', `POST /admin/workspaces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{`);
    await waitFor(() => reading.open() + answered.open() <= 20, 5000, 'the slow bodies cut to the per-address limit');
    await s.bystander.check('slow request bodies');
    await newcomerSyncs('slow request bodies from another address');
    reading.destroy();
    answered.destroy();
    // The address gets its slots back: a whole request from it is answered.
    await waitFor(async () => (await fetch(`${s.t.relay.httpUrl}/healthz`)).status === 200, 5000, 'healthz after the slow bodies');
  });

  it('one kept-alive socket making request after request (a metrics scraper, for months) adds nothing per request', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      // fetch keeps one socket alive between sequential requests.
      for (let i = 0; i < 40; i++) expect((await fetch(`${s.t.relay.httpUrl}/healthz`)).status).toBe(200);
      for (let i = 0; i < 20; i++) expect((await fetch(`${s.t.relay.httpUrl}/auth/renew`, { method: 'POST', body: '{}' })).status).toBe(401);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
    expect(s.t.relay.metrics.render()).toMatch(/^outpost_pending_sockets 0$/m);
  });

  it('a flood from many addresses: at most pendingTotal are held; connected clients keep syncing', async () => {
    const floods = await Promise.all(Array.from({ length: 10 }, (_, i) => open(15, `127.0.1.${i + 1}`)));
    const held = () => floods.reduce((n, f) => n + f.open(), 0);
    await waitFor(() => held() <= 60, 5000, 'the flood cut to the total limit');
    await s.bystander.check('a flood from many addresses');
    floods.forEach((f) => f.destroy());
    await newcomerSyncs('after a flood from many addresses');
  });

  it('upgrades with bad tokens, many at once: each refused 4401, the relay keeps serving', async () => {
    const tries = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => closedWithin(rawConnect(`${s.t.relay.wsUrl}/${s.ws.workspaceId}/records/0?token=${'x'.repeat(i * 50)}.y.z`), 15_000)),
    );
    for (const closed of tries) expect(closed.code).toBe(CloseCode.unauthorized);
    await s.bystander.check('bad tokens');
  });
});

describe('relay attacks: the records HTTP API', () => {
  const s = attackScene();
  let base = '';
  let key = '';
  let viewerKey = '';
  let leadId = '';
  beforeAll(async () => {
    const ws = await seededWorkspace(s.t.relay);
    base = `${s.t.relay.httpUrl}/api/v1/${ws.workspaceId}`;
    key = (await mintKey(s.t.relay, ws.workspaceId, ws.tokens.admin, { name: 'attack', role: 'member', serviceAccount: 'attack' })).token;
    viewerKey = (await mintKey(s.t.relay, ws.workspaceId, ws.tokens.admin, { name: 'viewer', role: 'viewer', serviceAccount: 'viewer' })).token;
    const created = await fetch(`${base}/leads`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: { first: 'Ada' }, email: 'ada@example.com' }) });
    expect(created.status).toBe(201);
    leadId = ((await created.json()) as { id: string }).id;
  });

  /** Sends exactly this path and these bytes (fetch would normalise the path). */
  function raw(method: string, path: string, body: string | Buffer | undefined, headers: Record<string, string>) {
    const url = new URL(base);
    return new Promise<{ status: number; json: unknown; type: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method, path: url.pathname + path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = text;
          try {
            json = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, json, type: String(res.headers['content-type']) });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('each bad request gets a clear 4xx JSON error and stores nothing', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const cases: Array<[string, string, string, string | Buffer | undefined, Record<string, string>, number, RegExp]> = [
      ['bad JSON', 'POST', '/leads', '{"name": {"first": "Ada"', json, 400, /JSON/],
      ['JSON that is not an object', 'POST', '/leads', '[1,2,3]', json, 400, /./],
      ['a huge body', 'POST', '/leads', JSON.stringify({ details: 'x'.repeat(2 * 1024 * 1024) }), json, 413, /larger than/],
      ['a form body', 'POST', '/leads', 'name=Ada&email=a%40example.com', { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, 415, /application\/json/],
      ['JSON sent as text', 'POST', '/leads', '{"name":{"first":"Ada"}}', { ...auth, 'content-type': 'text/plain' }, 415, /application\/json/],
      ['no content type', 'PATCH', `/leads/${leadId}`, '{"title":"x"}', auth, 415, /application\/json/],
      ['unknown fields', 'POST', '/leads', JSON.stringify({ name: { first: 'Eve' }, isAdmin: true, __proto__x: 1 }), json, 400, /./],
      ['a prototype key', 'PATCH', `/leads/${leadId}`, '{"__proto__":{"title":"polluted"}}', json, 400, /./],
      ['a traversal id', 'GET', '/leads/..%2F..%2Fadmin%2Fbackup', undefined, auth, 404, /./],
      ['a traversal id, written', 'PATCH', '/leads/..%2F..%2Fconfig', '{"title":"x"}', json, 404, /./],
      ['a dot-dot id', 'DELETE', '/leads/%2e%2e', undefined, auth, 404, /./],
      ['an id of 10,000 characters', 'PATCH', `/leads/${'a'.repeat(10_000)}`, '{"title":"x"}', json, 404, /./],
      ['a control character id', 'GET', '/leads/%00%0a', undefined, auth, 404, /./],
      ['an unknown collection', 'GET', '/secrets', undefined, auth, 404, /collection/],
      ['a wrong method', 'PUT', '/leads', '{}', json, 405, /GET or POST/],
      ['a wrong method on a record', 'POST', `/leads/${leadId}`, '{}', json, 405, /./],
      ['no key', 'GET', '/leads', undefined, {}, 401, /API key/],
      ['a forged key', 'GET', '/leads', undefined, { authorization: `Bearer ${key.slice(0, -2)}xx` }, 401, /not known/],
      ['a key of another shape', 'GET', '/leads', undefined, { authorization: 'Bearer ../../etc/passwd' }, 401, /not an Outpost API key/],
      ["a viewer's write", 'POST', '/leads', '{"name":{"first":"V"}}', { authorization: `Bearer ${viewerKey}`, 'content-type': 'application/json' }, 403, /viewer/],
      ['an unknown query parameter', 'GET', '/leads?drop=1', undefined, auth, 400, /drop/],
    ];
    const updates = s.t.relay.metrics.counter('outpost_updates_total');
    for (const [what, method, path, body, headers, status, error] of cases) {
      const res = await raw(method, path, body, headers).catch((error) => ({ status: `${error}`, type: '', json: null }));
      expect({ what, status: res.status }).toEqual({ what, status });
      expect({ what, type: res.type }).toEqual({ what, type: expect.stringMatching(/^application\/json/) });
      expect({ what, error: (res.json as { error?: string }).error }).toEqual({ what, error: expect.stringMatching(error) });
    }
    expect(s.t.relay.metrics.counter('outpost_updates_total')).toBe(updates);
    const lead = await raw('GET', `/leads/${leadId}`, undefined, auth);
    expect(lead.json).toMatchObject({ id: leadId, name: { first: 'Ada' } });
    expect(({} as Record<string, unknown>).title).toBeUndefined(); // no prototype was polluted
    await s.bystander.check('bad API requests');
  });
});

describe('relay attacks: inbound frames', () => {
  const MB = 1024 * 1024;
  // A small relay-wide budget so the test sends tens of MB, not hundreds.
  const s = attackScene({ limits: { maxInboundBytes: 24 * MB } });
  const roomUrl = (doc = 'records/0') => `${s.t.relay.wsUrl}/${s.ws.workspaceId}/${doc}?token=${s.ws.tokens.member}`;
  const inbound = async () => Number(/^outpost_inbound_bytes (\d+)$/m.exec(await (await fetch(`${s.t.relay.httpUrl}/metrics`)).text())?.[1]);

  /** Starts a binary frame announcing `declared` bytes and sends `sent` of them (masked, as a client must), then stops. */
  async function partialFrame(declared: number, sent: number) {
    const c = rawConnect(roomUrl());
    await c.opened;
    const header = Buffer.alloc(14);
    header[0] = 0x82; // FIN, binary
    header[1] = 0x80 | 127; // masked, 64-bit length
    header.writeBigUInt64BE(BigInt(declared), 2); // mask key 0: the payload goes as is
    const tcp = (c.ws as unknown as { _socket: Socket })._socket;
    tcp.write(header);
    tcp.write(Buffer.alloc(sent));
    return c;
  }

  it('a frame larger than the largest the protocol needs closes 1009 at its header', async () => {
    const c = await partialFrame(9 * MB, 64 * 1024);
    const closed = await closedWithin(c);
    expect(closed.code).toBe(CloseCode.tooBig);
    await s.bystander.check('an oversized frame');
  });

  it('frames held half-sent on many sockets: the relay keeps at most maxInboundBytes of them, closing the largest with 1013', async () => {
    const attackers = await Promise.all(Array.from({ length: 10 }, () => partialFrame(7 * MB, 5 * MB)));
    const cut: Array<{ code: number; reason: string }> = [];
    attackers.forEach((c) => void c.closed.then((e) => cut.push(e)));
    await s.bystander.check('frames held half-sent');
    // 10 × 5 MB against a 24 MB budget: at least 6 must go, each told why.
    await waitFor(() => cut.length >= 6, 10_000, 'six held frames cut');
    for (const e of cut) {
      expect(e.code).toBe(CloseCode.tryAgain);
      expect(e.reason).toMatch(/receiving 24 MB/);
      expect(Buffer.byteLength(e.reason)).toBeLessThanOrEqual(123);
    }
    expect(await inbound()).toBeLessThanOrEqual(24 * MB);
    expect(s.t.relay.metrics.counter('outpost_refusals_total', { reason: 'inbound-budget' })).toBeGreaterThanOrEqual(6);
    attackers.forEach((c) => c.ws.terminate());
    await waitFor(async () => (await inbound()) < MB, 5000, 'the held frames released');
    // An honest large write (a 3 MB shard state: 30 records with the longest notes a record may hold) still goes through whole.
    const big = new Y.Doc();
    for (let i = 0; i < 30; i++) big.getMap('leads').set(`big${i}/notes`, 'y'.repeat(100_000));
    const w = rawConnect(roomUrl('records/5'));
    await w.opened;
    w.ws.send(encodeUpdateFrame(Y.encodeStateAsUpdate(big)));
    await waitFor(async () => (await s.t.relay.storage.loadRoom(`${s.ws.workspaceId}/records/5`)).length > 0, 10_000, 'the 3 MB write stored');
    w.ws.close();
    await s.bystander.check('after frames held half-sent');
  });
});

describe('relay attacks: repeated full-sync requests', () => {
  // A room of 400 stored updates (~4 MB): answering a peer that has none of it merges every one.
  const DOC = 'records/3';
  const s = attackScene();
  const fullAsk = encodeSyncStep1(Y.encodeStateVector(new Map()));
  const roomUrl = () => `${s.t.relay.wsUrl}/${s.ws.workspaceId}/${DOC}?token=${s.ws.tokens.member}`;
  const step2s = (frames: Uint8Array[]) => frames.filter((f) => f[0] === 0 && f[1] === 1);
  /** The room, and the relay's reads of its stored updates: a full answer that merges them reads them first. */
  let stored: Awaited<ReturnType<typeof storedRoom>>;

  beforeAll(async () => {
    stored = await storedRoom(s.t.relay, `${s.ws.workspaceId}/${DOC}`, 400);
  });

  /** Applies a peer's step 2 and update frames to a fresh doc: what the peer ends up holding. */
  function received(frames: Uint8Array[]) {
    const d = new Y.Doc();
    for (const f of frames.filter((f) => f[0] === 0 && (f[1] === 1 || f[1] === 2))) Y.applyUpdate(d, decodeSyncPayload(f));
    return d;
  }

  it('many peers asking for the whole room cost the relay one merge; each gets every record', async () => {
    // The room loaded first (its load reads the stored updates once, for its summary).
    const first = rawConnect(roomUrl());
    await first.opened;
    await waitFor(() => first.frames.length > 0, 10_000, 'the greeting of the loaded room');
    const merges = s.t.relay.metrics.counter('outpost_full_state_merges_total');
    const readsBefore = stored.reads;
    const cpu = process.cpuUsage();
    const peers = [];
    for (let i = 0; i < 20; i++) {
      const c = rawConnect(roomUrl());
      await c.opened;
      c.ws.send(fullAsk);
      await waitFor(() => step2s(c.frames).length > 0, 15_000, `peer ${i}'s full answer`);
      peers.push(c);
    }
    const spent = process.cpuUsage(cpu);
    console.log(`20 full answers of a 400-update room: ${Math.round((spent.user + spent.system) / 1000)} ms CPU (relay and test in one process), ${stored.reads - readsBefore} reads of the stored updates`);
    expect(stored.reads - readsBefore).toBeLessThanOrEqual(1);
    expect(s.t.relay.metrics.counter('outpost_full_state_merges_total') - merges).toBe(stored.reads - readsBefore);
    for (const c of [peers[0], peers[19]]) expect(received(c.frames).getMap('leads').size).toBe(400);
    peers.forEach((c) => c.ws.close());
    first.ws.close();
    await s.bystander.check('peers asking for the whole room');
  });

  it('a write between full answers is sent after the kept state, not merged into it', async () => {
    const w = rawConnect(roomUrl());
    await w.opened;
    const { source } = stored;
    const before = Y.encodeStateVector(source);
    source.getMap('leads').set('lead-new/name', 'Grace');
    w.ws.send(encodeUpdateFrame(Y.encodeStateAsUpdate(source, before)));
    await waitFor(async () => (await s.t.relay.storage.loadRoom(`${s.ws.workspaceId}/${DOC}`)).length > 400, 10_000, 'the write stored');
    const readsBefore = stored.reads;
    const c = rawConnect(roomUrl());
    await c.opened;
    c.ws.send(fullAsk);
    await waitFor(() => received(c.frames).getMap('leads').get('lead-new/name') === 'Grace', 10_000, 'the full answer with the new write');
    expect(received(c.frames).getMap('leads').size).toBe(401);
    expect(stored.reads).toBe(readsBefore);
    c.ws.close();
    w.ws.close();
  });

  it('one connection asking for the whole room again and again closes 1008', async () => {
    const c = rawConnect(roomUrl());
    await c.opened;
    for (let i = 0; i < 50; i++) c.ws.send(fullAsk);
    const closed = await closedWithin(c, 15_000);
    expect(closed.code).toBe(CloseCode.policy);
    expect(closed.reason).toMatch(/whole of records\/3/);
    expect(step2s(c.frames).length).toBeLessThanOrEqual(2);
    await s.bystander.check('repeated full-sync requests');
  });
  it('a batched syncAll asking for the whole room again and again: the third closes 1008', async () => {
    const c = rawConnect(`${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3&token=${s.ws.tokens.member}`);
    await c.opened;
    await waitFor(() => c.frames.length > 0, 5000, 'hello');
    const all = encodeMuxFrame(CONTROL_ROOM, encodeSyncAll([{ doc: DOC, stateVector: Y.encodeStateVector(new Map()), deletions: 0, wantVector: false }]));
    const wholeAnswers = () => syncBatches(c.frames, (batch) => batch.entries.some((e) => e.doc === DOC && e.update.length > 0));
    // An answer ends with its `last` batch: a room this big comes in frames of its own before it,
    // and a syncAll sent before the last frame is a second one while the first is being answered.
    const answersEnded = () => syncBatches(c.frames, (batch) => batch.last);
    for (const n of [1, 2]) {
      c.ws.send(all);
      await waitFor(() => wholeAnswers() === n && answersEnded() === n, 10_000, `whole answer ${n}`);
    }
    c.ws.send(all);
    const closed = await closedWithin(c);
    expect(closed.code).toBe(CloseCode.policy);
    expect(closed.reason).toMatch(/whole of records\/3 more than 2 times/);
    expect(wholeAnswers()).toBe(2);
    await s.bystander.check('repeated batched full syncs');
  });
});

describe('relay attacks: full syncs past the kept-state bound', () => {
  const s = attackScene({ limits: { maxKeptWholeBytes: 256 * 1024 } });

  it('a room larger than maxKeptWholeBytes is not kept: each full answer merges again, and is whole', async () => {
    const source = new Y.Doc();
    const name = `${s.ws.workspaceId}/records/4`;
    for (let i = 0; i < 50; i++) {
      const before = Y.encodeStateVector(source);
      source.getMap('leads').set(`lead-${i}/details`, 'k'.repeat(10 * 1024));
      await s.t.relay.storage.append([{ room: name, update: Y.encodeStateAsUpdate(source, before) }]);
    }
    const merges = s.t.relay.metrics.counter('outpost_full_state_merges_total');
    for (let i = 0; i < 3; i++) {
      const c = rawConnect(`${s.t.relay.wsUrl}/${s.ws.workspaceId}/records/4?token=${s.ws.tokens.member}`);
      await c.opened;
      c.ws.send(encodeSyncStep1(Y.encodeStateVector(new Map())));
      await waitFor(() => c.frames.some((f) => f[0] === 0 && f[1] === 1), 10_000, `full answer ${i}`);
      const d = new Y.Doc();
      Y.applyUpdate(d, decodeSyncPayload(c.frames.find((f) => f[0] === 0 && f[1] === 1)!));
      expect(d.getMap('leads').size).toBe(50);
      c.ws.close();
    }
    expect(s.t.relay.metrics.counter('outpost_full_state_merges_total') - merges).toBe(3);
    const metrics = await (await fetch(`${s.t.relay.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^outpost_kept_whole_bytes 0$/m);
    await s.bystander.check('full syncs past the kept-state bound');
  });
});

/** The update a sync step 2 or update frame carries. */
function decodeSyncPayload(frame: Uint8Array) {
  return decoding.readVarUint8Array(Object.assign(decoding.createDecoder(frame), { pos: 2 }));
}

describe('relay attacks: many connections and a fast re-check', () => {
  // The re-check of open connections (revocation, roles, expiry) runs every recheckMs over every
  // connection; a round longer than the period must not queue rounds behind it without end.
  const s = attackScene({ limits: { recheckMs: 1, connectionsPerIp: 2000, connectionsPerMember: 2000, pendingPerIp: 2000 } });

  it('re-check rounds longer than the period do not queue up without end; a revocation still reaches an open connection at once', async () => {
    const idle = [];
    for (let i = 0; i < 1000; i++) {
      const c = rawConnect(`${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3&token=${s.ws.tokens.member}`);
      idle.push(c);
    }
    await Promise.all(idle.map((c) => c.opened));
    // Rounds of 1,000 re-checks, every 1 ms, for 3 s: each round takes far longer than the period.
    const waiting = () => Number(/^outpost_recheck_rounds_waiting (\d+)$/m.exec(s.t.relay.metrics.render())?.[1]);
    let most = 0;
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 100));
      most = Math.max(most, waiting());
    }
    console.log(`re-check rounds waiting behind the one running, at most: ${most}`);
    expect(most).toBeLessThanOrEqual(1);
    const { workspaceId, tokens, members } = s.ws;
    const viewer = rawConnect(`${s.t.relay.wsUrl}/${workspaceId}?outpost=3&token=${tokens.viewer}`);
    await viewer.opened;
    const res = await fetch(`${s.t.relay.httpUrl}/admin/workspaces/${workspaceId}/members/${members.viewer}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(res.status).toBe(200);
    const revoked = Date.now();
    const closed = await closedWithin(viewer, 20_000);
    const took = Date.now() - revoked;
    console.log(`revocation reached the connection ${took} ms after the admin's answer, 1,000 connections re-checked every 1 ms`);
    expect(closed.code).toBe(CloseCode.forbidden);
    expect(took).toBeLessThan(2000);
    idle.forEach((c) => c.ws.terminate());
    await s.bystander.check('many connections re-checked');
  });
});
