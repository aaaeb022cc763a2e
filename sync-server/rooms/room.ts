import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { encodeAwarenessMessage, encodeSyncStep1, encodeSyncUpdate } from '../protocol.ts';
import type { DocKey } from '../../src/domain/routing.ts';
import { encodeStateVector, type StateVector } from './update-state.ts';

/**
 * What a room needs from a connection's membership in it: enough to send and to broadcast without
 * knowing sockets or framing (a multiplexed socket prefixes the room, a single-room one does not).
 */
export type RoomPeer = {
  send(message: Uint8Array): void;
  readonly controlledClients: Set<number>;
  /** The room can no longer serve this peer (its state in memory was wrong): close, so it reconnects. */
  drop(code: number, reason: string): void;
};

/**
 * One room of the relay: a doc of a workspace, held WITHOUT its content. The relay keeps what it
 * needs to validate, limit and route writes (the state vector, stored bytes, the peers, their
 * awareness); a sync step 1 is answered from the stored updates (`room-manager.ts`), so a room
 * costs the same few hundred bytes whether its doc holds ten records or ten thousand.
 */
export class Room {
  readonly peers = new Set<RoomPeer>();
  /** Next clock per client of everything stored (or accepted and queued for storage). */
  sv: StateVector = new Map();
  /** Stored bytes, for the document size limit; counted from what was loaded and appended. */
  storedBytes = 0;
  /**
   * Every deletion of the room as one struct-less update, kept once computed: the whole answer to
   * a peer that already has every struct (a reconnect after others only deleted, or nothing).
   * Deletions do not advance a state vector, so they must always be sent; this keeps that cheap.
   */
  deletions: Uint8Array | null = null;
  /**
   * The room's whole state, merged once for a peer that has none of it, and the writes made since
   * (sent after it, as updates): every later full answer costs no merge, however often it is
   * asked for. Dropped when the writes since outgrow a quarter of it (then the next full answer
   * merges again), on a resync, and with the room.
   */
  whole: { update: Uint8Array; since: Uint8Array[]; sinceBytes: number } | null = null;
  /** Bumped by every write: a deletions cache computed across a write would miss it. */
  writeEpoch = 0;
  /**
   * Records the room holds (`records/*` docs; 0 for others), counted at load and grown by each
   * write that creates some: the join progress's "of 20,000 records". An estimate only for a
   * record created twice (the same derived id on two replicas), never used for anything else.
   */
  records = 0;
  storedUpdates = 0;
  /**
   * The writes of this room since it loaded, newest last, with the clocks each reaches: a peer
   * whose vector covers `tailBase` (it has every struct the tail does not hold) lacks only
   * structs of these, so its diff is made from them and the kept deletions without reading the
   * stored updates (a reconnect after a few changes). Bounded by `TAIL_BYTES`: the oldest writes
   * leave it and move `tailBase` on.
   */
  tail: Array<{ update: Uint8Array; to: StateVector }> = [];
  tailBytes = 0;
  /** Per client, a clock above every struct of the stored state outside `tail`. */
  tailBase: StateVector = new Map();
  lastActivity = Date.now();
  private presence: awarenessProtocol.Awareness | null = null;

  constructor(
    readonly name: string,
    readonly workspaceId: string,
    readonly docKey: DocKey,
  ) {}

  /** Presence of this room's peers, made on first use (most shard rooms never carry any). */
  get awareness(): awarenessProtocol.Awareness {
    if (this.presence) return this.presence;
    // y-protocols wants a doc for its client id only; it stays empty.
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    // The relay is not a participant: it has no awareness state of its own.
    awareness.setLocalState(null);
    awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const peer = origin as RoomPeer | null;
      if (peer && this.peers.has(peer)) {
        added.forEach((c) => peer.controlledClients.add(c));
        removed.forEach((c) => peer.controlledClients.delete(c));
      }
      // The sender has its own state: only the others are told.
      broadcast(this, encodeAwareness(awareness, added.concat(updated, removed)), peer && this.peers.has(peer) ? peer : undefined);
      // y-protocols keeps a removed client's clock forever (to refuse its older updates): in a
      // room loaded for months, one entry per past session or per id an attacker made up.
      // Forgotten once the removal is sent; a late update of that client shows it for 30 s at most.
      for (const client of removed) if (client !== awareness.clientID && !awareness.states.has(client)) awareness.meta.delete(client);
    });
    this.presence = awareness;
    return awareness;
  }

  get hasAwareness() {
    return this.presence !== null && this.presence.getStates().size > 0;
  }

  /** A peer left: its awareness states go with it. */
  leave(peer: RoomPeer) {
    this.peers.delete(peer);
    if (this.presence && peer.controlledClients.size) awarenessProtocol.removeAwarenessStates(this.presence, [...peer.controlledClients], null);
  }

  destroy() {
    this.presence?.doc.destroy();
    this.presence?.destroy();
    this.presence = null;
  }
}

export function broadcast(room: Room, message: Uint8Array, except?: RoomPeer) {
  for (const peer of room.peers) if (peer !== except) peer.send(message);
}

export const encodeUpdateFrame = encodeSyncUpdate;

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  return encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
}

/** What a peer receives on joining: the relay's state vector (step 1, unless a batched sync answers) and who is here. */
export function greetingFrames(room: Room, step1 = true): Uint8Array[] {
  const frames: Uint8Array[] = step1 ? [encodeSyncStep1(encodeStateVector(room.sv))] : [];
  if (room.hasAwareness) frames.push(encodeAwareness(room.awareness, [...room.awareness.getStates().keys()]));
  return frames;
}
