import type { WebSocket } from 'ws';
import { setTimeout as sleep } from 'node:timers/promises';
import { CloseCode, closeReason, CONTROL_ROOM, isLegacyRoom, decodeMuxFrame, encodeAck, encodeHello, encodeMuxFrame, isPresence, isSyncRequest, OUTPOST_PROTOCOL_VERSION, parseRoomKey, RoomNameTooLong, type RoomKey } from '../protocol.ts';
import { handleControl } from './batch-sync.ts';
import type { Role } from '../auth/roles.ts';
import type { TokenClaims } from '../auth/tokens.ts';
import type { RelayContext } from '../context.ts';
import type { DocKey } from '../../src/domain/routing.ts';
import { greetingFrames, type Room, type RoomPeer } from './room.ts';
import { handleMessage, BadFrame, presenceTaken, refusePresence } from './sync-handler.ts';
import type { InboundTracker } from '../http/inbound.ts';
import { memberKey, type MemberInbound } from './member-inbound.ts';

/** Bytes a batch answer lets wait in a socket's outgoing buffer before it sends more. */
export const DRAIN_BYTES = 1024 * 1024;
const DRAIN_POLL_MS = 20;

export type ConnectionOptions = {
  workspaceId: string;
  /** Asked for Outpost messages (acks, refusals) with `?outpost=<version>`. */
  outpost: boolean;
  /** The protocol version the client asked for (0 for a stock client). */
  version?: number;
  /** The one room of a single-room socket (`/<ws>/<docKey>`); undefined for the multiplexed socket. */
  doc?: DocKey;
  ip: string;
  /** Counts what `ws` holds of this socket's unfinished frames (`http/inbound.ts`). */
  inbound?: InboundTracker;
};

/**
 * One connection's part in one room: its peer identity there (awareness clients), its numbered
 * writes and acks, and the queue that keeps its messages in order while the room loads.
 */
export class Membership implements RoomPeer {
  readonly controlledClients = new Set<number>();
  writes = 0;
  settled = 0;
  /** Answers of what this connection lacked of the room, whole or part (`limits.maxFullSyncsPerRoom`). */
  answers = 0;
  /** When this connection was last sent the room's deletions alone (`DELETIONS_ANSWER_INTERVAL_MS`). */
  deletionsAnsweredAt = 0;
  room: Room | null = null;
  /** The room is loaded and greeted: messages no longer wait on a load. */
  ready = false;
  queue: Promise<void>;

  constructor(
    readonly conn: Connection,
    readonly key: RoomKey,
    ready: Promise<Room | null>,
    /** Send the room's step 1 on joining; a batched sync (`syncAll`) answers in its batch instead. */
    greet = true,
  ) {
    this.queue = ready.then((room) => {
      this.ready = true;
      if (!room) return;
      if (!conn.isOpen) return conn.ctx.rooms.released(room);
      this.room = room;
      room.peers.add(this);
      for (const frame of greetingFrames(room, greet)) this.send(frame);
    });
  }

  send(message: Uint8Array) {
    this.conn.sendMessage(this.key, message);
  }

  drop(code: number, reason: string) {
    this.conn.close(code, reason);
  }

  /** Acks are monotonic per room: "all write messages up to n are settled". */
  settleAfterFlush(n: number) {
    const started = performance.now();
    const { ctx } = this.conn;
    // The writer waits on its ack ("all changes saved"): foreground until it is sent.
    ctx.foreground.track(ctx.writer.whenFlushed()).then(
      () => {
        if (n <= this.settled) return;
        this.settled = n;
        ctx.metrics.observeAck(performance.now() - started);
        if (this.conn.outpost) this.send(encodeAck(n));
      },
      () => this.conn.close(CloseCode.tryAgain, 'storage failed; reconnect to resend'),
    );
  }
}
/**
 * One client socket: a single room (stock y-websocket, or an Outpost single-room client) or the
 * Outpost multiplexed socket of a workspace, whose frames each name their room. Auth happened
 * before the upgrade; rate limits, buffers and closing are per socket, roles and limits per room.
 * Every listener is removed in `close`.
 */
