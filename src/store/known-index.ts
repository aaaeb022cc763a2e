import type * as Y from 'yjs';
import type Dexie from 'dexie';
import {
  digestActivities, interactionTypeIds, SIGNAL_COLLECTIONS, nextOpenTask, signalsOf,
  type ActivityDigest, type Collection, type RecordSignals,
} from '../domain/index.ts';
import { signalWalk, walksTouchedBy, type TimelineLinks } from '../domain/lifecycle/timeline.ts';
import { byKeysIn, sparseIn, SPARSE_MIN_KEYS, type KeyRange } from './key-reads.ts';
import { noteSignalWrites, signalKeys } from './signal-keys.ts';
import type { ReadDB } from './read-db.ts';
import { walkAll } from './timeline-query.ts';
import type { ActivityRow, RecordRow } from './rows.ts';

/**
 * The read model's "known here" and sales-signal tables, kept in step by the projector in the
 * same Dexie transaction as the rows they derive from (so sync, merge, undo and import — all
 * just doc changes — keep them right). Each write touches only the records a batch changed:
 * - match keys (domain/known): in each record row's `match` (rows.ts), multi-entry indexed.
 * - `taskLinks`: per task, the record it is about, its due date and status (for "next task").
 * - `signals`: per lead, person, company and deal that has signals (`hasSignals`), its activity
 *   digest and the signals derived from it; `parents` lists whose activities count besides its
 *   own (`signalWalk`: records merged or converted into it, by the winner's lists or by their own
 *   links), indexed so an activity write, or a written record's links, find the records to
 *   update. A record without a row has none yet (`NO_SIGNALS`): an import or a
 *   join writes no signals row for its new records (read model 6: one put per record fewer).
 */

export type TaskLinkRow = { taskKey: string; relatedKey: string; id: string; name: string; dueAt?: number; status: string };
/**
 * `parents`: the other records whose activities count for this one (its walk less itself: see
 * `signalsRow`; a read model written before kept itself among them too, which reads the same).
 */
export type SignalsRow = RecordSignals & { recordKey: string; type: Collection; id: string; parents: string[]; digest: ActivityDigest };

/** The signals of a record that has no signals row: never contacted, no activity, no next task, no stage. */
export { NO_SIGNALS } from './signal-rows.ts';

/**
 * Whether a record's signals need a row: it has activities, a next task or a stage date, or
 * other records' activities count for it (their writes find it through the `parents` index;
 * its own activities find it by its key). Anything else reads as NO_SIGNALS.
 */
export const hasSignals = (row: Pick<SignalsRow, 'recordKey' | 'parents' | 'digest' | 'nextTask' | 'stageSince'>): boolean =>
  row.stageSince > 0 || row.nextTask !== undefined || row.parents.some((p) => p !== row.recordKey) || Object.keys(row.digest).length > 0;

/** What one projector batch changed (rows as they will be after it). */
export type KnownBatch = { puts: RecordRow[]; dels: string[]; activityPuts: ActivityRow[]; activityDels: string[] };

const liveData = (row: RecordRow | undefined) => (row && !row.deleted ? (row.data as Record<string, unknown>) : undefined);

/**
 * Before the batch is written: the parents of activities it changes or drops (an activity's old
 * row is gone once written). Returns the upkeep to run after the rows are written, in the same
 * transaction.
 */
export async function prepareKnownUpkeep(db: ReadDB, batch: KnownBatch, interactionTypes: () => string[], range?: KeyRange): Promise<() => Promise<void>> {
  const changed = [...batch.activityDels, ...batch.activityPuts.map((a) => a.id)];
  const before = changed.length ? await db.activities.bulkGet(changed) : [];
  const dirtyParents = new Set<string>([...before, ...batch.activityPuts].flatMap((a) => (a ? [a.parentKey] : [])));
  return () => applyKnownUpkeep(db, batch, dirtyParents, interactionTypes(), range);
}

