import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, encodeAck } from '../protocol.ts';
import type { Role } from '../auth/roles.ts';
import type { TokenClaims } from '../auth/tokens.ts';
import type { RelayContext } from '../context.ts';
import { Room, encodeAwareness, greetingFrames, type RoomPeer } from './room.ts';
import { handleFrame, BadFrame } from './sync-handler.ts';

/**
 * One client socket in one room. Frames that arrive before the room is loaded are buffered (with
 * a cap); afterwards each is handled in order. Every listener is removed in `close`.
 */
export class Connection implements RoomPeer {
  readonly controlledClients = new Set<number>();
  writes = 0;
  settled = 0;
  role: Role;
  room!: Room;
  lastMessageAt = Date.now();
  private pending: Uint8Array[] | null = [];
  private pendingBytes = 0;
  private tokens: number;
  private lastRefill = Date.now();
  private closed = false;

  constructor(
    readonly socket: WebSocket,
    readonly ctx: RelayContext,
    readonly claims: TokenClaims,
    role: Role,
    /** Asked for Outpost messages (acks, refusals) with `?outpost=<version>`. */
    readonly outpost: boolean,
    readonly ip: string,
  ) {
    this.role = role;
    this.tokens = ctx.limits.messageBurst;
    socket.on('message', this.onMessage);
    socket.on('close', this.onClose);
    socket.on('error', this.onClose);
  }

  /** Called once the room has loaded: greet, then replay what arrived meanwhile. */
  attach(room: Room): boolean {
    if (this.closed) return false;
    this.room = room;
    room.peers.add(this);
    for (const frame of greetingFrames(room)) this.send(frame);
    const buffered = this.pending ?? [];
    this.pending = null;
    for (const frame of buffered) this.process(frame);
    return true;
  }

  send(frame: Uint8Array) {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.ctx.metrics.inc('outpost_bytes_out_total', frame.length);
    this.socket.send(frame, { binary: true });
  }

  sendAwarenessSnapshot() {
    const states = this.room.awareness.getStates();
    if (states.size > 0) this.send(encodeAwareness(this.room.awareness, [...states.keys()]));
  }

  /** Acks are monotonic: "all write frames up to n are settled". */
  settleAfterFlush(n: number) {
    const started = performance.now();
    this.ctx.writer.whenFlushed().then(
      () => {
        if (n <= this.settled) return;
        this.settled = n;
        this.ctx.metrics.observeAck(performance.now() - started);
        if (this.outpost) this.send(encodeAck(n));
      },
      () => this.close(CloseCode.tryAgain, 'storage failed; reconnect to resend'),
    );
  }

  close(code: number, reason: string) {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(code, reason);
    this.onClose();
  }

  private onMessage = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    const frame = toBytes(data);
    this.lastMessageAt = Date.now();
    this.ctx.metrics.inc('outpost_bytes_in_total', frame.length);
    if (!isBinary) return this.close(CloseCode.malformed, 'text frames are not part of the protocol');
    if (!this.takeToken()) return this.close(CloseCode.policy, 'too many messages per second');
    if (this.pending) {
      this.pendingBytes += frame.length;
      if (this.pendingBytes > this.ctx.limits.preReadyBufferBytes) return this.close(CloseCode.policy, 'too much data before the room was ready');
      this.pending.push(frame);
      return;
    }
    this.process(frame);
  };

  private process(frame: Uint8Array) {
    if (this.closed) return;
    try {
      handleFrame(this, frame);
    } catch (error) {
      const code = error instanceof BadFrame ? error.code : CloseCode.malformed;
      const reason = error instanceof Error ? error.message : 'bad frame';
      this.ctx.metrics.inc('outpost_bad_frames_total');
      this.close(code, reason.slice(0, 120));
    }
  }

  private takeToken() {
    const { messagesPerSecond, messageBurst } = this.ctx.limits;
    const now = Date.now();
    this.tokens = Math.min(messageBurst, this.tokens + ((now - this.lastRefill) / 1000) * messagesPerSecond);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private onClose = () => {
    if (this.closed) return;
    this.closed = true;
    this.socket.off('message', this.onMessage);
    this.socket.off('close', this.onClose);
    this.socket.off('error', this.onClose);
    this.pending = null;
    if (this.room) {
      this.room.peers.delete(this);
      awarenessProtocol.removeAwarenessStates(this.room.awareness, [...this.controlledClients], null);
    }
    this.ctx.onConnectionClosed(this);
  };
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
