import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { StartRelayOptions } from '../server.ts';
import { createProxyTrust } from '../http/client-address.ts';

export const relayUsage = `Usage: npm run relay -- [flags]        (flags override OUTPOST_RELAY_* env)
  --host HOST                 listen address (default 127.0.0.1; env OUTPOST_RELAY_HOST)
  --port PORT                 default 1234 (env OUTPOST_RELAY_PORT)
  --data DIR                  data folder: LevelDB + operator.key (default ./relay-data; env OUTPOST_RELAY_DATA)
  --redis URL                 use Redis for storage and fan-out (env OUTPOST_RELAY_REDIS_URL)
  --redis-prefix PREFIX       key prefix in Redis (default outpost:)
  --secret SECRET             token signing secret (env OUTPOST_RELAY_SECRET; default: generated, kept in storage)
  --allow-origin ORIGIN       allowed browser origin, repeatable, may end in * (env OUTPOST_RELAY_ORIGINS, comma-separated)
                              extension origins are always allowed
  --public-url URL            the address members reach the relay at (ws:// or wss://), used in invite links
  --trust-proxy ADDRESS       a reverse proxy (address or CIDR) whose X-Forwarded-For names the client, repeatable
                              (env OUTPOST_RELAY_TRUST_PROXY, comma-separated); per-address limits then count
                              clients, not the proxy. Only name proxies you run: a client's own header is ignored
  --metrics-token TOKEN       a read-only bearer token for /metrics from another machine (env
                              OUTPOST_RELAY_METRICS_TOKEN; 16+ characters); without it /metrics answers only
                              the relay's own machine and the operator key
  --allow-query-token         accept ?token= in the URL, for stock y-websocket clients (Outpost clients send it
                              as a WebSocket subprotocol); off by default because proxies log URLs
  --open-signup               anyone may create a workspace from the extension (default: a creation token from
                              \`admin creation-token\` is needed)
  --credential-days N         lifetime of a member credential (default 30; renewed while in use)
  --max-frame-bytes N  --max-doc-bytes N  --connections-per-ip N  --connections-per-member N
  --messages-per-second N  --idle-timeout-ms N  --room-idle-ms N  --pre-ready-deadline-ms N  --recheck-ms N
  --max-buffered-bytes N  --max-awareness-clients N  --max-legacy-push-bytes N  --max-update-structs N
  --pending-per-ip N  --pending-total N  --max-inbound-bytes N  --max-full-syncs-per-room N
  --max-kept-whole-bytes N  --awareness-per-second N
  --max-update-values N  --max-string-bytes N  --max-value-depth N
  --member-bytes-per-second N  --member-bytes-burst N
                              bytes a member's sockets may send the relay (default 2 MB/s, 16 MB at once);
                              past it they are paused (read later), never closed
  --webhook-allow ENTRY       webhook targets allowed: host, *.domain, address or CIDR; repeatable (env
                              OUTPOST_RELAY_WEBHOOK_ALLOW, comma-separated). Unset: public addresses only;
                              loopback/private/link-local/own networks only when an address or range names them
  --webhook-timeout-ms N  --webhook-retry-base-ms N  --webhook-retry-max-ms N  --webhook-max-attempts N
  --webhook-pause-after N     consecutive failed deliveries before a subscription is paused (default 20)
Admin: npm run relay -- admin --help`;

const limitFlags = {
  'max-frame-bytes': 'maxFrameBytes',
  'max-inbound-bytes': 'maxInboundBytes',
  'max-full-syncs-per-room': 'maxFullSyncsPerRoom',
  'max-kept-whole-bytes': 'maxKeptWholeBytes',
  'max-doc-bytes': 'maxDocBytes',
  'connections-per-ip': 'connectionsPerIp',
  'connections-per-member': 'connectionsPerMember',
  'messages-per-second': 'messagesPerSecond',
  'member-bytes-per-second': 'memberBytesPerSecond',
  'member-bytes-burst': 'memberBytesBurst',
  'idle-timeout-ms': 'idleTimeoutMs',
  'room-idle-ms': 'roomIdleMs',
  'pre-ready-deadline-ms': 'preReadyDeadlineMs',
  'recheck-ms': 'recheckMs',
  'max-buffered-bytes': 'maxBufferedBytes',
  'max-awareness-clients': 'maxAwarenessClients',
  'awareness-per-second': 'awarenessPerSecond',
  'max-legacy-push-bytes': 'maxLegacyPushBytes',
  'max-update-structs': 'maxUpdateStructs',
  'max-update-values': 'maxUpdateValues',
  'max-string-bytes': 'maxStringBytes',
  'max-value-depth': 'maxValueDepth',
  'pending-per-ip': 'pendingPerIp',
  'pending-total': 'pendingTotal',
} as const;

