import type { Storage } from './storage/types.ts';
import type { Clock } from './auth/tokens.ts';
import { CREDENTIAL_DAYS } from './auth/lifetimes.ts';
import { defaultWebhookOptions, type WebhookOptions } from './webhooks/options.ts';

/** Every limit names the failure it prevents. */
export type Limits = {
  /**
   * One inbound WebSocket frame, which `ws` buffers whole before the relay sees it. The largest
   * frame the protocol needs is a legacy push (`maxLegacyPushBytes`, 4 MB) or a client's step 2 of
   * a shard the relay lacks (~1,000 records); a syncAll of 512 vectors is tens of KB.
   */
  maxFrameBytes: number;
  /**
   * Bytes of inbound frames being received across all connections (`http/inbound.ts`): sockets
   * that each send most of a large frame and stop would hold sockets × maxFrameBytes. Past it the
   * connection holding the most is closed (1013, try again).
   */
  maxInboundBytes: number;
  /** Stored bytes of one document; past it, writes are refused so one room cannot fill the disk. */
  maxDocBytes: number;
  /** Time allowed from TCP connect to a served room (headers, token check, room load): slowloris. */
  preReadyDeadlineMs: number;
  /**
   * Connections that have not yet made a whole request or opened a WebSocket, per address and in
   * all (silent sockets, headers dribbled, upgrades never finished: a flood costs nothing to
   * open). Past either, a new connection is closed at once; each must get there within
   * `preReadyDeadlineMs`.
   */
  pendingPerIp: number;
  pendingTotal: number;
  /** Bytes a client may send before its room is ready; they are buffered in memory. */
  preReadyBufferBytes: number;
  /**
   * Structs in one update from a client, counted before it is decoded: a struct can take 2 bytes,
   * and 4 million of them (an 8 MB frame) blocked `Y.decodeUpdate` for 13 s. A shard's whole
   * state holds a few thousand, and a 4 MB legacy push fewer than 200,000. Client entries (of the
   * structs and of the delete set) count too: 1.5 million clients of one deleted range each took
   * 5.4 s to decode.
   */
  maxUpdateStructs: number;
  /**
   * Values inside one update's structs (each element of an array, each entry of an object held
   * in a map), counted before decoding: one struct holding an array of 4 million zeros (8 MB)
   * blocked `Y.decodeUpdate` for 0.9 s and was stored for every client to decode. A record
   * field holds a few; a legacy push of 200,000 structs a few hundred thousand. Ranges of the
   * delete set count too (2 million took 1.3 s). Past it 1009.
   */
  maxUpdateValues: number;
  /**
   * Bytes of one string in an update (a value, a map key, a type name). The longest text a record
   * holds is 100,000 characters (`LongText`, at most 400 KB of UTF-8); past this bound a write is
   * refused (`content-too-large`), so one member cannot make a room every client loads megabytes
   * of text into.
   */
  maxStringBytes: number;
  /**
   * Levels of arrays and objects in one value. Records nest a few; decoding is recursive in every
   * client, so a value thousands of levels deep is one some clients (smaller stacks: a browser
   * worker) fail to read each time they sync the room. Past it a write is refused.
   */
  maxValueDepth: number;
  /** One legacy push (an old-layout doc of a version-1 client, `rooms/legacy.ts`): it is built into two Y.Docs in memory. */
  maxLegacyPushBytes: number;
  /**
   * Bytes the relay may hold for one connection's reader (frames sent, not yet taken by the
   * network): a client that asks for a lot and never reads cannot make the relay buffer without
   * bound. Past it the connection is closed (1008). Batched sync answers wait for the socket to
   * drain instead (`DRAIN_BYTES`), so an honest slow network is never cut off.
   */
  maxBufferedBytes: number;
  /**
   * Answers of what a peer lacks of a room (its whole state, or a diff) per connection: each may
   * read and merge the stored room, which 300 requests a second would do without end. An honest
   * client asks once (twice when the relay's `hello` came late).
   */
  maxFullSyncsPerRoom: number;
  /**
   * Bytes of merged room states the relay keeps for full answers (`Room.whole`), over all loaded
   * rooms: many old clients joining at once would otherwise keep every room in memory. Past it a
   * room's full answers merge its stored updates each time.
   */
  maxKeptWholeBytes: number;
  /**
   * Concurrent connections from one address. Every connection needs a credential, bounded by
   * `connectionsPerMember`; this bound is for one machine holding many credentials. An office
   * behind one NAT (or a proxy not named by `--trust-proxy`) shows one address for every member's
   * browser, so it must be well above a team's size: 64 locked out the 65th person of an office.
   */
  connectionsPerIp: number;
  /**
   * Concurrent connections of one member (one credential's member, every device): a stolen or
   * scripted credential cannot take every socket the address bounds allow. An Outpost client
   * holds one socket per workspace per device; a stock y-websocket client one per room.
   */
  connectionsPerMember: number;
  /**
   * Bytes per second one member's sockets (every device) may have the relay read and decode, with
   * a burst (`rooms/member-inbound.ts`): past it their sockets are paused, never closed. Every frame
   * is bounded, not how often: 8 MB frames of 200,000 structs back to back held the event loop
   * 0.65 s each, and every teammate's edits waited behind them.
   */
  memberBytesPerSecond: number;
  memberBytesBurst: number;
  /** Sustained frames per second per connection, with a burst allowance (initial sync is bursty). */
  messagesPerSecond: number;
  messageBurst: number;
  /** A connection that sends nothing (clients renew awareness every 15 s) is closed after this. */
  idleTimeoutMs: number;
  /** A room with no connection is unloaded from memory after this. */
  roomIdleMs: number;
  /** Stored updates of a room before they are merged into one. */
  compactAfterUpdates: number;
  /** How often open connections re-check revocation and role (the promise is ≤ 5 s). */
  recheckMs: number;
  /** Largest awareness state one client may publish. */
  maxAwarenessStateBytes: number;
  /** Awareness client ids one connection may announce (a client has one per doc it shows presence on): one socket cannot fill every peer's presence list with thousands of ghosts. */
  maxAwarenessClients: number;
  /**
   * Presence (awareness) updates per second per connection, with a burst: each goes to every peer
   * of the room (the whole team on config), so one socket's flood would be every teammate's. A
   * person changes what they view a few times a second at most; y-protocols renews every 15 s.
   */
  awarenessPerSecond: number;
  awarenessBurst: number;
  /** Web-form posts per address per minute: spam guard next to the honeypot. */
  formPostsPerMinute: number;
  /** Addresses the form rate limit remembers at once; past it, the least informative entry goes. */
  formAddressTableSize: number;
  /** REST API requests per API key per minute: one script cannot starve the relay. */
  apiRequestsPerMinute: number;
  /** Largest REST API request body (a record is far smaller). */
  apiMaxBodyBytes: number;
};

