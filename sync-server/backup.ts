import * as Y from 'yjs';
import { z } from 'zod';
import { roomName } from './protocol.ts';
import { allDocKeys } from '../src/domain/routing.ts';
import type { Registry } from './auth/registry.ts';
import type { RoomManager } from './rooms/room-manager.ts';
import type { DurableWriter } from './storage/durable-writer.ts';
import type { Storage } from './storage/types.ts';

/**
 * Backups of a relay, taken and restored while it runs (the same code serves the CLI on a stopped
 * relay's folder). A backup is one JSON file: every meta entry (workspaces, members, invites used,
 * the token secret and operator key: keep the file private) and, per room, its stored updates
 * merged into one. It holds every write acknowledged before it was taken, for LevelDB and Redis
 * alike, because it reads after the write queue has flushed.
 *
 * A restore never undoes what happened since the backup: a meta entry is written only where the
 * relay has none (a member revoked since stays revoked), and room content is merged (CRDT), so
 * restoring into a live relay only adds what is missing. A room in use takes its state from the
 * restored store and asks its connected clients for what the store lacks (writes since the backup).
 */
export const BACKUP_FORMAT = 'outpost-relay-backup';

const BackupFile = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  meta: z.array(z.tuple([z.string().min(1), z.string()])),
  rooms: z.record(z.string().min(1), z.string()),
});
export type BackupFile = z.infer<typeof BackupFile>;
export type RestoreSummary = { workspaces: number; rooms: number; metaWritten: number; metaKept: number; restartNeeded: boolean };

/** The rooms of a workspace. One home for this rule: a new room layout changes it here. */
export const workspaceRooms = (workspaceId: string) => allDocKeys().map((doc) => roomName(workspaceId, doc));

const toBase64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

export type BackupDeps = { storage: Storage; registry: Registry; writer?: DurableWriter; rooms?: RoomManager };

export function createBackups({ storage, registry, writer, rooms }: BackupDeps) {
  return {
    async snapshot(): Promise<BackupFile> {
      await writer?.whenFlushed();
      const meta = await storage.listMeta('');
      const out: Record<string, string> = {};
      for (const ws of await registry.listWorkspaces()) {
        for (const name of workspaceRooms(ws.id)) {
          const updates = await storage.loadRoom(name);
          if (updates.length) out[name] = toBase64(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates));
        }
      }
      return { format: BACKUP_FORMAT, version: 1, createdAt: new Date().toISOString(), meta, rooms: out };
    },
    /** Checks the whole file first: a damaged backup changes nothing. */
    async restore(input: unknown): Promise<RestoreSummary> {
      const parsed = BackupFile.safeParse(input);
      if (!parsed.success) throw new BackupError(`This is not an Outpost relay backup: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
      const file = parsed.data;
      const updates = new Map<string, Uint8Array>();
      for (const [name, data] of Object.entries(file.rooms)) {
        const update = fromBase64(data);
        if (!wholeUpdate(update)) throw new BackupError(`Room ${name} in the backup is damaged; nothing was restored.`);
        updates.set(name, update);
      }
      let metaWritten = 0;
      let restartNeeded = false;
      for (const [key, value] of file.meta) {
        const stored = await storage.setMetaIfAbsent(key, value);
        if (stored === value) metaWritten++;
        else if (key === 'jwt-secret' || key === 'operator-key') restartNeeded = true;
      }
      const batch = [...updates].map(([room, update]) => ({ room, update }));
      if (writer) {
        await Promise.all(batch.map((entry) => writer.enqueue(entry)));
        await writer.whenFlushed();
      } else await storage.append(batch);
      // Rooms in use take their state from the restored store and ask their peers for what it lacks.
      for (const room of rooms?.loaded() ?? []) await rooms!.resync(room);
      const workspaces = file.meta.filter(([k]) => k.startsWith('workspace:')).length;
      return { workspaces, rooms: updates.size, metaWritten, metaKept: file.meta.length - metaWritten, restartNeeded };
    },
  };
}
export type Backups = ReturnType<typeof createBackups>;

export class BackupError extends Error {}

/** A room's whole state: it decodes, and applies to an empty doc with nothing left pending. */
function wholeUpdate(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    return !doc.store.pendingStructs && !doc.store.pendingDs;
  } catch {
    return false;
  }
}
