/**
 * The relay's wire format, version 2: the standard y-websocket messages, two Outpost additions
 * (acks, refusals) and the multiplexed framing of an Outpost client's one socket per workspace.
 * Both the relay and the client in `src/sync` import this one definition (it is pure: lib0 and
 * the domain's routing only), so the two ends cannot drift apart.
 *
 * Two ways in:
 * - `ws://relay/<workspaceId>/<docKey>`: ONE room, plain y-websocket frames. What a stock
 *   y-websocket client opens (`ws1/records/17`). With `?outpost=2` the relay adds acks/refusals.
 * - `ws://relay/<workspaceId>?outpost=2`: the Outpost client's multiplexed socket. Every frame,
 *   both ways, is `varString room` followed by one y-websocket message, so every shard room of
 *   the workspace (and the legacy rooms of the upgrade) shares one connection.
 */
import * as encoding from 'lib0/encoding';
import { authProtocols } from './auth/transport.ts';
import * as decoding from 'lib0/decoding';
import { parseDocKey, type DocKey } from '../src/domain/routing.ts';
import type { Role } from './auth/roles.ts';

/**
 * Bumped when an Outpost message changes shape. The client sends it as `?outpost=<version>`.
 * Version 1 spoke to three whole-workspace rooms (`records`, `activities`, `config`); a relay
 * serving sharded docs refuses it for good (`CloseCode.updateOutpost`) rather than let it write
 * the old layout next to the new one.
 * Version 3 adds the batched sync of the multiplexed socket (`hello`, `syncAll`, `syncBatch`):
 * one frame of every doc's state vector instead of a step 1 per room, answered only for the
 * rooms that differ. A version-2 client still syncs room by room (every v2 message is kept), so
 * the relay accepts it; a v3 client falls back to room-by-room sync with a relay that sends no
 * `hello` (a v2 relay).
 */
export const OUTPOST_PROTOCOL_VERSION = 3;
/** The oldest client version this relay serves (older ones get `CloseCode.updateOutpost`). */
export const OUTPOST_MIN_CLIENT_VERSION = 2;
export const OUTPOST_PARAM = 'outpost';
export const TOKEN_PARAM = 'token';
/** The WebSocket subprotocol every Outpost client offers (the relay selects it); the token's transport is `auth/transport.ts`. */
export { OUTPOST_SUBPROTOCOL } from './auth/transport.ts';

export const MessageType = {
  // standard y-websocket
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  // Outpost: only sent to connections that asked with `?outpost=<version>`; stock clients would
  // log "Unable to compute message" for an unknown type, so they never receive these.
  /** varuint n: every write message 1..n of this connection in this room is settled (on disk, or refused). */
  ack: 100,
  /** varuint n, varstring code, varstring message: write message n of this room was dropped. */
  refused: 101,
  // Version 3, on the CONTROL_ROOM of a multiplexed socket only:
  /** relay → client, first frame: varuint protocol version (the relay speaks batched sync). */
  hello: 102,
  /** client → relay: every doc's state vector in one frame (`encodeSyncAll`). */
  syncAll: 103,
  /** relay → client: the answer to a `syncAll`, streamed in one or more frames (`encodeSyncBatch`). */
  syncBatch: 104,
} as const;

/**
 * The room name of the workspace-wide messages of a multiplexed socket (`hello`, `syncAll`,
 * `syncBatch`): empty, which no doc key can be. A version-2 relay closes on it (unknown room), so
 * a client sends it only after the relay's `hello`.
 */
export const CONTROL_ROOM = '';

export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

/** Whether a frame asks for an answer (a sync step 1): its sender waits on the relay. Both varuints are one byte. */
export const isSyncRequest = (frame: Uint8Array): boolean => frame[0] === MessageType.sync && frame[1] === SyncStep.step1;

/** Whether a frame is presence (an awareness update or a query for the room's presence). */
export const isPresence = (frame: Uint8Array): boolean => frame[0] === MessageType.awareness || frame[0] === MessageType.queryAwareness;

