import { relayHttpUrl, type Role } from '../domain/index.ts';
import type { TeamInvite, TeamMember, TeamPort } from '../ui/ports.ts';

/** An invite link first run accepts (src/ext/first-run.ts parseInvite): `ws://host:port/#token=JWT`. */
export function inviteLink(relayUrl: string, token: string): string {
  return `${relayUrl.trim().replace(/\/+$/, '')}/#token=${token}`;
}

export type RelayTeamOptions = {
  url: string; token: string; workspaceId: string; memberId: string; role: Role;
  /** Injected so Node tests call the real relay with Node's fetch. */
  fetch?: typeof globalThis.fetch;
};

/**
 * The team port over the relay's HTTP admin API (sync-server/http/admin.ts), authorized with
 * this member's own token. The relay answers extension origins with CORS headers.
 */
export function relayTeamPort(o: RelayTeamOptions): TeamPort {
  const httpUrl = relayHttpUrl(o.url);
  const doFetch = o.fetch ?? globalThis.fetch.bind(globalThis);
  const base = `${httpUrl}/admin/workspaces/${encodeURIComponent(o.workspaceId)}`;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${o.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new Error(`The relay at ${httpUrl} cannot be reached: check that it is running and that this computer can reach it.`);
    }
    const json = (await res.json().catch(() => ({}))) as { error?: string; fields?: Record<string, string[]> };
    if (!res.ok) throw new Error(relayMessage(res.status, json));
    return json as T;
  }
  return {
    relay: { url: o.url, httpUrl, workspaceId: o.workspaceId, memberId: o.memberId, role: o.role },
    members: async () => (await call<{ members: TeamMember[] }>('GET', '/members')).members,
    async invite(input): Promise<TeamInvite> {
      const r = await call<{ token: string; member: TeamMember; expiresAt: string }>('POST', '/invites', input);
      return { link: inviteLink(o.url, r.token), member: r.member, expiresAt: r.expiresAt };
    },
    setRole: async (memberId, role) => (await call<{ member: TeamMember }>('PATCH', `/members/${encodeURIComponent(memberId)}`, { role })).member,
    revoke: async (memberId) => (await call<{ member: TeamMember }>('DELETE', `/members/${encodeURIComponent(memberId)}`)).member,
  };
}

/** The relay's own words, with its field errors; a bare status gets a plain sentence. */
function relayMessage(status: number, json: { error?: string; fields?: Record<string, string[]> }): string {
  const fields = Object.entries(json.fields ?? {}).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ');
  const text = json.error ?? (status >= 500 ? 'The relay failed to answer.' : `The relay refused the request (HTTP ${status}).`);
  return fields ? `${text} ${fields}` : text;
}
