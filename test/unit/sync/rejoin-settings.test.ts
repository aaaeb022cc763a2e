import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { readConfig, seedDefaults } from '../../../src/store/config-store.ts';
import { startEngine } from '../../../src/ext/engine-runtime.ts';
import { takesTeamSettings } from '../../../src/ext/first-run.ts';
import { PROFILE_KEY, type KeyValueStorage, type Profile } from '../../../src/ext/profile.ts';
import { renameConfigItem } from '../../../src/store/lifecycle/admin.ts';
import { RelayMarks, relayMarksName } from '../../../src/store/relay-marks.ts';

const memory = (profile: Profile) => {
  const data = new Map<string, unknown>([[PROFILE_KEY, profile]]);
  const storage: KeyValueStorage = { get: async (k) => data.get(k), set: async (k, v) => { data.set(k, v); } };
  return { storage, data };
};
const until = async (check: () => boolean) => { for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5)); };
const relay: Profile['relay'] = { url: 'ws://127.0.0.1:1', token: 'a.b.c' };

describe('a member rejoining with the copy they kept takes the team\'s settings', () => {
  it('is asked for a rejoin of the kept workspace as a member or viewer only', () => {
    const kept: Profile = { workspaceId: 'w', memberId: 'bob', role: 'admin', name: 'Bob' };
    expect(takesTeamSettings(kept, 'w', 'member')).toBe(true);
    expect(takesTeamSettings(kept, 'w', 'viewer')).toBe(true);
    // As an admin, what they changed is theirs to push: the relay takes it.
    expect(takesTeamSettings(kept, 'w', 'admin')).toBe(false);
    // Another workspace, or a profile still on the relay (a lapsed sign-in), keeps its settings.
    expect(takesTeamSettings(kept, 'other', 'member')).toBe(false);
    expect(takesTeamSettings({ ...kept, role: 'member', relay }, 'w', 'member')).toBe(false);
  });

  it('drops the kept settings (Bob as admin, his rename) before the relay reads them, keeps the records, and takes them once', async () => {
    const workspaceId = `kept-${Math.random()}`;
    // The kept copy: this device's workspace with Bob its admin (the start seeds him), a rename and a lead.
    const alone = new Engine({ workspaceId, actor: { memberId: 'bob', role: 'admin', name: 'Bob' } });
    await alone.ready;
    renameConfigItem(alone.repo, 'leadStatuses', 'new', 'Bob only');
    const lead = alone.repo.create('leads', { name: { first: 'Otto', last: 'Offline' } });
    await alone.settle();
    expect(readConfig(alone.docs.config).members.map((m) => [m.id, m.role])).toEqual([['bob', 'admin']]);
    const keptVector = await alone.syncStore.stateVector('config');
    // The relay had been known to hold this config whole (a mark of the state that is dropped).
    const marks = new RelayMarks(relayMarksName(workspaceId));
    marks.put({ docKey: 'config', seq: alone.store!.meta('config')!.seq, vector: keptVector, deletions: 7 });
    await marks.close();
    await alone.destroy();

    const profile: Profile = { workspaceId, memberId: 'bob', role: 'member', name: 'Bob', retakeConfig: true };
    const { storage, data } = memory(profile);
    const running = startEngine(profile, storage);
    const sync = running.engine.syncStore;
    // Asked at once, as the relay connection does: already the dropped state, nothing to push.
    expect(Y.decodeStateVector(await sync.stateVector('config')).size).toBe(0);
    expect(Y.decodeUpdate(await sync.diff('config', Y.encodeStateVector(new Map()))).structs).toEqual([]);
    expect((await sync.relayHolds!()).has('config')).toBe(false);
    await running.engine.ready;
    const config = readConfig(running.engine.docs.config);
    expect(config.members).toEqual([]);
    expect(config.leadStatuses).toEqual([]);
    expect(await running.engine.run(() => running.engine.repo.get('leads', lead.id))).toMatchObject({ name: { first: 'Otto' } });
    await until(() => !(data.get(PROFILE_KEY) as Profile).retakeConfig);
    expect(data.get(PROFILE_KEY)).toEqual({ workspaceId, memberId: 'bob', role: 'member', name: 'Bob' });

    // The team's settings arrive by sync and are stored; the next start keeps them.
    const team = new Y.Doc();
    seedDefaults(team, { id: 'alice', name: 'Alice' });
    await sync.applyRemote('config', Y.encodeStateAsUpdate(team));
    expect(readConfig(running.engine.docs.config).members.map((m) => [m.id, m.role])).toEqual([['alice', 'admin']]);
    await running.stop();
    const next = startEngine(data.get(PROFILE_KEY) as Profile, storage);
    await next.engine.ready;
    expect(readConfig(next.engine.docs.config).members.map((m) => m.id)).toEqual(['alice']);
    expect(readConfig(next.engine.docs.config).leadStatuses.map((s) => s.name)).not.toContain('Bob only');
    await next.stop();
  });
});
