/** Webhook settings of a relay; every value names the failure it prevents. */
export type WebhookOptions = {
  /**
   * Operator allow-list of targets: host names, `*.domain`, addresses, CIDR ranges. Empty: any
   * public address. Loopback, private, link-local and the relay's own networks are refused
   * unless an address or range entry names them (see target-policy.ts).
   */
  allow: string[];
  /** One attempt, connect to status line: a receiver that hangs cannot hold a worker. */
  timeoutMs: number;
  /** Response bytes read and kept: a receiver cannot make the relay download a large body. */
  maxResponseBytes: number;
  /** Redirects followed (each target checked again). */
  maxRedirects: number;
  /** First retry delay; doubles each attempt, with jitter, up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Attempts of one delivery before it is given up (marked failed). */
  maxAttempts: number;
  /** Consecutive failed attempts of a subscription after which it is paused: a dead endpoint stops costing work. */
  pauseAfterFailures: number;
  /** Deliveries in flight at once per relay process. */
  concurrency: number;
  /** Finished deliveries are kept this long for the admin to see, then pruned. */
  retentionDays: number;
  /** After a secret rotation the old secret still signs for this long, so receivers can switch. */
  rotationGraceSeconds: number;
};

export const defaultWebhookOptions: WebhookOptions = {
  allow: [],
  timeoutMs: 10_000,
  maxResponseBytes: 4096,
  maxRedirects: 3,
  retryBaseMs: 10_000,
  retryMaxMs: 6 * 3600_000,
  maxAttempts: 15,
  pauseAfterFailures: 20,
  concurrency: 8,
  retentionDays: 7,
  rotationGraceSeconds: 24 * 3600,
};
