import { RelayProvider, describeRelayStatus, createPresence, PRESENCE_PAGE_TTL_MS, type Presence } from '../sync/index.ts';
import { DOC_NAMES } from '../store/docs.ts';
import type { Engine } from '../store/engine.ts';
import { PROFILE_KEY, installIdOf, type KeyValueStorage, type Profile } from './profile.ts';
import { createCredentialKeeper, tokenKind, type KeeperResult } from './credential.ts';

export type RelayConnection = { providers: RelayProvider[]; statusText: () => string; presence: Presence; configSynced: Promise<void>; destroy(): void };

/** How often the engine checks whether its credential is due for renewal (it renews after half its life). */
const RENEW_CHECK_MS = 60 * 60_000;

/**
 * Connects the engine's three docs to the team relay named in the profile, and keeps the member's
 * sign-in alive (src/ext/credential.ts): an invite still in the profile is exchanged first, the
 * credential is renewed while the engine runs, and each renewal is used from the next connection.
 */
export function connectRelay(engine: Engine, profile: Profile, storage?: KeyValueStorage): RelayConnection {
  const relay = profile.relay!;
  const pendingInvite = tokenKind(relay.token) === 'invite';
  const providers = DOC_NAMES.map((docName) => new RelayProvider({ url: relay.url, token: relay.token, workspaceId: profile.workspaceId, docName, doc: engine.docs[docName], connect: !pendingInvite }));
  let keeperNote: string | null = null;
  let started = !pendingInvite;
  let renewing: ReturnType<typeof setInterval> | undefined;
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
        if (result.changed) for (const p of providers) p.setToken(result.credential.token);
        if (!started) {
          started = true;
          for (const p of providers) p.connect();
        }
      } else if (tokenKind(result.credential.token) === 'invite') keeperNote = result.state === 'refused' ? result.error : `Joining: ${result.error}`;
    };
    const run = () => keeper.ensure().then(apply, (e: unknown) => console.error('Outpost: keeping the relay sign-in failed', e));
    void run();
    renewing = setInterval(run, pendingInvite ? 30_000 : RENEW_CHECK_MS);
  }
  // Who views which record: published on the records room's awareness (the relay stamps the member).
  const records = providers[DOC_NAMES.indexOf('records')];
  const presence = createPresence(records.provider.awareness, { memberId: profile.memberId, name: profile.name });
  const pruning = setInterval(() => presence.prune(), PRESENCE_PAGE_TTL_MS);
  return {
    providers,
    presence,
    configSynced: providers[DOC_NAMES.indexOf('config')].whenSynced,
    statusText: () => {
      if (keeperNote) return keeperNote;
      const unsaved = providers.reduce((n, p) => n + p.status.get().unsaved, 0);
      // The doc furthest from "in step" speaks for all three: refused, then offline, then syncing.
      const states = providers.map((p) => p.status.get());
      const worst = states.find((s) => s.refusal) ?? states.find((s) => s.connection !== 'connected') ?? states.find((s) => !s.synced) ?? states[0];
      return describeRelayStatus({ ...worst, unsaved });
    },
    destroy: () => { clearInterval(pruning); clearInterval(renewing); for (const p of providers) p.destroy(); },
  };
}
