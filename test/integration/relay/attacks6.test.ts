import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { authProtocols } from '../../../sync-server/auth/transport.ts';
import { CloseCode } from '../../../sync-server/protocol.ts';
import { attackScene } from './bystander.ts';
import { closedWithin, rawConnect, waitFor } from './helpers.ts';
import { mintKey, seededWorkspace } from '../api/helpers.ts';

describe('relay attacks, sixth pass: tokens in odd places', () => {
  const s = attackScene({ allowQueryToken: true });
  const muxUrl = () => `${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3`;
  const closeOf = async (ws: WebSocket) => new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on('error', () => {});
  });

  it('two different tokens on one request are refused 4401 (the first listed was taken: a viewer and an admin token got the viewer in, the other order the admin)', async () => {
    const { viewer, member } = s.ws.tokens;
    const twoProtocols = new WebSocket(muxUrl(), [...authProtocols(viewer), `auth.${member}`]);
    expect(await closeOf(twoProtocols)).toEqual({ code: CloseCode.unauthorized, reason: 'Two different tokens were offered: send one.' });
    const twoInUrl = rawConnect(`${muxUrl()}&token=${viewer}&token=${member}`, {}, { via: 'query' });
    expect((await closedWithin(twoInUrl)).code).toBe(CloseCode.unauthorized);
    // One token in the subprotocol and the same in the URL gets in, as before.
    const c = rawConnect(`${muxUrl()}&token=${member}`);
    await c.opened;
    await waitFor(() => c.frames.length > 0, 5000, 'the hello');
    c.ws.close();
    expect(s.t.relay.metrics.counter('outpost_refusals_total', { reason: 'conflicting-tokens' })).toBe(2);
    await s.bystander.check('two tokens');
  });
});

describe('relay attacks, sixth pass: the REST API', () => {
  const s = attackScene();
  let base = '';
  let auth: Record<string, string> = {};
  beforeAll(async () => {
    const ws = await seededWorkspace(s.t.relay);
    base = `${s.t.relay.httpUrl}/api/v1/${ws.workspaceId}`;
    const key = (await mintKey(s.t.relay, ws.workspaceId, ws.tokens.admin, { name: 'attack6', role: 'member', serviceAccount: 'attack6' })).token;
    auth = { authorization: `Bearer ${key}` };
  });
  const answer = async (path: string) => {
    const res = await fetch(base + path, { headers: auth });
    return { status: res.status, body: (await res.json()) as { error?: string } };
  };

  it('a filter with a broken % escape or bytes that are no UTF-8 is a 400 naming it (it searched for "%ZZ" as written, and %FF as U+FFFD)', async () => {
    for (const q of ['?email=%ZZ', '?email=%', '?email=%FF', '?email=a%E2%82']) {
      expect({ q, ...(await answer(`/leads${q}`)) }).toEqual({ q, status: 400, body: { error: 'The query has a % escape that is broken or not UTF-8: write % itself as %25.' } });
    }
    expect((await answer('/leads?email=a%25b%40example.com')).status).toBe(200);
    expect((await answer('/leads?email=%C3%A9%40example.com')).status).toBe(200);
    await s.bystander.check('API escapes');
  });
});
