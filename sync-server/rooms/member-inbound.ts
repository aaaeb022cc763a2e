import type { Metrics } from '../metrics.ts';

/** One member of one workspace, over every device and credential (`limits.connectionsPerMember` counts the same). */
export const memberKey = (claims: { ws: string; sub: string }) => `${claims.ws}/${claims.sub}`;

/** What the budget pauses: a `ws` WebSocket stops reading its TCP socket while paused. */
export type Pausable = { pause(): void; resume(): void };

/** One socket's part in its member's budget (`createMemberInbound`). */
export type MemberInbound = {
  /** A whole frame of `bytes` reached the relay: spent from the member's budget, which may pause its sockets. */
  spend(bytes: number): void;
  /** The socket closed. */
  leave(): void;
};

type Entry = { tokens: number; at: number; sockets: Set<Pausable>; paused: boolean; timer?: NodeJS.Timeout };

/**
 * Bytes per second each member's sockets may have the relay read and decode, with a burst
 * (`limits.memberBytesPerSecond`, `limits.memberBytesBurst`). Every frame is bounded (8 MB,
 * 200,000 structs), but not how often: a member (or a viewer, whose writes are refused only after
 * they are decoded) could send such frames back to back, each about 0.65 s of the relay's event
 * loop, and every other member's edits waited behind them.
 *
 * A member past the budget is slowed, never cut: every socket of theirs is paused (`ws` stops
 * reading; TCP pushes back on the sender) until the budget is back to zero, and the frames are
 * then read and answered as usual. An honest client's large upload (a join's first push, an
 * import) takes a little longer past the burst; no frame is refused, no connection closed, so
 * nothing is resent. A budget in debt outlives the member's sockets until it is paid back:
 * reconnecting does not reset it.
 */
export function createMemberInbound({ bytesPerSecond, burst, metrics, now = Date.now }: { bytesPerSecond: number; burst: number; metrics: Metrics; now?: () => number }) {
  const members = new Map<string, Entry>();

  const refill = (e: Entry) => {
    const t = now();
    e.tokens = Math.min(burst, e.tokens + ((t - e.at) / 1000) * bytesPerSecond);
    e.at = t;
  };
  /** Calls `then` once the budget is back to zero. */
  const after = (e: Entry, bytes: number, then: () => void) => {
    clearTimeout(e.timer);
    e.timer = setTimeout(then, Math.max(1, Math.ceil((bytes / bytesPerSecond) * 1000)));
    e.timer.unref();
  };
  const whenPaidBack = (e: Entry, then: () => void) => after(e, -e.tokens, then);
  const resume = (key: string, e: Entry) => {
    refill(e);
    if (e.tokens < 0) return whenPaidBack(e, () => resume(key, e));
    e.timer = undefined;
    e.paused = false;
    for (const s of e.sockets) s.resume();
    forgetIfIdle(key, e);
  };
  const forgetIfIdle = (key: string, e: Entry) => {
    if (e.sockets.size > 0 || e.paused) return;
    refill(e);
    if (e.tokens >= burst) return void members.delete(key);
    // Kept until paid back and full again, then forgotten: a reconnect finds the debt.
    after(e, burst - e.tokens, () => members.get(key) === e && e.sockets.size === 0 && members.delete(key));
  };

  metrics.gauge('outpost_inbound_paused_members', () => [...members.values()].filter((e) => e.paused).length);

  return {
    join(key: string, socket: Pausable): MemberInbound {
      let e = members.get(key);
      if (!e) members.set(key, (e = { tokens: burst, at: now(), sockets: new Set(), paused: false }));
      const entry = e;
      entry.sockets.add(socket);
      if (entry.paused) socket.pause();
      else clearTimeout(entry.timer); // an idle entry's forgetting
      return {
        spend(bytes) {
          refill(entry);
          entry.tokens -= bytes;
          if (entry.tokens >= 0 || entry.paused) return;
          entry.paused = true;
          metrics.inc('outpost_inbound_pauses_total');
          for (const s of entry.sockets) s.pause();
          whenPaidBack(entry, () => resume(key, entry));
        },
        leave() {
          if (!entry.sockets.delete(socket)) return;
          if (entry.sockets.size === 0 && entry.paused) {
            // Nobody left to resume: the debt stays (below), the pause ends.
            clearTimeout(entry.timer);
            entry.paused = false;
          }
          forgetIfIdle(key, entry);
        },
      };
    },
    get members() {
      return members.size;
    },
  };
}
export type MemberInboundBudget = ReturnType<typeof createMemberInbound>;
