import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Metrics } from '../metrics.ts';
import { addressKey } from '../net/addresses.ts';

/**
 * Sockets that have not yet made a complete request or become a WebSocket: what an attacker can
 * open by the thousand for free (silent TCP connections, headers sent a byte at a time, upgrades
 * that never finish, request bodies that stop). Bounded per address and in total, each given
 * `deadlineMs` to send its headers; a socket past a bound is closed at once. Sockets that are
 * served (a whole request read, a WebSocket open) leave the count, so honest traffic never waits
 * on a flood's sockets.
 */
export function createPendingSockets({ perIp, total, deadlineMs, metrics, proxy = () => false }: {
  perIp: number; total: number; deadlineMs: number; metrics: Metrics;
  /**
   * A trusted reverse proxy's address: its sockets carry many clients, whose addresses are not
   * known before their headers, so they count only towards `total` (the proxy bounds its own).
   */
  proxy?: (address: string) => boolean;
}) {
  const byIp = new Map<string, number>();
  const held = new Map<Socket, { ip: string; timer: NodeJS.Timeout | undefined }>();
  /** Sockets whose close already releases them. */
  const watched = new WeakSet<Socket>();

  const release = (socket: Socket) => {
    const entry = held.get(socket);
    if (!entry) return;
    held.delete(socket);
    clearTimeout(entry.timer);
    const left = (byIp.get(entry.ip) ?? 1) - 1;
    if (left > 0) byIp.set(entry.ip, left);
    else byIp.delete(entry.ip);
  };

  /** Counts a socket, or closes it when its address or the relay holds too many; `deadline` closes it after `deadlineMs` unless served. */
  const hold = (socket: Socket, deadline: boolean) => {
    const ip = addressKey(socket.remoteAddress);
    const perAddress = !proxy(socket.remoteAddress ?? '');
    const reason = held.size >= total ? 'pending-total' : perAddress && (byIp.get(ip) ?? 0) >= perIp ? 'pending-per-ip' : null;
    if (reason) {
      metrics.inc('outpost_refusals_total', 1, { reason });
      socket.destroy();
      return false;
    }
    byIp.set(ip, (byIp.get(ip) ?? 0) + 1);
    const timer = deadline
      ? setTimeout(() => {
          metrics.inc('outpost_refusals_total', 1, { reason: 'handshake-timeout' });
          socket.destroy();
        }, deadlineMs).unref()
      : undefined;
    held.set(socket, { ip, timer });
    // Once per socket: a kept-alive one is held again at each request, for months maybe.
    if (!watched.has(socket)) {
      watched.add(socket);
      socket.once('close', () => release(socket));
    }
    return true;
  };

  return {
    /** A new TCP connection: counted, or closed when its address or the relay holds too many. */
    admit(socket: Socket) {
      hold(socket, true);
    },
    /**
     * A request's headers arrived. Its body may still be coming a byte at a time (or, answered
     * already, be read to its announced end): the socket stays counted until the whole request is
     * in, without the handshake deadline (Node's request timeout bounds it). A kept-alive socket's
     * next request is counted again. Before, a served socket left the count at its headers, and
     * one address could hold thousands of unfinished bodies for 30 s each.
     */
    request(req: IncomingMessage) {
      const { socket } = req;
      const entry = held.get(socket);
      if (entry) clearTimeout(entry.timer);
      else if (!hold(socket, false)) return;
      const done = () => release(socket);
      if (req.complete) return done();
      req.once('end', done);
      // A request without a body is complete once the parser is past it (after this event).
      process.nextTick(() => req.complete && done());
    },
    /** The socket made a whole request, or its WebSocket is open: no longer pending. */
    served: release,
    get size() {
      return held.size;
    },
  };
}
export type PendingSockets = ReturnType<typeof createPendingSockets>;
