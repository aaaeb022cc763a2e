import type { WorkspaceConfig } from '../ports.ts';

type Member = WorkspaceConfig['members'][number];

export const FORMER_MEMBER = 'Former member';
/** A member with no name and no email. */
export const UNNAMED_MEMBER = 'Unnamed teammate';

/**
 * How a member shows anywhere in the UI: their name, else their email, else "You" for the
 * user, else the editors' fallback, or "Former member" for someone who left the workspace
 * (removed, or no longer listed). Never a raw id. The one home of this rule: every view that
 * shows a member id (config model, editors, board, tables, provenance) comes here.
 */
export function memberName(c: WorkspaceConfig | null, id: string): string {
  // Before the workspace's config has loaded no member is known: nothing, not "Former member"
  // for everyone (a timeline opened at once credited the user's own conversion to one).
  if (!id || !c) return '';
  const m = c?.members.find((x) => x.id === id);
  if (m && m.active === false && id !== c?.me.memberId) return FORMER_MEMBER;
  if (m?.name) return m.name;
  if (m?.email) return m.email;
  if (c && id === c.me.memberId) return 'You';
  return m ? memberFallback(m) : FORMER_MEMBER;
}

/** Members sorted by how they show, the user included even before the config lists them. */
export function membersByName(c: WorkspaceConfig): Member[] {
  const list = c.members.some((m) => m.id === c.me.memberId) ? [...c.members] : [...c.members, { id: c.me.memberId, name: '', role: c.me.role, active: true } as Member];
  return list.sort((a, b) => memberName(c, a.id).localeCompare(memberName(c, b.id)));
}

/** A member without a name: by email, else as an unnamed teammate. */
export function memberFallback(m: { email?: string } | undefined): string {
  return m?.email || UNNAMED_MEMBER;
}

/** The user's own row in a members list: "Sam Rep (you)", or just "You" before they have a name. */
export function withYou(name: string, mine: boolean): string {
  return mine && name !== 'You' ? `${name} (you)` : name;
}

/** Refused before it is sent (the engine and the relay refuse it too): a workspace keeps one admin at least. */
export const LAST_ADMIN_HINT = 'You are the only admin: make another member admin before you change your own role.';

/** True when `id` is the only active admin among `members`, so their role must stay. */
export function isLastAdmin(members: { id: string; role: string; active?: boolean; revokedAt?: string | null }[], id: string): boolean {
  const admins = members.filter((m) => m.role === 'admin' && m.active !== false && !m.revokedAt);
  return admins.length === 1 && admins[0].id === id;
}
