import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { CloseCode, TOKEN_PARAM, closeReason } from '../protocol.ts';
import { resolveSocketTarget } from '../rooms/socket-target.ts';
import type { Registry } from '../auth/registry.ts';
import { parseProtocols } from '../auth/transport.ts';
import type { RelayContext } from '../context.ts';
import type { RoomManager } from '../rooms/room-manager.ts';
import { Connection } from '../rooms/connection.ts';
import { BAD_TARGET_REASON, originAllowed, requestUrl } from './respond.ts';
import type { Slots } from './slots.ts';
import type { InboundBudget } from './inbound.ts';
import { memberKey } from '../rooms/member-inbound.ts';

/** An evicted socket stops being read at once and is cut after this: time for its close frame to arrive. */
const EVICT_GRACE_MS = 1000;

export type UpgradeDeps = {
  wss: WebSocketServer;
  registry: Registry;
  rooms: RoomManager;
  ctx: RelayContext;
  allowedOrigins: string[];
  slots: Slots;
  /** Connections per member (`memberKey`), given back with the address's slot. */
  memberSlots: Slots;
  /** Bytes of inbound frames being received, relay-wide (`limits.maxInboundBytes`). */
  inbound: InboundBudget;
  /** `?token=` for stock y-websocket clients, when the operator turned it on. */
  allowQueryToken: boolean;
  /** What connections per address count for the client (through trusted proxies: sync-server/http/client-address.ts). */
  clientKey: (req: IncomingMessage) => string;
  onConnection: (conn: Connection) => void;
  isClosing: () => boolean;
};

/**
 * Everything is checked before the WebSocket upgrade. A final refusal still completes the
 * handshake, only to close at once with a 44xx code and a reason: a browser cannot read an HTTP
 * status from a failed upgrade, and without the code the client would retry forever. No byte
 * of any document is sent before the check passed.
 *
 * The token comes as a subprotocol (`auth.<token>`, see auth/transport.ts), or as `?token=` only
 * when the operator allows it. Neither is ever logged.
 */
export async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, deps: UpgradeDeps) {
  const { ctx, slots } = deps;
  const ip = deps.clientKey(req);
  let done = false;
  const deadline = setTimeout(() => socket.destroy(), ctx.limits.preReadyDeadlineMs);
  socket.once('close', () => clearTimeout(deadline));
  /** Completes the handshake; `use` runs only for a socket that really upgraded. */
  const upgrade = (use: (ws: WebSocket) => void) => {
    if (done) return;
    done = true;
    deps.wss.handleUpgrade(req, socket, head, (ws) => {
      // A frame no client may send (reserved bits, unmasked, a bad opcode) is an 'error' on the
      // WebSocket, also once it is closing (a refusal, a Connection that let go of its listeners):
      // unheard, it was uncaught and ended the process. `ws` closes such a socket itself, with
      // the code that names the fault (1002, 1009…): nothing more to do here.
      ws.on('error', () => {});
      use(ws);
    });
  };
  const refuse = (code: number, reason: string, metric: string) => {
    clearTimeout(deadline);
    ctx.metrics.inc('outpost_refusals_total', 1, { reason: metric });
    upgrade((ws) => ws.close(code, closeReason(reason)));
  };
  socket.on('error', () => socket.destroy());
  if (deps.isClosing()) return httpRefuse(socket, deadline, 503, 'Relay is shutting down');
  if (slots.full(ip)) {
    ctx.metrics.inc('outpost_refusals_total', 1, { reason: 'connections-per-ip' });
    return httpRefuse(socket, deadline, 429, 'Too many connections from this address');
  }
  if (!originAllowed(req.headers.origin, deps.allowedOrigins)) return refuse(CloseCode.forbidden, `Origin not allowed on this relay: ${req.headers.origin}`, 'origin');

  const url = requestUrl(req);
  if (!url) return httpRefuse(socket, deadline, 400, BAD_TARGET_REASON);
  const target = resolveSocketTarget(url);
  if (!target.ok) return refuse(target.code, target.reason, target.metric);
  const { workspaceId, doc, outpost } = target;
  const offered = parseProtocols(req.headers['sec-websocket-protocol']);
  const queryToken = url.searchParams.get(TOKEN_PARAM);
  // Two different credentials on one request were taken silently, the first listed: refused.
  if (offered.conflicting || new Set(url.searchParams.getAll(TOKEN_PARAM)).size > 1) {
    return refuse(CloseCode.unauthorized, 'Two different tokens were offered: send one.', 'conflicting-tokens');
  }
  if (!offered.token && queryToken && !deps.allowQueryToken) {
    return refuse(CloseCode.unauthorized, 'Tokens in the URL are turned off on this relay: update Outpost, or ask the operator for --allow-query-token.', 'query-token');
  }
  // The storage down (Redis unreachable): the token cannot be checked. A clear, transient close
  // (the client retries), not a reset socket.
  const access = await deps.registry.access(offered.token ?? queryToken, workspaceId).catch(() => null);
  if (socket.destroyed) return; // the client hung up during the check: nothing was taken
  if (!access) return refuse(CloseCode.tryAgain, 'The relay cannot reach its storage right now: try again in a moment.', 'storage');
  if (!access.ok) return refuse(CloseCode[access.code], access.reason, access.code);
  // Transient (1008): a laptop that changed networks leaves sockets the relay has not seen die
  // yet; its new one gets in once they time out. Final would stop the real member for good.
  const member = memberKey(access.claims);
  const memberFull = `Too many connections for this member (limit ${deps.memberSlots.limit}): close some, or ask the operator for --connections-per-member`;
  if (deps.memberSlots.full(member)) return refuse(CloseCode.policy, memberFull, 'connections-per-member');

  upgrade((ws) => {
    // The slot belongs to this upgraded socket, and is given back when it closes, however it ends.
    if (!slots.take(ip)) {
      clearTimeout(deadline);
      ctx.metrics.inc('outpost_refusals_total', 1, { reason: 'connections-per-ip' });
      return ws.close(CloseCode.policy, closeReason('Too many connections from this address'));
    }
    if (!deps.memberSlots.take(member)) {
      slots.give(ip);
      clearTimeout(deadline);
      ctx.metrics.inc('outpost_refusals_total', 1, { reason: 'connections-per-member' });
      return ws.close(CloseCode.policy, closeReason(memberFull));
    }
    const maxMB = Math.round(ctx.limits.maxInboundBytes / 2 ** 20);
    // The socket holding the largest unfinished frame when the relay-wide budget is spent: its frame goes, the rest keep theirs.
    const inbound = deps.inbound.track(socket, () => {
      conn.close(CloseCode.tryAgain, `the relay is receiving ${maxMB} MB from all clients at once and this connection held the most: send it again later`);
      socket.pause();
      setTimeout(() => socket.destroy(), EVICT_GRACE_MS).unref();
    });
    const conn: Connection = new Connection(ws, ctx, access.claims, access.member.role, { workspaceId, doc, outpost, version: target.version, ip, inbound });
    deps.onConnection(conn);
    void conn.ready.finally(() => clearTimeout(deadline));
  });
}

/** What connections per member count: one member of one workspace, every device and credential of theirs. */

function httpRefuse(socket: Duplex, deadline: NodeJS.Timeout, status: number, text: string) {
  clearTimeout(deadline);
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}
