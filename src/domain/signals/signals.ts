/**
 * Sales signals of one record, derived from its timeline and tasks: last contacted (the latest
 * activity of a type that counts as an interaction, and by whom), how many interactions, the
 * latest activity of any kind, days in stage (deals), the next open task. Pure: the read model
 * keeps a digest per record up to date and calls these rules; lists, the board and the home
 * read the result.
 */

export const DAY_MS = 24 * 3600 * 1000;
/** Record types with sales signals (tasks are what signals point to, not what has them). */
export const SIGNAL_COLLECTIONS: readonly ('leads' | 'people' | 'companies' | 'opportunities' | 'tasks')[] = ['leads', 'people', 'companies', 'opportunities'];

/** Activity types that count as talking to the contact unless an admin says otherwise (Copper's count_as_interaction). */
export const DEFAULT_INTERACTION_TYPES: readonly string[] = ['call', 'meeting', 'email'];
/** "To follow up" and the lists' "not contacted" default: two weeks without an interaction. */
export const FOLLOW_UP_DAYS = 14;

type TypeLike = { id: string; category?: string; countsAsInteraction?: boolean };

/** Whether activities of this type count as an interaction: the admin's choice, else the default. */
export function countsAsInteraction(t: TypeLike): boolean {
  if (t.category === 'system' || t.id === 'system') return false;
  return t.countsAsInteraction ?? DEFAULT_INTERACTION_TYPES.includes(t.id);
}

/** The ids of the activity types that count, from the workspace's activity types. */
export function interactionTypeIds(types: readonly TypeLike[]): string[] {
  const known = new Set(types.map((t) => t.id));
  // A default type missing from config (never seeded) still counts.
  return [...types.filter(countsAsInteraction).map((t) => t.id), ...DEFAULT_INTERACTION_TYPES.filter((id) => !known.has(id))];
}

/** Per activity type: how many, and the latest (when, by whom). Kept per record by the read model. */
export type TypeDigest = { n: number; at: number; by: string };
export type ActivityDigest = Record<string, TypeDigest>;

type ActivityLike = { typeId: string; date: number; authorId: string; system?: unknown; deletedAt?: number };

/** The digest of a record's activities (system entries — stage and status changes — are not contact). */
export function digestActivities(acts: Iterable<ActivityLike>): ActivityDigest {
  const out: ActivityDigest = {};
  for (const a of acts) {
    if (a.system || a.typeId === 'system' || a.deletedAt !== undefined || !Number.isFinite(a.date)) continue;
    const d = (out[a.typeId] ??= { n: 0, at: -Infinity, by: '' });
    d.n += 1;
    if (a.date > d.at) { d.at = a.date; d.by = a.authorId; }
  }
  return out;
}

export type NextTask = { id: string; name: string; dueAt?: number };

/** The stored signals of a record: what lists sort and filter on. 0 stands for "never" (IndexedDB cannot index undefined). */
export type RecordSignals = {
  lastContactAt: number;
  lastContactBy: string;
  interactions: number;
  lastActivityAt: number;
  /** Deals: when the deal entered its current stage (0 for other records). */
  stageSince: number;
  nextTask?: NextTask;
};

/** The signals from a digest, the interaction types, the record and its next task. */
export function signalsOf(digest: ActivityDigest, interactionTypes: readonly string[], record: Record<string, unknown>, nextTask?: NextTask): RecordSignals {
  let lastContactAt = 0;
  let lastContactBy = '';
  let interactions = 0;
  let lastActivityAt = 0;
  for (const [typeId, d] of Object.entries(digest)) {
    if (d.at > lastActivityAt) lastActivityAt = d.at;
    if (!interactionTypes.includes(typeId)) continue;
    interactions += d.n;
    if (d.at > lastContactAt) { lastContactAt = d.at; lastContactBy = d.by; }
  }
  return { lastContactAt, lastContactBy, interactions, lastActivityAt, stageSince: stageSince(record), ...(nextTask && { nextTask }) };
}

/** When a deal entered its stage: the stage change the lifecycle stamps, else its creation. */
export function stageSince(record: Record<string, unknown>): number {
  if (typeof record.stageId !== 'string' || !record.stageId) return 0;
  const at = typeof record.stageChangedAt === 'number' ? record.stageChangedAt : typeof record.createdAt === 'number' ? record.createdAt : 0;
  return at;
}

/**
 * The earliest-due open task (undated ones after the dated, then by name, then by id: the answer
 * must not depend on the order the tasks are read in, which differs between the read model's
 * upkeep and a rebuild).
 */
export function nextOpenTask(tasks: Iterable<NextTask & { status?: string }>): NextTask | undefined {
  let best: NextTask | undefined;
  for (const t of tasks) {
    if ((t.status ?? 'open') !== 'open') continue;
    const due = t.dueAt ?? Infinity;
    const bestDue = best ? best.dueAt ?? Infinity : Infinity;
    const byName = best ? t.name.localeCompare(best.name) : 0;
    if (!best || due < bestDue || (due === bestDue && (byName < 0 || (byName === 0 && t.id < best.id)))) best = { id: t.id, name: t.name, ...(t.dueAt !== undefined && { dueAt: t.dueAt }) };
  }
  return best;
}

/** Whole days between a moment and now (never negative); undefined for "never". */
export function daysSince(at: number, now: number): number | undefined {
  return at > 0 ? Math.max(0, Math.floor((now - at) / DAY_MS)) : undefined;
}

/** "today", "yesterday", "12 days ago". */
export function agoText(at: number, now: number): string {
  const d = daysSince(at, now);
  if (d === undefined) return 'never';
  return d === 0 ? 'today' : d === 1 ? 'yesterday' : `${d} days ago`;
}

/**
 * Needs a follow-up: contacted before, not for `days`, and nothing planned (no open task).
 * A record never contacted is a new one, not a lapsed one: lists filter those by "never".
 */
export function needsFollowUp(s: Pick<RecordSignals, 'lastContactAt' | 'nextTask'>, now: number, days = FOLLOW_UP_DAYS): boolean {
  return s.lastContactAt > 0 && now - s.lastContactAt >= days * DAY_MS && !s.nextTask;
}
