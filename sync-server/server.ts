import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { resolveOptions, type RelayOptions, type PartialRelayOptions } from './options.ts';
import { createMetrics } from './metrics.ts';
import { sharedClock } from './auth/shared-clock.ts';
import { openStorage } from './storage/open.ts';
import { keptSummary } from './rooms/summary.ts';
import { createDurableWriter } from './storage/durable-writer.ts';
import { createRoomManager } from './rooms/room-manager.ts';
import { createLegacyUpgrade } from './rooms/legacy.ts';
import { createRegistry } from './auth/registry.ts';
import { keysFromSecret, newSecret, systemClock } from './auth/tokens.ts';
import { CloseCode } from './protocol.ts';
import type { Connection } from './rooms/connection.ts';
import type { RelayContext } from './context.ts';
import { handleUpgrade } from './http/upgrade.ts';
import { createMemberInbound, memberKey } from './rooms/member-inbound.ts';
import { handleAdmin, handleAuth, type AdminDeps } from './http/admin.ts';
import { createSlots } from './http/slots.ts';
import { createProxyTrust } from './http/client-address.ts';
import { createMetricsAccess, METRICS_REFUSED } from './http/metrics-access.ts';
import { createPendingSockets } from './http/pending.ts';
import { createInboundBudget } from './http/inbound.ts';
import { createRateLimiter } from './forms/rate-limit.ts';
import { selectProtocol } from './auth/transport.ts';
import { createBackups } from './backup.ts';
import { RELAY_INFO_FILE } from './cli/relay-info.ts';
import { createFormHandler } from './http/forms.ts';
import { BAD_TARGET_REASON, requestUrl, sendJson, sendText, originAllowed } from './http/respond.ts';
import { allowHeader, routeMethod } from './http/methods.ts';
import { startWatchdogs } from './watchdogs.ts';
import { RecordEventBus } from './events/record-events.ts';
import { checkWebhookOptions, openWebhooks, webhookDbPath } from './webhooks/index.ts';
import { createProjection } from './projection/projection.ts';
import { createForeground } from './foreground.ts';
import { createApiKeys } from './api/keys.ts';
import { createRecordWriter } from './api/records.ts';
import { createApiHandler } from './api/routes.ts';

export type Relay = Awaited<ReturnType<typeof startRelay>>;
export type StartRelayOptions = PartialRelayOptions;

