/**
 * The relay's wire format: the standard y-websocket messages plus two Outpost additions.
 * Both the relay and the client in `src/sync` import this one definition (it is pure: lib0 only),
 * so the two ends cannot drift apart.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

/** Bumped when an Outpost message changes shape. The client sends it as `?outpost=<version>`. */
export const OUTPOST_PROTOCOL_VERSION = 1;
export const OUTPOST_PARAM = 'outpost';
export const TOKEN_PARAM = 'token';

export const MessageType = {
  // standard y-websocket
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  // Outpost: only sent to connections that asked with `?outpost=<version>`; stock clients would
  // log "Unable to compute message" for an unknown type, so they never receive these.
  /** varuint n: every write message 1..n of this connection is settled (on disk, or refused). */
  ack: 100,
  /** varuint n, varstring code, varstring message: write message n was dropped. */
  refused: 101,
} as const;

export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

/**
 * Close codes. 4400–4499 is the range y-websocket 3 (and our client) treats as final: the
 * server decided, reconnecting cannot help. Everything else is transient.
 */
export const CloseCode = {
  unauthorized: 4401, // no token, forged, expired
  forbidden: 4403, // other workspace, revoked member, origin not allowed
  notFound: 4404, // unknown workspace or document
  // transient
  malformed: 1007,
  policy: 1008, // rate limit, pre-ready buffer overflow, idle
  tooBig: 1009,
  goingAway: 1001,
  tryAgain: 1013,
} as const;

export const RefusalCode = {
  readOnly: 'read-only', // viewer
  adminOnly: 'admin-only', // member writing config
  docTooLarge: 'doc-too-large',
} as const;
export type RefusalCode = (typeof RefusalCode)[keyof typeof RefusalCode];

/** The three documents of a workspace; the room on the wire is `<workspaceId>/<docName>`. */
export const DOC_NAMES = ['config', 'records', 'activities'] as const;
export type DocName = (typeof DOC_NAMES)[number];

export const roomName = (workspaceId: string, doc: DocName) => `${workspaceId}/${doc}`;

export function encodeAck(settled: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.ack);
  encoding.writeVarUint(e, settled);
  return encoding.toUint8Array(e);
}

export function encodeRefused(n: number, code: RefusalCode, message: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.refused);
  encoding.writeVarUint(e, n);
  encoding.writeVarString(e, code);
  encoding.writeVarString(e, message);
  return encoding.toUint8Array(e);
}

export function decodeRefused(d: decoding.Decoder) {
  const n = decoding.readVarUint(d);
  const code = decoding.readVarString(d) as RefusalCode;
  const message = decoding.readVarString(d);
  return { n, code, message };
}

/** True for frames that carry document content from a client: sync step 2 and updates. */
export function isWriteFrame(frame: Uint8Array): boolean {
  return frame.length > 1 && frame[0] === MessageType.sync && (frame[1] === SyncStep.step2 || frame[1] === SyncStep.update);
}
