import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { MessageType, SyncStep, RefusalCode, encodeRefused } from '../protocol.ts';
import { writeRefusal, refusalMessage } from '../auth/roles.ts';
import { guardAwarenessUpdate } from './awareness-guard.ts';
import type { Connection } from './connection.ts';

/** A frame the relay cannot accept: the connection is closed with this reason, nothing else. */
export class BadFrame extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const MALFORMED = 1007;

/** Reads one client frame. Throws BadFrame for anything malformed; the caller closes. */
export function handleFrame(conn: Connection, frame: Uint8Array) {
  const d = decoding.createDecoder(frame);
  let type: number;
  try {
    type = decoding.readVarUint(d);
  } catch {
    throw new BadFrame(MALFORMED, 'empty frame');
  }
  if (type === MessageType.sync) return handleSync(conn, d);
  if (type === MessageType.awareness) return handleAwareness(conn, d);
  if (type === MessageType.queryAwareness) return conn.sendAwarenessSnapshot();
  if (type === MessageType.auth) return; // clients have nothing to say in the auth channel
  throw new BadFrame(MALFORMED, `unknown message type ${type}`);
}

function handleSync(conn: Connection, d: decoding.Decoder) {
  const { room } = conn;
  let step: number;
  let payload: Uint8Array;
  try {
    step = decoding.readVarUint(d);
    payload = decoding.readVarUint8Array(d);
  } catch {
    throw new BadFrame(MALFORMED, 'truncated sync message');
  }
  if (step === SyncStep.step1) {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.sync);
    try {
      syncProtocol.writeSyncStep2(e, room.doc, payload);
    } catch {
      throw new BadFrame(MALFORMED, 'malformed state vector');
    }
    conn.send(encoding.toUint8Array(e));
    return;
  }
  if (step !== SyncStep.step2 && step !== SyncStep.update) throw new BadFrame(MALFORMED, `unknown sync step ${step}`);
  handleWrite(conn, payload);
}

/** Every write frame is numbered; the number is settled (acked) once on disk or refused. */
function handleWrite(conn: Connection, update: Uint8Array) {
  const n = ++conn.writes;
  const { room, ctx } = conn;
  const refusal = writeRefusal(conn.role, room.docName) ?? (room.storedBytes + update.length > ctx.limits.maxDocBytes ? RefusalCode.docTooLarge : null);
  if (refusal) {
    if (!containedIn(room.doc, update)) refuse(conn, n, refusal);
    conn.settleAfterFlush(n);
    return;
  }
  try {
    Y.decodeUpdate(update); // validates the whole update before any of it is integrated
  } catch {
    throw new BadFrame(MALFORMED, 'malformed update');
  }
  Y.applyUpdate(room.doc, update, conn);
  const store = room.doc.store;
  if (store.pendingStructs || store.pendingDs) {
    // A well-behaved client only builds on what it got from the relay, so a dangling reference
    // is garbage; keeping it would make every later update retry it.
    store.pendingStructs = null;
    store.pendingDs = null;
    throw new BadFrame(MALFORMED, 'update refers to content the relay does not have');
  }
  conn.settleAfterFlush(n);
}

function containedIn(doc: Y.Doc, update: Uint8Array): boolean {
  try {
    return Y.snapshotContainsUpdate(Y.snapshot(doc), update);
  } catch {
    throw new BadFrame(MALFORMED, 'malformed update');
  }
}

function refuse(conn: Connection, n: number, code: RefusalCode) {
  conn.ctx.metrics.inc('outpost_refusals_total', 1, { reason: code });
  if (conn.outpost) return conn.send(encodeRefused(n, code, refusalMessage[code]));
  // Stock y-websocket clients understand the auth channel's "permission denied" (they log it).
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.auth);
  authProtocol.writePermissionDenied(e, refusalMessage[code]);
  conn.send(encoding.toUint8Array(e));
}

function handleAwareness(conn: Connection, d: decoding.Decoder) {
  let update: Uint8Array | null;
  try {
    update = guardAwarenessUpdate(conn.room, conn, decoding.readVarUint8Array(d), { memberId: conn.claims.sub, role: conn.role }, conn.ctx.limits.maxAwarenessStateBytes);
  } catch {
    throw new BadFrame(MALFORMED, 'malformed awareness update');
  }
  if (update) awarenessProtocol.applyAwarenessUpdate(conn.room.awareness, update, conn);
}
