import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { authProtocols } from '../../../sync-server/auth/transport.ts';
import { CloseCode } from '../../../sync-server/protocol.ts';
import { attackScene } from './bystander.ts';
import { closedWithin, rawConnect, waitFor } from './helpers.ts';

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
