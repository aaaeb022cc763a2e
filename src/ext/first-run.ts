import { browser } from 'wxt/browser';
import { Email, type Role } from '../domain/index.ts';
import type { ProfileInfo, ProfilePort } from '../ui/ports.ts';
import { loadOrCreateProfile, PROFILE_KEY, switching, type KeyValueStorage, type Profile } from './profile.ts';
import { credentialFrom, exchangeInvite } from './credential.ts';
import { queueErase } from './erase-pending.ts';
import { newId } from '../domain/index.ts';

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

async function restartEngine() {
  await browser.runtime.sendMessage({ target: 'background', type: 'restart-engine' });
}

/** Who the user says they are: a name is needed (it is how teammates and history show them). */
export function checkIdentity(name: string, email?: string): { name: string; email?: string } {
  const n = name.trim();
  const e = email?.trim() ?? '';
  if (!n) throw Object.assign(new Error('Write your name: it shows on what you own and log.'), { issues: [{ path: 'name', message: 'Write your name: it shows on what you own and log.' }] });
  if (n.length > 300) throw Object.assign(new Error('Your name is too long (300 characters at most).'), { issues: [{ path: 'name', message: 'Your name is too long (300 characters at most).' }] });
  if (e && !Email.safeParse(e).success) throw Object.assign(new Error('That email does not look right (name@example.com).'), { issues: [{ path: 'email', message: 'That email does not look right (name@example.com).' }] });
  return { name: n, ...(e ? { email: e.toLowerCase() } : {}) };
}

/** How long the restarted engine may take to answer before the name is written to the workspace. */
const ENGINE_READY_TRIES = 40;
const ENGINE_RETRY_MS = 150;

/**
 * A local workspace was seeded before first run asked the user's name, so its one member (this
 * user) has none: write the name and email onto that member, so owners and history show a name.
 */
async function nameMyself(memberId: string, who: { name: string; email?: string }) {
  const call = { op: 'admin', action: { action: 'addMember', id: memberId, name: who.name, ...(who.email ? { email: who.email } : {}), role: 'admin' } };
  for (let i = 0; i < ENGINE_READY_TRIES; i++) {
    try {
      const reply = (await browser.runtime.sendMessage({ target: 'engine', v: 1, call })) as { ok?: boolean; error?: { message: string } } | undefined;
      if (reply?.ok) return;
      if (reply && !reply.ok) throw new Error(reply.error?.message ?? 'The workspace refused the name.');
    } catch (e) {
      if (!/Receiving end does not exist|Could not establish connection/i.test(String(e))) throw e;
    }
    await new Promise((r) => setTimeout(r, ENGINE_RETRY_MS));
  }
  throw new Error('Outpost did not start in time to save your name: try again.');
}

/**
 * A copy kept on leaving was this device's own workspace, the user its admin: its settings may
 * hold changes (its start seeds the user as an admin member; Settings let them rename, add…) that
 * a member's or viewer's rejoin would push and the relay refuse (admin-only), while this device
 * went on showing them. Such a rejoin takes the team's settings instead; the records stay.
 */
export function takesTeamSettings(before: Profile, workspaceId: string, role: Role): boolean {
  return !before.relay && before.workspaceId === workspaceId && role !== 'admin';
}

export function profilePort(storage: KeyValueStorage): ProfilePort {
  const port: ProfilePort = {
    async get(): Promise<ProfileInfo> {
      const p = await loadOrCreateProfile(storage);
      return { name: p.name, email: p.email, role: p.role, workspaceId: p.workspaceId, relayUrl: p.relay?.url, onboarded: !!(await storage.get(ONBOARDED_KEY)) };
    },
    async justMe({ name, email }) {
      const who = checkIdentity(name, email);
      const p = await loadOrCreateProfile(storage);
      await storage.set(PROFILE_KEY, { ...p, name: who.name, ...(who.email ? { email: who.email } : {}) } satisfies Profile);
      await restartEngine();
      await nameMyself(p.memberId, who);
      await storage.set(ONBOARDED_KEY, true);
    },
    async join({ name, email, invite, carry }) {
      checkIdentity(name, email);
      const i = parseInvite(invite);
      const before = await loadOrCreateProfile(storage);
      const installId = before.installId ?? newId();
      // The invite is single use: it is exchanged now for this member's own credential, so a used
      // or expired one is reported here, next to the link, rather than after the switch.
      const answer = await exchangeInvite({ url: i.url, invite: i.token, installId });
      // "Bring what is on this device": the records of the local workspace used so far join the
      // team's. Never from another team's workspace: that is not this user's to share. Rejoining the
      // same workspace (a lapsed sign-in, or after leaving with a kept copy) keeps its docs as they are.
      const from = carry && !before.relay && before.workspaceId !== i.workspaceId ? before.workspaceId : undefined;
      const role = answer.member.role as Role;
      const retakeConfig = takesTeamSettings(before, i.workspaceId, role);
      switching.workspace = true;
      const profile: Profile = {
        workspaceId: i.workspaceId, memberId: answer.member.id, role, name: name.trim(), ...(email?.trim() ? { email: email.trim() } : {}),
        relay: credentialFrom(i.url, answer), installId, ...(from ? { carryFrom: from } : {}), ...(retakeConfig ? { retakeConfig: true as const } : {}),
      };
      await storage.set(PROFILE_KEY, profile);
      await storage.set(ONBOARDED_KEY, true);
      await restartEngine();
    },
    async create({ name, email, relay, creationToken, workspaceName, carry }) {
      checkIdentity(name, email);
      const bases = relayBases(relay);
      const token = creationToken.trim();
      let res: Response;
      try {
        res = await fetch(`${bases.http}/admin/workspaces`, {
          method: 'POST',
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
          body: JSON.stringify({ name: workspaceName.trim() || 'Our team', adminName: name.trim() || 'Admin' }),
        });
      } catch {
        throw new Error(`No relay answers at ${bases.http}: check the address and that the relay runs.`);
      }
      const body = (await res.json().catch(() => ({}))) as { error?: string; invite?: { token: string } };
      if (res.status === 401) throw new Error(body.error ?? 'The relay refused to create a workspace: ask its operator for a workspace creation token.');
      if (!res.ok || !body.invite) throw new Error(body.error ?? `The relay answered ${res.status}.`);
      await port.join({ name, email, carry, invite: `${bases.ws}/#token=${body.invite.token}` });
    },
    async leave({ keep }) {
      const p = await loadOrCreateProfile(storage);
      if (!p.relay) throw new Error('This workspace is not on a team relay: there is nothing to leave.');
      switching.workspace = true;
      // Keep: this device goes on with its copy of the workspace, local only, until a new invite
      // joins it again (edits made meanwhile then sync). Otherwise: a new, empty local workspace,
      // and the team's copy is erased from this device once the engine has let go of it (the
      // background runs the queue at every engine start, so a closed browser finishes it later).
      const next: Profile = keep
        ? { workspaceId: p.workspaceId, memberId: p.memberId, role: 'admin', name: p.name, ...(p.email ? { email: p.email } : {}), ...(p.installId ? { installId: p.installId } : {}) }
        : { workspaceId: `local-${newId()}`, memberId: newId(), role: 'admin', name: p.name, ...(p.email ? { email: p.email } : {}), ...(p.installId ? { installId: p.installId } : {}) };
      if (!keep) await queueErase(storage, p.workspaceId);
      await storage.set(PROFILE_KEY, next);
      // First run again: "Join my team" takes the new invite (or "just me" goes on locally).
      await storage.set(ONBOARDED_KEY, false);
      await restartEngine();
    },
  };
  return port;
}
