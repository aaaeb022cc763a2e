import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { Room, RoomPeer } from './room.ts';

/** A connection announced more awareness clients than `limits.maxAwarenessClients`. */
export class TooManyAwarenessClients extends Error {
  constructor(what = 'too many awareness clients on one connection') {
    super(what);
  }
}

export type AwarenessIdentity = { memberId: string; role: string };

/**
 * Ties awareness entries to the connection's member: an entry for a client id that another
 * connection controls is dropped, and every state carries the member id the token proved, so a
 * client cannot speak for someone else. Throws on a malformed update.
 *
 * A client speaks only for its own awareness clients, so an update names at most `maxEntries`
 * (`limits.maxAwarenessClients`), and a removal (a null state) counts only for a client the
 * connection announced. Before, an update of 500,000 removals of made-up ids (3 MB, a viewer's
 * too) was taken: y-protocols keeps a clock for each id it hears of, so each such frame left
 * 500,000 entries in the room's presence for as long as it stayed loaded (the config room: as
 * long as anyone is connected), and took 1.5 s of the event loop.
 */
export function guardAwarenessUpdate(room: Room, peer: RoomPeer, update: Uint8Array, who: AwarenessIdentity, maxStateBytes: number, newClients = Infinity, maxEntries = Infinity): Uint8Array | null {
  const d = decoding.createDecoder(update);
  const count = decoding.readVarUint(d);
  if (count > maxEntries) throw new TooManyAwarenessClients(`a presence update names ${count} clients: a connection speaks for its own only`);
  const e = encoding.createEncoder();
  const kept: Array<[number, number, string]> = [];
  const added = new Set<number>();
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const json = decoding.readVarString(d);
    if (json.length > maxStateBytes) throw new RangeError('awareness state too large');
    if (ownedByAnother(room, peer, clientId)) continue;
    const state = JSON.parse(json) as unknown;
    if (state === null && !peer.controlledClients.has(clientId)) continue;
    if (state !== null && !peer.controlledClients.has(clientId) && added.add(clientId).size > newClients) throw new TooManyAwarenessClients();
    const stamped = state !== null && typeof state === 'object' ? { ...state, member: { id: who.memberId, role: who.role } } : null;
    kept.push([clientId, clock, JSON.stringify(stamped)]);
  }
  if (kept.length === 0) return null;
  encoding.writeVarUint(e, kept.length);
  for (const [clientId, clock, json] of kept) {
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, json);
  }
  return encoding.toUint8Array(e);
}

function ownedByAnother(room: Room, peer: RoomPeer, clientId: number) {
  for (const other of room.peers) if (other !== peer && other.controlledClients.has(clientId)) return true;
  return false;
}
