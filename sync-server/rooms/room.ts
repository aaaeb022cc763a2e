import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import { MessageType, type DocName } from '../protocol.ts';

/** Transaction origins of the relay: observers tell loads and fan-out apart from client writes. */
export const Origin = { load: 'relay:load', fanout: 'relay:fanout', form: 'relay:form' } as const;

/** What a room needs from a connection: enough to broadcast without knowing sockets. */
export type RoomPeer = { send(frame: Uint8Array): void; readonly controlledClients: Set<number> };

/**
 * One loaded document. The room holds state and peers; reading frames lives in `sync-handler.ts`
 * and loading/unloading in `room-manager.ts`.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<RoomPeer>();
  /** Stored bytes, for the document size limit; counted from what was loaded and appended. */
  storedBytes = 0;
  storedUpdates = 0;
  lastActivity = Date.now();
  private readonly disposers: Array<() => void> = [];

  constructor(
    readonly name: string,
    readonly workspaceId: string,
    readonly docName: DocName,
  ) {
    // The relay is not a participant: it has no awareness state of its own.
    this.awareness.setLocalState(null);
    const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = added.concat(updated, removed);
      const peer = origin as RoomPeer | null;
      if (peer && this.peers.has(peer)) {
        added.forEach((c) => peer.controlledClients.add(c));
        removed.forEach((c) => peer.controlledClients.delete(c));
      }
      broadcast(this, encodeAwareness(this.awareness, changed));
    };
    this.awareness.on('update', onAwareness);
    this.disposers.push(() => this.awareness.off('update', onAwareness));
  }

  onDispose(dispose: () => void) {
    this.disposers.push(dispose);
  }

  destroy() {
    this.disposers.splice(0).forEach((d) => d());
    this.awareness.destroy();
    this.doc.destroy();
  }
}

export function broadcast(room: Room, frame: Uint8Array, except?: RoomPeer) {
  for (const peer of room.peers) if (peer !== except) peer.send(frame);
}

export function encodeUpdateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(e);
}

/** What a peer receives on joining: the relay's state vector (step 1) and who is here. */
export function greetingFrames(room: Room): Uint8Array[] {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  syncProtocol.writeSyncStep1(e, room.doc);
  const frames: Uint8Array[] = [encoding.toUint8Array(e)];
  const states = room.awareness.getStates();
  if (states.size > 0) frames.push(encodeAwareness(room.awareness, [...states.keys()]));
  return frames;
}
