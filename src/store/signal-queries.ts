import Dexie from 'dexie';
import { DAY_MS, SIGNAL_COLLECTIONS, type Collection, type RecordSignals } from '../domain/index.ts';
import type { ReadDB } from './read-db.ts';
import { signalsByKey } from './signal-rows.ts';

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
 * only those. A record without a signals row was never contacted (read model 6 keeps rows only
 * for records with signals), so those two filters read the live records' keys and take out the
 * ones contacted later than the cutoff. Deleted records are not live, so they never appear.
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
  const contacted = f.notContactedDays === 'never' ? 0 : days(f.notContactedDays) !== undefined ? now - days(f.notContactedDays)! * DAY_MS : undefined;
  if (contacted !== undefined) {
    const live = SIGNAL_COLLECTIONS.includes(type) ? (await db.records.where('[type+deleted+sortName]').between([type, 0, Dexie.minKey], [type, 0, Dexie.maxKey], true, true).primaryKeys()) as string[] : [];
    const since = new Set((await db.signals.where('[type+lastContactAt]').between([type, contacted], [type, Infinity], false, true).primaryKeys()) as string[]);
    narrow(live.filter((k) => !since.has(k)));
  }
  if (days(f.inStageOverDays) !== undefined) {
    const cutoff = now - days(f.inStageOverDays)! * DAY_MS;
    narrow((await db.signals.where('[type+stageSince]').between([type, 1], [type, cutoff], true, true).primaryKeys()) as string[]);
  }
  return keys;
}

/** Signals of rows, by record key: NO_SIGNALS for a lead, person, company or deal without a row; tasks absent. */
export async function signalsOf(db: ReadDB, keys: string[]): Promise<Map<string, RecordSignals>> {
  return signalsByKey(keys, keys.length ? await db.signals.bulkGet(keys) : []);
}


/** A row's sort key by a signal: "never" sorts as the oldest, no next task as the latest. */
export function signalSortValue(s: RecordSignals | undefined, field: SignalSortField): number {
  if (!s) return field === 'nextTaskDue' ? Number.MAX_SAFE_INTEGER : 0;
  if (field === 'nextTaskDue') return s.nextTask ? s.nextTask.dueAt ?? Number.MAX_SAFE_INTEGER - 1 : Number.MAX_SAFE_INTEGER;
  return s[field];
}
