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

async function restartEngine() {
  await browser.runtime.sendMessage({ target: 'background', type: 'restart-engine' });
}

export function profilePort(storage: KeyValueStorage): ProfilePort {
  return {
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
    async join({ name, email, invite }) {
      const i = parseInvite(invite);
      switching.workspace = true;
      const profile: Profile = { workspaceId: i.workspaceId, memberId: i.memberId, role: i.role, name: name.trim(), ...(email?.trim() ? { email: email.trim() } : {}), relay: { url: i.url, token: i.token } };
      await storage.set(PROFILE_KEY, profile);
      await storage.set(ONBOARDED_KEY, true);
      await restartEngine();
    },
  };
}
