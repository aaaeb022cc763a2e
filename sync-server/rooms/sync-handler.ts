import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import * as encoding from 'lib0/encoding';
import { CloseCode, MessageType, SyncStep, RefusalCode, decodeMessage, encodeRefused, isLegacyRoom, encodeSyncStep2, encodeSyncUpdate, type LegacyDocName, type Message, type RoomKey } from '../protocol.ts';
import { writeRefusal, refusalMessage } from '../auth/roles.ts';
import { guardAwarenessUpdate, TooManyAwarenessClients } from './awareness-guard.ts';
import { ContentTooLarge, countStructs, TooManyStructs } from './struct-count.ts';
import { placeholderOf } from './placeholder.ts';
import type { Connection, Membership } from './connection.ts';
import { encodeAwareness, type Room } from './room.ts';

/** A frame the relay cannot accept: the connection is closed with this reason, nothing else. */
export class BadFrame extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const MALFORMED = CloseCode.malformed;

/** Handles one message of one room. Throws BadFrame for anything malformed; the caller closes. */
export async function handleMessage(m: Membership, bytes: Uint8Array) {
  let message: Message;
  if (bytes.length === 0) throw new BadFrame(MALFORMED, 'empty frame');
  try {
    message = decodeMessage(bytes);
  } catch {
    throw new BadFrame(MALFORMED, 'truncated message');
  }
  if (message.kind === 'sync') return handleSync(m, message.step, message.payload);
  if (!m.room) return; // a legacy room carries writes only (presence there is refused before: `refusePresence`)
  if (message.kind === 'awareness') return handleAwareness(m, m.room, message.update);
  if (message.kind === 'queryAwareness') return void (m.room.hasAwareness && m.send(encodeAwareness(m.room.awareness, [...m.room.awareness.getStates().keys()])));
  if (message.kind === 'other' && message.type === MessageType.auth) return; // clients have nothing to say in the auth channel
  throw new BadFrame(MALFORMED, `unknown message type ${message.kind === 'other' ? message.type : message.kind}`);
}

async function handleSync(m: Membership, step: number, payload: Uint8Array) {
  if (step === SyncStep.step1) {
    if (!m.room) return;
    let parts: Uint8Array[];
    try {
      parts = await m.conn.ctx.rooms.answerStep1(m.room, payload, (what) => countAnswer(m, what));
    } catch (error) {
      if (error instanceof BadFrame) throw error;
      throw new BadFrame(MALFORMED, 'malformed state vector');
    }
    // The whole state kept by the room, then the writes made since it was merged (Yjs applies them in any order).
    m.send(encodeSyncStep2(parts[0]));
    for (const update of parts.slice(1)) m.send(encodeSyncUpdate(update));
    return;
  }
  if (step !== SyncStep.step2 && step !== SyncStep.update) throw new BadFrame(MALFORMED, `unknown sync step ${step}`);
  if (m.room) return handleWrite(m, m.room, payload);
  return handleLegacyWrite(m, m.key.slice('legacy/'.length) as LegacyDocName, payload);
}

/**
 * A peer that lacks part or all of a room gets it, about once per connection: after that it shares
 * the room's state, so an honest client never asks again on the same socket (a v3 client whose
 * `hello` came late may ask twice: room by room, then in its syncAll). Asking more is an attack on
 * the relay's reads, merges and bandwidth (a vector that shares one clock with the room costs a
 * read and a merge of every stored update, as a whole-state ask did): 1008.
 */
/**
 * A peer in step asking again is answered with the room's deletions (a vector cannot show them). A
 * stock y-websocket client with `resyncInterval` does that every few seconds: such an answer at
 * least this long after the last one on the membership is not counted. Faster, it is (a few bytes
 * in, a room's deletions out, at the frame rate).
 */
export const DELETIONS_ANSWER_INTERVAL_MS = 5000;

export function countAnswer(m: Membership, what: 'the whole' | 'what it lacks' | 'the deletions') {
  if (what === 'the deletions') {
    const now = Date.now();
    const spaced = now - m.deletionsAnsweredAt >= DELETIONS_ANSWER_INTERVAL_MS;
    m.deletionsAnsweredAt = now;
    if (spaced) return;
  }
  const { maxFullSyncsPerRoom } = m.conn.ctx.limits;
  if (++m.answers > maxFullSyncsPerRoom) throw new BadFrame(CloseCode.policy, `asked for ${what} of ${m.key} more than ${maxFullSyncsPerRoom} times on one connection`);
}

