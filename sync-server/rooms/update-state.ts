import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CREATED, SEP } from '../../src/layout/records-doc.ts';

/**
 * What the relay knows of a room without a Y.Doc: its state vector (client → next clock), kept
 * from the stored updates and every accepted write. Pure functions over binary updates
 * (`Y.decodeUpdate`, `Y.diffUpdate`, `Y.encodeStateVectorFromUpdate`), as @y/hub answers sync
 * from stored updates: the relay never integrates a document.
 */
export type StateVector = Map<number, number>;

export function stateVectorOf(updates: Uint8Array[]): StateVector {
  if (updates.length === 0) return new Map();
  const merged = updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
  return Y.decodeStateVector(Y.encodeStateVectorFromUpdate(merged));
}

export const encodeStateVector = (sv: StateVector) => Y.encodeStateVector(sv);

export function decodeStateVectorOrThrow(bytes: Uint8Array): StateVector {
  const sv = Y.decodeStateVector(bytes);
  for (const [client, clock] of sv) if (!Number.isSafeInteger(client) || !Number.isSafeInteger(clock) || clock < 0) throw new RangeError('bad state vector');
  return sv;
}

/** Every stored update merged and diffed against what the peer has: the sync step 2 answer. */
export function diffFromStored(updates: Uint8Array[], remote: Uint8Array): Uint8Array {
  decodeStateVectorOrThrow(remote);
  const merged = updates.length === 0 ? Y.mergeUpdates([]) : updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
  return Y.diffUpdate(merged, remote);
}

export type CheckedUpdate =
  /** `structs`: it brings items the room lacks (false: only deletions, maybe already stored). */
  | { kind: 'new'; update: Uint8Array; to: StateVector; structs: boolean; created: number }
  | { kind: 'known' } // nothing the room does not already have
  | { kind: 'dangling' }; // builds on content the relay does not have

/**
 * Validates a client's update against the room's state vector without integrating it: the whole
 * update must decode (throws otherwise), every struct must continue its client's clock from what
 * the room has, and every item's origin, right origin and parent must be known to the room or in
 * the update. A well-behaved client only builds on what it got from the relay, so a dangling
 * reference is garbage; storing it would make every later reader keep it pending.
 * Content the room already has is cut off (`Y.diffUpdate`), so a resent step 2 stores nothing twice.
 */
export function checkUpdate(update: Uint8Array, sv: StateVector): CheckedUpdate {
  const { structs, ds } = Y.decodeUpdate(update);
  const to = new Map<number, number>();
  const from = new Map<number, number>();
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    const { client, clock } = s.id;
    if (!from.has(client) || clock < from.get(client)!) from.set(client, clock);
    to.set(client, Math.max(to.get(client) ?? 0, clock + s.length));
  }
  for (const [client, clock] of from) if (clock > (sv.get(client) ?? 0)) return { kind: 'dangling' };
  const known = (id: Y.ID | null | undefined) => !id || id.clock < Math.max(sv.get(id.client) ?? 0, to.get(id.client) ?? 0);
  // A deletion names ranges of clocks: each must be a real range, and of content that exists (in
  // the room or this update). Stored, a range of 2^52 clocks would sit pending in every reader.
  for (const [client, ranges] of ds.clients as Map<number, Array<{ clock: number; len: number }>>) {
    for (const { clock, len } of ranges) {
      if (!(clock >= 0 && len >= 1 && Number.isSafeInteger(clock + len))) throw new RangeError('invalid deletion range');
      if (clock + len > Math.max(sv.get(client) ?? 0, to.get(client) ?? 0)) return { kind: 'dangling' };
    }
  }
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    const parent = s.parent instanceof Y.ID ? s.parent : null;
    if (!known(s.origin) || !known(s.rightOrigin) || !known(parent)) return { kind: 'dangling' };
  }
  const grows = [...to].some(([client, clock]) => clock > (sv.get(client) ?? 0));
  if (!grows && ds.clients.size === 0) return { kind: 'known' };
  const trimmed = grows && [...from].some(([client, clock]) => clock < (sv.get(client) ?? 0)) ? Y.diffUpdate(update, Y.encodeStateVector(sv)) : update;
  return { kind: 'new', update: trimmed, to, structs: grows, created: createdRecords(structs).size };
}

export function advance(sv: StateVector, to: StateVector) {
  for (const [client, clock] of to) if (clock > (sv.get(client) ?? 0)) sv.set(client, clock);
}

/**
 * The clock each client's structs in `update` reach (for updates of other relays, already
 * validated there). Not `Y.encodeStateVectorFromUpdate`: it counts a client only when its
 * structs start at clock 0, so every update that continues a doc (a client's second write on)
 * read as an empty vector: the relay receiving it from another relay never advanced its room's
 * vector, and refused the next write building on it as dangling (1007).
 */
export function stateVectorFromUpdate(update: Uint8Array): StateVector {
  return Y.parseUpdateMeta(update).to;
}

