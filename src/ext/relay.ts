import { RelayProvider, describeRelayStatus } from '../sync/index.ts';
import { DOC_NAMES } from '../store/docs.ts';
import type { Engine } from '../store/engine.ts';
import type { Profile } from './profile.ts';

export type RelayConnection = { providers: RelayProvider[]; statusText: () => string; destroy(): void };

/** Connects the engine's three docs to the team relay named in the profile. */
export function connectRelay(engine: Engine, profile: Profile): RelayConnection {
  const relay = profile.relay!;
  const providers = DOC_NAMES.map((docName) => new RelayProvider({ url: relay.url, token: relay.token, workspaceId: profile.workspaceId, docName, doc: engine.docs[docName] }));
  return {
    providers,
    statusText: () => {
      const unsaved = providers.reduce((n, p) => n + p.status.get().unsaved, 0);
      // The doc furthest from "in step" speaks for all three: refused, then offline, then syncing.
      const states = providers.map((p) => p.status.get());
      const worst = states.find((s) => s.refusal) ?? states.find((s) => s.connection !== 'connected') ?? states.find((s) => !s.synced) ?? states[0];
      return describeRelayStatus({ ...worst, unsaved });
    },
    destroy: () => { for (const p of providers) p.destroy(); },
  };
}
