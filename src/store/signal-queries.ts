import { DAY_MS, type Collection, type RecordSignals } from '../domain/index.ts';
import type { ReadDB } from './read-db.ts';
import type { SignalsRow } from './known-index.ts';

/**
 * Lists and tables by sales signal: filters ("not contacted for 14 days", "in stage over 30
 * days") narrowed by the signals table's indexes, sort keys from the signals rows.
 */

/** Filter values as tables keep them (strings, like every list filter): days, or "never". */
export type SignalFilters = { notContactedDays?: string; inStageOverDays?: string };
export const SIGNAL_FILTER_KEYS = ['notContactedDays', 'inStageOverDays'] as const;
export const SIGNAL_SORT_FIELDS = ['lastContactAt', 'interactions', 'lastActivityAt', 'stageSince', 'nextTaskDue'] as const;
export type SignalSortField = (typeof SIGNAL_SORT_FIELDS)[number];
export const isSignalSort = (field: string): field is SignalSortField => (SIGNAL_SORT_FIELDS as readonly string[]).includes(field);

const days = (v: string | undefined) => (v && /^\d{1,4}$/.test(v) ? Number(v) : undefined);

/**
 * The keys of records of `type` the signal filters keep, or null when none is set. "Not
 * contacted for N days" keeps the never contacted too (they need contact most); "never" keeps
 * only those. Deleted records have no signals row, so they never appear.
 */
export function signalFilterKeys(db: ReadDB, type: Collection, f: SignalFilters, now: number): Promise<Set<string> | null> | null {
  // Null at once, not a promise of null, when no filter is set: a live query that awaits a
  // promise that is not Dexie's before its first read loses Dexie's zone and never re-runs.
  if (f.notContactedDays !== 'never' && days(f.notContactedDays) === undefined && days(f.inStageOverDays) === undefined) return null;
  return filterKeys(db, type, f, now);
}

async function filterKeys(db: ReadDB, type: Collection, f: SignalFilters, now: number): Promise<Set<string> | null> {
  let keys: Set<string> | null = null;
  const narrow = (found: string[]) => { keys = keys === null ? new Set(found) : new Set(found.filter((k) => keys!.has(k))); };
  if (f.notContactedDays === 'never') narrow((await db.signals.where('[type+lastContactAt]').equals([type, 0]).primaryKeys()) as string[]);
  else if (days(f.notContactedDays) !== undefined) {
    const cutoff = now - days(f.notContactedDays)! * DAY_MS;
    narrow((await db.signals.where('[type+lastContactAt]').between([type, 0], [type, cutoff], true, true).primaryKeys()) as string[]);
  }
  if (days(f.inStageOverDays) !== undefined) {
    const cutoff = now - days(f.inStageOverDays)! * DAY_MS;
    narrow((await db.signals.where('[type+stageSince]').between([type, 1], [type, cutoff], true, true).primaryKeys()) as string[]);
  }
  return keys;
}

/** Signals of rows, by record key (rows without one — deleted, or tasks — are absent). */
export async function signalsOf(db: ReadDB, keys: string[]): Promise<Map<string, RecordSignals>> {
  const rows = keys.length ? await db.signals.bulkGet(keys) : [];
  return new Map(rows.flatMap((r) => (r ? [[r.recordKey, plain(r)] as const] : [])));
}

export const plain = (s: SignalsRow): RecordSignals => ({
  lastContactAt: s.lastContactAt, lastContactBy: s.lastContactBy, interactions: s.interactions, lastActivityAt: s.lastActivityAt, stageSince: s.stageSince, ...(s.nextTask && { nextTask: s.nextTask }),
});

/** A row's sort key by a signal: "never" sorts as the oldest, no next task as the latest. */
export function signalSortValue(s: RecordSignals | undefined, field: SignalSortField): number {
  if (!s) return field === 'nextTaskDue' ? Number.MAX_SAFE_INTEGER : 0;
  if (field === 'nextTaskDue') return s.nextTask ? s.nextTask.dueAt ?? Number.MAX_SAFE_INTEGER - 1 : Number.MAX_SAFE_INTEGER;
  return s[field];
}
