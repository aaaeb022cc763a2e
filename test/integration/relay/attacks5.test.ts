import { beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { authProtocols } from '../../../sync-server/auth/transport.ts';
import { attackScene } from './bystander.ts';
import { closedWithin, greeted, rawConnect, sleep, waitFor, workspaceWith } from './helpers.ts';
import { CloseCode, MessageType, decodeMuxFrame, encodeMuxFrame, encodeSyncUpdate, type RoomKey } from '../../../sync-server/protocol.ts';
import { encodeAwarenessFrame } from './frames.ts';
import { mintKey, seededWorkspace } from '../api/helpers.ts';

/** An awareness update of `count` entries (client ids from `first`), each with the JSON `state`. */
function awarenessEntries(count: number, state: string, first = 1) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, count);
  for (let i = 0; i < count; i++) {
    encoding.writeVarUint(e, first + i);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, state);
  }
  return encoding.toUint8Array(e);
}

describe('relay attacks, fifth pass: presence', () => {
  const s = attackScene();
  const config = () => s.t.relay.loadedRooms().find((r) => r.workspaceId === s.ws.workspaceId && r.docKey === 'config')!;
  const configUrl = (token: string) => `${s.t.relay.wsUrl}/${s.ws.workspaceId}/config?outpost=3&token=${token}`;

  it("removals of presence clients nobody announced leave nothing in the room: a viewer's 3 MB frame of 500,000 left 500,000 clocks for as long as the room stayed loaded", async () => {
    const c = await greeted(configUrl(s.ws.tokens.viewer));
    const before = config().awareness.meta.size;
    c.ws.send(encodeAwarenessFrame(awarenessEntries(8, 'null', 9_000_000)));
    c.ws.send(encodeAwarenessFrame(awarenessEntries(500_000, 'null')));
    // Its own presence still comes and goes, after the flood (frames are handled in order).
    c.ws.send(encodeAwarenessFrame(awarenessEntries(1, JSON.stringify({ user: { name: 'Vi' } }), 777)));
    await waitFor(() => config().awareness.getStates().has(777), 10_000, 'the presence');
    expect(config().awareness.meta.size).toBe(before + 1);
    c.ws.send(encodeAwarenessFrame(awarenessEntries(1, 'null', 777)));
    await waitFor(() => !config().awareness.getStates().has(777), 5000, 'its removal');
    expect(config().awareness.meta.size).toBe(before);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.close();
    await s.bystander.check('presence removals');
  });

  it('one client id named 100,000 times in one update reaches each peer once (it went out as 100,000 copies of its state: 5.4 MB to every peer)', async () => {
    const sender = await greeted(configUrl(s.ws.tokens.member));
    const watcher = await greeted(configUrl(s.ws.tokens.admin));
    watcher.frames.length = 0;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 100_000);
    for (let clock = 1; clock <= 100_000; clock++) encoding.writeVarUint(e, 4242), encoding.writeVarUint(e, clock), encoding.writeVarString(e, '{}');
    sender.ws.send(encodeAwarenessFrame(encoding.toUint8Array(e)));
    await waitFor(() => config().awareness.getStates().has(4242), 10_000, 'the presence');
    await waitFor(() => watcher.frames.some((f) => f[0] === MessageType.awareness), 5000, "the watcher's copy");
    const received = watcher.frames.filter((f) => f[0] === MessageType.awareness).reduce((n, f) => n + f.length, 0);
    expect(received).toBeLessThan(500);
    expect(config().awareness.meta.get(4242)?.clock).toBe(100_000);
    sender.ws.close();
    watcher.ws.close();
    await s.bystander.check('a repeated presence id');
  });

  it('a stock y-websocket client in a room where ten are present echoes their presence back (as y-websocket does) and stays connected', async () => {
    const present = await Promise.all(Array.from({ length: 10 }, () => greeted(configUrl(s.ws.tokens.member))));
    present.forEach((c, i) => c.ws.send(encodeAwarenessFrame(awarenessEntries(1, JSON.stringify({ user: { name: `p${i}` } }), 50_000 + i))));
    await waitFor(() => [...Array(10).keys()].every((i) => config().awareness.getStates().has(50_000 + i)), 5000, 'ten present');
    const doc = new Y.Doc();
    const stock = new WebsocketProvider(s.t.relay.wsUrl, `${s.ws.workspaceId}/config`, doc, { WebSocketPolyfill: WebSocket as never, protocols: authProtocols(s.ws.tokens.member), disableBc: true });
    let closes = 0;
    stock.on('connection-close', () => closes++);
    try {
      await waitFor(() => stock.awareness.getStates().size >= 11, 10_000, 'the stock client sees the ten');
      stock.awareness.setLocalStateField('user', { name: 'Stock' });
      await waitFor(() => config().awareness.getStates().has(doc.clientID), 5000, "the stock client's presence");
      present[0].ws.close(); // a removal the stock client hears and echoes
      await sleep(300);
      expect(closes).toBe(0);
    } finally {
      stock.destroy();
      present.forEach((c) => c.ws.close());
    }
  });
});

