import type { Metrics } from '../metrics.ts';

/**
 * Connections per address (and, a second instance, per member: `what`, `flag` name it in the log). A slot is taken only once a socket is upgraded (a WebSocket that
 * exists) and given back exactly once when it closes, however it ends; a handshake that aborts
 * (malformed upgrade, a client that hangs up during the token check, a deadline) never held one.
 * Behind a reverse proxy every member shares one address, so a leak here locks a whole team out.
 */
export function createSlots({ limit, metrics, log, what = 'address', flag = '--connections-per-ip' }: { limit: number; metrics: Metrics; log: (line: string) => void; what?: 'address' | 'member'; flag?: string }) {
  const byIp = new Map<string, number>();
  // One log line per address per minute while it stays at the limit; bounded like the form limiter.
  const loggedAt = new Map<string, number>();
  const LOG_EVERY_MS = 60_000;

  const hitLimit = (ip: string) => {
    metrics.inc(what === 'address' ? 'outpost_connection_limit_hits_total' : 'outpost_member_connection_limit_hits_total');
    const now = Date.now();
    const last = loggedAt.get(ip);
    if (last !== undefined && now - last < LOG_EVERY_MS) return;
    loggedAt.delete(ip);
    loggedAt.set(ip, now);
    if (loggedAt.size > 1000) loggedAt.delete(loggedAt.keys().next().value!);
    log(`connection limit: ${what} ${ip} holds ${byIp.get(ip) ?? 0} connections (limit ${limit}, ${flag}); refusing more`);
  };

  return {
    /** Before the handshake: would one more connection of this key be refused? */
    full(ip: string): boolean {
      if ((byIp.get(ip) ?? 0) < limit) return false;
      hitLimit(ip);
      return true;
    },
    /** For an upgraded socket; false (and nothing taken) when the key is at its limit. */
    take(ip: string): boolean {
      const held = byIp.get(ip) ?? 0;
      if (held >= limit) {
        hitLimit(ip);
        return false;
      }
      byIp.set(ip, held + 1);
      return true;
    },
    give(ip: string) {
      const left = (byIp.get(ip) ?? 1) - 1;
      if (left > 0) byIp.set(ip, left);
      else byIp.delete(ip);
    },
    held: (ip: string) => byIp.get(ip) ?? 0,
    limit,
    get total() {
      let n = 0;
      for (const v of byIp.values()) n += v;
      return n;
    },
  };
}
export type Slots = ReturnType<typeof createSlots>;
