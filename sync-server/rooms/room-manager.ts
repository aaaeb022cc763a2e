import * as Y from 'yjs';
import type { Storage } from '../storage/types.ts';
import type { DurableWriter } from '../storage/durable-writer.ts';
import type { Fanout } from '../fanout/types.ts';
import type { Limits } from '../options.ts';
import type { Metrics } from '../metrics.ts';
import type { DocName } from '../protocol.ts';
import { Room, Origin, broadcast, encodeUpdateFrame, type RoomPeer } from './room.ts';

type Entry = { room: Room; ready: Promise<Room>; unloadTimer?: NodeJS.Timeout };

export type RoomManagerOptions = {
  storage: Storage;
  writer: DurableWriter;
  fanout: Fanout;
  limits: Limits;
  metrics: Metrics;
  log: (line: string) => void;
};

/**
 * Loads rooms from storage before they serve anything, persists what clients write, applies
 * what other relays wrote, unloads idle rooms and compacts their stored updates.
 */
export function createRoomManager({ storage, writer, fanout, limits, metrics, log }: RoomManagerOptions) {
  const entries = new Map<string, Entry>();

  const persist = (room: Room, update: Uint8Array) => {
    room.storedBytes += update.length;
    room.storedUpdates++;
    metrics.inc('outpost_updates_total');
    writer.enqueue({ room: room.name, update }).catch(() => {}); // writers learn of failures through whenFlushed
    if (room.storedUpdates > limits.compactAfterUpdates) {
      room.storedUpdates = 1;
      writer.whenFlushed().then(() => compact(room.name), () => {});
    }
  };

  const compact = (name: string) =>
    storage.compact(name).then(
      ({ before, after }) => before > after && metrics.inc('outpost_compactions_total'),
      (error) => log(`compaction of ${name} failed: ${error}`),
    );

  async function load(room: Room): Promise<Room> {
    // A room unloaded a moment ago may still have updates in the write queue: let them land.
    await writer.whenFlushed().catch(() => {});
    const updates = await storage.loadRoom(room.name);
    if (updates.length > 0) Y.applyUpdate(room.doc, updates.length === 1 ? updates[0] : Y.mergeUpdates(updates), Origin.load);
    room.storedBytes = updates.reduce((sum, u) => sum + u.length, 0);
    room.storedUpdates = updates.length;
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      room.lastActivity = Date.now();
      if (origin === Origin.load) return;
      broadcast(room, encodeUpdateFrame(update), origin as RoomPeer);
      // Fan-out updates are already stored by the relay that accepted them.
      if (origin !== Origin.fanout) persist(room, update);
    };
    room.doc.on('update', onUpdate);
    room.onDispose(() => room.doc.off('update', onUpdate));
    return room;
  }

  const stopFanout = fanout.onUpdate((name, update) => {
    const entry = entries.get(name);
    if (entry) entry.ready.then((room) => Y.applyUpdate(room.doc, update, Origin.fanout), () => {});
  });

  const manager = {
    /** The loaded room; concurrent callers share one load. */
    get(workspaceId: string, docName: DocName): Promise<Room> {
      const name = `${workspaceId}/${docName}`;
      let entry = entries.get(name);
      if (!entry) {
        const room = new Room(name, workspaceId, docName);
        const ready = load(room);
        entry = { room, ready };
        entries.set(name, entry);
        ready.catch(() => entries.get(name) === entry && entries.delete(name));
      }
      clearTimeout(entry.unloadTimer);
      entry.unloadTimer = undefined;
      return entry.ready;
    },
    /** A peer left: if the room is now empty, unload it after the idle delay. */
    released(room: Room) {
      const entry = entries.get(room.name);
      if (!entry || room.peers.size > 0) return;
      clearTimeout(entry.unloadTimer);
      entry.unloadTimer = setTimeout(() => void unload(room.name), limits.roomIdleMs);
      entry.unloadTimer.unref();
    },
    get size() {
      return entries.size;
    },
    loaded: () => [...entries.values()].map((e) => e.room),
    async close() {
      stopFanout();
      for (const name of [...entries.keys()]) await unload(name, true);
    },
  };

  async function unload(name: string, force = false) {
    const entry = entries.get(name);
    if (!entry || (!force && entry.room.peers.size > 0)) return;
    entries.delete(name);
    clearTimeout(entry.unloadTimer);
    await writer.whenFlushed().catch(() => {});
    if (entry.room.storedUpdates > 1) await compact(name);
    entry.room.destroy();
  }

  return manager;
}
export type RoomManager = ReturnType<typeof createRoomManager>;