describe('relay attacks, fifth pass: the REST API', () => {
  const s = attackScene();
  let base = '';
  let auth: Record<string, string> = {};
  beforeAll(async () => {
    const ws = await seededWorkspace(s.t.relay);
    base = `${s.t.relay.httpUrl}/api/v1/${ws.workspaceId}`;
    const key = (await mintKey(s.t.relay, ws.workspaceId, ws.tokens.admin, { name: 'attack5', role: 'member', serviceAccount: 'attack5' })).token;
    auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  });
  const answer = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(base + path, { ...init, headers: auth });
    return { status: res.status, body: (await res.json()) as { error: string; fields?: unknown } };
  };

  it('a query parameter given twice is refused by name (one of the two was taken, silently); a body nested 3,001 deep says it is nested too deeply, not that it is no JSON', async () => {
    expect(await answer('/leads?limit=1&limit=500')).toEqual({ status: 400, body: { error: 'The query parameter "limit" is given 2 times: give it once.', fields: [{ path: 'limit', message: 'given more than once' }] } });
    expect((await answer('/leads?email=a%40example.com&email=b%40example.com')).status).toBe(400);
    expect((await answer('/leads?limit=1')).status).toBe(200);
    const deep = await answer('/leads', { method: 'POST', body: `{"name":{"first":"Ada"},"custom":{"x":${'['.repeat(3001)}${']'.repeat(3001)}}}` });
    expect(deep).toEqual({ status: 400, body: { error: expect.stringMatching(/^The body is nested too deeply: arrays and objects more than 64 levels/) } });
    const broken = await answer('/leads', { method: 'POST', body: '{"name":' });
    expect(broken).toEqual({ status: 400, body: { error: expect.stringMatching(/^Body is not valid JSON \(.+\)\.$/) } });
    await s.bystander.check('API edge cases');
  });

  // Sixth pass (relay6).
  it('a filter with a broken % escape or bytes that are no UTF-8 is a 400 naming it (it searched for "%ZZ" as written, and %FF as U+FFFD)', async () => {
    for (const q of ['?email=%ZZ', '?email=%', '?email=%FF', '?email=a%E2%82']) {
      expect({ q, ...(await answer(`/leads${q}`)) }).toEqual({ q, status: 400, body: { error: 'The query has a % escape that is broken or not UTF-8: write % itself as %25.' } });
    }
    expect((await answer('/leads?email=a%25b%40example.com')).status).toBe(200);
    expect((await answer('/leads?email=%C3%A9%40example.com')).status).toBe(200);
    await s.bystander.check('API escapes');
  });
});

