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
