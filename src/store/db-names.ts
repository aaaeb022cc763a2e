/**
 * Names of a workspace's IndexedDB databases, in a module that imports nothing: extension pages
 * (first run, erase) need the names without loading Yjs (which the doc store's module pulls in).
 */
export const docStoreName = (workspaceId: string) => `outpost:${workspaceId}:docs`;

/** The workspace's read model (src/store/read-db.ts): the side panel opens it before any other code loads. */
export const readDbName = (workspaceId: string) => `outpost-read:${workspaceId}`;

/** What the relay is known to hold, per doc (src/store/relay-marks.ts). */
export const relayMarksName = (workspaceId: string) => `outpost:${workspaceId}:relay`;

/** Changes the relay refused for the writer's role, kept on this device (src/store/refused.ts). */
export const refusedChangesName = (workspaceId: string) => `outpost:${workspaceId}:refused`;

/** The three docs of a workspace written before sharding, each in a y-indexeddb database of its own. */
export const LEGACY_DOCS = ['config', 'records', 'activities'] as const;
export type LegacyDoc = (typeof LEGACY_DOCS)[number];
export const legacyDbName = (workspaceId: string, doc: LegacyDoc) => `outpost:${workspaceId}:${doc}`;
