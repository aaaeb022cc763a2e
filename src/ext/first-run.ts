import { browser } from 'wxt/browser';
import type { Role } from '../domain/index.ts';
import type { ProfileInfo, ProfilePort } from '../ui/ports.ts';
import { loadOrCreateProfile, PROFILE_KEY, type KeyValueStorage, type Profile } from './profile.ts';

/** Set once the user made the first-run choice; before that the UI offers "just me" / "join". */
export const ONBOARDED_KEY = 'outpost.onboarded';

export type Invite = { url: string; token: string; workspaceId: string; memberId: string; role: Role };

/**
 * Reads an invite link: the relay address and a member token, as
 * `ws://host:port/#token=JWT`, `ws://host:port?token=JWT` or "ADDRESS TOKEN". The token's
 * claims (workspace, member, role) are read to set up the profile; the relay verifies them.
 */
export function parseInvite(text: string): Invite {
  const s = text.trim();
  let url = '';
  let token = '';
  const spaced = s.split(/\s+/);
  if (spaced.length === 2) [url, token] = spaced;
  else {
    const m = /^(wss?:\/\/[^?#\s]+)[?#](?:.*&)?token=([^&\s]+)/i.exec(s);
    if (m) [, url, token] = m;
  }
  if (!/^wss?:\/\//i.test(url)) throw new Error('The invite link should start with the relay address (ws:// or wss://).');
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('The invite link has no valid token: ask your admin for a new one.');
  let claims: { ws?: string; sub?: string; role?: Role; exp?: number };
  try {
    claims = JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    throw new Error('The invite token cannot be read: ask your admin for a new one.');
  }
  if (!claims.ws || !claims.sub || !claims.role) throw new Error('The invite token does not name a workspace: ask your admin for a new one.');
  if (claims.exp && claims.exp * 1000 < Date.now()) throw new Error('This invite has expired: ask your admin for a new one.');
  return { url: url.replace(/\/$/, ''), token, workspaceId: claims.ws, memberId: claims.sub, role: claims.role };
}

/** Set while this page switches the profile to another workspace (it reloads itself when done). */
export const switching = { workspace: false };

/**
 * A relay address as typed (ws://, wss://, http://, https://, or host:port) → its HTTP base (admin
 * API) and WebSocket base (sync), without a trailing slash or path.
 */
export function relayBases(address: string): { http: string; ws: string } {
  const s = address.trim();
  const withScheme = /^[a-z]+:\/\//i.test(s) ? s : `ws://${s}`;
  let u: URL;
  try { u = new URL(withScheme); } catch { throw new Error('Write the relay address as ws://host:port (or http://host:port).'); }
  const secure = u.protocol === 'wss:' || u.protocol === 'https:';
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(u.protocol) || !u.host) throw new Error('Write the relay address as ws://host:port (or http://host:port).');
  return { http: `${secure ? 'https' : 'http'}://${u.host}`, ws: `${secure ? 'wss' : 'ws'}://${u.host}` };
}

/** The first admin's token is this browser's key to the workspace: longer-lived than an invite. */
const CREATOR_TOKEN_DAYS = 365;

async function restartEngine() {
  await browser.runtime.sendMessage({ target: 'background', type: 'restart-engine' });
}

export function profilePort(storage: KeyValueStorage): ProfilePort {
  const port: ProfilePort = {
    async get(): Promise<ProfileInfo> {
      const p = await loadOrCreateProfile(storage);
      return { name: p.name, email: p.email, role: p.role, workspaceId: p.workspaceId, relayUrl: p.relay?.url, onboarded: !!(await storage.get(ONBOARDED_KEY)) };
    },
    async justMe({ name, email }) {
      const p = await loadOrCreateProfile(storage);
      await storage.set(PROFILE_KEY, { ...p, name: name.trim(), ...(email?.trim() ? { email: email.trim() } : {}) } satisfies Profile);
      await storage.set(ONBOARDED_KEY, true);
      await restartEngine();
    },
    async join({ name, email, invite, carry }) {
      const i = parseInvite(invite);
      const before = await loadOrCreateProfile(storage);
      // "Bring what is on this device": the records of the local workspace used so far join the
      // team's. Never from another team's workspace: that is not this user's to share.
      const from = carry && !before.relay && before.workspaceId !== i.workspaceId ? before.workspaceId : undefined;
      switching.workspace = true;
      const profile: Profile = { workspaceId: i.workspaceId, memberId: i.memberId, role: i.role, name: name.trim(), ...(email?.trim() ? { email: email.trim() } : {}), relay: { url: i.url, token: i.token }, ...(from ? { carryFrom: from } : {}) };
      await storage.set(PROFILE_KEY, profile);
      await storage.set(ONBOARDED_KEY, true);
      await restartEngine();
    },
    async create({ name, email, relay, operatorKey, workspaceName, carry }) {
      const bases = relayBases(relay);
      let res: Response;
      try {
        res = await fetch(`${bases.http}/admin/workspaces`, {
          method: 'POST',
          headers: { authorization: `Bearer ${operatorKey.trim()}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: workspaceName.trim() || 'Our team', adminName: name.trim() || 'Admin', expiresInDays: CREATOR_TOKEN_DAYS }),
        });
      } catch {
        throw new Error(`No relay answers at ${bases.http}: check the address and that the relay runs.`);
      }
      const body = (await res.json().catch(() => ({}))) as { error?: string; invite?: { token: string } };
      if (res.status === 401) throw new Error('The relay refused this operator key: it is in operator.key in the relay\'s data folder.');
      if (!res.ok || !body.invite) throw new Error(body.error ?? `The relay answered ${res.status}.`);
      await port.join({ name, email, carry, invite: `${bases.ws}/#token=${body.invite.token}` });
    },
  };
  return port;
}
