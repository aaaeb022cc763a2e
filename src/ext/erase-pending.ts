import { eraseWorkspace } from '../store/erase.ts';
import type { KeyValueStorage } from './profile.ts';

/** Workspaces left with "erase this device's copy", still to be removed (survives a browser close). */
export const ERASE_KEY = 'outpost.erase';

const pending = async (storage: KeyValueStorage): Promise<string[]> => {
  const v = await storage.get(ERASE_KEY);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

export async function queueErase(storage: KeyValueStorage, workspaceId: string): Promise<void> {
  const list = await pending(storage);
  if (!list.includes(workspaceId)) await storage.set(ERASE_KEY, [...list, workspaceId]);
}

/**
 * Removes the queued workspaces' databases. Run by the background when the engine (re)starts,
 * once the old engine is closed. A workspace the profile names again (rejoined before the erase
 * ran) is kept and leaves the queue. A failed erase stays queued for the next start.
 */
export async function erasePending(storage: KeyValueStorage, currentWorkspace: () => Promise<string>, erase: (id: string) => Promise<void> = eraseWorkspace): Promise<string[]> {
  const erased: string[] = [];
  const queued = await pending(storage);
  // The usual case (run every minute): nothing queued, so the profile is not even read.
  if (!queued.length) return erased;
  const currentWorkspaceId = await currentWorkspace();
  for (const id of queued) {
    if (id !== currentWorkspaceId) {
      try {
        await erase(id);
        erased.push(id);
      } catch {
        continue;
      }
    }
    await storage.set(ERASE_KEY, (await pending(storage)).filter((x) => x !== id));
  }
  return erased;
}
