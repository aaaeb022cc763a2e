import Dexie from 'dexie';
import type { Activity } from '../domain/index.ts';
import { timelineWalk, type TimelineNode } from '../domain/lifecycle/timeline.ts';
import { byKeysIn, type KeyRange } from './key-reads.ts';
import type { ReadDB } from './read-db.ts';
import type { RecordRow } from './rows.ts';
import { stagedRows, withStaged } from './staged.ts';

type Walk = Generator<string[], string[], TimelineNode[]>;

/**
 * Many walks of the domain (`timelineWalk`, `signalWalk`), answered together from the read model,
 * round by round: the keys every walk reached in a round are read at once, the rows of those keys
 * (`bulkGet`, less the rows already known: `known`) and the rows that flow into them (the `into`
 * index, through `byKeysIn`: one range read when the range holds few, and with a rebuild's
 * `range`, one range read for the keys in it). A record nothing was merged or converted into
 * costs one round, and a batch of records one round for all of them. Resolves each walk's parents
 * (sorted row keys), by the walk's name. With a join's `staged` rows (staged.ts; a reader's walk,
 * not the upkeep's, which runs on unpacked rows), a staged row is read for its key and flows
 * into what its `into` names, as its `records` row would.
 */
// Not async itself: one more native async layer inside a Dexie transaction commits it early.
export function walkAll(db: ReadDB, walks: ReadonlyMap<string, Walk>, known: ReadonlyMap<string, RecordRow | undefined> = new Map(), range?: KeyRange, staged: ReadonlyMap<string, RecordRow> = new Map()): Promise<Map<string, string[]>> {
  const rows = new Map(known);
  const flowing = new Map<string, RecordRow[]>(); // a key → the rows that flow into it (asked keys only)
  const done = new Map<string, string[]>();
  const asked = new Map<string, string[]>(); // walk → the keys it waits on
  const advance = (name: string, walk: Walk, found?: TimelineNode[]) => {
    const step = found ? walk.next(found) : walk.next();
    if (step.done) { done.set(name, step.value); asked.delete(name); } else asked.set(name, step.value);
  };
  for (const [name, walk] of walks) advance(name, walk);
  const round = (): Promise<Map<string, string[]>> => {
    if (!asked.size) return Dexie.Promise.resolve(done);
    const keys = [...new Set([...asked.values()].flat())];
    const unread = keys.filter((k) => !rows.has(k));
    const notFlowed = keys.filter((k) => !flowing.has(k));
    return Dexie.Promise.all([
      unread.length ? db.records.bulkGet(unread) : Dexie.Promise.resolve([]),
      byKeysIn(notFlowed, range, (r) => db.records.where('into').between(r.first, r.last, true, true), (x) => x.into, (k) => db.records.where('into').equals(k).toArray()),
    ]).then(([own, into]) => {
      unread.forEach((k, i) => rows.set(k, staged.get(k) ?? own[i]));
      for (const k of notFlowed) flowing.set(k, []);
      const askedNow = new Set(notFlowed);
      const inFlow = (r: RecordRow) => !!r.into?.some((t) => askedNow.has(t));
      for (const r of new Map(withStaged(staged, into, inFlow).map((x) => [x.key, x])).values()) for (const t of r.into ?? []) if (askedNow.has(t)) flowing.get(t)!.push(r);
      for (const [name, waiting] of [...asked]) {
        const found: TimelineNode[] = [];
        for (const k of waiting) for (const r of [rows.get(k), ...(flowing.get(k) ?? [])]) if (r) found.push({ ...r.data, type: r.type });
        advance(name, walks.get(name)!, found);
      }
      return round();
    });
  };
  return round();
}

/**
 * Every parent of a timeline, from its first parents (`timelineParents` of the record): the
 * domain's `timelineWalk`, each round answered with two reads: the rows of the keys reached
 * and the rows that flow into them (the `into` index). A record nothing was merged or
 * converted into costs one round.
 */
export async function timelineParentKeys(db: ReadDB, first: readonly string[]): Promise<string[]> {
  return (await walkAll(db, new Map([['', timelineWalk(first)]]), new Map(), undefined, await stagedRows(db))).get('')!;
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
