import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/store/config-store.ts';
import { renameConfigItem } from '../../../src/store/lifecycle/admin.ts';
import { startEngine, type RunningEngine } from '../../../src/ext/engine-runtime.ts';
import { PROFILE_KEY, type KeyValueStorage, type Profile } from '../../../src/ext/profile.ts';
import { startTestRelay, waitFor, workspaceWith } from './helpers.ts';

/**
 * An admin demoted to member while offline renamed a status meanwhile: the relay refuses it
 * (admin-only), and the settings doc, loaded for good, kept showing the rename. Now the profile
 * is marked to take the team's settings at the next start, which shows the team's names.
 */
describe("a demoted admin's offline settings change, refused by the relay", () => {
  it('is replaced by the team\'s settings at the next start, which seeds nothing of its own', async () => {
    const t = await startTestRelay();
    const ws = await workspaceWith(t.relay, ['admin']); // a second admin: the first may be demoted
    const data = new Map<string, unknown>();
    const storage: KeyValueStorage = { get: async (k) => data.get(k), set: async (k, v) => { data.set(k, v); } };
    const profile: Profile = { workspaceId: ws.workspaceId, memberId: ws.members.admin, role: 'admin', name: 'Carol', relay: { url: t.relay.wsUrl, token: ws.tokens.admin } };
    data.set(PROFILE_KEY, profile);
    let running: RunningEngine = startEngine(profile, storage);
    const status = () => running.relay!.statusText();
    const statusName = () => readConfig(running.engine.docs.config).leadStatuses.find((s) => s.id === 'new')?.name;
    try {
      await waitFor(() => status() === 'All changes saved', 20_000, 'Carol saved');
      expect(statusName()).toBe('New');

      running.relay!.connection.disconnect();
      await t.relay.registry.setRole(ws.workspaceId, ws.members.admin, 'member');
      renameConfigItem(running.engine.repo, 'leadStatuses', 'new', 'Carol only');
      await running.engine.settle();
      running.relay!.connection.connect();
      await waitFor(() => (data.get(PROFILE_KEY) as Profile).retakeConfig === true, 20_000, 'the settings marked to be retaken');
      // The relay's hello said she is a member now: her engine and profile say so too.
      expect((data.get(PROFILE_KEY) as Profile).role).toBe('member');
      expect(() => renameConfigItem(running.engine.repo, 'leadStatuses', 'new', 'Again')).toThrow(/Admins only/);
      expect(status()).toBe('Saved, except changes the relay refused: Only admins can change the workspace settings. The team’s settings replace this device’s at the next start.');

      await running.stop();
      running = startEngine(data.get(PROFILE_KEY) as Profile, storage);
      await waitFor(() => statusName() === 'New' && status() === 'All changes saved', 20_000, "the team's status name after the restart");
      // Taken once: the flag is cleared, and the start seeded nothing the relay refused.
      await waitFor(() => !(data.get(PROFILE_KEY) as Profile).retakeConfig, 10_000, 'the flag cleared');
      expect(t.relay.metrics.counter('outpost_refusals_total', { reason: 'admin-only' })).toBe(1);
    } finally {
      await running.stop();
      await t.stop();
    }
  }, 60_000);
});