/** Every write message is numbered per room; the number is settled (acked) once on disk or refused. */
async function handleWrite(m: Membership, room: Room, update: Uint8Array) {
  const n = ++m.writes;
  const { ctx } = m.conn;
  const refusal = writeRefusal(m.conn.role, room.docKey);
  const tooLarge = contentRefusal(m, update);
  if (tooLarge && refusal) {
    // Who sends it decides first: a viewer's refused write is kept in no form (below).
    refuse(m, n, refusal);
    m.settleAfterFlush(n);
    return;
  }
  if (tooLarge) return refuseKeepingClocks(m, room, n, RefusalCode.contentTooLarge, tooLarge, update);
  const checked = check(m, room, update);
  // A resent step 2 of what the room already has (a reconnect sends every deletion the client
  // holds) is no write, whoever sends it: nothing stored, sent or refused. Compared with the
  // room's kept deletions: reading the stored room for each would let one socket make the relay
  // read and decode a whole doc per message.
  const nothingNew = checked.kind === 'known' || (checked.kind === 'new' && !checked.structs && (await ctx.rooms.hasDeletions(room, checked.update)));
  if (nothingNew) return m.settleAfterFlush(n);
  if (refusal) {
    // Never kept in any form: a placeholder of a viewer's map write would remove the value others see.
    refuse(m, n, refusal);
    m.settleAfterFlush(n);
    return;
  }
  if (room.storedBytes + update.length > ctx.limits.maxDocBytes) return refuseKeepingClocks(m, room, n, RefusalCode.docTooLarge, refusalMessage[RefusalCode.docTooLarge], checked.kind === 'new' && checked.structs ? checked.update : null);
  if (checked.kind === 'dangling') throw new BadFrame(MALFORMED, 'update refers to content the relay does not have');
  if (checked.kind === 'new') ctx.rooms.accept(room, checked, m);
  m.settleAfterFlush(n);
}

/**
 * Room a full doc keeps for refused writes' placeholders (`placeholderOf`), past `maxDocBytes`: a
 * placeholder is a few bytes a struct, but a member writing on at the limit must not grow the doc
 * without end. Past it a refused write is refused alone, as before (its author's later writes
 * dangle, 1007, until the doc has room again).
 */
export const PLACEHOLDER_HEADROOM = 1 / 64;

/**
 * A write its author may make but the relay does not take (too large a value, a full doc): the
 * author hears the refusal, and the write is kept as deleted content (`placeholderOf`, same
 * clocks, no value) so the author's later writes to the room apply. `update` null: nothing to keep
 * (deletions alone, or a write building on content the room lacks).
 */
function refuseKeepingClocks(m: Membership, room: Room, n: number, code: RefusalCode, message: string, update: Uint8Array | null) {
  const { ctx } = m.conn;
  const placeholder = update && placeholderOf(update, ctx.limits.maxStringBytes);
  refuse(m, n, code, message);
  if (placeholder && room.storedBytes + placeholder.length <= ctx.limits.maxDocBytes * (1 + PLACEHOLDER_HEADROOM)) {
    const checked = check(m, room, placeholder);
    if (checked.kind === 'new' && checked.structs) {
      ctx.rooms.accept(room, checked, m);
      ctx.metrics.inc('outpost_refused_writes_kept_deleted_total', 1, { reason: code });
    }
  }
  m.settleAfterFlush(n);
}

function check(m: Membership, room: Room, update: Uint8Array) {
  try {
    return m.conn.ctx.rooms.check(room, update);
  } catch {
    throw new BadFrame(MALFORMED, 'malformed update');
  }
}

/**
 * Before any decoding: an update of millions of tiny structs or values would block the relay for
 * seconds (1009, the connection closed). A string or a nesting past the bounds is refused as a
 * write (the `refused` message, then settled): the sender learns which of its changes the relay
 * will never take, and its connection and other writes go on; a close would have it reconnect
 * and send the same change again without end. Returns the refusal's message, or null.
 */
