import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { CloseCode, TOKEN_PARAM } from '../protocol.ts';
import { resolveSocketTarget } from '../rooms/socket-target.ts';
import type { Registry } from '../auth/registry.ts';
import type { RelayContext } from '../context.ts';
import type { RoomManager } from '../rooms/room-manager.ts';
import { Connection } from '../rooms/connection.ts';
import { originAllowed } from './respond.ts';

export type UpgradeDeps = {
  wss: WebSocketServer;
  registry: Registry;
  rooms: RoomManager;
  ctx: RelayContext;
  allowedOrigins: string[];
  connectionsByIp: Map<string, number>;
  onConnection: (conn: Connection) => void;
  isClosing: () => boolean;
};

/**
 * Everything is checked before the WebSocket upgrade. A final refusal still completes the
 * handshake, only to close at once with a 44xx code and a reason: a browser cannot read an HTTP
 * status from a failed upgrade, and without the code the client would retry forever. No byte
 * of any document is sent before the check passed.
 */
export async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, deps: UpgradeDeps) {
  const { ctx } = deps;
  const ip = req.socket.remoteAddress ?? 'unknown';
  const deadline = setTimeout(() => socket.destroy(), ctx.limits.preReadyDeadlineMs);
  const refuse = (code: number, reason: string, metric: string) => {
    clearTimeout(deadline);
    ctx.metrics.inc('outpost_refusals_total', 1, { reason: metric });
    deps.wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, reason));
  };
  socket.on('error', () => socket.destroy());
  if (deps.isClosing()) return httpRefuse(socket, deadline, 503, 'Relay is shutting down');
  if ((deps.connectionsByIp.get(ip) ?? 0) >= ctx.limits.connectionsPerIp) {
    ctx.metrics.inc('outpost_refusals_total', 1, { reason: 'connections-per-ip' });
    return httpRefuse(socket, deadline, 429, 'Too many connections from this address');
  }
  if (!originAllowed(req.headers.origin, deps.allowedOrigins)) return refuse(CloseCode.forbidden, `Origin ${req.headers.origin} is not allowed on this relay.`.slice(0, 120), 'origin');

  const url = new URL(req.url ?? '/', 'http://relay');
  const target = resolveSocketTarget(url);
  if (!target.ok) return refuse(target.code, target.reason, target.metric);
  const { workspaceId, doc, outpost } = target;
  const access = await deps.registry.access(url.searchParams.get(TOKEN_PARAM), workspaceId);
  if (!access.ok) return refuse(CloseCode[access.code], access.reason, access.code);

  deps.connectionsByIp.set(ip, (deps.connectionsByIp.get(ip) ?? 0) + 1);
  deps.wss.handleUpgrade(req, socket, head, (ws) => {
    const conn = new Connection(ws, ctx, access.claims, access.member.role, { workspaceId, doc, outpost, ip });
    deps.onConnection(conn);
    void conn.ready.finally(() => clearTimeout(deadline));
  });
}

function httpRefuse(socket: Duplex, deadline: NodeJS.Timeout, status: number, text: string) {
  clearTimeout(deadline);
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}
