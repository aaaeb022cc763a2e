import type { Socket } from 'node:net';
import type { Metrics } from '../metrics.ts';

/**
 * Sockets that have not yet made a complete request or become a WebSocket: what an attacker can
 * open by the thousand for free (silent TCP connections, headers sent a byte at a time, upgrades
 * that never finish). Bounded per address and in total, each given `deadlineMs` to get there; a
 * socket past a bound is closed at once. Sockets that are served (a request read, a WebSocket
 * open) leave the count, so honest traffic never waits on a flood's sockets.
 */
export function createPendingSockets({ perIp, total, deadlineMs, metrics }: { perIp: number; total: number; deadlineMs: number; metrics: Metrics }) {
  const byIp = new Map<string, number>();
  const held = new Map<Socket, { ip: string; timer: NodeJS.Timeout }>();

  const release = (socket: Socket) => {
    const entry = held.get(socket);
    if (!entry) return;
    held.delete(socket);
    clearTimeout(entry.timer);
    const left = (byIp.get(entry.ip) ?? 1) - 1;
    if (left > 0) byIp.set(entry.ip, left);
    else byIp.delete(entry.ip);
  };

  return {
    /** A new TCP connection: counted, or closed when its address or the relay holds too many. */
    admit(socket: Socket) {
      const ip = socket.remoteAddress ?? 'unknown';
      const reason = held.size >= total ? 'pending-total' : (byIp.get(ip) ?? 0) >= perIp ? 'pending-per-ip' : null;
      if (reason) {
        metrics.inc('outpost_refusals_total', 1, { reason });
        socket.destroy();
        return;
      }
      byIp.set(ip, (byIp.get(ip) ?? 0) + 1);
      const timer = setTimeout(() => {
        metrics.inc('outpost_refusals_total', 1, { reason: 'handshake-timeout' });
        socket.destroy();
      }, deadlineMs);
      timer.unref();
      held.set(socket, { ip, timer });
      socket.once('close', () => release(socket));
    },
    /** The socket made a whole request, or its WebSocket is open: no longer pending. */
    served: release,
    get size() {
      return held.size;
    },
  };
}
export type PendingSockets = ReturnType<typeof createPendingSockets>;