describe('relay attacks, fifth pass: multiplexed frames and where the token is', () => {
  const s = attackScene({ allowQueryToken: true });
  const muxUrl = () => `${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3`;
  const frameNaming = (nameBytes: Uint8Array, declared = nameBytes.length, rest = encodeSyncUpdate(new Uint8Array([0, 0]))) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, declared);
    encoding.writeUint8Array(e, nameBytes);
    encoding.writeUint8Array(e, rest);
    return encoding.toUint8Array(e);
  };

  it('a frame whose room name runs past the frame or is no UTF-8 closes 1007; a name with a path trick 4404; a room the socket never opened is joined like any (and a viewer is refused writing it); the relay keeps serving', async () => {
    const { t, ws } = s;
    const cases: Array<[string, Uint8Array, number]> = [
      ['a name longer than the frame', frameNaming(new TextEncoder().encode('records/1'), 40), CloseCode.malformed],
      ['a name longer than any room (read no further)', frameNaming(new TextEncoder().encode('records/1'), 1_000_000), CloseCode.notFound],
      ['a name of invalid UTF-8', frameNaming(new Uint8Array([0x72, 0xff, 0xfe, 0x2f, 0x31])), CloseCode.malformed],
      ['a dot-dot name', encodeMuxFrame('records/../config' as RoomKey, encodeSyncUpdate(new Uint8Array([0, 0]))), CloseCode.notFound],
      ['a shard past the last', encodeMuxFrame('records/99999' as RoomKey, encodeSyncUpdate(new Uint8Array([0, 0]))), CloseCode.notFound],
      ['a leading zero', encodeMuxFrame('records/01' as RoomKey, encodeSyncUpdate(new Uint8Array([0, 0]))), CloseCode.notFound],
      ['an empty message', encodeMuxFrame('records/1' as RoomKey, new Uint8Array()), CloseCode.malformed],
    ];
    for (const [what, frame, code] of cases) {
      const c = rawConnect(`${muxUrl()}&token=${ws.tokens.member}`);
      await c.opened;
      c.ws.send(frame);
      expect({ what, code: (await closedWithin(c)).code }).toEqual({ what, code });
    }
    // A room this socket never opened, written by a viewer: refused, nothing stored, the socket stays.
    const viewer = rawConnect(`${muxUrl()}&token=${ws.tokens.viewer}`);
    await viewer.opened;
    const doc = new Y.Doc();
    doc.getMap('leads').set('v/name', 'V');
    viewer.ws.send(encodeMuxFrame('records/9' as RoomKey, encodeSyncUpdate(Y.encodeStateAsUpdate(doc))));
    await waitFor(() => viewer.frames.some((f) => decodeMuxFrame(f).room === 'records/9' && decodeMuxFrame(f).message[0] === MessageType.refused), 5000, 'the refusal');
    expect(viewer.ws.readyState).toBe(viewer.ws.OPEN);
    expect(await t.relay.storage.loadRoom(`${ws.workspaceId}/records/9`)).toEqual([]);
    viewer.ws.close();
    await s.bystander.check('malformed multiplexed frames');
  });

  it("the token: the subprotocol's wins over one in the URL; another workspace's credential is refused 4403 wherever it is; an Authorization header is not read", async () => {
    const { t, ws } = s;
    const other = await workspaceWith(t.relay);
    const hello = async (c: ReturnType<typeof rawConnect>) => (await c.opened, await waitFor(() => c.frames.length > 0, 5000, 'the hello'), c.ws.close());
    // A member's subprotocol token and a bad one in the URL: the member's is used.
    const protocolWins = new (await import('ws')).default(`${muxUrl()}&token=${encodeURIComponent('not-a-token')}`, authProtocols(ws.tokens.member));
    await new Promise<void>((resolve, reject) => (protocolWins.on('open', () => resolve()), protocolWins.on('close', (code) => reject(new Error(`closed ${code}`)))));
    protocolWins.close();
    for (const url of [`${muxUrl()}&token=${other.tokens.member}`, `${s.t.relay.wsUrl}/${ws.workspaceId}/records/1?token=${other.tokens.member}`]) {
      for (const via of ['protocol', 'query'] as const) {
        const c = rawConnect(url, {}, { via });
        expect({ url, via, code: (await closedWithin(c)).code }).toEqual({ url, via, code: CloseCode.forbidden });
      }
    }
    const header = rawConnect(muxUrl(), { authorization: `Bearer ${ws.tokens.member}` });
    expect((await closedWithin(header)).code).toBe(CloseCode.unauthorized);
    await hello(rawConnect(`${muxUrl()}&token=${ws.tokens.member}`));
    await s.bystander.check('tokens in odd places');
  });
});