export class Connection {
  role: Role;
  lastMessageAt = Date.now();
  readonly memberships = new Map<string, Membership>();
  readonly workspaceId: string;
  readonly outpost: boolean;
  readonly ip: string;
  readonly mux: boolean;
  /** The client speaks batched sync (version 3 on a multiplexed socket). */
  readonly batched: boolean;
  /** Resolves once a single-room socket's room is served (the multiplexed socket: at once). */
  readonly ready: Promise<boolean>;
  private pendingBytes = 0;
  /** Frames per second (`limits.messagesPerSecond`). */
  private readonly messages: TokenBucket;
  /** Presence updates per second (`limits.awarenessPerSecond`): each is sent to every peer of its room. */
  readonly presence: TokenBucket;
  private closed = false;
  private readonly inbound: InboundTracker | undefined;
  /** This socket's part in its member's bytes per second (`limits.memberBytesPerSecond`). */
  private readonly memberInbound: MemberInbound;

  constructor(
    readonly socket: WebSocket,
    readonly ctx: RelayContext,
    readonly claims: TokenClaims,
    role: Role,
    options: ConnectionOptions,
  ) {
    this.role = role;
    this.workspaceId = options.workspaceId;
    this.outpost = options.outpost;
    this.ip = options.ip;
    this.mux = !options.doc;
    this.batched = this.mux && (options.version ?? 0) >= 3;
    this.messages = new TokenBucket(ctx.limits.messagesPerSecond, ctx.limits.messageBurst, ctx.now);
    this.presence = new TokenBucket(ctx.limits.awarenessPerSecond, ctx.limits.awarenessBurst, ctx.now);
    this.inbound = options.inbound;
    this.memberInbound = ctx.memberInbound.join(memberKey(claims), socket);
    socket.on('message', this.onMessage);
    socket.on('close', this.onClose);
    socket.on('error', this.onClose);
    // Says this relay answers a `syncAll`: the client sends one instead of a step 1 per room.
    if (this.batched) this.sendMessage(CONTROL_ROOM, encodeHello(OUTPOST_PROTOCOL_VERSION, role));
    this.ready = options.doc ? this.join(options.doc).queue.then(() => !this.closed) : Promise.resolve(true);
  }

  /**
   * The member's role changed while connected (the watchdogs' re-check): later writes are judged
   * by it, and a batched client hears it (`hello` again), so its pages stop offering what the
   * relay would refuse.
   */
  setRole(role: Role) {
    if (role === this.role) return;
    this.role = role;
    if (this.batched) this.sendMessage(CONTROL_ROOM, encodeHello(OUTPOST_PROTOCOL_VERSION, role));
  }

  /** Awareness client ids this connection speaks for, over all its rooms (`limits.maxAwarenessClients`). */
  get awarenessClients(): number {
    const ids = new Set<number>();
    for (const m of this.memberships.values()) for (const id of m.controlledClients) ids.add(id);
    return ids.size;
  }

  get isOpen() {
    return !this.closed;
  }

  /** The rooms this connection has joined (loaded). */
  get rooms(): Room[] {
    return [...this.memberships.values()].flatMap((m) => (m.room ? [m.room] : []));
  }

  sendMessage(room: RoomKey | typeof CONTROL_ROOM, message: Uint8Array) {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const frame = this.mux ? encodeMuxFrame(room, message) : message;
    const { maxBufferedBytes } = this.ctx.limits;
    if (this.socket.bufferedAmount + frame.length > maxBufferedBytes) {
      this.ctx.metrics.inc('outpost_slow_reader_closes_total');
      return this.close(CloseCode.policy, `the client reads too slowly: the relay will not hold more than ${Math.round(maxBufferedBytes / 2 ** 20)} MB for it`);
    }
    this.ctx.metrics.inc('outpost_bytes_out_total', frame.length);
    this.socket.send(frame, { binary: true });
  }

  /**
   * Resolves once at most `DRAIN_BYTES` wait in the socket's outgoing buffer, or it closed: a
   * batch answer streams at the reader's pace instead of queueing every room in memory.
   */
  async drained() {
    while (this.isOpen && this.socket.bufferedAmount > DRAIN_BYTES) await sleep(DRAIN_POLL_MS);
  }

  close(code: number, reason: string) {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(code, closeReason(reason));
    this.onClose();
  }

  /** This connection's membership of a room, made (and the room loaded) on first use. */
  join(key: RoomKey, greet = true): Membership {
    let m = this.memberships.get(key);
    if (m) return m;
    const ready = isLegacyRoom(key) ? Promise.resolve(null) : this.ctx.rooms.get(this.workspaceId, key as DocKey);
    m = new Membership(this, key, ready, greet);
    this.memberships.set(key, m);
    m.queue = m.queue.catch((error) => {
      this.ctx.log(`loading ${this.workspaceId}/${key} failed: ${error}`);
      this.close(CloseCode.tryAgain, 'The relay could not load this document; try again.');
    });
    return m;
  }

