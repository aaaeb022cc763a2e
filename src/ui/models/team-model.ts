import { signal } from '@preact/signals';
import type { Role } from '../../domain/index.ts';
import type { TeamInvite, TeamMember, TeamPort } from '../ports.ts';
import { fieldErrors } from './errors.ts';
import { DEFAULT_INVITE_DAYS, MAX_INVITE_DAYS } from '../../../sync-server/auth/lifetimes.ts';
import { dayText } from '../ds/time.ts';

export type InviteDraft = { name: string; role: Role; days: string };
export type InviteInput = { name: string; role: Role; expiresInDays: number };

/** The invite form checked before anything is sent: one sentence per bad field. */
export function readInviteDraft(d: InviteDraft): { ok: true; input: InviteInput } | { ok: false; error: string } {
  const name = d.name.trim();
  const days = Number(d.days.trim());
  const problems = [
    !name && 'Give the invitee a name: teammates see it on what they write.',
    !(Number.isInteger(days) && days >= 1 && days <= MAX_INVITE_DAYS) && `The invite should last a whole number of days from 1 to ${MAX_INVITE_DAYS}.`,
    !['admin', 'member', 'viewer'].includes(d.role) && 'Choose a role: admin, member or viewer.',
  ].filter((p): p is string => !!p);
  return problems.length ? { ok: false, error: problems.join(' ') } : { ok: true, input: { name, role: d.role, expiresInDays: days } };
}

export function memberStatus(m: TeamMember): string {
  return m.revokedAt ? `Revoked ${dayText(m.revokedAt)}` : 'Active';
}

/**
 * Members and invites of the team relay. Errors are kept by where they belong — `list`,
 * `invite`, or a member's id — so each shows next to the action that caused it.
 */
/**
 * The workspace's own member list (the `config` doc: owner and assignee pickers, names on the
 * timeline) kept in step with the relay, which decides who may connect: an admin's view adds
 * the relay's active members the workspace lacks, follows role changes and deactivates the
 * revoked. Ids are the relay's member ids, the ids their writes carry.
 */
export type Roster = {
  members(): { id: string; role: Role; active: boolean }[];
  add(m: { id: string; name: string; role: Role }): Promise<unknown>;
  setRole(id: string, role: Role): Promise<unknown>;
  deactivate(id: string): Promise<unknown>;
};

/** What the roster must do to match the relay's list. Pure. */
export function rosterChanges(relay: TeamMember[], workspace: { id: string; role: Role; active: boolean }[]) {
  const add: TeamMember[] = [];
  const roles: { id: string; role: Role }[] = [];
  const deactivate: string[] = [];
  for (const m of relay) {
    const w = workspace.find((x) => x.id === m.id);
    if (m.revokedAt) { if (w?.active) deactivate.push(m.id); continue; }
    if (!w) add.push(m);
    else if (w.active && w.role !== m.role) roles.push({ id: m.id, role: m.role });
  }
  return { add, roles, deactivate };
}

export function createTeamModel(team: TeamPort, roster?: Roster) {
  const members = signal<TeamMember[] | null>(null);
  const errors = signal<Record<string, string>>({});
  const invite = signal<TeamInvite | null>(null);
  const message = signal('');
  const setError = (key: string, text: string) => { errors.value = { ...errors.value, [key]: text }; };
  async function attempt(key: string, fn: () => Promise<unknown>, done?: string): Promise<boolean> {
    try {
      await fn();
      setError(key, '');
      if (done) message.value = done;
      return true;
    } catch (e) {
      setError(key, fieldErrors(e).map((x) => x.message).join('; '));
      return false;
    }
  }
  /** Brings the workspace's member list in line with the relay's (admins only; best effort). */
  async function syncRoster(list: TeamMember[]) {
    if (!roster || team.relay.role !== 'admin') return;
    const c = rosterChanges(list, roster.members());
    const failed: string[] = [];
    const tryIt = async (what: string, fn: () => Promise<unknown>) => { try { await fn(); } catch (e) { failed.push(`${what}: ${fieldErrors(e).map((x) => x.message).join('; ')}`); } };
    for (const m of c.add) await tryIt(m.name, () => roster.add({ id: m.id, name: m.name, role: m.role }));
    for (const r of c.roles) await tryIt(r.id, () => roster.setRole(r.id, r.role));
    for (const id of c.deactivate) await tryIt(id, () => roster.deactivate(id));
    if (failed.length) setError('roster', `The workspace's member list could not follow the relay for ${failed.join(', ')}`);
  }
  const load = () => attempt('list', async () => { members.value = await team.members(); await syncRoster(members.value); });
  return {
    relay: team.relay, members, errors, invite, message, load,
    async mint(draft: InviteDraft): Promise<boolean> {
      const read = readInviteDraft(draft);
      if (!read.ok) { setError('invite', read.error); return false; }
      const ok = await attempt('invite', async () => { invite.value = await team.invite(read.input); }, `Invite for ${read.input.name} ready: copy the link and send it.`);
      if (ok) await load();
      return ok;
    },
    /** A new single-use link for an existing member (revoked, or whose sign-in lapsed): same member, nothing they held before revives. */
    async reinvite(m: TeamMember): Promise<boolean> {
      const ok = await attempt(m.id, async () => { invite.value = await team.invite({ name: m.name, role: m.role, expiresInDays: DEFAULT_INVITE_DAYS, memberId: m.id }); }, `New invite for ${m.name} ready: copy the link and send it.`);
      if (ok) await load();
      return ok;
    },
    async setRole(id: string, role: Role): Promise<boolean> {
      const ok = await attempt(id, () => team.setRole(id, role), 'Role changed');
      await load();
      return ok;
    },
    async revoke(id: string): Promise<boolean> {
      const ok = await attempt(id, () => team.revoke(id), 'Member revoked');
      if (ok) await load();
      return ok;
    },
  };
}
export type TeamModel = ReturnType<typeof createTeamModel>;
