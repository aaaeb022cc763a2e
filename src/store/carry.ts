import * as Y from 'yjs';
import type { DocKey } from '../domain/routing.ts';
import { DocStore, docStoreName } from './doc-store.ts';
import type { Engine } from './engine.ts';
import { readLegacyDocs, splitLegacy } from './upgrade.ts';

/** Transaction origin of records brought over from another workspace on this device. */
export const CARRY_ORIGIN = Symbol('outpost:carry');

/**
 * Brings the records and timeline of another workspace on this device (the "just me" one a user
 * worked in before joining a team) into the engine's workspace: a Yjs merge of each record and
 * activity shard, so every record keeps its id and fields, running it again adds nothing, and
 * the relay gets them like any local change. The other workspace stays on the device as it was
 * (still in the old layout if it was never opened since the upgrade: split the same way). Config
 * is not carried (a team's settings are its admins'); records keep the default ids it shares.
 */
export async function carryWorkspace(engine: Engine, fromWorkspaceId: string): Promise<void> {
  await engine.ready;
  const shards = await storedShards(fromWorkspaceId, engine.options.readDbDeps?.indexedDB);
  for (const [key, update] of shards) {
    if (key === 'config') continue;
    await engine.docs.withLoaded([key], () => {
      const doc = engine.docs.doc(key);
      const missing = Y.diffUpdate(update, Y.encodeStateVector(doc));
      Y.applyUpdate(doc, missing, CARRY_ORIGIN);
    });
  }
  await engine.settle();
}

async function storedShards(workspaceId: string, factory?: IDBFactory): Promise<Map<DocKey, Uint8Array>> {
  const legacy = await readLegacyDocs(workspaceId, factory);
  if (Object.keys(legacy).length) return splitLegacy(workspaceId, legacy);
  const store = new DocStore(docStoreName(workspaceId), { indexedDB: factory });
  try {
    await store.ready;
    const out = new Map<DocKey, Uint8Array>();
    for (const key of store.docKeys()) out.set(key, await store.merged(key));
    return out;
  } finally {
    await store.close();
  }
}