  private onMessage = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    const frame = toBytes(data);
    this.inbound?.delivered(frame.length);
    this.memberInbound.spend(frame.length);
    this.lastMessageAt = Date.now();
    this.ctx.metrics.inc('outpost_bytes_in_total', frame.length);
    if (!isBinary) return this.close(CloseCode.malformed, 'text frames are not part of the protocol');
    if (!this.messages.take()) return this.close(CloseCode.policy, 'too many messages per second');
    let key: RoomKey;
    let message = frame;
    if (this.mux) {
      let named: string;
      try {
        ({ room: named, message } = decodeMuxFrame(frame));
      } catch (error) {
        if (error instanceof RoomNameTooLong) return this.close(CloseCode.notFound, error.message);
        return this.fail(new BadFrame(CloseCode.malformed, 'frame does not name a room'));
      }
      if (named === CONTROL_ROOM && this.batched) {
        // A client sends one syncAll and waits for its answer; queueing more would let one socket
        // make the relay read every room of the workspace again and again.
        if (this.syncing) return this.close(CloseCode.policy, 'a syncAll is already being answered on this connection: send one at a time');
        let answer: () => Promise<void>;
        try {
          answer = handleControl(this, message);
        } catch (error) {
          return this.fail(error);
        }
        this.syncing = true;
        // A reconnect or a join waits on the answer: foreground until it is sent.
        this.control = this.ctx.foreground
          .track(this.control.then(answer))
          .catch((error) => this.fail(error))
          .finally(() => (this.syncing = false));
        return;
      }
      const parsed = parseRoomKey(named);
      if (!parsed) return this.close(CloseCode.notFound, `Unknown room (update Outpost): "${named}"`);
      key = parsed;
      // Checked before joining: presence alone must not load a room or make its sender a peer there.
      if (isPresence(message) && !presenceTaken(this, key)) return refusePresence(this, key);
    } else key = [...this.memberships.keys()][0] as RoomKey;
    const { maxLegacyPushBytes } = this.ctx.limits;
    if (isLegacyRoom(key) && message.length > maxLegacyPushBytes) return this.close(CloseCode.tooBig, `a legacy push may hold at most ${maxLegacyPushBytes / 2 ** 20} MB`);
    const m = this.join(key);
    // Bytes sent before their room is loaded wait in memory: capped per socket.
    const early = m.ready ? 0 : message.length;
    this.pendingBytes += early;
    if (this.pendingBytes > this.ctx.limits.preReadyBufferBytes) return this.close(CloseCode.policy, 'too much data before the room was ready');
    const handled = m.queue.then(async () => {
      this.pendingBytes -= early;
      if (this.closed) return;
      try {
        await handleMessage(m, message);
      } catch (error) {
        this.fail(error);
      }
    });
    // A sync request's sender waits on its answer (and on the frames queued before it): foreground
    // until answered. A write's sender waits on its ack, which `settleAfterFlush` tracks.
    m.queue = isSyncRequest(message) ? this.ctx.foreground.track(handled) : handled;
  };

  /** Control messages (a `syncAll`) are handled one after the other. */
  private control: Promise<void> = Promise.resolve();
  /** A syncAll is being answered. */
  private syncing = false;

  fail(error: unknown) {
    const code = error instanceof BadFrame ? error.code : CloseCode.malformed;
    const reason = error instanceof Error ? error.message : 'bad frame';
    this.ctx.metrics.inc('outpost_bad_frames_total');
    this.close(code, reason);
  }

  private onClose = () => {
    if (this.closed) return;
    this.closed = true;
    this.socket.off('message', this.onMessage);
    this.socket.off('close', this.onClose);
    this.socket.off('error', this.onClose);
    this.inbound?.stop();
    this.memberInbound.leave();
    for (const m of this.memberships.values()) {
      if (!m.room) continue;
      m.room.leave(m);
      this.ctx.rooms.released(m.room);
    }
    this.ctx.onConnectionClosed(this);
  };
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A rate with a burst allowance: `take` is false once the burst is spent faster than `perSecond` refills it. */
export class TokenBucket {
  private tokens: number;
  private lastRefill: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.lastRefill = now();
  }

  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) / 1000) * this.perSecond);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