export const defaultLimits: Limits = {
  maxFrameBytes: 8 * 1024 * 1024,
  maxInboundBytes: 128 * 1024 * 1024,
  maxDocBytes: 256 * 1024 * 1024,
  preReadyDeadlineMs: 10_000,
  pendingPerIp: 64,
  pendingTotal: 2048,
  preReadyBufferBytes: 4 * 1024 * 1024,
  maxLegacyPushBytes: 4 * 1024 * 1024,
  maxUpdateStructs: 200_000,
  maxUpdateValues: 1_000_000,
  maxStringBytes: 1024 * 1024,
  maxValueDepth: 64,
  maxBufferedBytes: 32 * 1024 * 1024,
  maxFullSyncsPerRoom: 2,
  maxKeptWholeBytes: 256 * 1024 * 1024,
  connectionsPerIp: 512,
  connectionsPerMember: 64,
  memberBytesPerSecond: 2 * 1024 * 1024,
  memberBytesBurst: 16 * 1024 * 1024,
  messagesPerSecond: 300,
  messageBurst: 3000,
  idleTimeoutMs: 120_000,
  roomIdleMs: 30_000,
  compactAfterUpdates: 500,
  recheckMs: 2_000,
  maxAwarenessStateBytes: 16 * 1024,
  maxAwarenessClients: 8,
  awarenessPerSecond: 10,
  awarenessBurst: 60,
  formPostsPerMinute: 10,
  formAddressTableSize: 10_000,
  apiRequestsPerMinute: 600,
  apiMaxBodyBytes: 256 * 1024,
};

export type RelayOptions = {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** LevelDB folder (default store) and the operator key file. */
  dataDir: string;
  /** With a Redis URL, storage and fan-out go through Redis so several relays serve one workspace. */
  redisUrl?: string;
  /** Prefix of every Redis key, so tests and several deployments can share one server. */
  redisPrefix: string;
  /** HS256 secret for member tokens. Default: generated once and kept in storage. */
  secret?: string;
  /**
   * Origins allowed to open a WebSocket, besides requests without an Origin header (non-browser
   * clients). Entries may end in `*`. Extension pages are allowed by default.
   */
  allowedOrigins: string[];
  limits: Limits;
  /**
   * Accept `?token=` in the WebSocket URL, for stock y-websocket clients only (Outpost clients send
   * the token as a subprotocol). Off by default: proxies log URLs. The relay never logs it.
   */
  allowQueryToken: boolean;
  /** Anyone may create a workspace (no operator key, no creation token): for a relay open to sign-ups. */
  openSignup: boolean;
  /** The address members reach the relay at (ws:// or wss://), as printed in invite links. Default: ws://host:port. */
  publicUrl?: string;
  /**
   * Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the client
   * (sync-server/http/client-address.ts). Empty: every request is judged by its socket's address.
   */
  trustProxy?: string[];
  /**
   * A read-only secret for `/metrics` (a Prometheus scraper's bearer token). Without it, only
   * requests from the relay's own machine and the operator key read the metrics.
   */
  metricsToken?: string;
  /** Lifetime of a member credential in seconds; clients renew it after half. */
  credentialSeconds: number;
  /** Time source for tokens (tests simulate months with it). */
  clock?: Clock;
  /** Outbound webhooks: allow-list, timeouts, retries (sync-server/webhooks/options.ts). */
  webhooks: WebhookOptions;
  /** The API's query projection (SQLite, derived and rebuildable). Default: `<dataDir>/projection.sqlite`. */
  projectionFile?: string;
  /** Injected storage (tests, benchmarks); overrides dataDir/redisUrl. */
  storage?: Storage;
  log: (line: string) => void;
};

export const defaultOptions: RelayOptions = {
  host: '127.0.0.1',
  port: 1234,
  dataDir: './relay-data',
  redisPrefix: 'outpost:',
  allowedOrigins: ['chrome-extension://*', 'moz-extension://*'],
  limits: defaultLimits,
  allowQueryToken: false,
  openSignup: false,
  credentialSeconds: CREDENTIAL_DAYS * 86400,
  webhooks: defaultWebhookOptions,
  log: (line) => console.log(line),
};

export type PartialRelayOptions = Partial<Omit<RelayOptions, 'limits' | 'webhooks'>> & { limits?: Partial<Limits>; webhooks?: Partial<WebhookOptions> };

export function resolveOptions(partial: PartialRelayOptions = {}): RelayOptions {
  return { ...defaultOptions, ...partial, limits: { ...defaultLimits, ...partial.limits }, webhooks: { ...defaultWebhookOptions, ...partial.webhooks } };
}
