import { beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { attackScene } from './bystander.ts';
import { closedWithin, greeted, sleep, waitFor } from './helpers.ts';
import { CloseCode } from '../../../sync-server/protocol.ts';
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

  it("removals of presence clients nobody announced leave nothing in the room (a viewer's 3 MB frame of 500,000 left 500,000 clocks for as long as the room stayed loaded); an update naming more clients than a connection may have closes 1008", async () => {
    const { t, ws } = s;
    const url = `${t.relay.wsUrl}/${ws.workspaceId}/config?outpost=3&token=${ws.tokens.viewer}`;
    const c = await greeted(url);
    const before = config().awareness.meta.size;
    c.ws.send(encodeAwarenessFrame(awarenessEntries(8, 'null', 9_000_000)));
    await sleep(200);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    expect(config().awareness.meta.size).toBe(before);
    c.ws.send(encodeAwarenessFrame(awarenessEntries(500_000, 'null')));
    expect(await closedWithin(c)).toEqual({ code: CloseCode.policy, reason: 'a presence update names 500000 clients: a connection speaks for its own only (at most 8)' });
    expect(config().awareness.meta.size).toBe(before);
    // Its own presence still comes and goes.
    const again = await greeted(url);
    const watcher = await greeted(url);
    again.ws.send(encodeAwarenessFrame(awarenessEntries(1, JSON.stringify({ user: { name: 'Vi' } }), 777)));
    await waitFor(() => config().awareness.getStates().has(777), 5000, 'the presence');
    again.ws.send(encodeAwarenessFrame(awarenessEntries(1, 'null', 777)));
    await waitFor(() => !config().awareness.getStates().has(777), 5000, 'its removal');
    expect(config().awareness.meta.has(777)).toBe(false);
    again.ws.close();
    watcher.ws.close();
    await s.bystander.check('presence removals');
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
});
