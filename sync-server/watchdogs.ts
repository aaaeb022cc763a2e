import { CloseCode } from './protocol.ts';
import type { Registry } from './auth/registry.ts';
import type { Fanout } from './fanout/types.ts';
import type { Limits } from './options.ts';
import type { Connection } from './rooms/connection.ts';

/**
 * Periodic checks of open connections: revocation and role changes (at once when an admin acts
 * on any relay, and every `recheckMs` as a safety net), and idle connections.
 */
export function startWatchdogs({ connections, registry, limits, fanout }: { connections: Set<Connection>; registry: Registry; limits: Limits; fanout: Fanout }) {
  let running: Promise<void> | null = null;
  const recheck = async (workspaceId?: string) => {
    const now = Date.now();
    for (const conn of [...connections]) {
      if (now - conn.lastMessageAt > limits.idleTimeoutMs) {
        conn.close(CloseCode.goingAway, 'idle');
        continue;
      }
      if (workspaceId && conn.claims.ws !== workspaceId) continue;
      const access = await registry.recheck(conn.claims, { checkExpiry: true }).catch(() => null);
      // A storage hiccup, or a store that lost the workspace (wiped, about to be restored): keep the
      // connection and check again next round. Workspaces are never deleted, members are revoked.
      if (!access || (!access.ok && access.code === 'notFound')) continue;
      // The credential this connection opened with expired: a stolen copy no longer rides an open
      // socket. Transient: a client that renewed meanwhile (it does after half the lifetime)
      // reconnects with its new credential; one that did not is refused 4401 "expired" then.
      if (!access.ok && access.expired) conn.close(CloseCode.tryAgain, 'The sign-in this connection opened with expired: reconnect with the renewed one.');
      else if (!access.ok) conn.close(CloseCode[access.code], access.reason);
      else conn.role = access.member.role;
    }
  };
  const run = (workspaceId?: string) => {
    const next = (running ?? Promise.resolve()).then(() => recheck(workspaceId));
    running = next.finally(() => running === next && (running = null));
    return next;
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
