import { CloseCode } from './protocol.ts';
import type { Registry } from './auth/registry.ts';
import type { Fanout } from './fanout/types.ts';
import type { Limits } from './options.ts';
import type { Connection } from './rooms/connection.ts';
import type { Metrics } from './metrics.ts';

/**
 * Periodic checks of open connections: revocation and role changes (at once when an admin acts
 * on any relay, and every `recheckMs` as a safety net), and idle connections.
 */
export function startWatchdogs({ connections, registry, limits, fanout, metrics }: { connections: Set<Connection>; registry: Registry; limits: Limits; fanout: Fanout; metrics: Metrics }) {
  /**
   * What the next round checks: every connection (`all`), or those of the named workspaces. A
   * round is asked for every `recheckMs` and on every admin action; one that takes longer than
   * the period (thousands of connections, a slow store) used to have the next queued behind it,
   * without end: thousands of rounds waiting within seconds, memory growing, the relay re-checking
   * back to back. Asks made while a round runs now fold into the one next round.
   */
  let next: { all: boolean; workspaces: Set<string> } | null = null;
  let running = false;
  metrics.gauge('outpost_recheck_rounds_waiting', () => (next ? 1 : 0));
  const recheck = async (workspaces: Set<string> | null) => {
    const now = Date.now();
    for (const conn of [...connections]) {
      // A socket paused by its member's inbound budget is not idle: its frames wait on the relay.
      if (now - conn.lastMessageAt > limits.idleTimeoutMs && !conn.socket.isPaused) {
        conn.close(CloseCode.goingAway, 'idle');
        continue;
      }
      if (workspaces && !workspaces.has(conn.claims.ws)) continue;
      const access = await registry.recheck(conn.claims, { checkExpiry: true }).catch(() => null);
      // A storage hiccup, or a store that lost the workspace (wiped, about to be restored): keep the
      // connection and check again next round. Workspaces are never deleted, members are revoked.
      if (!access || (!access.ok && access.code === 'notFound')) continue;
      // The credential this connection opened with expired: a stolen copy no longer rides an open
      // socket. Transient: a client that renewed meanwhile (it does after half the lifetime)
      // reconnects with its new credential; one that did not is refused 4401 "expired" then.
      if (!access.ok && access.expired) conn.close(CloseCode.tryAgain, 'The sign-in this connection opened with expired: reconnect with the renewed one.');
      else if (!access.ok) conn.close(CloseCode[access.code], access.reason);
      else conn.setRole(access.member.role);
    }
  };
  const run = (workspaceId?: string) => {
    next ??= { all: false, workspaces: new Set() };
    if (workspaceId) next.workspaces.add(workspaceId);
    else next.all = true;
    if (running) return;
    running = true;
    void (async () => {
      while (next) {
        const round = next;
        next = null;
        await recheck(round.all ? null : round.workspaces).catch(() => {});
      }
      running = false;
    })();
  };
  const timer = setInterval(() => void run(), limits.recheckMs);
  timer.unref();
  const stopControl = fanout.onControl((m) => m.type === 'recheck' && void run(m.workspaceId));
  return {
    /** An admin changed a role or revoked someone: tell every relay to re-check now. */
    accessChanged(workspaceId: string) {
      fanout.publishControl({ type: 'recheck', workspaceId });
    },
    stop() {
      clearInterval(timer);
      stopControl();
    },
  };
}