/** Starts the relay: HTTP (health, metrics, admin, forms) and WebSocket rooms on one port. */
export async function startRelay(partial: StartRelayOptions = {}) {
  const options = resolveOptions(partial);
  const { limits, log } = options;
  // A bad webhook allow-list entry stops the relay at start, not at the first delivery.
  checkWebhookOptions(options.webhooks);
  await mkdir(options.dataDir, { recursive: true });
  const { storage, fanout } = await openStorage(options);
  const secret = options.secret ?? (await storage.setMetaIfAbsent('jwt-secret', newSecret()));
  const operatorKey = await loadOperatorKey(options.dataDir, await storage.setMetaIfAbsent('operator-key', randomBytes(24).toString('base64url')));
  // Relays on one Redis judge expiry on one clock, the storage's; one relay on its own keeps its own.
  const shared = storage.time ? await sharedClock(options.clock ?? systemClock, () => storage.time!(), log) : null;
  const clock = shared?.clock ?? options.clock;
  const registry = createRegistry(storage, keysFromSecret(secret), { clock, credentialSeconds: options.credentialSeconds });
  const metrics = createMetrics();
  // Record changes: the projection emits them, webhooks (and tests) subscribe.
  const events = new RecordEventBus();
  // Requests, upgrades, sync answers and acks in flight: the projection's drain holds back for them.
  const foreground = createForeground();
  const projection = createProjection({
    file: options.projectionFile ?? join(options.dataDir, 'projection.sqlite'),
    readStored: async (room) => {
      await writer.whenFlushed().catch(() => {});
      return storage.loadRoom(room);
    },
    storedVector: async (room) => {
      await writer.whenFlushed().catch(() => {});
      return (await keptSummary(storage, room))?.sv;
    },
    events,
    log,
    foreground,
  });
  const writer = createDurableWriter({
    storage,
    onFlushed: (batch) => {
      fanout.publishUpdates(batch);
      for (const { room, update } of batch) projection.applyLocal(room, update);
    },
    onError: (error, batch) => {
      log(`storage write failed: ${error}`);
      rooms.forget(
        batch.map((entry) => entry.room),
        'the relay could not store a write (storage failed): reconnect to send it again',
      );
    },
  });
  const stopProjectionFeed = fanout.onUpdate((room, update) => projection.applyFanout(room, update));
  const connections = new Set<Connection>();
  const slots = createSlots({ limit: limits.connectionsPerIp, metrics, log });
  const memberSlots = createSlots({ limit: limits.connectionsPerMember, metrics, log, what: 'member', flag: '--connections-per-member' });
  // Behind a reverse proxy, per-address bounds count the client it names, not the proxy.
  const proxies = createProxyTrust(options.trustProxy ?? []);
  const upgrade = createLegacyUpgrade({
    storage,
    writer,
    log,
    write: (workspaceId, docKey, update) => rooms.write(workspaceId, docKey, update),
    readStored: async (workspaceId, docKey) => {
      const room = await rooms.get(workspaceId, docKey);
      try {
        return await rooms.readStored(room);
      } finally {
        rooms.released(room);
      }
    },
  });
  const rooms = createRoomManager({ storage, writer, fanout, limits, metrics, log, beforeWorkspace: (ws) => upgrade.ensure(ws) });
  const webhooks = await openWebhooks({ dbPath: webhookDbPath(options.dataDir, !!options.storage), storage, events, options: options.webhooks, metrics, log });
  const ctx: RelayContext = {
    limits,
    metrics,
    writer,
    rooms,
    legacyPush: (workspaceId, name, update) => upgrade.push(workspaceId, name, update),
    log,
    events,
    foreground,
    onConnectionClosed(conn) {
      connections.delete(conn);
      slots.give(conn.ip);
      memberSlots.give(memberKey(conn.claims));
    },
    memberInbound: createMemberInbound({ bytesPerSecond: limits.memberBytesPerSecond, burst: limits.memberBytesBurst, metrics }),
    now: options.clock ? () => options.clock!().getTime() : Date.now,
  };
  metrics.gauge('outpost_connections', () => connections.size);
  // The storage's clock minus this machine's: expiry is judged on the storage's (`auth/shared-clock.ts`).
  if (shared) metrics.gauge('outpost_clock_offset_ms', shared.offset);
  // What the relay holds for readers that have not taken it yet (limits.maxBufferedBytes each).
  metrics.gauge('outpost_buffered_bytes', () => [...connections].reduce((n, c) => n + c.socket.bufferedAmount, 0));
  metrics.gauge('outpost_rooms_loaded', () => rooms.size);
  metrics.gauge('outpost_write_queue', () => writer.pendingCount);

  const watchdogs = startWatchdogs({ connections, registry, limits, fanout, metrics });
  let closing = false;
  let closed: Promise<void> | null = null;
  // The token travels as a subprotocol (`auth.<token>`): answer with `outpost`, never echo the token.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, handleProtocols: (offered) => selectProtocol(offered) });
  const handleForm = createFormHandler({ workspaceExists: async (id) => !!(await registry.getWorkspace(id)), rooms, writer, metrics, postsPerMinute: limits.formPostsPerMinute, addressTableSize: limits.formAddressTableSize, now: options.clock && (() => options.clock!().getTime()), clientKey: proxies.keyOf });
  const backups = createBackups({ storage, writer, rooms, registry });
  const apiKeys = createApiKeys(storage, registry, clock);
  const handleApi = createApiHandler({
    keys: apiKeys,
    records: createRecordWriter({ rooms, writer, projection }),
    projection,
    requestsPerMinute: limits.apiRequestsPerMinute,
    maxBodyBytes: limits.apiMaxBodyBytes,
    now: options.clock && (() => options.clock!().getTime()),
  });
  const metricsAllowed = createMetricsAccess({ token: options.metricsToken, operatorKey, proxies });
  const routeDeps: RouteDeps = { metricsAllowed, apiKeys, handleApi, registry, operatorKey, metrics, options, onAccessChanged: watchdogs.accessChanged, handleForm, backups, publicUrl: () => publicUrl, signups: createRateLimiter({ perMinute: 1, maxAddresses: limits.formAddressTableSize }), clientKey: proxies.keyOf, webhooks };
  const routes = createRoutes(routeDeps);
  // headersTimeout is the pre-auth deadline for a client that never finishes its request.
  const server = createServer(
    { headersTimeout: limits.preReadyDeadlineMs, requestTimeout: 30_000, connectionsCheckingInterval: Math.min(1000, limits.preReadyDeadlineMs) },
    (req, res) => {
      // Someone waits on every request (a sign-in, an invite's exchange, an API call).
      res.once('close', foreground.begin());
      // Every answer is made for this one request (credentials, records, metrics): never cached,
      // never read as another type than it says.
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'no-store');
      // A throw here would be uncaught and end the process (every member's connection with it).
      try {
        routes(req, res);
      } catch (error) {
        fail500(routeDeps, req, res, error);
      }
    },
  );
  // Until a socket has made a whole request (or opened a WebSocket) it is pending: bounded and timed.
  const pending = createPendingSockets({ perIp: limits.pendingPerIp, total: limits.pendingTotal, deadlineMs: limits.preReadyDeadlineMs, metrics, proxy: proxies.trusts });
  server.on('connection', (socket) => pending.admit(socket));
  server.on('request', (req) => pending.request(req));
  metrics.gauge('outpost_pending_sockets', () => pending.size);
  const inbound = createInboundBudget({ total: limits.maxInboundBytes, metrics });
  server.on('upgrade', (req, socket, head) =>
    void foreground.track(handleUpgrade(req, socket, head, {
      wss,
      registry,
      rooms,
      ctx,
      allowedOrigins: options.allowedOrigins,
      slots,
      memberSlots,
      inbound,
      allowQueryToken: options.allowQueryToken,
      clientKey: proxies.keyOf,
      onConnection: (conn) => {
        pending.served(req.socket);
        connections.add(conn);
      },
      isClosing: () => closing,
    })).catch((error) => {
      log(`upgrade failed: ${error}`);
      socket.destroy();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const httpUrl = `http://${options.host}:${port}`;
  const publicUrl = (options.publicUrl ?? `ws://${options.host}:${port}`).replace(/\/+$/, '');
  // The admin CLI reads this to find the relay that holds this data folder (and its public address).
  if (!options.storage) await writeFile(join(options.dataDir, RELAY_INFO_FILE), JSON.stringify({ httpUrl, publicUrl, pid: process.pid }) + '\n');
  // The projection catches up with what was stored while this process was down, for the workspaces it
  // holds (in the background; API requests wait for their workspace).
  // Other workspaces catch up on their first API request or stored update.
  void projection.knownWorkspaces().reduce((p, ws) => p.then(() => projection.ensureWorkspace(ws)), Promise.resolve()).catch((error) => closing || log(`projection catch-up failed: ${error}`));
  log(`Outpost relay on ${httpUrl} (storage: ${storage.kind}${storage.kind === 'leveldb' ? ` in ${options.dataDir}` : ''})`);

  const relay = {
    port,
    httpUrl,
    wsUrl: `ws://${options.host}:${port}`,
    publicUrl,
    registry,
    backups,
    slots,
    memberSlots,
    metrics,
    operatorKey,
    storage,
    /** Record change events (created, updated, deleted, restored, converted, stage_changed): the projection emits, webhooks listen. */
    events,
    webhooks,
    projection,
    apiKeys,
    /** Rooms currently in memory (tests and metrics). */
    loadedRooms: () => rooms.loaded(),
    connectionCount: () => connections.size,
    /** Stops the relay; a second call waits for the first (a supervisor and a signal may both ask). */
    close() {
      closed ??= shutDown();
      return closed;
    },
  };

  async function shutDown() {
    closing = true;
    watchdogs.stop();
    shared?.stop();
    for (const conn of [...connections]) conn.close(CloseCode.goingAway, 'relay shutting down');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    wss.close();
    await rooms.close();
    await writer.close();
    stopProjectionFeed();
    projection.close();
    // After the writer's last flush and the projection's: events they still announce are queued, not dropped.
    await webhooks.close();
    await fanout.close();
    await storage.close();
  }
  return relay;
}

/** The operator key lives in storage (shared by relays on one Redis) and in the data folder for the CLI. */
async function loadOperatorKey(dataDir: string, key: string) {
  const file = join(dataDir, 'operator.key');
  const onDisk = await readFile(file, 'utf8').catch(() => undefined);
  if (onDisk?.trim() !== key) await writeFile(file, key + '\n', { mode: 0o600 });
  return key;
}

type RouteDeps = AdminDeps & {
  metricsAllowed: (req: IncomingMessage) => boolean;
  metrics: ReturnType<typeof createMetrics>;
  options: RelayOptions;
  handleForm: ReturnType<typeof createFormHandler>;
  handleApi: ReturnType<typeof createApiHandler>;
};

function createRoutes(deps: RouteDeps) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req);
    if (!url) return sendJson(res, 400, { error: BAD_TARGET_REASON }, { connection: 'close' });
    const path = url.pathname.split('/').filter(Boolean);
    if (path[0] === 'api' && path[1] === 'v1') return void deps.handleApi(req, res, path.slice(2)).catch((error) => fail500(deps, req, res, error));
    if (path[0] === 'forms') return void deps.handleForm(req, res, path.slice(1)).catch((error) => fail500(deps, req, res, error));
    const origin = req.headers.origin;
    if (origin && originAllowed(origin, deps.options.allowedOrigins)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-headers', 'authorization, content-type');
      res.setHeader('access-control-allow-methods', 'GET, POST, PATCH, DELETE, OPTIONS');
      res.setHeader('vary', 'origin');
    }
    const handle = async () => {
      // A browser's preflight of the dashboard's admin calls; elsewhere OPTIONS is a method like any (405 with Allow).
      if (req.method === 'OPTIONS' && (path[0] === 'admin' || path[0] === 'auth')) return sendText(res, 204, '');
      const probe = url.pathname === '/healthz' || url.pathname === '/metrics';
      if (probe && routeMethod(req) !== 'GET') return sendJson(res, 405, { error: `${url.pathname} answers GET only.` }, { allow: allowHeader(['GET']) });
      if (url.pathname === '/healthz') return sendJson(res, 200, { ok: true });
      if (url.pathname === '/metrics') {
        if (!deps.metricsAllowed(req)) return sendJson(res, 401, { error: METRICS_REFUSED }, { 'www-authenticate': 'Bearer realm="outpost-metrics"' });
        return sendText(res, 200, deps.metrics.render(), 'text/plain; version=0.0.4');
      }
      if (path[0] === 'admin') return handleAdmin(req, res, path.slice(1), deps);
      if (path[0] === 'auth') return handleAuth(req, res, path.slice(1), deps);
      sendJson(res, 404, { error: 'Not found.' });
    };
    handle().catch((error) => fail500(deps, req, res, error));
  };
}

function fail500(deps: RouteDeps, req: IncomingMessage, res: ServerResponse, error: unknown) {
  // The path only: a query string may carry a token, and tokens are never logged.
  deps.options.log(`request ${req.method} ${(req.url ?? '').split('?')[0]} failed: ${error}`);
  if (!res.headersSent) sendJson(res, 500, { error: 'Internal error.' });
  else res.end();
}
