import Dexie from 'dexie';
import type { Activity } from '../domain/index.ts';
import { timelineWalk, type TimelineNode } from '../domain/lifecycle/timeline.ts';
import type { ReadDB } from './read-db.ts';

/**
 * Every parent of a timeline, from its first parents (`timelineParents` of the record): the
 * domain's `timelineWalk`, each round answered with two reads: the rows of the keys reached
 * and the rows that flow into them (the `into` index). A record nothing was merged or
 * converted into costs one round.
 */
export async function timelineParentKeys(db: ReadDB, first: readonly string[]): Promise<string[]> {
  const walk = timelineWalk(first);
  let step = walk.next();
  while (!step.done) {
    const [own, into] = await Dexie.Promise.all([db.records.bulkGet(step.value), db.records.where('into').anyOf(step.value).toArray()]);
    const found: TimelineNode[] = [];
    for (const r of [...own, ...into]) if (r) found.push({ ...r.data, type: r.type });
    step = walk.next(found);
  }
  return step.value;
}

/**
 * A timeline from the read model alone: the activities of `parents` (row keys `<type>:<id>`:
 * a record, the leads it came from, what was merged into it — `timelineParents`) and of what
 * flows into them (`timelineParentKeys`), newest first, read per parent from the
 * `[parentKey+date]` index. No shard is loaded: opening a record's timeline costs a few index
 * ranges, whatever the size of the workspace.
 */
export async function timelineActivities(db: ReadDB, parents: readonly string[]): Promise<Activity[]> {
  const keys = await timelineParentKeys(db, parents);
  const lists = await Dexie.Promise.all(keys.map((p) =>
    db.activities.where('[parentKey+date]').between([p, Dexie.minKey], [p, Dexie.maxKey]).reverse().toArray()));
  const out = lists.flat().map(({ parentKey: _key, ...a }) => a as Activity);
  return out.sort((a, b) => b.date - a.date || b.id.localeCompare(a.id));
}
