export { RelayProvider, type RelayProviderOptions } from './relay-provider.ts';
export { describeRelayStatus, initialRelayStatus, type RelayStatus, type RelayConnectionState } from './relay-status.ts';
export { createAckTracker, type AckTracker } from './ack-tracker.ts';
export type { Observable } from './observable.ts';
export { createPresence, PRESENCE_PAGE_TTL_MS, type Presence, type PresenceState, type Viewer } from './presence.ts';
export { CloseCode, RefusalCode } from '../../sync-server/protocol.ts';
export type { ShardSyncStore } from './shard-sync-store.ts';
export { MIN_SPLIT_ENTRIES, WorkspaceConnection, WRITE_SPLIT_ENTRIES, type WorkspaceConnectionOptions, type WorkspaceStatus } from './workspace-connection.ts';
