import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { quietSqliteWarning } from '../quiet-warnings.ts';

/**
 * The durable delivery queue: one SQLite file per relay process (`<data>/webhooks.sqlite`), apart
 * from the API's projection database. A delivery is written (and synced) before it is sent,
 * and its outcome after each attempt, so a restart or a `kill -9` loses none: pending rows are
 * simply due again. A delivery in flight at a crash is sent again (at least once); receivers
 * dedupe on `webhook-id`, the same on every attempt.
 */
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'cancelled';

export type Delivery = {
  id: string;
  workspaceId: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  /** The exact JSON that is signed and sent, the same on every attempt. */
  body: string;
  createdAt: number;
  nextAttemptAt: number;
  attempts: number;
  state: DeliveryState;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: number | null;
};

const SCHEMA_VERSION = 1;

type Row = Record<string, string | number | null>;
const toDelivery = (r: Row): Delivery => ({
  id: r.id as string,
  workspaceId: r.workspace_id as string,
  subscriptionId: r.subscription_id as string,
  eventId: r.event_id as string,
  eventType: r.event_type as string,
  body: r.body as string,
  createdAt: r.created_at as number,
  nextAttemptAt: r.next_attempt_at as number,
  attempts: r.attempts as number,
  state: r.state as DeliveryState,
  lastStatusCode: r.last_status_code as number | null,
  lastError: r.last_error as string | null,
  lastAttemptAt: r.last_attempt_at as number | null,
});

export class QueueUnavailableError extends Error {}

/** Opens the queue; throws `QueueUnavailableError` on a Node without `node:sqlite` (before 22.5). */
export async function openQueue(path: string) {
  let sqlite: typeof import('node:sqlite');
  // Node 22 flags node:sqlite as experimental on every start; operators need not read that each time.
  const loud = quietSqliteWarning();
  try {
    sqlite = await import('node:sqlite');
  } catch {
    throw new QueueUnavailableError(`Webhooks need Node 22.5 or later (node:sqlite); this relay runs Node ${process.versions.node}. Start it with npm run relay (Node 22 comes with the project).`);
  } finally {
    loud();
  }
  return createQueue(new sqlite.DatabaseSync(path));
}

export type Queue = ReturnType<typeof createQueue>;

function createQueue(db: DatabaseSync) {
  // WAL + FULL: a committed row survives a crash of the process and of the machine.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;');
  const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  if (version > SCHEMA_VERSION) throw new Error(`webhooks.sqlite has schema ${version}, newer than this relay knows (${SCHEMA_VERSION}): upgrade the relay.`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS deliveries (
      id TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL,
      subscription_id TEXT NOT NULL,
      event_id TEXT NOT NULL,
      event_type TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      next_attempt_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      state TEXT NOT NULL DEFAULT 'pending',
      last_status_code INTEGER,
      last_error TEXT,
      last_attempt_at INTEGER,
      UNIQUE (subscription_id, event_id)
    );
    CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_attempt_at);
    CREATE INDEX IF NOT EXISTS deliveries_by_subscription ON deliveries (subscription_id, created_at);
    PRAGMA user_version = ${SCHEMA_VERSION};
  `);
  const q = (sql: string): StatementSync => db.prepare(sql);
  const insert = q(`INSERT OR IGNORE INTO deliveries (id, workspace_id, subscription_id, event_id, event_type, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const due = q(`SELECT * FROM deliveries WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`);
  const soonest = q(`SELECT id, subscription_id, next_attempt_at FROM deliveries WHERE state = 'pending' ORDER BY next_attempt_at LIMIT ?`);
  const finish = q(`UPDATE deliveries SET state = ?, attempts = ?, last_status_code = ?, last_error = ?, last_attempt_at = ?, next_attempt_at = ? WHERE id = ?`);
  const postpone = q(`UPDATE deliveries SET next_attempt_at = ? WHERE id = ?`);
  const cancelSub = q(`UPDATE deliveries SET state = 'cancelled' WHERE subscription_id = ? AND state = 'pending'`);
  const wakeSub = q(`UPDATE deliveries SET next_attempt_at = ? WHERE subscription_id = ? AND state = 'pending'`);
  const recent = q(`SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`);
  const byId = q(`SELECT * FROM deliveries WHERE id = ?`);
  const resend = q(`UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ? AND state IN ('failed', 'delivered')`);
  const prune = q(`DELETE FROM deliveries WHERE state != 'pending' AND COALESCE(last_attempt_at, created_at) < ?`);
  const countPending = q(`SELECT COUNT(*) AS n FROM deliveries WHERE state = 'pending'`);

  return {
    /** Persists deliveries (one transaction, synced) before anything is sent; a repeat of one event is ignored. */
    add(rows: Array<Pick<Delivery, 'id' | 'workspaceId' | 'subscriptionId' | 'eventId' | 'eventType' | 'body' | 'createdAt'>>) {
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const r of rows) insert.run(r.id, r.workspaceId, r.subscriptionId, r.eventId, r.eventType, r.body, r.createdAt, r.createdAt);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    due: (now: number, limit: number) => (due.all(now, limit) as Row[]).map(toDelivery),
    /** When the soonest pending delivery that `startable` accepts is due (among the first `scan`); null if none. */
    nextDueAt(startable: (d: { id: string; subscriptionId: string }) => boolean, scan: number): number | null {
      const rows = soonest.all(scan) as Array<{ id: string; subscription_id: string; next_attempt_at: number }>;
      return rows.find((r) => startable({ id: r.id, subscriptionId: r.subscription_id }))?.next_attempt_at ?? null;
    },
    get: (id: string) => {
      const row = byId.get(id) as Row | undefined;
      return row ? toDelivery(row) : undefined;
    },
    /** Records an attempt: delivered, failed for good, or pending again at `nextAttemptAt`. */
    recordAttempt(d: Delivery, outcome: { state: DeliveryState; statusCode: number | null; error: string | null; at: number; nextAttemptAt: number }) {
      finish.run(outcome.state, d.attempts + 1, outcome.statusCode, outcome.error, outcome.at, outcome.nextAttemptAt, d.id);
    },
    postpone: (id: string, at: number) => void postpone.run(at, id),
    /** A failed (given up) or delivered delivery, queued again from its first attempt; false if it is still pending. */
    resend: (id: string, at: number) => Number(resend.run(at, id).changes) > 0,
    cancelSubscription: (subscriptionId: string) => void cancelSub.run(subscriptionId),
    wakeSubscription: (subscriptionId: string, at: number) => void wakeSub.run(at, subscriptionId),
    recent: (subscriptionId: string, limit: number) => (recent.all(subscriptionId, limit) as Row[]).map(toDelivery),
    prune: (before: number) => Number(prune.run(before).changes),
    pendingCount: () => (countPending.get() as { n: number }).n,
    close: () => db.close(),
  };
}