/** True when every deletion of `update` is already in the stored updates (a resent step 2). */
export function deletionsStored(update: Uint8Array, stored: Uint8Array[]): boolean {
  const { ds } = Y.decodeUpdate(update);
  if (ds.clients.size === 0) return true;
  const have = stored.length === 0 ? new Map<number, Range[]>() : rangesOf(stored.length === 1 ? stored[0] : Y.mergeUpdates(stored));
  for (const [client, items] of ds.clients as Map<number, Range[]>) {
    const ranges = have.get(client) ?? [];
    for (const { clock, len } of items) if (!within(ranges, clock, clock + len)) return false;
  }
  return true;
}

type Range = { clock: number; len: number };
/**
 * The delete set of a room's kept deletions, per client sorted by clock, decoded once per value
 * (a room replaces its `deletions` on every change): a resent step 2 is checked against it
 * in O(ranges × log ranges), not by decoding the room's deletions and scanning them per range.
 */
const decodedRanges = new WeakMap<Uint8Array, Map<number, Range[]>>();
function rangesOf(deletions: Uint8Array): Map<number, Range[]> {
  let ranges = decodedRanges.get(deletions);
  if (!ranges) {
    ranges = new Map();
    for (const [client, items] of Y.decodeUpdate(deletions).ds.clients as Map<number, Range[]>) ranges.set(client, [...items].sort((a, b) => a.clock - b.clock));
    decodedRanges.set(deletions, ranges);
  }
  return ranges;
}

/** True when one range of `sorted` (by clock) holds [from, to). */
function within(sorted: Range[], from: number, to: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].clock <= from) (found = mid), (lo = mid + 1);
    else hi = mid - 1;
  }
  // Ranges of one delete set are merged, so no deletion spans two; one that does reads as not stored (a write, as before).
  return found >= 0 && sorted[found].clock + sorted[found].len >= to;
}

/** The delete set of an update alone (its structs cut off): what a peer holding every struct may still lack. */
export function deletionsOf(update: Uint8Array): Uint8Array {
  // Past every struct it carries (`Y.encodeStateVectorFromUpdate` missed those of a continuing
  // write, and the "deletions" a room keeps and resends to every reconnecting peer took in the
  // content of every write made while it was loaded).
  return Y.diffUpdate(update, Y.encodeStateVector(stateVectorFromUpdate(update)));
}

/** True when `remote` has every struct `local` has (each client's clock at least as far). */
export function covers(remote: StateVector, local: StateVector): boolean {
  for (const [client, clock] of local) if ((remote.get(client) ?? 0) < clock) return false;
  return true;
}

const CREATED_SUFFIX = SEP + CREATED;

/**
 * Ids of the records an update creates or touches the creation of: items of a root map (a
 * collection) whose key is `<id>/_c` (src/layout: a record exists when its `_c` key does). No
 * Y.Doc: the structs of a decoded update. What the join progress counts ("12,400 of 20,000 records").
 * A `_c` that holds no value (a refused creation kept as a placeholder, `placeholder.ts`) made no
 * record: a teammate joining would count it in the total and never see it.
 */
function createdRecords(structs: Array<Y.Item | Y.GC | Y.Skip>): Set<string> {
  const ids = new Set<string>();
  for (const s of structs) {
    if (!(s instanceof Y.Item) || typeof (s.parent as unknown) !== 'string' || !s.parentSub?.endsWith(CREATED_SUFFIX)) continue;
    if (s.content instanceof Y.ContentDeleted) continue;
    ids.add(s.parentSub.slice(0, -CREATED_SUFFIX.length));
  }
  return ids;
}

/** Records (distinct `_c` keys) an update holds; 0 for docs that hold none (config, activities). */
export const recordsIn = (update: Uint8Array): number => createdRecords(Y.decodeUpdate(update).structs).size;

/**
 * What a room's load needs, from its stored updates merged into one, in ONE decoding pass: its
 * state vector, its deletions (an update without structs) and how many records it holds.
 */
export function summarize(merged: Uint8Array): { sv: StateVector; deletions: Uint8Array; records: number } {
  const { structs, ds } = Y.decodeUpdate(merged);
  const sv: StateVector = new Map();
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    const end = s.id.clock + s.length;
    if (end > (sv.get(s.id.client) ?? 0)) sv.set(s.id.client, end);
  }
  // Update format v1 with no structs: 0 clients of structs, then the delete set as it was decoded
  // (a merged update's delete set is sorted and merged already).
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  const clients = [...(ds.clients as Map<number, Array<{ clock: number; len: number }>>)].filter(([, items]) => items.length > 0);
  encoding.writeVarUint(e, clients.length);
  for (const [client, items] of clients) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, items.length);
    for (const { clock, len } of items) encoding.writeVarUint(e, clock), encoding.writeVarUint(e, len);
  }
  return { sv, deletions: encoding.toUint8Array(e), records: createdRecords(structs).size };
}

/**
 * True when a peer with `remote` lacks every struct of a room with `sv`: the room's stored state
 * IS the diff (`Y.diffUpdate` would only decode and re-encode it). The common case of a join.
 */
export function sharesNothing(remote: StateVector, sv: StateVector): boolean {
  for (const [client, clock] of remote) if (clock > 0 && sv.has(client)) return false;
  return true;
}
