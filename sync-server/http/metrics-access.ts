import { BlockList } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { addRange, inList } from '../net/addresses.ts';
import { sameSecret } from '../auth/secrets.ts';
import type { ProxyTrust } from './client-address.ts';
import { bearer } from './respond.ts';

const loopback = new BlockList();
for (const range of ['127.0.0.0/8', '::1']) addRange(loopback, range);

/** Headers a reverse proxy adds: a request that carries one came from elsewhere, whatever its socket says. */
const FORWARDED = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

export const METRICS_REFUSED = '/metrics answers requests from the relay\'s own machine, or with the metrics token (--metrics-token) or the operator key as "Authorization: Bearer …".';

/**
 * Who may read `/metrics`: counts only, but room, connection and member-refusal counts tell an
 * outsider how big a team is and when it works. A scraper on the relay's machine reads it as
 * before; anyone else presents `--metrics-token` (a read-only secret for Prometheus'
 * `authorization.credentials_file`) or the operator key.
 *
 * "The relay's machine" is a loopback socket whose request names no other client: a reverse
 * proxy on the same host (nginx in front of `wss://`) connects from 127.0.0.1 for every visitor,
 * so a request carrying a forwarding header is judged by the client it names (through a trusted
 * proxy) or, from a proxy the operator did not name, as not local.
 */
export function createMetricsAccess({ token, operatorKey, proxies }: { token?: string; operatorKey: string; proxies: ProxyTrust }) {
  const local = (req: IncomingMessage) => {
    if (!inList(loopback, req.socket.remoteAddress ?? '')) return false;
    if (!FORWARDED.some((h) => req.headers[h] !== undefined)) return true;
    return proxies.trusts(req.socket.remoteAddress ?? '') && inList(loopback, proxies.clientOf(req));
  };
  return (req: IncomingMessage): boolean => {
    const given = bearer(req);
    if (given) return (!!token && sameSecret(given, token)) || sameSecret(given, operatorKey);
    return local(req);
  };
}
