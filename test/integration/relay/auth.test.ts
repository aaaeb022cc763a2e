import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SignJWT } from 'jose';
import { mintToken, keysFromSecret } from '../../../sync-server/auth/tokens.ts';
import { CloseCode } from '../../../sync-server/protocol.ts';
import { client, rawConnect, sleep, startTestRelay, waitFor, workspaceWith } from './helpers.ts';

describe('relay: authentication and permissions', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  let ws: Awaited<ReturnType<typeof workspaceWith>>;
  let other: Awaited<ReturnType<typeof workspaceWith>>;
  const secret = 'test-secret-test-secret-test-secret';
  beforeAll(async () => {
    t = await startTestRelay({ secret, allowedOrigins: ['chrome-extension://*', 'https://crm.example.com'] });
    ws = await workspaceWith(t.relay);
    other = await workspaceWith(t.relay);
  });
  afterAll(async () => {
    await t.stop();
  });

  const url = (token: string | null, doc = 'records/0', workspace = ws.workspaceId) => `${t.relay.wsUrl}/${workspace}/${doc}${token === null ? '' : `?token=${token}`}`;

  const refusals: Array<[string, () => Promise<string | null>, number, RegExp]> = [
    ['no token', async () => null, CloseCode.unauthorized, /No token/],
    ['a forged token', async () => (await mintToken(keysFromSecret('another-secret'), { workspaceId: ws.workspaceId, memberId: ws.members.member, role: 'admin', expiresInSeconds: 60 })).token, CloseCode.unauthorized, /not valid/],
    ['an unsigned token', async () => new SignJWT({ ws: ws.workspaceId, role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32)), CloseCode.unauthorized, /not valid/],
    ['an expired token', async () => (await mintToken(keysFromSecret(secret), { workspaceId: ws.workspaceId, memberId: ws.members.member, role: 'member', expiresInSeconds: -60 })).token, CloseCode.unauthorized, /expired/],
    ['a token of another workspace', async () => other.tokens.admin, CloseCode.forbidden, /another workspace/],
    ['garbage', async () => 'not-a-jwt', CloseCode.unauthorized, /not valid/],
  ];
  for (const [what, token, code, reason] of refusals) {
    it(`refuses ${what} with ${code} before sending any document byte`, async () => {
      const c = rawConnect(url(await token()));
      const closed = await c.closed;
      expect(closed.code).toBe(code);
      expect(closed.reason).toMatch(reason);
      expect(c.frames).toEqual([]);
    });
  }

  it('refuses unknown documents and foreign origins, accepts extension origins', async () => {
    expect((await rawConnect(url(ws.tokens.member, 'secrets')).closed).code).toBe(CloseCode.notFound);
    const evil = await rawConnect(url(ws.tokens.member), { origin: 'https://evil.example' }).closed;
    expect(evil.code).toBe(CloseCode.forbidden);
    expect(evil.reason).toMatch(/Origin/);
    for (const origin of ['chrome-extension://abcdef', 'https://crm.example.com']) {
      const ok = rawConnect(url(ws.tokens.member), { origin });
      await ok.opened;
      await waitFor(() => ok.frames.length > 0, 5000, 'greeting');
      ok.ws.close();
    }
  });

  it('the client treats a refusal as final: no reconnect loop, and says why', async () => {
    const before = t.relay.metrics.counter('outpost_refusals_total', { reason: 'unauthorized' });
    const c = client(t.relay, ws.workspaceId, 'records/0', 'not-a-jwt');
    await waitFor(() => c.status.get().connection === 'refused', 5000, 'refusal');
    expect(c.status.get().refusal).toEqual({ code: CloseCode.unauthorized, reason: 'Token is not valid for this relay.' });
    await sleep(1500); // with maxBackoffTime 300 ms a loop would have retried several times
    expect(t.relay.metrics.counter('outpost_refusals_total', { reason: 'unauthorized' }) - before).toBe(1);
    c.destroy();
  });

  it('viewers write nothing, members cannot write config, admins can; refused writes reach nobody', async () => {
    const admin = client(t.relay, ws.workspaceId, 'config', ws.tokens.admin);
    const member = client(t.relay, ws.workspaceId, 'config', ws.tokens.member);
    const viewer = client(t.relay, ws.workspaceId, 'records/0', ws.tokens.viewer);
    const memberRecords = client(t.relay, ws.workspaceId, 'records/0', ws.tokens.member);
    await Promise.all([admin.whenSynced, member.whenSynced, viewer.whenSynced, memberRecords.whenSynced]);

    member.doc.getMap('settings').set('leadsEnabled', false);
    viewer.doc.getMap('leads').set('v', 'viewer was here');
    await waitFor(() => member.status.get().rejectedWrite !== null && viewer.status.get().rejectedWrite !== null);
    expect(member.status.get().rejectedWrite?.code).toBe('admin-only');
    expect(viewer.status.get().rejectedWrite?.code).toBe('read-only');
    // A refused change is settled (not counted as "not yet saved" forever).
    await waitFor(() => member.status.get().unsaved === 0 && viewer.status.get().unsaved === 0);

    admin.doc.getMap('settings').set('leadsEnabled', true);
    memberRecords.doc.getMap('leads').set('m', 'member wrote');
    await waitFor(() => member.doc.getMap('settings').get('leadsEnabled') === true || admin.status.get().unsaved === 0);
    await waitFor(() => viewer.doc.getMap('leads').get('m') === 'member wrote');
    expect(admin.doc.getMap('settings').get('leadsEnabled')).toBe(true);
    expect(memberRecords.doc.getMap('leads').get('v')).toBeUndefined();

    const stored = new Y.Doc();
    for (const room of ['config', 'records/0']) (await t.relay.storage.loadRoom(`${ws.workspaceId}/${room}`)).forEach((u) => Y.applyUpdate(stored, u));
    expect(stored.getMap('leads').get('v')).toBeUndefined();
    for (const c of [admin, member, viewer, memberRecords]) c.destroy();
  });

  it('role changes and revocation reach open connections within 5 s', async () => {
    const w = await workspaceWith(t.relay, ['member', 'viewer']);
    const admin = { authorization: `Bearer ${w.tokens.admin}`, 'content-type': 'application/json' };
    const viewer = client(t.relay, w.workspaceId, 'records/0', w.tokens.viewer);
    const member = client(t.relay, w.workspaceId, 'records/0', w.tokens.member);
    await Promise.all([viewer.whenSynced, member.whenSynced]);

    let res = await fetch(`${t.relay.httpUrl}/admin/workspaces/${w.workspaceId}/members/${w.members.viewer}`, { method: 'PATCH', headers: admin, body: JSON.stringify({ role: 'member' }) });
    expect(res.status).toBe(200);
    const promoted = Date.now();
    await waitFor(async () => {
      viewer.doc.getMap('leads').set('promoted', Date.now());
      await sleep(100);
      return member.doc.getMap('leads').has('promoted');
    }, 5000, 'promotion');
    expect(Date.now() - promoted).toBeLessThan(5000);

    res = await fetch(`${t.relay.httpUrl}/admin/workspaces/${w.workspaceId}/members/${w.members.member}`, { method: 'DELETE', headers: admin });
    expect(res.status).toBe(200);
    const revoked = Date.now();
    await waitFor(() => member.status.get().connection === 'refused', 5000, 'revocation');
    expect(Date.now() - revoked).toBeLessThan(5000);
    expect(member.status.get().refusal?.reason).toMatch(/revoked/);
    viewer.destroy();
    member.destroy();
  });

  it('awareness entries carry the member proven by the token; a client cannot speak for another', async () => {
    const a = client(t.relay, ws.workspaceId, 'records/0', ws.tokens.member);
    const b = client(t.relay, ws.workspaceId, 'records/0', ws.tokens.viewer);
    await Promise.all([a.whenSynced, b.whenSynced]);
    a.provider.awareness.setLocalState({ name: 'Ann', member: { id: 'someone-else' } });
    await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { name?: string } | undefined)?.name === 'Ann');
    expect((b.provider.awareness.getStates().get(a.doc.clientID) as { member: { id: string } }).member.id).toBe(ws.members.member);
    // b forges an entry under a's client id: the relay drops it.
    const forged = new Y.Doc();
    forged.clientID = a.doc.clientID;
    const { Awareness, encodeAwarenessUpdate } = await import('y-protocols/awareness');
    const fake = new Awareness(forged);
    fake.setLocalState({ name: 'Mallory' });
    for (let i = 0; i < 5; i++) fake.setLocalState({ name: 'Mallory', i });
    const { encodeAwarenessFrame } = await import('./frames.ts');
    b.provider.ws!.send(encodeAwarenessFrame(encodeAwarenessUpdate(fake, [forged.clientID])));
    await sleep(300);
    expect((a.provider.awareness.getStates().get(a.doc.clientID) as { name: string }).name).toBe('Ann');
    fake.destroy();
    a.destroy();
    b.destroy();
  });

  it('admin API: operator key creates workspaces; members cannot administer; bad input gets field errors', async () => {
    const post = (path: string, token: string | undefined, body: unknown) =>
      fetch(`${t.relay.httpUrl}/admin/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    expect((await post('workspaces', undefined, { name: 'X' })).status).toBe(401);
    const created = await post('workspaces', t.relay.operatorKey, { name: 'Beta' });
    expect(created.status).toBe(201);
    const { workspace, invite: adminInvite } = (await created.json()) as { workspace: { id: string }; invite: { token: string } };
    // The first admin's invite is exchanged (as at first connect) for the credential that administers.
    const invite = await t.relay.registry.exchange(adminInvite.token);
    expect((await post(`workspaces/${workspace.id}/invites`, ws.tokens.admin, { name: 'x', role: 'member' })).status).toBe(401);
    expect((await post(`workspaces/${ws.workspaceId}/invites`, ws.tokens.member, { name: 'x', role: 'member' })).status).toBe(403);
    const bad = await post(`workspaces/${workspace.id}/invites`, invite.token, { name: '', role: 'owner' });
    expect(bad.status).toBe(400);
    expect(Object.keys(((await bad.json()) as { fields: object }).fields).sort()).toEqual(['name', 'role']);
    const ok = await post(`workspaces/${workspace.id}/invites`, invite.token, { name: 'Vic', role: 'viewer', expiresInDays: 1 });
    expect(ok.status).toBe(201);
    const list = await fetch(`${t.relay.httpUrl}/admin/workspaces/${workspace.id}/members`, { headers: { authorization: `Bearer ${invite.token}` } });
    expect(((await list.json()) as { members: Array<{ role: string }> }).members.map((m) => m.role).sort()).toEqual(['admin', 'viewer']);
  });
});
