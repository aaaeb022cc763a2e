import { RelayProvider, describeRelayStatus, createPresence, PRESENCE_PAGE_TTL_MS, type Presence } from '../sync/index.ts';
import type { Engine } from '../store/engine.ts';
import type { Profile } from './profile.ts';

export type RelayConnection = { providers: RelayProvider[]; statusText: () => string; presence: Presence; configSynced: Promise<void>; destroy(): void };

const DOC_NAMES = ['config'] as const;

/**
 * Connects the engine to the team relay named in the profile.
 * TODO(2026-11-30, issue 10): the record and activity shards sync over shard-relay's multiplexed
 * connection on `engine.syncStore` (and old-layout docs through its `pushLegacy` with
 * `engine.upgradeTeam`); wired when the two branches merge. Here only `config` is joined.
 */
export function connectRelay(engine: Engine, profile: Profile): RelayConnection {
  const relay = profile.relay!;
  const providers = DOC_NAMES.map((docName) => new RelayProvider({ url: relay.url, token: relay.token, workspaceId: profile.workspaceId, docName, doc: engine.docs.config }));
  // Who views which record: published on a room's awareness (the relay stamps the member).
  const records = providers[0];
  const presence = createPresence(records.provider.awareness, { memberId: profile.memberId, name: profile.name });
  const pruning = setInterval(() => presence.prune(), PRESENCE_PAGE_TTL_MS);
  return {
    providers,
    presence,
    configSynced: providers[0].whenSynced,
    statusText: () => {
      const unsaved = providers.reduce((n, p) => n + p.status.get().unsaved, 0);
      // The doc furthest from "in step" speaks for all three: refused, then offline, then syncing.
      const states = providers.map((p) => p.status.get());
      const worst = states.find((s) => s.refusal) ?? states.find((s) => s.connection !== 'connected') ?? states.find((s) => !s.synced) ?? states[0];
      return describeRelayStatus({ ...worst, unsaved });
    },
    destroy: () => { clearInterval(pruning); for (const p of providers) p.destroy(); },
  };
}