async function applyKnownUpkeep(db: ReadDB, batch: KnownBatch, dirtyParents: Set<string>, types: string[], range?: KeyRange): Promise<void> {
  const puts = new Map(batch.puts.map((r) => [r.key, r]));

  // Task links: a task's record gets a new next task when the task is made, moved, done or dropped.
  const taskDirty = new Set<string>();
  const taskWrites = [...batch.puts.filter((r) => r.type === 'tasks').map((r) => r.key), ...batch.dels.filter((k) => k.startsWith('tasks:'))];
  if (taskWrites.length) {
    const old = await db.taskLinks.bulkGet(taskWrites);
    for (const o of old) if (o) taskDirty.add(o.relatedKey);
    const linkPuts: TaskLinkRow[] = [];
    const linkDels: string[] = [];
    for (const key of taskWrites) {
      const link = taskLinkRow(key, puts.get(key));
      if (!link) { linkDels.push(key); continue; }
      taskDirty.add(link.relatedKey);
      linkPuts.push(link);
    }
    if (linkPuts.length) await db.taskLinks.bulkPut(linkPuts);
    if (linkDels.length) await db.taskLinks.bulkDelete(linkDels);
  }

  // Records whose signals change: written ones, those an activity's parent feeds, those a task is
  // about, and those whose walked parents a written record's links change (`walksTouchedBy`: a
  // merge, a conversion, or an absorbed record's `mergedInto` arriving after its winner's list
  // was overwritten). A rebuild's slice (`range`) walks every record anyway, from rows all written.
  const dirty = new Set<string>([...taskDirty, ...batch.dels]);
  for (const r of batch.puts) if (SIGNAL_COLLECTIONS.includes(r.type)) dirty.add(r.key);
  // `rewalk`: the records whose walk may have changed; any other keeps its stored parents (a
  // record without a row has none besides itself: `hasSignals`), so an activity's write reads no
  // `into` for its record.
  const rewalk = new Set<string>();
  if (!range) {
    for (const r of batch.puts) for (const k of walksTouchedBy(r.type, r.data as TimelineLinks)) rewalk.add(k);
    for (const k of batch.dels) rewalk.add(k);
  }
  const touched = new Set<string>([...dirtyParents, ...rewalk]);
  if (touched.size) {
    const fed = await byKeysIn([...touched], undefined, (r) => db.signals.where('parents').between(r.first, r.last, true, true), (x) => x.parents, (p) => db.signals.where('parents').equals(p).toArray());
    for (const x of fed) { dirty.add(x.recordKey); if (x.parents.some((p) => rewalk.has(p))) rewalk.add(x.recordKey); }
  }
  for (const p of touched) dirty.add(p); // a parent without a signals row yet (written in an earlier batch)
  const keys = [...dirty].filter((k) => SIGNAL_COLLECTIONS.includes(k.slice(0, k.indexOf(':')) as Collection));
  if (!keys.length) return;
  // A stored signals row only spares re-reading a record's activities and tasks. When those are
  // few in the batch's key range (read as one range below), every row is derived afresh instead
  // of fetching the old rows one request each (an import into a new or small workspace); a
  // rebuild's slice (`range`) reads them by range anyway. Then only which rows exist is needed
  // (a record left without signals drops its row).
  const fresh = range !== undefined || (keys.length >= SPARSE_MIN_KEYS && (await sparseIn(keys, (r) => db.activities.where('parentKey').between(r.first, r.last, true, true)))
    && (await sparseIn(keys, (r) => db.taskLinks.where('relatedKey').between(r.first, r.last, true, true))));
  // Which rows exist comes from the connection's kept set of signals keys (signal-keys.ts: one
  // read per connection, not one get per record of every batch); only rows that exist are read.
  const [existing, stored] = await Promise.all([
    !fresh && keys.length < SPARSE_MIN_KEYS
      ? db.signals.bulkGet(keys) // a user's edit: a few gets, no need of the whole set
      : signalKeys(db).then((had): (SignalsRow | null | undefined)[] | Promise<(SignalsRow | undefined)[]> => {
        if (fresh) return keys.map((k) => (had.has(k) ? null : undefined));
        const withRow = keys.filter((k) => had.has(k));
        return db.signals.bulkGet(withRow).then((rows) => {
          const old = new Map(withRow.map((k, i) => [k, rows[i]]));
          return keys.map((k) => old.get(k));
        });
      }),
    db.records.bulkGet(keys.filter((k) => !puts.has(k))),
  ]);
  // `existing[i]`: the old row, null when one exists but was not read (fresh), undefined when none.
  const rows = new Map<string, RecordRow | undefined>(stored.flatMap((r) => (r ? [[r.key, r] as const] : [])));
  for (const [k, r] of puts) rows.set(k, r);
  const live = keys.map((k, i) => ({ key: k, data: liveData(rows.get(k)), old: existing[i] ?? undefined, had: existing[i] !== undefined }));
  const sigDels = live.filter((x) => !x.data && x.had).map((x) => x.key);
  const todo = live.filter((x): x is typeof x & { data: Record<string, unknown> } => !!x.data);
  // Whose activities count for each (`signalWalk`): walked together from the read model when the
  // walk may have changed (or its old row was not read), else the stored parents; then the
  // activities of every parent of the records to recompute, in one indexed query.
  const walkNow = todo.filter((x) => range !== undefined || rewalk.has(x.key) || (x.had && !x.old));
  const parentsOf = await walkAll(db, new Map(walkNow.map((x) => [x.key, signalWalk(x.key.slice(0, x.key.indexOf(':')) as Collection, x.data as TimelineLinks)])), rows, range);
  for (const x of todo) if (!parentsOf.has(x.key)) parentsOf.set(x.key, [...new Set([x.key, ...(x.old?.parents ?? [])])].sort());
  const needDigest = new Set(todo.filter((x) => !x.old || parentsOf.get(x.key)!.some((p) => dirtyParents.has(p)) || othersOf(x.key, parentsOf.get(x.key)!).join() !== x.old.parents.join()).map((x) => x.key));
  const allParents = [...new Set([...needDigest].flatMap((k) => parentsOf.get(k)!))];
  const acts = await byKeysIn(allParents, range, (r) => db.activities.where('parentKey').between(r.first, r.last, true, true), (a) => a.parentKey, (p) => db.activities.where('parentKey').equals(p).toArray());
  const actsBy = groupBy(acts, (a) => a.parentKey);
  const needTasks = todo.filter((x) => !x.old || taskDirty.has(x.key)).map((x) => x.key);
  const links = await byKeysIn(needTasks, range, (r) => db.taskLinks.where('relatedKey').between(r.first, r.last, true, true), (l) => l.relatedKey, (k) => db.taskLinks.where('relatedKey').equals(k).toArray());
  const linksBy = groupBy(links, (l) => l.relatedKey);
  const sigPuts: SignalsRow[] = [];
  for (const { key, data, old, had } of todo) {
    const parents = parentsOf.get(key)!;
    const digest = needDigest.has(key) ? digestActivities(parents.flatMap((p) => actsBy.get(p) ?? [])) : old!.digest;
    const next = !old || taskDirty.has(key) ? nextOpenTask(linksBy.get(key) ?? []) : old.nextTask;
    const row = signalsRow(key, data, parents, digest, types, next);
    if (hasSignals(row)) sigPuts.push(row);
    else if (had) sigDels.push(key);
  }
  if (sigPuts.length) await db.signals.bulkPut(sigPuts);
  if (sigDels.length) await db.signals.bulkDelete(sigDels);
  noteSignalWrites(db, sigPuts.map((r) => r.recordKey), sigDels);
}

