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
