import * as Y from 'yjs';
import type { DocName } from './records-doc.ts';

export type WorkspaceDocs = Record<DocName, Y.Doc>;
export const DOC_NAMES: DocName[] = ['config', 'records', 'activities'];

export function createDocs(): WorkspaceDocs {
  return { config: new Y.Doc(), records: new Y.Doc(), activities: new Y.Doc() };
}

export function destroyDocs(docs: WorkspaceDocs): void {
  for (const d of Object.values(docs)) d.destroy();
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
