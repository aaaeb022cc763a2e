import * as Y from 'yjs';
import type { Storage } from '../storage/types.ts';
import type { DurableWriter } from '../storage/durable-writer.ts';
import type { Fanout } from '../fanout/types.ts';
import type { Limits } from '../options.ts';
import type { Metrics } from '../metrics.ts';
import { roomName } from '../protocol.ts';
import type { DocKey } from '../../src/domain/routing.ts';
import { Room, broadcast, encodeUpdateFrame, type RoomPeer } from './room.ts';
import { loadSummary, summaryOf } from './summary.ts';
import { advance, checkUpdate, covers, decodeStateVectorOrThrow, deletionsOf, deletionsStored, diffFromStored, encodeStateVector, recordsIn, sharesNothing, stateVectorFromUpdate, type CheckedUpdate, type StateVector } from './update-state.ts';
import { CloseCode, deletionsDigest, encodeSyncStep1, isEmptyUpdate, type SyncAllEntry } from '../protocol.ts';

/**
 * A room's part of a batched sync (`syncAll`), decided from what the room keeps in memory: what
 * the client lacks (`full`: the whole stored state, read when it is streamed; `diff`: computed),
 * whether it must answer with a step 2 (`vector`), and the deletions it lacks.
 */
export type SyncPlan = {
  room: Room;
  kind: 'none' | 'full' | 'diff';
  vector: boolean;
  deletions: boolean;
};

type Entry = { room: Room; ready: Promise<Room>; unloadTimer?: NodeJS.Timeout };

/**
 * Bytes of recent writes a loaded room keeps (`Room.tail`): a reconnect after a few dozen
 * changes of a room is answered from them. Bounded per room: 513 rooms of a workspace hold at
 * most 8 MB while loaded (idle rooms unload; a room nobody wrote to keeps none).
 */
