import * as Y from 'yjs';
import type { Storage } from '../storage/types.ts';
import type { DurableWriter } from '../storage/durable-writer.ts';
import type { Fanout } from '../fanout/types.ts';
import type { Limits } from '../options.ts';
import type { Metrics } from '../metrics.ts';
import { roomName } from '../protocol.ts';
import type { DocKey } from '../../src/domain/routing.ts';
import { Room, broadcast, encodeUpdateFrame, type RoomPeer } from './room.ts';
import { advance, checkUpdate, covers, decodeStateVectorOrThrow, deletionsOf, diffFromStored, encodeStateVector, stateVectorFromUpdate, stateVectorOf, type CheckedUpdate } from './update-state.ts';
import { encodeSyncStep1 } from '../protocol.ts';

type Entry = { room: Room; ready: Promise<Room>; unloadTimer?: NodeJS.Timeout };

export type RoomManagerOptions = {
  storage: Storage;
  writer: DurableWriter;
  fanout: Fanout;
  limits: Limits;
  metrics: Metrics;
  log: (line: string) => void;
  /** Runs once per workspace before any of its rooms loads (the relay-side upgrade of old rooms). */
  beforeWorkspace?: (workspaceId: string) => Promise<void>;
};

/**
 * Rooms without documents: a room loads its state vector and size from storage, persists and
 * fans out what clients write, answers sync from stored updates, unloads when idle and compacts
 * its stored updates. No Y.Doc is built here, ever.
 */
export function createRoomManager({ storage, writer, fanout, limits, metrics, log, beforeWorkspace }: RoomManagerOptions) {
  const entries = new Map<string, Entry>();

  const compact = (name: string) =>
    storage.compact(name).then(
      ({ before, after }) => before > after && metrics.inc('outpost_compactions_total'),
      (error) => log(`compaction of ${name} failed: ${error}`),
    );

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

  async function load(room: Room): Promise<Room> {
    await beforeWorkspace?.(room.workspaceId);
    const updates = await readStored(room.name);
    room.sv = stateVectorOf(updates);
    room.deletions = null;
    room.storedBytes = updates.reduce((sum, u) => sum + u.length, 0);
    room.storedUpdates = updates.length;
    return room;
  }

  /** Every stored update of a room, including writes still in the queue (they are awaited). */
  async function readStored(name: string): Promise<Uint8Array[]> {
    await writer.whenFlushed().catch(() => {});
    return storage.loadRoom(name);
  }

  const stopFanout = fanout.onUpdate((name, update) => {
    const entry = entries.get(name);
    // Updates of other relays are already stored by the relay that accepted them.
    if (entry)
      entry.ready.then((room) => {
        advance(room.sv, stateVectorFromUpdate(update));
        noteDeletions(room, update);
        room.lastActivity = Date.now();
        broadcast(room, encodeUpdateFrame(update));
      }, () => {});
  });

  const noteDeletions = (room: Room, update: Uint8Array) => {
    room.writeEpoch++;
    if (room.deletions) room.deletions = Y.mergeUpdates([room.deletions, deletionsOf(update)]);
  };

  const manager = {
    /** The loaded room; concurrent callers share one load. */
    get(workspaceId: string, docKey: DocKey): Promise<Room> {
      const name = roomName(workspaceId, docKey);
      let entry = entries.get(name);
      if (!entry) {
        const room = new Room(name, workspaceId, docKey);
        const ready = load(room);
        entry = { room, ready };
        entries.set(name, entry);
        ready.catch(() => entries.get(name) === entry && entries.delete(name));
      }
      clearTimeout(entry.unloadTimer);
      entry.unloadTimer = undefined;
      return entry.ready;
    },
    readStored: (room: Room) => readStored(room.name),
    /**
     * The sync step 2 for a peer's state vector, from stored updates. A peer that already has
     * every struct of the room (a reconnect where nothing new happened in this doc) gets only the
     * deletions, kept by the room, without reading the doc. Throws on a malformed vector.
     */
    async answerStep1(room: Room, remote: Uint8Array): Promise<Uint8Array> {
      const remoteSv = decodeStateVectorOrThrow(remote);
      if (covers(remoteSv, room.sv) && room.deletions) return room.deletions;
      const epoch = room.writeEpoch;
      const stored = await readStored(room.name);
      const diff = diffFromStored(stored, remote);
      if (!room.deletions && epoch === room.writeEpoch) room.deletions = stored.length ? deletionsOf(stored.length === 1 ? stored[0] : Y.mergeUpdates(stored)) : Y.mergeUpdates([]);
      return diff;
    },
    /** Validates a write against the room's state (throws when malformed); does not store it. */
    check: (room: Room, update: Uint8Array): CheckedUpdate => checkUpdate(update, room.sv),
    /** Stores a checked write, tells the room's other peers, counts it for the size limit. */
    accept(room: Room, checked: Extract<CheckedUpdate, { kind: 'new' }>, from?: RoomPeer) {
      advance(room.sv, checked.to);
      noteDeletions(room, checked.update);
      room.lastActivity = Date.now();
      broadcast(room, encodeUpdateFrame(checked.update), from);
      persist(room, checked.update);
    },
    /** Writes an update made by the relay itself (web forms, upgrade) into a room, live. */
    async write(workspaceId: string, docKey: DocKey, update: Uint8Array) {
      const room = await manager.get(workspaceId, docKey);
      try {
        const checked = checkUpdate(update, room.sv);
        if (checked.kind === 'dangling') throw new Error(`relay write to ${room.name} builds on content the room does not have`);
        if (checked.kind === 'new') manager.accept(room, checked);
      } finally {
        manager.released(room);
      }
    },
    /**
     * After the store changed under a loaded room (a restore after a lost store): the room takes
     * its state from storage again, and asks its peers for what storage lacks (a sync step 1 with
     * the stored state vector; each peer answers with a step 2, stored like any write). The relay
     * holds no document, so what only the peers have comes back from them.
     */
    async resync(room: Room) {
      const stored = await readStored(room.name);
      room.sv = stateVectorOf(stored);
      room.deletions = null;
      room.writeEpoch++;
      room.storedBytes = stored.reduce((sum, u) => sum + u.length, 0);
      room.storedUpdates = stored.length;
      broadcast(room, encodeSyncStep1(encodeStateVector(room.sv)));
    },
    /** A peer left: if the room is now empty, unload it after the idle delay. */
    released(room: Room) {
      const entry = entries.get(room.name);
      if (!entry || entry.room !== room || room.peers.size > 0) return;
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
