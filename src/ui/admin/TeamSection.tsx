import { DEFAULT_INVITE_DAYS, MAX_INVITE_DAYS } from '../../../sync-server/auth/lifetimes.ts';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Role } from '../../domain/index.ts';
import type { TeamMember, TeamPort } from '../ports.ts';
import { createTeamModel, memberStatus, type InviteDraft, type Roster, type TeamModel } from '../models/team-model.ts';
import { CopyBox } from './CopyBox.tsx';
import { OnlyAdminRole } from './OnlyAdminRole.tsx';
import { stamp } from '../ds/time.ts';
import { UNNAMED_MEMBER, isLastAdmin, withYou } from '../models/members.ts';

const ROLES: [Role, string][] = [['admin', 'Admin'], ['member', 'Member'], ['viewer', 'Viewer']];
const TITLE = 'Team relay: members and invites';

/** Members and invites of the relay this workspace syncs through; a local workspace has none. */
export function TeamSection({ team, ro, roster, onLeave }: { team?: TeamPort; ro: boolean; roster?: Roster; onLeave?: (keep: boolean) => Promise<void> }) {
  if (!team) {
    return (
      <section class="admin-section" aria-labelledby="team-h">
        <h3 id="team-h">{TITLE}</h3>
        <p class="notice" role="note">This workspace is kept only in this browser ("just me"), so there is no one to invite: invites need a team relay.</p>
        <p class="hint">To work as a team, run a relay (<code>npm run relay</code>), create a workspace on it (<code>npm run relay -- admin create-workspace --name "Acme"</code>) and join it with the admin invite it prints ("Join my team" when Outpost starts). Then invite teammates here.</p>
      </section>
    );
  }
  return (
    <>
      <RelayMembers team={team} roster={roster} ro={ro || team.relay.role !== 'admin'} />
      {onLeave && <LeaveWorkspace onLeave={onLeave} />}
    </>
  );
}