/**
 * Close codes. 4400–4499 is the range y-websocket 3 (and our client) treats as final: the
 * server decided, reconnecting cannot help. Everything else is transient.
 */
export const CloseCode = {
  unauthorized: 4401, // no token, forged, expired
  forbidden: 4403, // other workspace, revoked member, origin not allowed
  notFound: 4404, // unknown workspace, document or room
  updateOutpost: 4426, // a client speaking an older protocol version (426 Upgrade Required)
  // transient
  malformed: 1007,
  policy: 1008, // rate limit, pre-ready buffer overflow, idle
  tooBig: 1009,
  goingAway: 1001,
  tryAgain: 1013,
} as const;

/**
 * The longest close reason a WebSocket may carry: a control frame holds 125 bytes, 2 of them the
 * code. `ws` THROWS past it, so a reason that echoes a room name, an origin or an error message
 * would crash the relay: every close goes through `closeReason`.
 */
export const MAX_CLOSE_REASON_BYTES = 123;

/** `reason` cut to at most 123 UTF-8 bytes (ending in "…" when cut), never inside a character. */
export function closeReason(reason: string): string {
  const utf8 = new TextEncoder().encode(reason);
  if (utf8.length <= MAX_CLOSE_REASON_BYTES) return reason;
  const ELLIPSIS_BYTES = 3;
  let end = MAX_CLOSE_REASON_BYTES - ELLIPSIS_BYTES;
  // Back off continuation bytes (10xxxxxx): the cut lands on the first byte of a character.
  while (end > 0 && (utf8[end] & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(utf8.subarray(0, end)) + '…';
}

export const UPDATE_OUTPOST_REASON = 'This relay serves a newer Outpost: update Outpost to keep syncing.';

export const RefusalCode = {
  readOnly: 'read-only', // viewer
  adminOnly: 'admin-only', // member writing config
  docTooLarge: 'doc-too-large',
  contentTooLarge: 'content-too-large', // a string past --max-string-bytes or a value nested past --max-value-depth
} as const;
export type RefusalCode = (typeof RefusalCode)[keyof typeof RefusalCode];

/**
 * The docs of the version-1 layout. Their stored rooms (`<ws>/records`, `<ws>/activities`) are
 * what the relay splits into shards on upgrade; an upgraded client that still holds one pushes it
 * once on the legacy room `legacy/<name>` of its multiplexed socket.
 */
export const LEGACY_DOC_NAMES = ['records', 'activities'] as const;
export type LegacyDocName = (typeof LEGACY_DOC_NAMES)[number];
export type LegacyRoom = `legacy/${LegacyDocName}`;
export const legacyRoom = (name: LegacyDocName): LegacyRoom => `legacy/${name}`;
export const isLegacyRoom = (key: string): key is LegacyRoom => key === 'legacy/records' || key === 'legacy/activities';

/** What a frame of the multiplexed socket may name: a doc of the workspace or a legacy room. */
export type RoomKey = DocKey | LegacyRoom;

export function parseRoomKey(s: string): RoomKey | undefined {
  if (s === CONTROL_ROOM) return undefined;
  if (isLegacyRoom(s)) return s;
  return parseDocKey(s);
}

/** The stored room (and the room a single-room socket names) of a doc: `<workspaceId>/<docKey>`. */
export const roomName = (workspaceId: string, doc: DocKey | LegacyDocName) => `${workspaceId}/${doc}`;

/**
 * What an upgrade request asks for, from its path and query. `version` is 0 for a stock client.
 * `room` is undefined for the multiplexed socket (`/<workspaceId>`), the raw doc segment
 * otherwise (validated by the caller with `parseDocKey`, so a v1 name can be told apart).
 */
export type SocketTarget = { workspaceId: string; doc: string | undefined; version: number };

export function parseSocketTarget(url: URL): SocketTarget | undefined {
  const parts = url.pathname.split('/').filter(Boolean);
  let segments: string[];
  try {
    segments = parts.map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [workspaceId, ...doc] = segments;
  if (!workspaceId) return undefined;
  const version = Number(url.searchParams.get(OUTPOST_PARAM) ?? 0);
  return { workspaceId, doc: doc.length ? doc.join('/') : undefined, version: Number.isFinite(version) ? version : 0 };
}

/**
 * How a client opens a socket: the URL names the workspace (and one doc, for a single room) and
 * the protocol version; the token travels only as a subprotocol (`auth/transport.ts`), never in
 * the URL, where proxies and access logs would keep it.
 */
export function socketRequest(relayUrl: string, workspaceId: string, token: string, doc?: DocKey): { url: string; protocols: string[] } {
  const url = new URL(`${relayUrl.replace(/\/+$/, '')}/${encodeURIComponent(workspaceId)}${doc ? `/${doc}` : ''}`);
  url.searchParams.set(OUTPOST_PARAM, String(OUTPOST_PROTOCOL_VERSION));
  return { url: url.toString(), protocols: authProtocols(token) };
}

// ---- multiplexed framing ----

export function encodeMuxFrame(room: RoomKey | typeof CONTROL_ROOM, message: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, room);
  encoding.writeUint8Array(e, message);
  return encoding.toUint8Array(e);
}

/**
 * The longest room name a frame may carry, in UTF-8 bytes (the longest real one,
 * `legacy/activities`, has 17). A frame naming a room of megabytes was decoded, and echoed into
 * the close reason, before it was refused: 50–80 ms of the relay's event loop per 8 MB frame.
 */
export const MAX_ROOM_NAME_BYTES = 64;

/** A frame names a room longer than any room can be: refused unread (`CloseCode.notFound`). */
export class RoomNameTooLong extends RangeError {
  constructor(readonly bytes: number) {
    super(`Unknown room: a room name is at most ${MAX_ROOM_NAME_BYTES} bytes, this one ${bytes}`);
    this.name = 'RoomNameTooLong';
  }
}

/**
 * Splits a multiplexed frame; throws RangeError when it does not start with a room name
 * (`RoomNameTooLong` when the name is longer than any room's, before it is read).
 */
export function decodeMuxFrame(frame: Uint8Array): { room: string; message: Uint8Array } {
  const d = decoding.createDecoder(frame);
  const bytes = decoding.peekVarUint(d);
  if (bytes > MAX_ROOM_NAME_BYTES) throw new RoomNameTooLong(bytes);
  const room = decoding.readVarString(d);
  return { room, message: frame.subarray(d.pos) };
}

// ---- messages ----

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}
export const encodeSyncStep1 = (stateVector: Uint8Array) => syncMessage(SyncStep.step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => syncMessage(SyncStep.step2, update);
export const encodeSyncUpdate = (update: Uint8Array) => syncMessage(SyncStep.update, update);

export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function encodeQueryAwareness(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.queryAwareness);
  return encoding.toUint8Array(e);
}

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

/** A decoded message of one room; `kind: 'other'` for the auth channel and unknown types. */
export type Message =
  | { kind: 'sync'; step: number; payload: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' }
  | { kind: 'ack'; n: number }
  | { kind: 'refused'; n: number; code: RefusalCode; message: string }
  | { kind: 'other'; type: number };

/** Reads one message; throws RangeError (lib0) when it is truncated. */
export function decodeMessage(message: Uint8Array): Message {
  const d = decoding.createDecoder(message);
  const type = decoding.readVarUint(d);
  switch (type) {
    case MessageType.sync: {
      const step = decoding.readVarUint(d);
      return { kind: 'sync', step, payload: decoding.readVarUint8Array(d) };
    }
    case MessageType.awareness:
      return { kind: 'awareness', update: decoding.readVarUint8Array(d) };
    case MessageType.queryAwareness:
      return { kind: 'queryAwareness' };
    case MessageType.ack:
      return { kind: 'ack', n: decoding.readVarUint(d) };
    case MessageType.refused:
      return { kind: 'refused', ...decodeRefused(d) };
    default:
      return { kind: 'other', type };
  }
}

/** True for messages that carry document content from a client: sync step 2 and updates. */
export function isWriteFrame(frame: Uint8Array): boolean {
  return frame.length > 1 && frame[0] === MessageType.sync && (frame[1] === SyncStep.step2 || frame[1] === SyncStep.update);
}

// ---- batched sync (version 3) ----

/** One doc of a `syncAll`: the client's state vector, and what it last got of the room's deletions. */
export type SyncAllEntry = {
  doc: DocKey;
  stateVector: Uint8Array;
  /** Digest of the room's deletions the client last applied (`syncBatch` said so); 0 when none. */
  deletions: number;
  /** The client may hold changes the relay lacks though its vector says not (deletions made offline): send your vector. */
  wantVector: boolean;
};

/** The answer for one doc; a doc of the `syncAll` that no batch names is in step already. */
export type SyncBatchEntry = {
  doc: DocKey;
  /** What the client lacks (a sync step 2); empty when nothing. */
  update: Uint8Array;
  /** The relay's state vector (empty when it sends no update and wants no answer). */
  stateVector: Uint8Array;
  /** The client must answer with a step 2 of what the relay lacks (diffed against `stateVector`). */
  answer: boolean;
  /** Digest of the room's deletions (`deletionsDigest`), for the client's next `syncAll`. */
  deletions: number;
  /** Records (`records/*` docs) the update brings: what the join's progress counts. */
  records: number;
};

/**
 * A batch frame: `total` is stated once, on the first frame (the records and docs the whole
 * answer will bring; -1 on later frames), `last` marks the final frame.
 */
export type SyncBatch = { last: boolean; totalRecords: number; totalDocs: number; entries: SyncBatchEntry[] };

const MAX_SYNC_ALL_ENTRIES = 4096;

export function encodeSyncAll(entries: SyncAllEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.syncAll);
  encoding.writeVarUint(e, entries.length);
  for (const x of entries) {
    encoding.writeVarString(e, x.doc);
    encoding.writeVarUint8Array(e, x.stateVector);
    encoding.writeVarUint(e, x.deletions);
    encoding.writeVarUint(e, x.wantVector ? 1 : 0);
  }
  return encoding.toUint8Array(e);
}

/** Reads a `syncAll` body (after its type); throws RangeError when malformed or naming an unknown doc. */
export function decodeSyncAll(d: decoding.Decoder): SyncAllEntry[] {
  const n = decoding.readVarUint(d);
  if (n > MAX_SYNC_ALL_ENTRIES) throw new RangeError('too many docs in one syncAll');
  const out: SyncAllEntry[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const name = decoding.readVarString(d);
    const doc = parseDocKey(name);
    if (!doc) throw new RangeError(`unknown doc "${name.slice(0, 40)}"`);
    if (seen.has(doc)) throw new RangeError(`doc ${doc} named twice`);
    seen.add(doc);
    const stateVector = decoding.readVarUint8Array(d);
    const deletions = decoding.readVarUint(d);
    const wantVector = decoding.readVarUint(d) === 1;
    out.push({ doc, stateVector, deletions, wantVector });
  }
  return out;
}

export function encodeSyncBatch(batch: SyncBatch): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.syncBatch);
  encoding.writeVarUint(e, batch.last ? 1 : 0);
  encoding.writeVarInt(e, batch.totalRecords);
  encoding.writeVarInt(e, batch.totalDocs);
  encoding.writeVarUint(e, batch.entries.length);
  for (const x of batch.entries) {
    encoding.writeVarString(e, x.doc);
    encoding.writeVarUint8Array(e, x.update);
    encoding.writeVarUint8Array(e, x.stateVector);
    encoding.writeVarUint(e, x.answer ? 1 : 0);
    encoding.writeVarUint(e, x.deletions);
    encoding.writeVarUint(e, x.records);
  }
  return encoding.toUint8Array(e);
}