/** A task's link to the record it is about (none: not a live task about a record). */
export function taskLinkRow(taskKey: string, row: RecordRow | undefined): TaskLinkRow | undefined {
  const d = liveData(row);
  const rel = d?.related as { type?: string; id?: string } | undefined;
  if (!d || !rel?.type || !rel.id) return undefined;
  return { taskKey, relatedKey: `${rel.type}:${rel.id}`, id: d.id as string, name: typeof d.name === 'string' ? d.name : '', status: typeof d.status === 'string' ? d.status : 'open', ...(typeof d.dueAt === 'number' && { dueAt: d.dueAt }) };
}

/**
 * A record's signals row, from the digest of its parents' activities (`parents`: the record's
 * walk, itself included) and its next open task. The row keeps only the other parents: its own
 * activities find it by its key, so the `parents` index holds only merged and converted records'
 * keys, few in any key range, and a batch's lookups in it stay one range read (a deal's row, made
 * by its stage alone, adds no entry: a join's 500-deal batch counted 500 entries of their own).
 */
export function signalsRow(recordKey: string, data: Record<string, unknown>, parents: string[], digest: ActivityDigest, types: string[], next: SignalsRow['nextTask']): SignalsRow {
  const type = recordKey.slice(0, recordKey.indexOf(':')) as Collection;
  return { recordKey, type, id: data.id as string, parents: othersOf(recordKey, parents), digest, ...signalsOf(digest, types, data, next) };
}

const othersOf = (recordKey: string, parents: string[]) => parents.filter((p) => p !== recordKey);

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) { const k = key(x); const l = out.get(k); if (l) l.push(x); else out.set(k, [x]); }
  return out;
}

/**
 * An admin changed which activity types count as interactions: every record's last-contacted
 * and interaction count are re-derived from its stored digest (the signals table only, no
 * activity is read). Rare (a settings change), so a pass over the signals is fine here.
 */
export async function rederiveInteractions(db: ReadDB, types: string[]): Promise<void> {
  await db.transaction('rw', [db.signals, db.records], async () => {
    const rows = await db.signals.toArray();
    const records = await db.records.bulkGet(rows.map((r) => r.recordKey));
    await db.signals.bulkPut(rows.map((r, i) => ({ ...r, ...signalsOf(r.digest, types, (records[i]?.data as Record<string, unknown>) ?? {}, r.nextTask) })));
  });
}

/** Interaction type ids from the config doc's activity types. */
export function interactionTypesOf(config: Y.Doc): string[] {
  return interactionTypeIds([...config.getMap<{ id: string; category?: string; countsAsInteraction?: boolean }>('activityTypes').values()]);
}
