import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from '../../../sync-server/protocol.ts';

/** Hand-built frames for tests that must send what a well-behaved client would not. */
export function encodeAwarenessFrame(update: Uint8Array) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function encodeUpdateFrame(update: Uint8Array, step: number = SyncStep.update) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** Deterministic PRNG (mulberry32), so a fuzz failure replays from its seed (`OUTPOST_FUZZ_SEED`). */
export function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An update of one map entry (`leads`.`key`) whose value is `depth` arrays nested in each other
 * around a null, encoded by hand: Yjs itself cannot encode (nor decode) values past the stack's
 * depth, an attacker's encoder can.
 */
export function deepValueUpdate(depth: number, key = 'deep', client = 4242) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0); // first clock
  encoding.writeUint8(e, 8 | 0b0010_0000); // ContentAny, with a parent sub (a map key), no origins
  encoding.writeVarUint(e, 1); // parent: a root type by name
  encoding.writeVarString(e, 'leads');
  encoding.writeVarString(e, key);
  encoding.writeVarUint(e, 1); // one value
  for (let i = 0; i < depth; i++) encoding.writeUint8(e, 117), encoding.writeVarUint(e, 1); // an array of one…
  encoding.writeUint8(e, 126); // …null
  encoding.writeVarUint(e, 0); // no deletions
  return encoding.toUint8Array(e);
}

/** An update of no structs whose delete set names `clients` clients of `ranges` one-clock ranges each (clock 0, 2, 4…). */
export function deleteSetUpdate(clients: number, ranges: number) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // no structs
  encoding.writeVarUint(e, clients);
  for (let c = 0; c < clients; c++) {
    encoding.writeVarUint(e, c + 1);
    encoding.writeVarUint(e, ranges);
    for (let r = 0; r < ranges; r++) encoding.writeVarUint(e, r * 2), encoding.writeVarUint(e, 1);
  }
  return encoding.toUint8Array(e);
}