const webhookFlags = {
  'webhook-timeout-ms': 'timeoutMs',
  'webhook-retry-base-ms': 'retryBaseMs',
  'webhook-retry-max-ms': 'retryMaxMs',
  'webhook-max-attempts': 'maxAttempts',
  'webhook-pause-after': 'pauseAfterFailures',
} as const;

const positiveInt = z.coerce.number().int().positive();

export function parseRelayArgs(argv: string[], env: NodeJS.ProcessEnv): { ok: true; options: StartRelayOptions } | { ok: false; error: string } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        data: { type: 'string' },
        redis: { type: 'string' },
        'redis-prefix': { type: 'string' },
        secret: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'public-url': { type: 'string' },
        'allow-query-token': { type: 'boolean' },
        'open-signup': { type: 'boolean' },
        'credential-days': { type: 'string' },
        ...Object.fromEntries([...Object.keys(limitFlags), ...Object.keys(webhookFlags)].map((k) => [k, { type: 'string' as const }])),
        'webhook-allow': { type: 'string', multiple: true },
        'trust-proxy': { type: 'string', multiple: true },
        'metrics-token': { type: 'string' },
      },
      strict: true,
    });
    const v = values as Record<string, string | string[] | boolean | undefined>;
    const extraOrigins = [...((v['allow-origin'] as string[] | undefined) ?? []), ...(env.OUTPOST_RELAY_ORIGINS?.split(',').filter(Boolean) ?? [])];
    const limits: Record<string, number> = {};
    for (const [flag, key] of Object.entries(limitFlags)) if (v[flag] !== undefined) limits[key] = positiveInt.parse(v[flag], { error: () => `--${flag} must be a positive integer` });
    const webhooks: Record<string, number | string[]> = {};
    for (const [flag, key] of Object.entries(webhookFlags)) if (v[flag] !== undefined) webhooks[key] = positiveInt.parse(v[flag], { error: () => `--${flag} must be a positive integer` });
    webhooks.allow = [...((v['webhook-allow'] as string[] | undefined) ?? []), ...(env.OUTPOST_RELAY_WEBHOOK_ALLOW?.split(',').filter(Boolean) ?? [])];
    const port = (v.port as string | undefined) ?? env.OUTPOST_RELAY_PORT;
    const options: StartRelayOptions = {
      host: (v.host as string | undefined) ?? env.OUTPOST_RELAY_HOST ?? '127.0.0.1',
      port: port === undefined ? 1234 : z.coerce.number().int().min(0).max(65535).parse(port, { error: () => '--port must be 0–65535' }),
      dataDir: (v.data as string | undefined) ?? env.OUTPOST_RELAY_DATA ?? './relay-data',
      redisUrl: (v.redis as string | undefined) ?? env.OUTPOST_RELAY_REDIS_URL,
      secret: (v.secret as string | undefined) ?? env.OUTPOST_RELAY_SECRET,
      allowedOrigins: ['chrome-extension://*', 'moz-extension://*', ...extraOrigins],
      limits,
      webhooks,
    };
    if (v['redis-prefix']) options.redisPrefix = v['redis-prefix'] as string;
    const trustProxy = [...((v['trust-proxy'] as string[] | undefined) ?? []), ...(env.OUTPOST_RELAY_TRUST_PROXY?.split(',').map((e) => e.trim()).filter(Boolean) ?? [])];
    if (trustProxy.length) {
      createProxyTrust(trustProxy); // refuses an entry that is no address or range, before the relay starts
      options.trustProxy = trustProxy;
    }
    if (v['public-url']) options.publicUrl = z.string().regex(/^wss?:\/\/[^/\s]+$/).parse(v['public-url'], { error: () => '--public-url must look like wss://relay.example.com (no path)' });
    const metricsToken = (v['metrics-token'] as string | undefined) ?? env.OUTPOST_RELAY_METRICS_TOKEN;
    if (metricsToken !== undefined) options.metricsToken = z.string().regex(/^[\x21-\x7e]{16,}$/).parse(metricsToken, { error: () => '--metrics-token must be 16 or more printable characters without spaces (e.g. openssl rand -base64 24)' });
    if (v['allow-query-token']) options.allowQueryToken = true;
    if (v['open-signup']) options.openSignup = true;
    if (v['credential-days']) options.credentialSeconds = Math.round(z.coerce.number().positive().max(365).parse(v['credential-days'], { error: () => '--credential-days must be a number of days from 1 to 365' }) * 86400);
    return { ok: true, options };
  } catch (error) {
    const message = error instanceof z.ZodError ? error.issues.map((i) => i.message).join('; ') : error instanceof Error ? error.message : String(error);
    return { ok: false, error: message };
  }
}