export function decodeSyncBatch(d: decoding.Decoder): SyncBatch {
  const last = decoding.readVarUint(d) === 1;
  const totalRecords = decoding.readVarInt(d);
  const totalDocs = decoding.readVarInt(d);
  const n = decoding.readVarUint(d);
  const entries: SyncBatchEntry[] = [];
  for (let i = 0; i < n; i++) {
    const name = decoding.readVarString(d);
    const doc = parseDocKey(name);
    if (!doc) throw new RangeError(`unknown doc "${name.slice(0, 40)}"`);
    const update = decoding.readVarUint8Array(d);
    const stateVector = decoding.readVarUint8Array(d);
    const answer = decoding.readVarUint(d) === 1;
    if (answer && stateVector.length === 0) throw new RangeError(`an answer for ${doc} needs the relay's state vector`);
    entries.push({ doc, update, stateVector, answer, deletions: decoding.readVarUint(d), records: decoding.readVarUint(d) });
  }
  return { last, totalRecords, totalDocs, entries };
}

/**
 * `role`: the member's role as the relay holds it now (after the version; a client that does not
 * read it stops after the version). Sent again when it changes on an open socket: a member made a
 * viewer is shown as one, instead of offered edits the relay refuses.
 */
export function encodeHello(version = OUTPOST_PROTOCOL_VERSION, role?: Role): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.hello);
  encoding.writeVarUint(e, version);
  if (role) encoding.writeVarString(e, role);
  return encoding.toUint8Array(e);
}