export const TAIL_BYTES = 16 * 1024;
/** Writes sent after a room's kept whole state (`Room.whole`) before it is merged again: a full answer stays a few frames. */
const MAX_WRITES_AFTER_WHOLE = 256;
/** Loaded rooms read from storage at once when the relay catches up after a fan-out gap. */
export const GAP_CATCH_UP_AT_ONCE = 4;

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

  /** Summaries being saved (after a load or an unload): a close waits for them. */
  const saving = new Set<Promise<void>>();
  const keep = (work: Promise<unknown> | undefined, name: string) => {
    if (!work) return;
    const p = work.then(() => {}, (error) => log(`summary of ${name}: ${error}`)).finally(() => saving.delete(p));
    saving.add(p);
  };

  /**
   * A room's vector, deletions (a reconnect's answer when nothing else changed) and record count
   * (a join's progress), from the summary kept in storage while no append changed the room
   * since (`summary.ts`): a reconnect opening 513 cold rooms reads 513 small values, not every
   * stored update. Otherwise one decoding pass over the stored updates, kept for the next load.
   */
  async function load(room: Room): Promise<Room> {
    await beforeWorkspace?.(room.workspaceId);
    await writer.whenFlushed().catch(() => {});
    const { summary, kept, save } = await loadSummary(storage, room.name, () => storage.loadRoom(room.name));
    keep(save, room.name);
    metrics.inc(kept ? 'outpost_room_summaries_kept_total' : 'outpost_room_summaries_computed_total');
    room.sv = summary.sv;
    room.tailBase = new Map(summary.sv);
    room.deletions = summary.deletions;
    room.records = summary.records;
    room.storedBytes = summary.storedBytes;
    room.storedUpdates = summary.storedUpdates;
    return room;
  }

  /** Every stored update of a room, including writes still in the queue (they are awaited). */
  async function readStored(name: string): Promise<Uint8Array[]> {
    await writer.whenFlushed().catch(() => {});
    return storage.loadRoom(name);
  }

  /** A write another relay stored (fanned out, or found in storage after a gap): into the room's memory, and to its peers. */
  const applyForeign = (room: Room, update: Uint8Array) => {
    const to = stateVectorFromUpdate(update);
    advance(room.sv, to);
    keepInTail(room, update, to);
    room.records += recordsIn(update);
    noteDeletions(room, update);
    room.lastActivity = Date.now();
    broadcast(room, encodeUpdateFrame(update));
  };

  /**
   * One loaded room after a fan-out gap: what storage holds beyond the room's vector (writes other
   * relays stored while this one was not listening) is applied and sent to its peers as one update.
   * Nothing is sent when nothing was missed (the common case: a gap of a second).
   */
  const catchUp = async (name: string) => {
    const entry = entries.get(name);
    if (!entry) return;
    const room = await entry.ready;
    const stored = await readStored(name);
    if (entries.get(name) !== entry) return; // forgotten or unloaded meanwhile: its next load reads storage anyway
    const missing = diffFromStored(stored, encodeStateVector(room.sv));
    const structs = !covers(room.sv, stateVectorFromUpdate(missing));
    if (!structs && deletionsStored(missing, room.deletions ? [room.deletions] : stored)) return;
    metrics.inc('outpost_gap_rooms_caught_up_total');
    applyForeign(room, missing);
  };

  /**
   * After a fan-out gap every loaded room catches up from storage, `GAP_CATCH_UP_AT_ONCE` rooms at a
   * time. The first answer dropped every loaded room at once and closed its peers (1013): on a relay
   * with thousands of rooms, every client reconnected and re-synced together, and every room was
   * read in the same second (a stampede). Now nobody is disconnected, storage sees at most a few
   * reads at a time, and a room whose read fails is dropped alone (its peers reconnect, 1013).
   * A gap during a catch-up folds into one more pass after it.
   */
  let gapPass: Promise<void> | null = null;
  let gapAgain = false;
  const catchUpAll = () => {
    if (gapPass) return void (gapAgain = true);
    gapPass = (async () => {
      do {
        gapAgain = false;
        const names = [...entries.keys()];
        const started = Date.now();
        let next = 0;
        const worker = async () => {
          while (next < names.length) {
            const name = names[next++];
            await catchUp(name).catch((error) => {
              log(`catching up ${name} after the fan-out gap failed (${error}): its peers reconnect`);
              manager.forget([name], 'the relay lost its link to the other relays for a moment: reconnect to sync');
            });
          }
        };
        await Promise.all(Array.from({ length: Math.min(GAP_CATCH_UP_AT_ONCE, names.length) }, worker));
        if (names.length) log(`the fan-out subscription was lost and is back: ${names.length} loaded rooms caught up from storage in ${Date.now() - started} ms`);
      } while (gapAgain);
      gapPass = null;
    })();
  };
  const stopGap = fanout.onGap(catchUpAll);
  const stopFanout = fanout.onUpdate((name, update) => {
    const entry = entries.get(name);
    // Updates of other relays are already stored by the relay that accepted them.
    if (entry) entry.ready.then((room) => applyForeign(room, update), () => {});
  });

  /** A write joins the room's tail; the oldest leave it past `TAIL_BYTES` (`Room.tail`). */
  const keepInTail = (room: Room, update: Uint8Array, to: StateVector) => {
    room.tail.push({ update, to });
    room.tailBytes += update.length;
    while (room.tailBytes > TAIL_BYTES && room.tail.length) {
      const old = room.tail.shift()!;
      room.tailBytes -= old.update.length;
      advance(room.tailBase, old.to);
    }
  };

  /**
   * What a peer with `remote` lacks, from memory: the room's deletions and the tail's structs
   * past its vector; undefined when the peer lacks more than the tail holds (then the stored
   * updates are read). The same bytes a diff of the stored state would carry, without decoding it.
   */
  const diffFromTail = (room: Room, remote: StateVector, remoteBytes: Uint8Array): Uint8Array | undefined => {
    const fromTail = !!room.deletions && covers(remote, room.tailBase);
    metrics.inc('outpost_sync_diffs_total', 1, { from: fromTail ? 'tail' : 'stored' });
    if (!fromTail) return undefined;
    const parts = [room.deletions!];
    for (const { update, to } of room.tail) if (!covers(remote, to)) parts.push(Y.diffUpdate(update, remoteBytes));
    return parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
  };

  const noteDeletions = (room: Room, update: Uint8Array) => {
    room.writeEpoch++;
    noteWhole(room, update);
    if (room.deletions) room.deletions = Y.mergeUpdates([room.deletions, deletionsOf(update)]);
  };

  /** Bytes of every loaded room's kept whole state (`Room.whole`), at most `limits.maxKeptWholeBytes`. */
  let keptWholeBytes = 0;
  const keepWhole = (room: Room, whole: Room['whole']) => {
    keptWholeBytes += (whole ? whole.update.length + whole.sinceBytes : 0) - (room.whole ? room.whole.update.length + room.whole.sinceBytes : 0);
    room.whole = whole;
  };
  metrics.gauge('outpost_kept_whole_bytes', () => keptWholeBytes);

  /** A write after the room's whole state was kept is sent after it (`Room.whole`). */
  const noteWhole = (room: Room, update: Uint8Array) => {
    const whole = room.whole;
    if (!whole) return;
    whole.since.push(update);
    whole.sinceBytes += update.length;
    keptWholeBytes += update.length;
    if (whole.sinceBytes > whole.update.length / 4 || whole.since.length > MAX_WRITES_AFTER_WHOLE) keepWhole(room, null);
  };

  /**
   * Everything the room holds, for a peer that has none of it: the merged stored updates, then
   * the writes since (`Room.whole`). A room stored as one update is read, never merged or kept.
   */
  async function wholeState(room: Room): Promise<Uint8Array[]> {
    if (room.whole) return [room.whole.update, ...room.whole.since];
    const epoch = room.writeEpoch;
    const stored = await readStored(room.name);
    if (stored.length <= 1) return [stored[0] ?? Y.mergeUpdates([])];
    if (room.whole) return wholeState(room); // another answer merged it meanwhile
    metrics.inc('outpost_full_state_merges_total');
    const update = Y.mergeUpdates(stored);
    // A write accepted while the stored updates were read may be missing from them: keep nothing then.
    // Nor past the relay-wide bound: then each full answer of this room merges again (as it did before it was kept).
    if (epoch === room.writeEpoch && keptWholeBytes + update.length <= limits.maxKeptWholeBytes) keepWhole(room, { update, since: [], sinceBytes: 0 });
    return [update];
  }

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
     * deletions, kept by the room, without reading the doc. A peer that has none of the room
     * gets its whole state (`wholeState`: a step 2, then the writes since as updates). A peer
     * that is sent anything (deletions included) is first counted (`beforeAnswer`, which may
     * throw to refuse). Throws on a malformed vector.
     */
    async answerStep1(room: Room, remote: Uint8Array, beforeAnswer: (what: 'the whole' | 'what it lacks' | 'the deletions') => void = () => {}): Promise<Uint8Array[]> {
      const remoteSv = decodeStateVectorOrThrow(remote);
      if (covers(remoteSv, room.sv) && room.deletions) {
        // Deletions are sent whole each time (a vector cannot show them): counted unless there are none.
        if (!isEmptyUpdate(room.deletions)) beforeAnswer('the deletions');
        return [room.deletions];
      }
      if (room.sv.size > 0 && sharesNothing(remoteSv, room.sv)) {
        beforeAnswer('the whole');
        return wholeState(room);
      }
      if (!covers(remoteSv, room.sv)) beforeAnswer('what it lacks');
      const fromTail = diffFromTail(room, remoteSv, remote);
      if (fromTail) return [fromTail];
      const epoch = room.writeEpoch;
      const stored = await readStored(room.name);
      const diff = diffFromStored(stored, remote);
      if (!room.deletions && epoch === room.writeEpoch) room.deletions = stored.length ? deletionsOf(stored.length === 1 ? stored[0] : Y.mergeUpdates(stored)) : Y.mergeUpdates([]);
      return [diff];
    },
    /**
     * What a room answers in a batched sync for a client's `syncAll` entry, from memory only
     * (throws on a malformed vector). `streamPlan` then produces the bytes.
     */
    plan(room: Room, entry: SyncAllEntry): SyncPlan {
      const remote = decodeStateVectorOrThrow(entry.stateVector);
      const lacks = !covers(remote, room.sv);
      const kind = !lacks ? 'none' : sharesNothing(remote, room.sv) ? 'full' : 'diff';
      const vector = entry.wantVector || !covers(room.sv, remote);
      // A full state or a diff carries every deletion; otherwise only a changed delete set is sent.
      const deletions = kind === 'none' && (!room.deletions || (!isEmptyUpdate(room.deletions) && deletionsDigest(room.deletions) !== entry.deletions));
      return { room, kind, vector, deletions };
    },
    /**
     * The bytes of a plan: the room's stored state as stored (one compacted update: no decoding)
     * for `full`, a diff against the client's vector for `diff`, the kept deletions otherwise;
     * with the records it brings (the room's count for a full state, counted in a diff).
     */
    async answerPlan(plan: SyncPlan, remote: Uint8Array): Promise<{ update: Uint8Array; records: number; deletions: number }> {
      const { room } = plan;
      if (plan.kind === 'none') {
        if (plan.deletions && !room.deletions) room.deletions = deletionsOf(Y.mergeUpdates(await readStored(room.name)));
        return { update: plan.deletions ? room.deletions! : new Uint8Array(0), records: 0, deletions: deletionsDigest(room.deletions) };
      }
      if (plan.kind === 'diff') {
        const update = diffFromTail(room, decodeStateVectorOrThrow(remote), remote);
        if (update) return { update, records: recordsIn(update), deletions: deletionsDigest(room.deletions) };
      }
      if (plan.kind === 'full' && sharesNothing(decodeStateVectorOrThrow(remote), room.sv)) {
        const parts = await wholeState(room);
        const update = parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
        return { update, records: room.records, deletions: deletionsDigest(room.deletions) };
      }
      const update = diffFromStored(await readStored(room.name), remote);
      return { update, records: recordsIn(update), deletions: deletionsDigest(room.deletions) };
    },
    /** True when every deletion of `update` is in the room already (its kept deletions; read once if not kept yet). */
    async hasDeletions(room: Room, update: Uint8Array): Promise<boolean> {
      if (room.deletions) return deletionsStored(update, [room.deletions]);
      const epoch = room.writeEpoch;
      const stored = await readStored(room.name);
      const deletions = stored.length ? deletionsOf(stored.length === 1 ? stored[0] : Y.mergeUpdates(stored)) : Y.mergeUpdates([]);
      if (!room.deletions && epoch === room.writeEpoch) room.deletions = deletions;
      return deletionsStored(update, [deletions]);
    },
    /** The room's state vector as a peer reads it. */
    vectorOf: (room: Room): Uint8Array => encodeStateVector(room.sv),
    /** Validates a write against the room's state (throws when malformed); does not store it. */
    check: (room: Room, update: Uint8Array): CheckedUpdate => checkUpdate(update, room.sv),
    /** Stores a checked write, tells the room's other peers, counts it for the size limit. */
    accept(room: Room, checked: Extract<CheckedUpdate, { kind: 'new' }>, from?: RoomPeer) {
      advance(room.sv, checked.to);
      keepInTail(room, checked.update, checked.to);
      room.records += checked.created;
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
      const summary = summaryOf(await readStored(room.name));
      keepWhole(room, null);
      Object.assign(room, { sv: summary.sv, deletions: summary.deletions, records: summary.records, storedBytes: summary.storedBytes, storedUpdates: summary.storedUpdates, tail: [], tailBytes: 0, tailBase: new Map(summary.sv) });
      room.writeEpoch++;
      broadcast(room, encodeSyncStep1(encodeStateVector(room.sv)));
    },
    /**
     * Rooms whose state in memory can no longer be trusted are dropped, and their peers closed
     * with 1013: on reconnecting they find each room as stored and sync what either side lacks.
     * - The storage refused a batch (a full disk, Redis refusing writes): the rooms it held told
     *   their peers, and keep in their vector, writes that are not stored. Otherwise the writer's
     *   retry was answered "already have it" and acked, and nothing stored it.
     * - Catching a room up after a fan-out gap failed (its stored updates could not be read).
     */
    forget(names: Iterable<string>, reason: string) {
      for (const name of new Set(names)) {
        const entry = entries.get(name);
        if (!entry) continue;
        entries.delete(name);
        clearTimeout(entry.unloadTimer);
        keepWhole(entry.room, null);
        for (const peer of [...entry.room.peers]) peer.drop(CloseCode.tryAgain, reason);
        entry.room.destroy();
      }
    },
    /** A peer left: if the room is now empty, unload it after the idle delay. */
    released(room: Room) {
      const entry = entries.get(room.name);
      if (!entry || entry.room !== room || room.peers.size > 0) return;
      clearTimeout(entry.unloadTimer);
      entry.unloadTimer = setTimeout(() => keep(unload(room.name), room.name), limits.roomIdleMs);
      entry.unloadTimer.unref();
    },
    get size() {
      return entries.size;
    },
    loaded: () => [...entries.values()].map((e) => e.room),
    async close() {
      stopFanout();
      stopGap();
      await gapPass;
      for (const name of [...entries.keys()]) await unload(name, true).catch((error) => log(`unloading ${name}: ${error}`));
      while (saving.size) await Promise.all(saving);
    },
  };

  async function unload(name: string, force = false) {
    const entry = entries.get(name);
    if (!entry || (!force && entry.room.peers.size > 0)) return;
    entries.delete(name);
    keepWhole(entry.room, null);
    clearTimeout(entry.unloadTimer);
    await writer.whenFlushed().catch(() => {});
    if (entry.room.storedUpdates > 1) await compact(name);
    entry.room.destroy();
    // Kept for the next cold open (a reconnect), unless no write changed the room since its load.
    const { save } = await loadSummary(storage, name, () => storage.loadRoom(name));
    await save;
  }

  return manager;
}
export type RoomManager = ReturnType<typeof createRoomManager>;
