import { WorkspaceConnection, describeRelayStatus, createPresence, PRESENCE_PAGE_TTL_MS, type Presence } from '../sync/index.ts';
import type { Engine } from '../store/engine.ts';
import { PROFILE_KEY, installIdOf, type KeyValueStorage, type Profile } from './profile.ts';
import { createCredentialKeeper, tokenKind, type KeeperResult } from './credential.ts';

export type RelayConnection = { connection: WorkspaceConnection; statusText: () => string; presence: Presence; configSynced: Promise<void>; destroy(): void };

/** How often the engine checks whether its credential is due for renewal (it renews after half its life). */
const RENEW_CHECK_MS = 60 * 60_000;

/**
 * Connects the engine to the team relay named in the profile: one multiplexed socket syncs every
 * shard doc from the engine's stored updates (`engine.syncStore`), and keeps the member's sign-in
 * alive (src/ext/credential.ts): an invite still in the profile is exchanged first, the credential
 * is renewed while the engine runs, and each renewal is used from the next connection. Old-layout
 * docs still on this device (written before sharding) are pushed to the relay once connected.
 */
export function connectRelay(engine: Engine, profile: Profile, storage?: KeyValueStorage): RelayConnection {
  const relay = profile.relay!;
  const pendingInvite = tokenKind(relay.token) === 'invite';
  const connection = new WorkspaceConnection({ url: relay.url, token: relay.token, workspaceId: profile.workspaceId, store: engine.syncStore, connect: !pendingInvite });
  let keeperNote: string | null = null;
  let upgradeNote: string | null = null;
  let started = !pendingInvite;
  let renewing: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  if (storage) {
    const keeper = createCredentialKeeper({
      read: async () => ((await storage.get(PROFILE_KEY)) as Profile | undefined)?.relay,
      write: async (credential) => {
        const current = (await storage.get(PROFILE_KEY)) as Profile | undefined;
        // Only the workspace this engine serves: a profile switched meanwhile is not ours to touch.
        if (current?.workspaceId === profile.workspaceId) await storage.set(PROFILE_KEY, { ...current, relay: credential } satisfies Profile);
      },
      installId: installIdOf(profile),
    });
    const apply = (result: KeeperResult | null) => {
      if (!result) return;
      if (result.state === 'ok') {
        keeperNote = null;
        if (result.changed) connection.setToken(result.credential.token);
        if (!started) {
          started = true;
          connection.connect();
        }
      } else if (tokenKind(result.credential.token) === 'invite') keeperNote = result.state === 'refused' ? result.error : `Joining: ${result.error}`;
    };
    const run = () => keeper.ensure().then(apply, (e: unknown) => console.error('Outpost: keeping the relay sign-in failed', e));
    void run();
    renewing = setInterval(run, pendingInvite ? 30_000 : RENEW_CHECK_MS);
  }
  // Upgrade: old-layout docs go to the relay once it is reached; retried at each (re)connection until acknowledged.
  const upgrade = async () => {
    if (stopped) return;
    try {
      await connection.whenDocSynced('config');
      const pushed = await engine.upgradeTeam((name, update) => connection.pushLegacy(name, update));
      upgradeNote = null;
      if (pushed.length) console.info(`Outpost: this device's records from before the update were sent to the relay (${pushed.join(', ')})`);
    } catch (e) {
      upgradeNote = 'Updating this workspace: waiting for the relay to take the records kept on this device';
      console.error('Outpost: sending the records from before the update failed; trying again', e);
      if (!stopped) setTimeout(() => void upgrade(), 30_000);
    }
  };
  void upgrade();
  // Changes to the stored profile of this engine's member, one after the other (each reads what the last wrote).
  let profileWrites = Promise.resolve();
  const updateProfile = (change: (p: Profile) => Profile | null, what: string) => {
    if (!storage) return;
    profileWrites = profileWrites.then(async () => {
      const current = (await storage.get(PROFILE_KEY)) as Profile | undefined;
      // Only the profile this engine started with: one switched meanwhile is not ours to touch.
      if (!current || current.workspaceId !== profile.workspaceId || current.memberId !== profile.memberId) return;
      const next = change(current);
      if (next) await storage.set(PROFILE_KEY, next satisfies Profile);
    }).catch((e: unknown) => console.error(`Outpost: could not ${what}`, e));
  };
  // Settings changes the relay refused (a member demoted from admin while offline): the settings
  // doc stays loaded for good, so the team's are taken at the next start (`retakeConfig`).
  let retakeNoted = false;
  const unwatchRefusals = connection.status.subscribe((s) => {
    if (s.rejectedWrite?.code !== 'admin-only' || retakeNoted) return;
    retakeNoted = true;
    updateProfile((p) => (p.retakeConfig ? null : { ...p, retakeConfig: true }), 'note that the team\'s settings are to be taken');
  });
  // The member's role as the relay holds it (its `hello`): a member made a viewer, or promoted,
  // is judged and shown as such at once, and the profile keeps it for the next start.
  let knownRole = profile.role;
  const unwatchRole = connection.status.subscribe((s) => {
    if (!s.role || s.role === knownRole) return;
    knownRole = s.role;
    engine.setRole(s.role);
    const role = s.role;
    updateProfile((p) => (p.role === role ? null : { ...p, role }), 'keep the role the relay holds');
  });
  // Who views which record: published on the `config` room's awareness (the relay stamps the member).
  const presence = createPresence(connection.awareness, { memberId: profile.memberId, name: profile.name });
  const pruning = setInterval(() => presence.prune(), PRESENCE_PAGE_TTL_MS);
  return {
    connection,
    presence,
    configSynced: connection.whenDocSynced('config'),
    statusText: () => keeperNote ?? (connection.status.get().refusal ? describeRelayStatus(connection.status.get()) : upgradeNote) ?? describeRelayStatus(connection.status.get()),
    destroy: () => { stopped = true; unwatchRefusals(); unwatchRole(); clearInterval(pruning); clearInterval(renewing); connection.destroy(); },
  };
}

