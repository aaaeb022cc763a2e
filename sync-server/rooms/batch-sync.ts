import { CloseCode, CONTROL_ROOM, decodeControlMessage, encodeSyncBatch, type SyncAllEntry, type SyncBatchEntry } from '../protocol.ts';
import type { Connection, Membership } from './connection.ts';
import type { SyncPlan } from './room-manager.ts';
import { BadFrame, countAnswer } from './sync-handler.ts';

/** A batch frame is sent once its updates reach this size: the client stores (and shows) the first docs while the rest is read. */
export const BATCH_FRAME_BYTES = 256 * 1024;
/** Stored rooms read at once while a join streams (in order, so the first frames hold the first docs). */
const READ_AHEAD = 16;

/**
 * Handles one message of the control room of a multiplexed version-3 socket. Throws BadFrame
 * (synchronously) when malformed. The rooms of a `syncAll` are joined before this returns, so a
 * frame the client sent after it (its presence on `config`) finds them joined, not greeted anew;
 * the answer follows in the returned promise.
 */
export function handleControl(conn: Connection, message: Uint8Array): () => Promise<void> {
  let decoded: ReturnType<typeof decodeControlMessage>;
  try {
    decoded = decodeControlMessage(message);
  } catch (error) {
    throw new BadFrame(CloseCode.malformed, `malformed control message: ${error instanceof Error ? error.message : error}`);
  }
  if (decoded.kind !== 'syncAll') throw new BadFrame(CloseCode.malformed, `unexpected control message ${decoded.kind === 'other' ? decoded.type : decoded.kind}`);
  const memberships = decoded.entries.map((entry) => ({ entry, m: conn.join(entry.doc, false) }));
  return () => syncAll(conn, memberships);
}

/**
 * A batched sync: the client named every doc with its state vector in one frame. The connection
 * joins every room (no step 1 greeting), then answers in as few frames as sensible:
 * - first, from what each room keeps in memory (its vector, deletions, record count), the total
 *   it will send and every small answer: a diff for a client that lacks a little (a reconnect),
 *   the relay's vector where the client must send what the relay lacks, changed deletions;
 * - then the whole stored state of each room the client has nothing of (a join), read in doc
 *   order and streamed in frames of ~256 KB, never decoded;
 * - a room the client is in step with is not named at all: a reconnect after 10 changes in a
 *   50k-record workspace costs ~10 entries, not 513 round trips.
 * Live updates of a room reach the client from the moment it is joined, before the answer (Yjs
 * applies them in any order), so nothing written meanwhile is missed.
 */
async function syncAll(conn: Connection, memberships: Array<{ entry: SyncAllEntry; m: Membership }>) {
  await Promise.all(memberships.map(({ m }) => m.queue));
  if (!conn.isOpen) return;
  const { rooms } = conn.ctx;
  const plans: Array<{ entry: SyncAllEntry; plan: SyncPlan }> = [];
  for (const { entry, m } of memberships) {
    if (!m.room) continue;
    let plan: SyncPlan;
    try {
      plan = rooms.plan(m.room, entry);
    } catch {
      throw new BadFrame(CloseCode.malformed, `malformed state vector for ${entry.doc}`);
    }
    // Whatever is sent counts, deletions included: a stale digest in every syncAll would have every room's deletions sent each time.
    if (plan.kind !== 'none' || plan.deletions) countAnswer(m, plan.kind === 'full' ? 'the whole' : 'what it lacks');
    if (plan.kind !== 'none' || plan.vector || plan.deletions) plans.push({ entry, plan });
  }
  const small = plans.filter(({ plan }) => plan.kind !== 'full');
  const full = plans.filter(({ plan }) => plan.kind === 'full');
  const answer = async ({ entry, plan }: { entry: SyncAllEntry; plan: SyncPlan }): Promise<SyncBatchEntry> => {
    // Taken before the stored updates are read, so the update holds at least this vector: sent
    // with any content, it tells the client its vector once stored, without decoding the update.
    const stateVector = plan.vector || plan.kind !== 'none' ? rooms.vectorOf(plan.room) : new Uint8Array(0);
    const { update, records, deletions } = await rooms.answerPlan(plan, entry.stateVector);
    return { doc: entry.doc, update, records, deletions, stateVector, answer: plan.vector };
  };
  const first = await Promise.all(small.map(answer));
  const totalRecords = first.reduce((n, e) => n + e.records, 0) + full.reduce((n, { plan }) => n + plan.room.records, 0);
  let pending: SyncBatchEntry[] = first;
  let bytes = 0;
  let sentFirst = false;
  const flush = async (last: boolean) => {
    await conn.drained();
    if (!conn.isOpen) return;
    conn.sendMessage(CONTROL_ROOM, encodeSyncBatch({ last, totalRecords: sentFirst ? -1 : totalRecords, totalDocs: sentFirst ? -1 : plans.length, entries: pending }));
    sentFirst = true;
    pending = [];
    bytes = 0;
  };
  if (full.length) await flush(false);
  for (let i = 0; i < full.length && conn.isOpen; i += READ_AHEAD) {
    // Rooms are read only as fast as the client takes them: a reader that stops holds ~1 MB, not the workspace.
    await conn.drained();
    for (const e of await Promise.all(full.slice(i, i + READ_AHEAD).map(answer))) {
      pending.push(e);
      bytes += e.update.length;
      if (bytes >= BATCH_FRAME_BYTES) await flush(false);
    }
  }
  await flush(true);
}
