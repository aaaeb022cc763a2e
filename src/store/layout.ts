import type * as Y from 'yjs';
import { activityDocKey, recordDocKey, type DocKey } from '../domain/routing.ts';
import type { Activity, Collection } from '../domain/index.ts';
import type { WorkspaceDocs } from './docs.ts';
import { collectionMap } from '../layout/records-doc.ts';
import { activityMap, byDoc, putActivity, putHistory } from '../layout/record-write.ts';
import { historyMap, type HistoryEntry } from './history.ts';

/**
 * Where things live in the sharded layout: a record in `records/<shard of its id>`, an activity
 * in `activities/<shard of its parent>`, a history entry in `activities/<shard of its record>`.
 * Inside a shard the layout is the flat one of records-doc.ts. Only this module (and the
 * repository through it) turns ids into docs.
 */
export const recordKey = (id: string): DocKey => recordDocKey(id);
export const timelineKey = (parentId: string): DocKey => activityDocKey(parentId);

export const recordMap = (docs: WorkspaceDocs, collection: Collection, id: string): Y.Map<unknown> => collectionMap(docs.doc(recordKey(id)), collection);
export { activityMap } from '../layout/record-write.ts';

/** The collection's map in every record shard (a whole-workspace read: every shard loaded). */
export const recordMaps = (docs: WorkspaceDocs, collection: Collection): Y.Map<unknown>[] => docs.all('records').map((d) => collectionMap(d, collection));

/** Activities whose parent is one of `parentIds` (reads only their shards). */
export function activitiesOf(docs: WorkspaceDocs, parentIds: Iterable<string>): Activity[] {
  const ids = new Set(parentIds);
  const keys = new Set([...ids].map(timelineKey));
  docs.require(keys);
  const out: Activity[] = [];
  for (const k of keys) for (const a of activityMap(docs.doc(k)).values()) if (ids.has(a.parent.id)) out.push(a);
  return out;
}

export const allActivities = (docs: WorkspaceDocs): Activity[] => docs.all('activities').flatMap((d) => [...activityMap(d).values()]);
export const allHistory = (docs: WorkspaceDocs): HistoryEntry[] => docs.all('activities').flatMap((d) => [...historyMap(d).values()]);
export const historyOf = (docs: WorkspaceDocs, recordId: string): HistoryEntry[] => [...historyMap(docs.doc(timelineKey(recordId))).values()].filter((e) => e.recordId === recordId);

/** An activity is a new key (ids are fresh or derived): written without loading its shard. */
export function writeActivity(docs: WorkspaceDocs, activity: Activity, origin: unknown): void {
  docs.writeNew(timelineKey(activity.parent.id), (d) => putActivity(d, activity, origin), origin);
}

/** History entries are new keys: written without loading their shards. */
export function writeHistory(docs: WorkspaceDocs, entries: HistoryEntry[], origin: unknown): void {
  for (const [k, list] of byDoc(entries, (e) => timelineKey(e.recordId))) docs.writeNew(k, (d) => putHistory(d, list, origin), origin);
}

/** Groups items by the doc key they live in (one transaction per shard). */
export { byDoc as byShard } from '../layout/record-write.ts';
