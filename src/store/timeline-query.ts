import Dexie from 'dexie';
import type { Activity } from '../domain/index.ts';
import type { ReadDB } from './read-db.ts';

/**
 * A timeline from the read model alone: the activities of `parents` (row keys `<type>:<id>`:
 * a record, the leads it came from, what was merged into it — see src/ui/models/timeline.ts),
 * newest first, read per parent from the `[parentKey+date]` index. No shard is loaded: opening
 * a record's timeline costs a few index ranges, whatever the size of the workspace.
 */
export async function timelineActivities(db: ReadDB, parents: readonly string[]): Promise<Activity[]> {
  const lists = await Dexie.Promise.all([...new Set(parents)].map((p) =>
    db.activities.where('[parentKey+date]').between([p, Dexie.minKey], [p, Dexie.maxKey]).reverse().toArray()));
  const out = lists.flat().map(({ parentKey: _key, ...a }) => a as Activity);
  return out.sort((a, b) => b.date - a.date || b.id.localeCompare(a.id));
}
