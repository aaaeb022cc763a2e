import { readDbName } from './read-db.ts';
import { docStoreName, LEGACY_DOCS, legacyDbName, refusedChangesName, relayMarksName } from './db-names.ts';

/** Every IndexedDB database a workspace can have on this device (docs, read model, pre-sharding docs). */
export function workspaceDatabases(workspaceId: string): string[] {
  return [docStoreName(workspaceId), readDbName(workspaceId), relayMarksName(workspaceId), refusedChangesName(workspaceId), ...LEGACY_DOCS.map((d) => legacyDbName(workspaceId, d))];
}

/**
 * Removes a workspace's copy from this device (leaving a team without keeping it). Each delete
 * waits for open connections to close (an engine being stopped); it settles when every database
 * is gone. A missing database is not an error.
 */
export async function eraseWorkspace(workspaceId: string, factory: IDBFactory = globalThis.indexedDB, onBlocked?: (name: string) => void): Promise<void> {
  await Promise.all(workspaceDatabases(workspaceId).map((name) => new Promise<void>((resolve, reject) => {
    const req = factory.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onblocked = () => onBlocked?.(name);
    req.onerror = () => reject(new Error(`Could not remove ${name} from this device: ${req.error?.message ?? 'unknown error'}`));
  })));
}