/** The way out, and back: leave (keeping this device's copy or not), then join with a new invite. */
function LeaveWorkspace({ onLeave }: { onLeave: (keep: boolean) => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const leave = async (keep: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await onLeave(keep);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <section class="admin-section" aria-labelledby="leave-h">
      <h3 id="leave-h">Leave this workspace</h3>
      <p class="hint">Signed out (your sign-in lapsed or was revoked) or moving to another team? Leave here, then choose "Join my team" with the new invite link. Keeping a copy: you go on alone with it, and joining the same workspace again syncs what you wrote meanwhile. Erasing: the team's records leave this device and you start an empty workspace (the team keeps its copy on the relay). Want a file too? Export → JSON backup first.</p>
      <button type="button" disabled={busy} onClick={() => void leave(true)}>Leave, keep a copy on this device</button>{' '}
      <button type="button" disabled={busy} onClick={() => void leave(false)}>Leave and erase this device's copy</button>
      {error && <p class="field-error" role="alert">{error}</p>}
    </section>
  );
}

function RelayMembers({ team, ro, roster }: { team: TeamPort; ro: boolean; roster?: Roster }) {
  const model = useMemo(() => createTeamModel(team, roster), [team]);
  useEffect(() => void model.load(), [model]);
  const members = model.members.value;
  const err = model.errors.value;
  return (
    <section class="admin-section" aria-labelledby="team-h">
      <h3 id="team-h">{TITLE}</h3>
      <p class="hint">Relay {team.relay.url}, workspace <code>{team.relay.workspaceId}</code>.{ro ? ' Only admins can invite or change members: you see the list read-only.' : ''}</p>
      {model.message.value && <p role="status" class="saved">{model.message.value}</p>}
      {err.roster && <p class="field-error" role="alert">{err.roster}</p>}
      {err.list && <p class="field-error" role="alert">{err.list} <button type="button" onClick={() => void model.load()}>Try again</button></p>}
      {!members && !err.list && <p role="status">Loading members…</p>}
      {members && (
        <table class="team-members">
          <caption class="sr-only">Members on the relay</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>{members.map((m) => <MemberRow key={m.id} m={m} me={m.id === team.relay.memberId} onlyAdmin={isLastAdmin(members, m.id)} model={model} ro={ro} />)}</tbody>
        </table>
      )}
      {!ro && <InviteForm model={model} />}
    </section>
  );
}

function MemberRow({ m, me, onlyAdmin, model, ro }: { m: TeamMember; me: boolean; onlyAdmin: boolean; model: TeamModel; ro: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const name = m.name || UNNAMED_MEMBER;
  const error = model.errors.value[m.id];
  const revoked = !!m.revokedAt;
  return (
    <tr class={revoked ? 'retired' : undefined}>
      <th scope="row">{withYou(name, me)}</th>
      <td>
        {ro || revoked ? ROLES.find(([r]) => r === m.role)?.[1] : onlyAdmin ? <OnlyAdminRole /> : (
          <>
            <label class="sr-only" for={`team-role-${m.id}`}>Relay role of {name}</label>
            <select id={`team-role-${m.id}`} value={m.role} onChange={async (e) => {
              const el = e.currentTarget as HTMLSelectElement;
              // Refused (the relay keeps one admin at least): the picker shows the role that stayed.
              if (!(await model.setRole(m.id, el.value as Role))) el.value = m.role;
            }}>
              {ROLES.map(([r, label]) => <option key={r} value={r}>{label}</option>)}
            </select>
          </>
        )}
      </td>
      <td>{memberStatus(m)}</td>
      <td>
        {!ro && !revoked && !confirming && (me
          ? <span class="you muted" title="You cannot revoke yourself: to go, use “Leave this workspace” below">Can't revoke yourself</span>
          : <button type="button" onClick={() => setConfirming(true)}>Revoke {name}</button>)}{' '}
        {!ro && !me && !confirming && <button type="button" onClick={() => void model.reinvite(m)}>New invite link for {name}</button>}
        {confirming && (
          <span role="group" aria-label={`Revoke ${name}?`}>
            Revoke {name}? They lose access within seconds.{' '}
            <button type="button" onClick={async () => { await model.revoke(m.id); setConfirming(false); }}>Yes, revoke</button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>Keep</button>
          </span>
        )}
        {error && <p class="field-error" role="alert">{error}</p>}
      </td>
    </tr>
  );
}

function InviteForm({ model }: { model: TeamModel }) {
  const [d, setD] = useState<InviteDraft>({ name: '', role: 'member', days: String(DEFAULT_INVITE_DAYS) });
  const [busy, setBusy] = useState(false);
  const invite = model.invite.value;
  const error = model.errors.value.invite;
  return (
    <>
      <form class="add" aria-label="New invite" onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        if (await model.mint(d)) setD({ ...d, name: '' });
        setBusy(false);
      }}>
        <label for="inv-name">Invitee name</label>
        <input id="inv-name" value={d.name} aria-invalid={error ? 'true' : undefined} aria-describedby="inv-err" onInput={(e) => setD({ ...d, name: (e.currentTarget as HTMLInputElement).value })} />
        <label for="inv-role">Invite as</label>
        <select id="inv-role" value={d.role} onChange={(e) => setD({ ...d, role: (e.currentTarget as HTMLSelectElement).value as Role })}>
          {ROLES.map(([r, label]) => <option key={r} value={r}>{label}</option>)}
        </select>
        <label for="inv-days">Valid for (days)</label>
        <input id="inv-days" class="narrow" type="number" min="1" max={MAX_INVITE_DAYS} step="1" value={d.days} onInput={(e) => setD({ ...d, days: (e.currentTarget as HTMLInputElement).value })} />
        <button type="submit" disabled={busy}>Create invite</button>
      </form>
      <div id="inv-err">{error && <p class="field-error" role="alert">{error}</p>}</div>
      {invite && (
        <>
          <CopyBox id="inv-link" label={`Invite link for ${invite.member.name}`} text={invite.link} rows={3} />
          <p class="hint">Valid until {stamp(Date.parse(invite.expiresAt))}. It works once: whoever uses it first joins as {invite.member.role}, so send it privately.</p>
        </>
      )}
    </>
  );
}