function contentRefusal(m: Membership, update: Uint8Array): string | null {
  const { limits } = m.conn.ctx;
  try {
    countStructs(update, limits.maxUpdateStructs, { maxValues: limits.maxUpdateValues, maxStringBytes: limits.maxStringBytes, maxDepth: limits.maxValueDepth });
    return null;
  } catch (error) {
    // The close names the room: a client can tell which of its writes to send in pieces, or hold back.
    if (error instanceof TooManyStructs) throw new BadFrame(CloseCode.tooBig, `${m.key}: ${error.message}`);
    if (!(error instanceof ContentTooLarge)) throw new BadFrame(MALFORMED, 'malformed update');
    // The scan stopped at the first value past the bounds: the rest is scanned for structure and
    // the values budget (no string or depth bound) before any of it is kept or refused.
    try {
      countStructs(update, limits.maxUpdateStructs, { maxValues: limits.maxUpdateValues, maxStringBytes: Infinity, maxDepth: Infinity });
    } catch (rest) {
      throw rest instanceof TooManyStructs ? new BadFrame(CloseCode.tooBig, `${m.key}: ${rest.message}`) : new BadFrame(MALFORMED, 'malformed update');
    }
    return `${refusalMessage[RefusalCode.contentTooLarge]} It holds ${error.message}.`;
  }
}

/** The old layout's doc pushed once by an upgraded client: merged, then re-split into shards. */
async function handleLegacyWrite(m: Membership, name: LegacyDocName, update: Uint8Array) {
  const n = ++m.writes;
  const tooLarge = contentRefusal(m, update);
  if (tooLarge) {
    refuse(m, n, RefusalCode.contentTooLarge, tooLarge);
    m.settleAfterFlush(n);
    return;
  }
  const refusal = writeRefusal(m.conn.role, 'records/0');
  if (refusal) {
    refuse(m, n, refusal);
    m.settleAfterFlush(n);
    return;
  }
  try {
    await m.conn.ctx.legacyPush(m.conn.workspaceId, name, update);
  } catch (error) {
    throw new BadFrame(MALFORMED, error instanceof Error ? error.message : 'malformed legacy update');
  }
  m.settleAfterFlush(n);
}

function refuse(m: Membership, n: number, code: RefusalCode, message = refusalMessage[code]) {
  m.conn.ctx.metrics.inc('outpost_refusals_total', 1, { reason: code });
  if (m.conn.outpost) return m.send(encodeRefused(n, code, message));
  m.send(permissionDenied(message));
}

/** The auth channel's "permission denied": stock y-websocket clients understand it (they log it). */
function permissionDenied(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.auth);
  authProtocol.writePermissionDenied(e, reason);
  return encoding.toUint8Array(e);
}

/**
 * Presence sent where it has no place: a room of the multiplexed socket it never synced (a sync
 * step 1, a write or its `syncAll` joins a room; presence alone would load the room and show the
 * sender to a room it does not follow), or a legacy room, which holds no doc to read. It is not
 * taken and not forwarded; the sender hears why on that room ("permission denied" of the auth
 * channel, which stock clients log and Outpost clients ignore) and its connection goes on: a
 * client that sent presence a moment early repeats it once synced. It costs a presence token, so a
 * flood of it closes 1008 as any presence flood does.
 */
export function refusePresence(conn: Connection, key: RoomKey) {
  const { limits } = conn.ctx;
  if (!conn.presence.take()) return conn.close(CloseCode.policy, `too many presence updates per second (at most ${limits.awarenessPerSecond}, ${limits.awarenessBurst} at once)`);
  conn.ctx.metrics.inc('outpost_presence_refused_total');
  const reason = isLegacyRoom(key) ? `${key} carries an old client's push only: no presence there` : `presence is taken only on a room this connection has synced: send ${key}'s sync step 1 first`;
  conn.sendMessage(key, permissionDenied(reason));
}

/** Whether presence on `key` is taken from this connection: the room is joined and holds a doc. */
export const presenceTaken = (conn: Connection, key: RoomKey) => !isLegacyRoom(key) && conn.memberships.has(key);

function handleAwareness(m: Membership, room: Room, raw: Uint8Array) {
  let update: Uint8Array | null;
  const { limits } = m.conn.ctx;
  if (!m.conn.presence.take()) throw new BadFrame(CloseCode.policy, `too many presence updates per second (at most ${limits.awarenessPerSecond}, ${limits.awarenessBurst} at once)`);
  try {
    update = guardAwarenessUpdate(room, m, raw, { memberId: m.conn.claims.sub, role: m.conn.role }, limits.maxAwarenessStateBytes, limits.maxAwarenessClients - m.conn.awarenessClients);
  } catch (error) {
    if (error instanceof TooManyAwarenessClients) throw new BadFrame(CloseCode.policy, `${error.message} (at most ${limits.maxAwarenessClients})`);
    throw new BadFrame(MALFORMED, 'malformed awareness update');
  }
  if (update) awarenessProtocol.applyAwarenessUpdate(room.awareness, update, m);
}