/** A control-room message; `kind: 'other'` for a type this version does not know. */
export type ControlMessage =
  | { kind: 'hello'; version: number; role?: string }
  | { kind: 'syncAll'; entries: SyncAllEntry[] }
  | { kind: 'syncBatch'; batch: SyncBatch }
  | { kind: 'other'; type: number };

/** Reads one control-room message; throws RangeError when it is malformed. */
export function decodeControlMessage(message: Uint8Array): ControlMessage {
  const d = decoding.createDecoder(message);
  const type = decoding.readVarUint(d);
  switch (type) {
    case MessageType.hello: {
      const version = decoding.readVarUint(d);
      // A relay before roles in `hello` sends none; the reader checks what the name says.
      return { kind: 'hello', version, ...(decoding.hasContent(d) ? { role: decoding.readVarString(d) } : {}) };
    }
    case MessageType.syncAll:
      return { kind: 'syncAll', entries: decodeSyncAll(d) };
    case MessageType.syncBatch:
      return { kind: 'syncBatch', batch: decodeSyncBatch(d) };
    default:
      return { kind: 'other', type };
  }
}

/**
 * A 52-bit digest of a room's deletions (an update without structs): what lets a reconnecting
 * client skip deletions it already has. 0 means "no deletions"; equal digests of unequal sets are
 * a 1-in-2^52 chance, and cost only a missed resend of deletions until they change again.
 */
export function deletionsDigest(deletions: Uint8Array | null): number {
  if (!deletions || isEmptyUpdate(deletions)) return 0;
  let h1 = 0xdeadbeef ^ deletions.length;
  let h2 = 0x41c6ce57 ^ deletions.length;
  for (let i = 0; i < deletions.length; i++) {
    const b = deletions[i];
    h1 = Math.imul(h1 ^ b, 2654435761);
    h2 = Math.imul(h2 ^ b, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) || 1;
}

/** An update with no structs and no deletions (`[0, 0]`, what `Y.mergeUpdates([])` encodes). */
export const isEmptyUpdate = (u: Uint8Array) => u.length === 0 || (u.length === 2 && u[0] === 0 && u[1] === 0);
