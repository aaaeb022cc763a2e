import * as Y from 'yjs';
import { DocPersistence } from './persistence.ts';
import { docDbName, type Engine } from './engine.ts';

/** Transaction origin of records brought over from another workspace on this device. */
export const CARRY_ORIGIN = Symbol('outpost:carry');

/**
 * Brings the records and timeline of another workspace on this device (the "just me" one a user
 * worked in before joining a team) into the engine's workspace: a Yjs merge of the two docs, so
 * every record keeps its id and fields, running it again adds nothing, and the relay gets them
 * like any local change. The other workspace stays on the device as it was. Config is not
 * carried (a team's settings are its admins'); records keep the default ids it shares.
 */
export async function carryWorkspace(engine: Engine, fromWorkspaceId: string): Promise<void> {
  await engine.ready;
  for (const name of ['records', 'activities'] as const) {
    const doc = new Y.Doc();
    const from = new DocPersistence(docDbName(fromWorkspaceId, name), doc);
    try {
      await from.whenLoaded();
      const missing = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(engine.docs[name]));
      Y.applyUpdate(engine.docs[name], missing, CARRY_ORIGIN);
    } finally {
      await from.destroy();
      doc.destroy();
    }
  }
  await engine.settle();
}
