import { describe, expect, it } from 'vitest';
import { dayText } from '../../../src/ui/ds/time.ts';
import { createTeamModel, memberStatus, readInviteDraft, rosterChanges, type Roster } from '../../../src/ui/models/team-model.ts';
import type { Role } from '../../../src/domain/index.ts';
import { draftOf, newFormDraft, saveAction, snippetFor, withField, withRequired } from '../../../src/ui/models/web-form-model.ts';
import type { TeamPort } from '../../../src/ui/ports.ts';
import { memoryTeamPort } from './memory-team.ts';

describe('team model (members and invites)', () => {
  it('checks the invite form before calling the relay', async () => {
    expect(readInviteDraft({ name: ' Sam ', role: 'viewer', days: '7' })).toEqual({ ok: true, input: { name: 'Sam', role: 'viewer', expiresInDays: 7 } });
    const bad = readInviteDraft({ name: ' ', role: 'owner' as 'admin', days: '0' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/name.*whole number of days from 1 to 30.*Choose a role/);
    for (const days of ['', 'soon', '1.5', '31']) expect(readInviteDraft({ name: 'A', role: 'member', days }).ok).toBe(false);
    const team = memoryTeamPort();
    const model = createTeamModel(team);
    expect(await model.mint({ name: '', role: 'member', days: '30' })).toBe(false);
    expect(model.errors.value.invite).toMatch(/Give the invitee a name/);
    expect(team.all.size).toBe(1);
  });

  it('lists, mints an invite link, changes a role and revokes; refusals show next to the member', async () => {
    const model = createTeamModel(memoryTeamPort());
    await model.load();
    const me = model.members.value![0];
    expect(await model.mint({ name: 'Sam', role: 'member', days: '30' })).toBe(true);
    expect(model.invite.value?.link).toMatch(/^ws:\/\/relay\.test:1234\/#token=/);
    expect(model.message.value).toMatch(/Invite for Sam ready/);
    expect(model.members.value!.map((m) => m.name)).toEqual(['Admin', 'Sam']);
    const sam = model.members.value![1];
    expect(await model.setRole(me.id, 'viewer')).toBe(false);
    expect(model.errors.value[me.id]).toMatch(/last admin/);
    expect(await model.setRole(sam.id, 'viewer')).toBe(true);
    expect(model.errors.value[me.id]).toMatch(/last admin/);
    expect(model.members.value![1].role).toBe('viewer');
    expect(await model.revoke(sam.id)).toBe(true);
    expect(memberStatus(model.members.value![1])).toBe(`Revoked ${dayText(model.members.value![1].revokedAt!)}`);
    expect(memberStatus(model.members.value![1])).not.toMatch(/\d{4}-\d\d-\d\d/); // in words, never ISO
    expect(memberStatus(me)).toBe('Active');
  });

  it("keeps the workspace's member list in step with the relay: invited, role changed, revoked", async () => {
    const roster: { id: string; name?: string; role: Role; active: boolean }[] = [];
    const calls: string[] = [];
    const r: Roster = {
      members: () => roster,
      add: async (m) => { calls.push(`add ${m.name}`); roster.push({ ...m, active: true }); },
      setRole: async (id, role) => { calls.push(`role ${role}`); roster.find((x) => x.id === id)!.role = role; },
      deactivate: async (id) => { calls.push('deactivate'); roster.find((x) => x.id === id)!.active = false; },
    };
    const model = createTeamModel(memoryTeamPort(), r);
    await model.load();
    expect(calls).toEqual(['add Admin']);
    await model.mint({ name: 'Sam', role: 'member', days: '30' });
    const sam = model.members.value![1];
    expect(roster.find((x) => x.id === sam.id)).toMatchObject({ name: 'Sam', role: 'member', active: true });
    await model.setRole(sam.id, 'viewer');
    await model.revoke(sam.id);
    expect(calls).toEqual(['add Admin', 'add Sam', 'role viewer', 'deactivate']);
    expect(roster.find((x) => x.id === sam.id)).toMatchObject({ role: 'viewer', active: false });
    // Nothing more to do once both lists agree.
    expect(rosterChanges(model.members.value!, roster)).toEqual({ add: [], roles: [], deactivate: [] });
  });

  it('says when the member list could not follow the relay, and keeps the relay list', async () => {
    const r: Roster = { members: () => [], add: async () => { throw new Error('Only admins can change settings'); }, setRole: async () => {}, deactivate: async () => {} };
    const model = createTeamModel(memoryTeamPort(), r);
    expect(await model.load()).toBe(true);
    expect(model.members.value).toHaveLength(1);
    expect(model.errors.value.roster).toMatch(/could not follow the relay for Admin: Only admins/);
  });

  it('shows a relay that cannot be reached under the list and under the invite', async () => {
    const down = new Error('The relay at http://relay.test:1234 cannot be reached: check that it is running and that this computer can reach it.');
    const team: TeamPort = { ...memoryTeamPort(), members: async () => { throw down; }, invite: async () => { throw down; } };
    const model = createTeamModel(team);
    await model.load();
    expect(model.members.value).toBeNull();
    expect(model.errors.value.list).toMatch(/cannot be reached/);
    expect(await model.mint({ name: 'Sam', role: 'member', days: '3' })).toBe(false);
    expect(model.errors.value.invite).toMatch(/cannot be reached/);
    expect(model.invite.value).toBeNull();
  });
});

describe('web form editor model', () => {
  it('keeps required fields on the form and fields in a fixed order', () => {
    let d = newFormDraft();
    d = withField(d, 'email', false);
    expect(d).toMatchObject({ fields: ['name', 'message'], required: [] });
    d = withRequired(d, 'phone', true);
    expect(d).toMatchObject({ fields: ['name', 'phone', 'message'], required: ['phone'] });
    d = withField(d, 'firstName', true);
    expect(d.fields).toEqual(['firstName', 'name', 'phone', 'message']);
    expect(withRequired(d, 'phone', false).required).toEqual([]);
  });

  it('turns a draft into the bridge action, or says what is missing', () => {
    expect(saveAction({ ...newFormDraft(), name: ' ' })).toEqual({ ok: false, error: 'Give the form a name.' });
    expect(saveAction({ ...newFormDraft(), name: 'X', fields: [], required: [] })).toEqual({ ok: false, error: 'Choose at least one field for the form.' });
    expect(saveAction({ ...newFormDraft(), name: ' Contact ', redirectUrl: ' https://a.example/ok ' })).toEqual({ ok: true, action: { action: 'addForm', input: { name: 'Contact', fields: ['name', 'email', 'message'], required: ['email'], sourceId: 'web-form', statusId: '', redirectUrl: 'https://a.example/ok' } } });
    const form = { id: 'f1', name: 'Demo', fields: ['email' as const], required: ['email' as const], sourceId: 'web-form', statusId: 'open', enabled: true };
    const edit = saveAction({ ...draftOf(form), name: 'Demo 2' });
    expect(edit).toMatchObject({ ok: true, action: { action: 'updateForm', id: 'f1', patch: { name: 'Demo 2', statusId: 'open', redirectUrl: '' } } });
    expect(snippetFor({ url: 'wss://relay.acme.io/', workspaceId: 'ws1' }, form)).toContain('action="https://relay.acme.io/forms/ws1/f1"');
  });
});
