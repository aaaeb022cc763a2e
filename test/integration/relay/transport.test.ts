import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode } from '../../../sync-server/protocol.ts';
import { authProtocols, parseProtocols } from '../../../sync-server/auth/transport.ts';
import { client, rawConnect, startTestRelay, waitFor, workspaceWith } from './helpers.ts';

/** Issue 13, problem 5: tokens out of URLs. */
describe('relay: the token travels as a WebSocket subprotocol', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>> | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('Outpost clients send it as a subprotocol; the relay answers `outpost` and never echoes the token', async () => {
    const lines: string[] = [];
    t = await startTestRelay({ log: (l) => lines.push(l) });
    const ws = await workspaceWith(t.relay);
    const seen: string[] = [];
    const raw = new WebSocket(`${t.relay.wsUrl}/${ws.workspaceId}/records/0`, authProtocols(ws.tokens.member));
    raw.on('upgrade', (res) => seen.push(String(res.headers['sec-websocket-protocol'])));
    await new Promise((resolve, reject) => (raw.once('open', resolve), raw.once('error', reject)));
    expect(raw.protocol).toBe('outpost');
    expect(seen).toEqual(['outpost']);
    raw.close();
    // The extension's client (src/sync) uses it: no token in any URL it opens.
    const urls: string[] = [];
    const Spy = class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        urls.push(url);
        super(url, protocols);
      }
    };
    const c = client(t.relay, ws.workspaceId, 'records/0', ws.tokens.member);
    (c.provider as unknown as { _WS: unknown })._WS = Spy;
    await c.whenSynced;
    c.disconnect();
    c.connect();
    await waitFor(() => urls.length > 0 && c.status.get().connection === 'connected', 5000, 'reconnect');
    for (const u of urls) expect(u).not.toContain(ws.tokens.member);
    c.destroy();
    expect(lines.join('\n')).not.toContain(ws.tokens.member);
  });

  it('a token in the URL is refused unless the operator allows it, and is never logged either way', async () => {
    const lines: string[] = [];
    t = await startTestRelay({ log: (l) => lines.push(l) });
    const ws = await workspaceWith(t.relay);
    const closed = await rawConnect(`${t.relay.wsUrl}/${ws.workspaceId}/records/0?token=${ws.tokens.member}`, {}, { via: 'query' }).closed;
    expect(closed.code).toBe(CloseCode.unauthorized);
    expect(closed.reason).toMatch(/Tokens in the URL are turned off/);
    expect(t.relay.metrics.counter('outpost_refusals_total', { reason: 'query-token' })).toBe(1);
    // A failing HTTP request with a token in its query is logged by path only.
    await fetch(`${t.relay.httpUrl}/admin/workspaces/x/members?token=${ws.tokens.member}`, { headers: { authorization: 'Bearer x' } });
    expect(lines.join('\n')).not.toContain(ws.tokens.member);
  });

  it('with --allow-query-token a stock y-websocket client syncs with the token in its URL', async () => {
    const lines: string[] = [];
    t = await startTestRelay({ allowQueryToken: true, log: (l) => lines.push(l) });
    const ws = await workspaceWith(t.relay);
    const doc = new Y.Doc();
    const stock = new WebsocketProvider(t.relay.wsUrl, `${ws.workspaceId}/records/0`, doc, { params: { token: ws.tokens.member }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
    await new Promise<void>((resolve) => stock.on('sync', (s: boolean) => s && resolve()));
    doc.getMap('leads').set('stock', 1);
    const outpost = client(t.relay, ws.workspaceId, 'records/0', ws.tokens.viewer);
    await waitFor(() => outpost.doc.getMap('leads').get('stock') === 1, 5000, 'stock write seen');
    stock.destroy();
    outpost.destroy();
    expect(lines.join('\n')).not.toContain(ws.tokens.member);
  });

  it('parses offered protocols; refuses tokens a header cannot carry', () => {
    expect(parseProtocols('outpost, auth.abc.def-ghi')).toEqual({ outpost: true, token: 'abc.def-ghi' });
    expect(parseProtocols(undefined)).toEqual({ outpost: false, token: null });
    expect(parseProtocols('outpost, auth.a, auth.b')).toEqual({ outpost: true, token: 'a', conflicting: true });
    expect(parseProtocols(['outpost, auth.a', 'auth.a'])).toEqual({ outpost: true, token: 'a' });
    expect(parseProtocols('auth.')).toEqual({ outpost: false, token: null });
    expect(() => authProtocols('has space')).toThrow(/cannot be sent/);
    expect(() => authProtocols('')).toThrow(/cannot be sent/);
  });
});
