import { ShardSet } from './shards.ts';

/**
 * The docs of a workspace: `config` plus the record and activity shards (src/domain/routing.ts
 * decides which shard holds what; src/store/layout.ts is the one module that reads and writes
 * Yjs keys in them). In memory by default; the Engine gives it a DocStore to load on demand.
 */
export type WorkspaceDocs = ShardSet;

export function createDocs(): WorkspaceDocs {
  return new ShardSet();
}

export function destroyDocs(docs: WorkspaceDocs): void {
  docs.destroy();
}

/**
 * Transaction origins. Every local write names its origin; observers skip their own, which is
 * how echoes between persistence, sync and the read model are avoided.
 */
export const ORIGIN = {
  local: 'outpost:local',
  undo: 'outpost:undo',
  seed: 'outpost:seed',
} as const;
