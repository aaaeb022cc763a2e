import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SignJWT } from 'jose';
import { CloseCode } from '../../../sync-server/protocol.ts';
import { keysFromSecret } from '../../../sync-server/auth/tokens.ts';
import { createCredentialKeeper, type RelayCredential } from '../../../src/ext/credential.ts';
import { client, rawConnect, startTestRelay, waitFor } from './helpers.ts';

/** Issue 13, problems 2–4: credentials with a lifecycle, generations, scoped keys. */
const DAY = 86_400_000;
const json = (token: string | undefined, body?: unknown) => ({
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body ?? {}),
});

describe('relay: credentials with a lifecycle', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  let now = Date.now();
  const secret = 'credential-test-secret-credential-test';
  beforeAll(async () => {
    t = await startTestRelay({ secret, clock: () => new Date(now), limits: { recheckMs: 200 } });
  });
  afterAll(async () => {
    await t.stop();
  });
  const post = (path: string, token: string | undefined, body?: unknown) => fetch(`${t.relay.httpUrl}${path}`, { method: 'POST', ...json(token, body) });
  const exchange = async (invite: string, installId?: string) => {
    const res = await post('/auth/exchange', invite, installId ? { installId } : {});
    return { status: res.status, body: (await res.json()) as { token: string; error: string; renewAfter: string; expiresAt: string; member: { id: string; generation: number } } };
  };
  const newWorkspace = async () => {
    const { workspace, invite } = await t.relay.registry.createWorkspace('Acme', 'Ann');
    const admin = (await exchange(invite.token)).body.token;
    return { id: workspace.id, admin };
  };
  const connectRefusal = async (ws: string, token: string) => (await rawConnect(`${t.relay.wsUrl}/${ws}/records/0?token=${token}`).closed);

  it('an invite is single use, short-lived, never a login; exchanged once for a credential that connects', async () => {
    const w = await newWorkspace();
    const inv = (await (await post(`/admin/workspaces/${w.id}/invites`, w.admin, { name: 'Sam', role: 'member', expiresInDays: 2 })).json()) as { token: string; link: string };
    expect(inv.link).toBe(`${t.relay.publicUrl}/#token=${inv.token}`);
    // An invite does not open a room: it must be exchanged.
    const asLogin = await connectRefusal(w.id, inv.token);
    expect(asLogin.code).toBe(CloseCode.unauthorized);
    expect(asLogin.reason).toMatch(/invite/);
    const first = await exchange(inv.token, 'install-aaaa');
    expect(first.status).toBe(200);
    // The same install may retry (its answer was lost); anyone else is refused.
    expect((await exchange(inv.token, 'install-aaaa')).status).toBe(200);
    const again = await exchange(inv.token, 'install-bbbb');
    expect(again).toMatchObject({ status: 401, body: { error: expect.stringMatching(/already used/) } });
    expect((await exchange(inv.token)).status).toBe(401);
    // A credential is not an invite.
    expect((await exchange(first.body.token)).status).toBe(400);
    const c = client(t.relay, w.id, 'records/0', first.body.token);
    await c.whenSynced;
    c.destroy();
    // Invites last at most 30 days.
    const long = await post(`/admin/workspaces/${w.id}/invites`, w.admin, { name: 'Lo', role: 'member', expiresInDays: 31 });
    expect(long.status).toBe(400);
    expect(Object.keys(((await long.json()) as { fields: object }).fields)).toEqual(['expiresInDays']);
    // An unused invite expires.
    const late = (await (await post(`/admin/workspaces/${w.id}/invites`, w.admin, { name: 'Late', role: 'member', expiresInDays: 1 })).json()) as { token: string };
    now += 2 * DAY;
    try {
      expect(await exchange(late.token)).toMatchObject({ status: 401, body: { error: expect.stringMatching(/invite expired/) } });
    } finally {
      now -= 2 * DAY;
    }
  });

  it('re-inviting a revoked member never revives the old credential or invite; the new invite works', async () => {
    const w = await newWorkspace();
    const first = (await (await post(`/admin/workspaces/${w.id}/invites`, w.admin, { name: 'Leaky', role: 'member' })).json()) as { token: string; member: { id: string } };
    const pending = (await (await post(`/admin/workspaces/${w.id}/invites`, w.admin, { name: 'Leaky', role: 'member', memberId: first.member.id })).json()) as { token: string };
    const old = (await exchange(first.token)).body.token;
    const leaked = client(t.relay, w.id, 'records/0', old);
    await leaked.whenSynced;
    expect((await fetch(`${t.relay.httpUrl}/admin/workspaces/${w.id}/members/${first.member.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${w.admin}` } })).status).toBe(200);
    await waitFor(() => leaked.status.get().connection === 'refused', 5000, 'revocation');
    leaked.destroy();

    const reinvite = await post(`/admin/workspaces/${w.id}/invites`, w.admin, { name: 'Leaky', role: 'viewer', memberId: first.member.id });
    expect(reinvite.status).toBe(201);
    const fresh = (await reinvite.json()) as { token: string; member: { revokedAt: string | null; generation: number } };
    expect(fresh.member).toMatchObject({ revokedAt: null, generation: 1 });
    // The leaked credential, its renewal and the invite minted before the revocation all stay dead.
    const refused = await connectRefusal(w.id, old);
    expect(refused.code).toBe(CloseCode.forbidden);
    expect(refused.reason).toMatch(/revoked/);
    expect((await post('/auth/renew', old)).status).toBe(401);
    expect((await exchange(pending.token)).status).toBe(401);
    // The new invite works, once, for the same member.
    const renewed = await exchange(fresh.token);
    expect(renewed.body.member).toMatchObject({ id: first.member.id, generation: 1 });
    const back = client(t.relay, w.id, 'records/0', renewed.body.token);
    await back.whenSynced;
    back.destroy();
  });

  it('a member active for 60 days never re-enters a token: the keeper renews their credential', async () => {
    const w = await newWorkspace();
    const inv = (await (await post(`/admin/workspaces/${w.id}/invites`, w.admin, { name: 'Daily', role: 'member' })).json()) as { token: string };
    let stored: RelayCredential | undefined = { url: t.relay.wsUrl, token: inv.token };
    const keeper = createCredentialKeeper({ read: async () => stored, write: async (c) => void (stored = c), installId: 'install-daily', now: () => now });
    const doc = new Y.Doc();
    const start = now;
    const tokens = new Set<string>();
    try {
      for (let day = 0; day <= 60; day++) {
        now = start + day * DAY;
        const step = await keeper.ensure();
        expect(step?.state, `day ${day}`).toBe('ok');
        tokens.add(stored!.token);
        const c = client(t.relay, w.id, 'records/0', stored!.token, doc);
        await c.whenSynced;
        doc.getMap('leads').set(`day-${day}`, day);
        await waitFor(() => c.status.get().unsaved === 0, 5000, `day ${day} saved`);
        c.destroy();
      }
    } finally {
      now = start;
    }
    // Exchanged once, then renewed every ~15 days: a handful of credentials, never a new invite.
    expect(tokens.size).toBeGreaterThanOrEqual(4);
    expect(tokens.size).toBeLessThanOrEqual(6);
    const check = client(t.relay, w.id, 'records/0', w.admin);
    await waitFor(() => check.doc.getMap('leads').get('day-60') === 60, 5000, 'the 60th day synced');
    check.destroy();
  });

  it('no connection outlives its credential: at expiry it is closed 1013; the client reconnects with its renewed one, a stolen copy is refused', async () => {
    const w = await newWorkspace();
    const inv = (await (await post(`/admin/workspaces/${w.id}/invites`, w.admin, { name: 'Long', role: 'member' })).json()) as { token: string };
    const first = (await exchange(inv.token)).body.token;
    const start = now;
    const honest = client(t.relay, w.id, 'records/0', first);
    const stolen = rawConnect(`${t.relay.wsUrl}/${w.id}?outpost=3&token=${first}`);
    try {
      await honest.whenSynced;
      await stolen.opened;
      // Day 16: the client's keeper renews (as src/ext/relay.ts does while it runs) and keeps the
      // new credential for its next connection; this one stays open.
      now = start + 16 * DAY;
      const renewed = (await (await post('/auth/renew', first)).json()) as { token: string };
      honest.setToken(renewed.token);
      await new Promise((r) => setTimeout(r, 600));
      expect(honest.status.get().lastClose).toBeNull();
      // Day 31: the first credential expired; both connections made with it are closed, as transient.
      now = start + 31 * DAY;
      const closed = await stolen.closed;
      expect(closed.code).toBe(CloseCode.tryAgain);
      expect(closed.reason).toMatch(/expired/);
      await waitFor(() => honest.status.get().lastClose?.code === CloseCode.tryAgain, 5000, 'the honest connection closed at expiry');
      // The client reconnects with the renewed credential and keeps working; the stolen copy cannot come back.
      await waitFor(() => honest.status.get().connection === 'connected' && honest.status.get().synced, 10_000, 'the reconnect with the renewed credential');
      honest.doc.getMap('leads').set('after-expiry', 1);
      await waitFor(() => honest.status.get().unsaved === 0, 5000, 'a write after the reconnect');
      expect((await connectRefusal(w.id, first)).code).toBe(CloseCode.unauthorized);
    } finally {
      now = start;
      honest.destroy();
      stolen.ws.terminate();
    }
  });

  it('a member whose credential lapsed offline is told so, rejoins with a fresh invite, and their offline edits sync', async () => {
    const w = await newWorkspace();
    const inv = (await (await post(`/admin/workspaces/${w.id}/invites`, w.admin, { name: 'Away', role: 'member' })).json()) as { token: string; member: { id: string } };
    let stored: RelayCredential | undefined = { url: t.relay.wsUrl, token: inv.token };
    const keeper = createCredentialKeeper({ read: async () => stored, write: async (c) => void (stored = c), installId: 'install-away', now: () => now });
    await keeper.ensure();
    const doc = new Y.Doc();
    const start = now;
    try {
      const c = client(t.relay, w.id, 'records/0', stored!.token, doc);
      await c.whenSynced;
      c.destroy();
      // Two months without the relay; edits meanwhile.
      now = start + 60 * DAY;
      doc.getMap('leads').set('written-offline', 'kept');
      // Renewal is refused now (the credential lapsed): the keeper says so and keeps the credential.
      const step = await keeper.ensure();
      expect(step).toMatchObject({ state: 'refused', error: expect.stringMatching(/expired.*new invite/) });
      const lapsed = client(t.relay, w.id, 'records/0', stored!.token, doc);
      await waitFor(() => lapsed.status.get().connection === 'refused', 5000, 'lapsed refusal');
      expect(lapsed.status.get().refusal).toEqual({ code: CloseCode.unauthorized, reason: expect.stringMatching(/expired.*new invite link.*nothing on this device is lost/) });
      lapsed.destroy();

      // The way back: a fresh invite for the same member (the admin, away too, asks the operator);
      // joining with it keeps this device's doc.
      const again = (await (await post(`/admin/workspaces/${w.id}/invites`, t.relay.operatorKey, { name: 'Away', role: 'member', memberId: inv.member.id })).json()) as { token: string };
      stored = { url: t.relay.wsUrl, token: again.token };
      expect(await keeper.ensure()).toMatchObject({ state: 'ok', changed: true });
      const back = client(t.relay, w.id, 'records/0', stored!.token, doc);
      await back.whenSynced;
      await waitFor(() => back.status.get().unsaved === 0, 5000, 'offline edits saved');
      const admin = client(t.relay, w.id, 'records/0', stored!.token);
      await waitFor(() => admin.doc.getMap('leads').get('written-offline') === 'kept', 5000, 'offline edit seen by the team');
      back.destroy();
      admin.destroy();
    } finally {
      now = start;
    }
  });

  it('credentials and members stored before lifecycles still work, renew, and die on revocation', async () => {
    const w = await newWorkspace();
    // A member record and a token as the relay wrote them before: no generation, no token type.
    const legacyMember = { id: 'legacy-1', workspaceId: w.id, name: 'Old timer', role: 'member', createdAt: new Date(now).toISOString(), revokedAt: null };
    await t.relay.storage.setMeta(`member:${w.id}:legacy-1`, JSON.stringify(legacyMember));
    const legacy = await new SignJWT({ ws: w.id, role: 'member' }).setProtectedHeader({ alg: 'HS256' }).setSubject('legacy-1').setIssuer('outpost-relay').setJti('legacy-jti').setIssuedAt().setExpirationTime(Math.floor(now / 1000) + 10 * 86400).sign(keysFromSecret(secret).secret);
    const c = client(t.relay, w.id, 'records/0', legacy);
    await c.whenSynced;
    c.destroy();
    const renewed = await post('/auth/renew', legacy);
    expect(renewed.status).toBe(200);
    expect(((await renewed.json()) as { member: { generation: number } }).member.generation).toBe(0);
    await fetch(`${t.relay.httpUrl}/admin/workspaces/${w.id}/members/legacy-1`, { method: 'DELETE', headers: { authorization: `Bearer ${w.admin}` } });
    await post(`/admin/workspaces/${w.id}/invites`, w.admin, { name: 'Old timer', role: 'member', memberId: 'legacy-1' });
    expect((await connectRefusal(w.id, legacy)).code).toBe(CloseCode.forbidden);
  });

  it('scoped keys: creation tokens create one workspace; a workspace admin holds only theirs; the operator key never opens a room', async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    // No key, or a workspace admin's credential, cannot create workspaces or mint creation tokens.
    expect((await post('/admin/workspaces', undefined, { name: 'X' })).status).toBe(401);
    expect((await post('/admin/workspaces', a.admin, { name: 'X' })).status).toBe(401);
    expect((await post('/admin/creation-tokens', a.admin, {})).status).toBe(401);
    expect((await fetch(`${t.relay.httpUrl}/admin/backup`, { headers: { authorization: `Bearer ${a.admin}` } })).status).toBe(401);
    // Admin of A cannot act in B.
    expect((await post(`/admin/workspaces/${b.id}/invites`, a.admin, { name: 'Spy', role: 'admin' })).status).toBe(401);
    expect((await connectRefusal(b.id, a.admin)).code).toBe(CloseCode.forbidden);
    // The operator key administers the relay, but is no member credential.
    expect((await connectRefusal(a.id, t.relay.operatorKey)).code).toBe(CloseCode.unauthorized);

    const minted = await post('/admin/creation-tokens', t.relay.operatorKey, { expiresInDays: 1, note: 'for Dana' });
    expect(minted.status).toBe(201);
    const { token: creation } = (await minted.json()) as { token: string };
    // A bad request does not spend the token.
    const bad = await post('/admin/workspaces', creation, { name: '' });
    expect(bad.status).toBe(400);
    const created = await post('/admin/workspaces', creation, { name: 'Dana & Co', adminName: 'Dana' });
    expect(created.status).toBe(201);
    const made = (await created.json()) as { workspace: { id: string }; invite: { token: string; link: string } };
    expect(made.invite.link).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/#token=/);
    expect(await post('/admin/workspaces', creation, { name: 'Second' }).then((r) => r.status)).toBe(401);
    // Dana administers her workspace only.
    const dana = (await exchange(made.invite.token)).body.token;
    expect((await post(`/admin/workspaces/${made.workspace.id}/invites`, dana, { name: 'Eve', role: 'member' })).status).toBe(201);
    expect((await post(`/admin/workspaces/${a.id}/invites`, dana, { name: 'Eve', role: 'member' })).status).toBe(401);
    // Creation tokens expire.
    const soon = (await (await post('/admin/creation-tokens', t.relay.operatorKey, { expiresInDays: 1 })).json()) as { token: string };
    now += 2 * DAY;
    try {
      const late = await post('/admin/workspaces', soon.token, { name: 'Too late' });
      expect(late.status).toBe(401);
      expect(((await late.json()) as { error: string }).error).toMatch(/expired/);
    } finally {
      now -= 2 * DAY;
    }
    expect((await post('/admin/workspaces', 'oc_made-up', { name: 'Guess' })).status).toBe(401);
  });

  it('with --open-signup anyone may create a workspace (and still holds only that one)', async () => {
    const open = await startTestRelay({ openSignup: true });
    try {
      const res = await fetch(`${open.relay.httpUrl}/admin/workspaces`, { method: 'POST', ...json(undefined, { name: 'Open', adminName: 'Olga' }) });
      expect(res.status).toBe(201);
      // …but not in bulk: one a minute per address.
      const second = await fetch(`${open.relay.httpUrl}/admin/workspaces`, { method: 'POST', ...json(undefined, { name: 'Open 2' }) });
      expect(second.status).toBe(429);
      expect((await fetch(`${open.relay.httpUrl}/admin/creation-tokens`, { method: 'POST', ...json(undefined, {}) })).status).toBe(401);
    } finally {
      await open.stop();
    }
  });
});
