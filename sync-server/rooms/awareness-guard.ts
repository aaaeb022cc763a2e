import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { Room, RoomPeer } from './room.ts';

/** A connection announced more awareness clients than `limits.maxAwarenessClients`. */
export class TooManyAwarenessClients extends Error {
  constructor() {
    super('too many awareness clients on one connection');
  }
}

export type AwarenessIdentity = { memberId: string; role: string };

/**
 * Ties awareness entries to the connection's member: an entry for a client id that another
 * connection controls is dropped, and every state carries the member id the token proved, so a
 * client cannot speak for someone else. Throws on a malformed update.
 *
 * A removal (a null state) counts only for a client the connection announced, and a client id
 * named twice in one update counts once (its highest clock). Before, an update of 500,000 removals
 * of made-up ids (3 MB, a viewer's too) was taken: y-protocols keeps a clock for each id it hears
 * of, so each such frame left 500,000 entries in the room's presence for as long as it stayed
 * loaded (the config room: while anyone is connected). And one id named 100,000 times with rising
 * clocks was applied 100,000 times and sent to every peer as 100,000 copies of its state. The
 * number of entries is not bounded by itself: a stock y-websocket client echoes every presence it
 * hears (the whole room's after a greeting); others' entries are dropped here, before parsing.
 */
export function guardAwarenessUpdate(room: Room, peer: RoomPeer, update: Uint8Array, who: AwarenessIdentity, maxStateBytes: number, newClients = Infinity): Uint8Array | null {
  const d = decoding.createDecoder(update);
  const count = decoding.readVarUint(d);
  const others = new Set<number>();
  for (const other of room.peers) if (other !== peer) for (const id of other.controlledClients) others.add(id);
  const latest = new Map<number, { clock: number; json: string }>();
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const json = decoding.readVarString(d);
    if (json.length > maxStateBytes) throw new RangeError('awareness state too large');
    if (others.has(clientId) || (json === 'null' && !peer.controlledClients.has(clientId))) continue;
    const seen = latest.get(clientId);
    if (!seen || clock >= seen.clock) latest.set(clientId, { clock, json });
  }
  const e = encoding.createEncoder();
  const kept: Array<[number, number, string]> = [];
  const added = new Set<number>();
  for (const [clientId, { clock, json }] of latest) {
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
