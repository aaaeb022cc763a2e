import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

/**
 * Entries of an update as the relay counts them before decoding (`--max-update-structs`): each
 * struct, each client entry of the structs and of the delete set. Past the relay's bound the
 * socket is closed (1009) and the same update would go out again at every reconnect.
 */
export function updateEntries(update: Uint8Array): number {
  return entriesOf(Y.decodeUpdate(update));
}

function entriesOf({ structs, ds }: ReturnType<typeof Y.decodeUpdate>): number {
  const clients = new Set(structs.map((s) => s.id.client)).size;
  let ranges = 0;
  for (const items of ds.clients.values()) ranges += items.length;
  return structs.length + clients + ds.clients.size + ranges;
}

/**
 * One update as several, each of at most `maxEntries` entries (structs and client entries, deleted
 * ranges), applied in order by the relay: each piece's structs follow the previous pieces' (origins
 * that point back are there by then), and the deletions go last, after every struct they may name.
 * An update within the bound is returned as it is. `maxEntries` must leave room for a client entry
 * beside a struct (at least 2).
 */
export function splitUpdate(update: Uint8Array, maxEntries: number): Uint8Array[] {
  if (maxEntries < 2) throw new RangeError('a piece holds at least one struct and its client');
  const decoded = Y.decodeUpdate(update);
  if (entriesOf(decoded) <= maxEntries) return [update];
  const { ds } = decoded;
  const structs = causalOrder(decoded.structs);
  const pieces: Uint8Array[] = [];
  let piece = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  let entries = 0;
  const flush = () => {
    if (piece.size) pieces.push(encodeStructs(piece));
    piece = new Map();
    entries = 0;
  };
  for (const s of structs) {
    const run = piece.get(s.id.client);
    // A piece never starts a client's run with a gap (a Skip says only that clocks are missing).
    if (!run && s instanceof Y.Skip) continue;
    const cost = run ? 1 : 2;
    if (entries + cost > maxEntries) {
      flush();
      if (s instanceof Y.Skip) continue;
    }
    const target = piece.get(s.id.client);
    if (target) target.push(s);
    else piece.set(s.id.client, [s]);
    entries += target ? 1 : 2;
  }
  flush();
  let deleted: Array<[number, Array<{ clock: number; len: number }>]> = [];
  const flushDeleted = () => {
    if (deleted.length) pieces.push(encodeDeleted(deleted));
    deleted = [];
    entries = 0;
  };
  for (const [client, items] of ds.clients as Map<number, Array<{ clock: number; len: number }>>) {
    for (const item of items) {
      const last = deleted.at(-1);
      const cost = last?.[0] === client ? 1 : 2;
      if (entries + cost > maxEntries) flushDeleted();
      const current = deleted.at(-1);
      if (current?.[0] === client) current[1].push(item), entries++;
      else deleted.push([client, [item]]), (entries += 2);
    }
  }
  flushDeleted();
  return pieces;
}

/**
 * The structs in an order where each comes after what it builds on in the same update (its
 * origins and its parent, and its client's earlier clocks): an update lists them client by client,
 * and a piece holding a struct whose left neighbour is in a later piece would wait, unapplied.
 */
function causalOrder(structs: Array<Y.Item | Y.GC | Y.Skip>): Array<Y.Item | Y.GC | Y.Skip> {
  const queues = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  for (const s of structs) {
    const q = queues.get(s.id.client);
    if (q) q.push(s);
    else queues.set(s.id.client, [s]);
  }
  const start = new Map([...queues].map(([client, q]) => [client, q[0].id.clock]));
  const done = new Map(start);
  const at = new Map([...queues.keys()].map((client) => [client, 0]));
  // An id is there once emitted, or when this update does not hold it (the relay has it, or nobody does).
  const there = (id: Y.ID | null | undefined) => !id || !start.has(id.client) || id.clock < start.get(id.client)! || id.clock < done.get(id.client)!;
  const ready = (s: Y.Item | Y.GC | Y.Skip) => !(s instanceof Y.Item) || (there(s.origin) && there(s.rightOrigin) && there(s.parent instanceof Y.ID ? s.parent : null));
  const out: Array<Y.Item | Y.GC | Y.Skip> = [];
  while (out.length < structs.length) {
    let moved = false;
    for (const [client, q] of queues) {
      let i = at.get(client)!;
      while (i < q.length && ready(q[i])) {
        out.push(q[i]);
        done.set(client, q[i].id.clock + q[i].length);
        i++;
        moved = true;
      }
      at.set(client, i);
    }
    // Never expected (Yjs's own updates have no cycles): the rest in the update's order.
    if (!moved) for (const [client, q] of queues) out.push(...q.slice(at.get(client)!)), at.set(client, q.length);
  }
  return out;
}

/**
 * Structs per client, as Yjs writes them (`writeStructs`), and an empty delete set. Clients go
 * from the highest id down, as in Yjs's own updates: `Y.mergeUpdates` (the relay's compaction)
 * reads every update in that order and loses structs of an update written otherwise.
 */
function encodeStructs(byClient: Map<number, Array<Y.Item | Y.GC | Y.Skip>>): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, byClient.size);
  for (const [client, run] of [...byClient].sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(e.restEncoder, run.length);
    e.writeClient(client);
    encoding.writeVarUint(e.restEncoder, run[0].id.clock);
    for (const s of run) s.write(e, 0);
  }
  encoding.writeVarUint(e.restEncoder, 0);
  return e.toUint8Array();
}

/** No structs, and these deleted ranges (Yjs's `writeDeleteSet`). */
function encodeDeleted(clients: Array<[number, Array<{ clock: number; len: number }>]>): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, 0);
  encoding.writeVarUint(e.restEncoder, clients.length);
  for (const [client, items] of [...clients].sort((a, b) => b[0] - a[0])) {
    e.resetDsCurVal();
    encoding.writeVarUint(e.restEncoder, client);
    encoding.writeVarUint(e.restEncoder, items.length);
    for (const { clock, len } of items) e.writeDsClock(clock), e.writeDsLen(len);
  }
  return e.toUint8Array();
}
