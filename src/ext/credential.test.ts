import { describe, expect, it } from 'vitest';
import { createCredentialKeeper, credentialFrom, tokenKind, type RelayCredential } from './credential.ts';

const jwt = (claims: object) => `e30.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`;

describe('credential keeper', () => {
  it('tells invites from credentials (older tokens without a type are credentials)', () => {
    expect(tokenKind(jwt({ typ: 'invite', ws: 'w' }))).toBe('invite');
    expect(tokenKind(jwt({ typ: 'member' }))).toBe('member');
    expect(tokenKind(jwt({ ws: 'w' }))).toBe('member');
    expect(tokenKind('garbage')).toBe('unreadable');
    expect(tokenKind('a.%%%.c')).toBe('unreadable');
  });

  it('renews only once due; an unreachable relay keeps the credential; a refusal is reported, not retried as offline', async () => {
    const now = Date.parse('2026-01-10T00:00:00Z');
    let stored: RelayCredential | undefined = { url: 'ws://relay.test:1234', token: jwt({ typ: 'member' }), renewAfter: '2026-01-15T00:00:00Z' };
    const calls: string[] = [];
    let answer: () => Promise<Response> = async () => new Response(JSON.stringify({ token: jwt({ typ: 'member', n: 2 }), expiresAt: '2026-03-01T00:00:00Z', renewAfter: '2026-02-14T00:00:00Z', member: { id: 'm', role: 'member', name: 'M' }, workspace: { id: 'w', name: 'W' } }), { status: 200 });
    const fetch = (async (url: string) => (calls.push(String(url)), answer())) as unknown as typeof globalThis.fetch;
    let clock = now;
    const keeper = createCredentialKeeper({ read: async () => stored, write: async (c) => void (stored = c), installId: 'install-1', fetch, now: () => clock });
    expect(await keeper.ensure()).toMatchObject({ state: 'ok', changed: false });
    expect(calls).toEqual([]);
    clock = Date.parse('2026-01-16T00:00:00Z');
    answer = async () => {
      throw new TypeError('fetch failed');
    };
    const before = stored!.token;
    expect(await keeper.ensure()).toMatchObject({ state: 'offline', error: expect.stringMatching(/cannot be reached/) });
    expect(stored!.token).toBe(before);
    answer = async () => new Response(JSON.stringify({ error: 'Your access to this workspace was revoked.' }), { status: 401 });
    expect(await keeper.ensure()).toMatchObject({ state: 'refused', error: 'Your access to this workspace was revoked.' });
    answer = async () => new Response(JSON.stringify({ token: jwt({ typ: 'member', n: 3 }), expiresAt: '2026-03-01T00:00:00Z', renewAfter: '2026-02-14T00:00:00Z', member: { id: 'm', role: 'member', name: 'M' }, workspace: { id: 'w', name: 'W' } }), { status: 200 });
    expect(await keeper.ensure()).toMatchObject({ state: 'ok', changed: true });
    expect(stored).toMatchObject({ url: 'ws://relay.test:1234', renewAfter: '2026-02-14T00:00:00Z' });
    expect(calls.every((c) => c === 'http://relay.test:1234/auth/renew')).toBe(true);
    // Nothing stored (a local workspace): nothing to do.
    stored = undefined;
    expect(await keeper.ensure()).toBeNull();
  });

  it('keeps renewAfter on this device\'s clock: the span the relay gives, counted from the answer (its date read as is from relays that send no issuedAt)', () => {
    const answer = { token: 't', issuedAt: '2026-06-01T00:00:00Z', expiresAt: '2026-07-01T00:00:00Z', renewAfter: '2026-06-16T00:00:00Z', member: { id: 'm', role: 'member', name: 'M' }, workspace: { id: 'w', name: 'W' } };
    // This device believes it is 2026-05-01: a month behind the relay.
    const device = () => Date.parse('2026-05-01T00:00:00Z');
    expect(credentialFrom('ws://r', answer, device)).toEqual({ url: 'ws://r', token: 't', expiresAt: '2026-07-01T00:00:00Z', renewAfter: '2026-05-16T00:00:00.000Z' });
    const { issuedAt: _older, ...fromOlderRelay } = answer;
    expect(credentialFrom('ws://r', fromOlderRelay, device).renewAfter).toBe('2026-06-16T00:00:00Z');
  });
});
