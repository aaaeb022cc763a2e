import type { RefusalCode } from '../../sync-server/protocol.ts';
import type { Role } from '../domain/config.ts';

export type RelayConnectionState = 'connecting' | 'connected' | 'disconnected' | 'refused';

/** What the UI shows about one document's link to the relay. */
export type RelayStatus = {
  connection: RelayConnectionState;
  /** The first sync with the relay completed on the current connection. */
  synced: boolean;
  /** Local changes the relay has not yet confirmed on disk. */
  unsaved: number;
  /** Set when the relay refused the connection for good (bad token, revoked…): no reconnecting. */
  refusal: { code: number; reason: string } | null;
  /**
   * The last write the relay dropped (viewer, member writing settings, size limit), or that this
   * client stopped sending (`too-many-changes`: the relay closed on it even in small pieces).
   */
  rejectedWrite: { code: WriteRefusal; message: string } | null;
  /** Why the last connection closed, when the relay said (transient: it reconnects). */
  lastClose: { code: number; reason: string } | null;
  /** The member's role as the relay holds it (its `hello`, again when it changes); absent from an older relay. */
  role?: Role;
  /** How far the current sync has come, for a connection that syncs many docs (a joining teammate). */
  progress?: { docsSynced: number; docsTotal: number; recordsSynced?: number; recordsTotal?: number };
};

/** The relay's refusals, and the client's own for a write the relay closes the socket on. */
export type WriteRefusal = RefusalCode | 'too-many-changes';

export const initialRelayStatus: RelayStatus = { connection: 'connecting', synced: false, unsaved: 0, refusal: null, rejectedWrite: null, lastClose: null };

/**
 * One line for the status bar: offline / connecting / syncing / N not yet saved / all saved.
 * "Offline" once a connection was lost or failed (`lastClose`, or y-websocket's 'disconnected'
 * between retries); "Connecting" only before the first answer. Changes made meanwhile are
 * counted until the relay confirms them on disk.
 */
export function describeRelayStatus(status: RelayStatus): string {
  if (status.refusal) return `Not syncing: ${status.refusal.reason}`;
  const n = status.unsaved;
  const pending = n === 0 ? '' : `${n} ${n === 1 ? 'change' : 'changes'} not yet saved`;
  if (status.connection !== 'connected') {
    if (status.connection === 'connecting' && !status.lastClose) return pending ? `Connecting to the relay… ${pending}` : 'Connecting to the relay…';
    return pending ? `Offline: ${pending}` : 'Offline: changes stay on this device until the relay is back';
  }
  if (!status.synced) {
    const p = status.progress;
    if (!p || p.docsTotal <= 1) return pending ? `Syncing with the relay… ${pending}` : 'Syncing with the relay…';
    // Records when the relay states how many the sync brings (a batched join); documents otherwise.
    const syncing = p.recordsTotal
      ? `Syncing ${Math.min(p.recordsSynced ?? 0, p.recordsTotal).toLocaleString('en-US')} of ${p.recordsTotal.toLocaleString('en-US')} records`
      : `Syncing with the relay: ${p.docsSynced.toLocaleString('en-US')} of ${p.docsTotal.toLocaleString('en-US')} documents`;
    return pending ? `${syncing}; ${pending}` : syncing;
  }
  // A write the relay refused stays off the relay: "All changes saved" would be untrue for it, so
  // the line says so until a restart. For its content (a value past its limits, a full document,
  // more edits than it takes at once) it stays on this device; for the writer's role (a viewer, a
  // member demoted while offline) the device takes the team's state and keeps what was written
  // beside it (`ShardSyncStore.retake`): the line says where to find it.
  const refused = status.rejectedWrite;
  if (refused) {
    const note = ROLE_NOTES[refused.code];
    const what = `${refused.message}${note ?? ''}`;
    return pending ? `${pending} to the relay; the relay refused ${note ? 'changes' : 'a change'}: ${what}` : `Saved, except ${note ? 'changes' : 'a change'} the relay refused: ${what}`;
  }
  return pending ? `${pending} to the relay` : 'All changes saved';
}

/** Where a refusal for the writer's role leaves what they wrote. */
const ROLE_NOTES: Partial<Record<WriteRefusal, string>> = {
  'read-only': ' The team’s values are shown; what you wrote is kept on its records, marked “Not saved”.',
  'admin-only': ' The team’s settings replace this device’s at the next start.',
};
