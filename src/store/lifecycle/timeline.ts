import { COLLECTIONS, type Activity, type Collection, type RecordRef, type Task } from '../../domain/index.ts';
import { flowsInto, timelineParents, timelineWalk, walkWith, withoutRepeatedEmails, type TimelineNode } from '../../domain/lifecycle/timeline.ts';
import type { Repository } from '../repository.ts';
import { idsWhere } from './refs.ts';
import { activitiesOf } from '../layout.ts';

type R = Record<string, unknown>;
const refKey = (r: RecordRef) => `${r.type}:${r.id}`;

/**
 * The records whose activities and tasks show on a record's timeline: the domain's
 * `timelineWalk` from `timelineParents` (the record, what was merged into it, the leads it came
 * from; a company's people, a deal's primary person), answered from the docs: the records of
 * the keys reached, and those that flow into them (`flowsInto`: merged into one of them, or a
 * lead converted into one), found by one scan of the records that hold such a link.
 */
export function timelineSources(repo: Repository, ref: RecordRef): RecordRef[] {
  const get = (type: Collection, id: string) => repo.get(type, id, { includeDeleted: true }) as (R & { id: string }) | undefined;
  const record = get(ref.type, ref.id);
  if (!record) return [];
  const related: { people?: (R & { id: string })[]; person?: (R & { id: string }) | null } = {};
  if (ref.type === 'companies') related.people = idsWhere(repo, 'people', 'companyId', (v) => v === ref.id).flatMap((id) => get('people', id) ?? []);
  if (ref.type === 'opportunities' && typeof record.primaryPersonId === 'string') related.person = get('people', record.primaryPersonId) ?? null;
  const node = (type: Collection, r: R & { id: string }): TimelineNode => ({ ...r, type });
  const linked = [
    ...COLLECTIONS.flatMap((c) => idsWhere(repo, c, 'mergedInto', (v) => typeof v === 'string').map((id) => [c, id] as const)),
    ...idsWhere(repo, 'leads', 'convertedTo', (v) => !!v && typeof v === 'object').map((id) => ['leads', id] as const),
  ].flatMap(([c, id]) => { const r = get(c, id); return r ? [{ node: node(c, r), into: flowsInto(c, r) }] : []; });
  const parents = walkWith(timelineWalk(timelineParents(ref.type, record, related)), (round) => {
    const keys = new Set(round);
    const found = round.flatMap((key) => { const [type, id] = splitRowKey(key); const r = get(type, id); return r ? [node(type, r)] : []; });
    for (const l of linked) if (l.into.some((k) => keys.has(k))) found.push(l.node);
    return found;
  });
  return parents.flatMap((key) => { const [type, id] = splitRowKey(key); const r = get(type, id); return r ? [{ type, id: r.id }] : []; });
}

const splitRowKey = (key: string): [Collection, string] => { const i = key.indexOf(':'); return [key.slice(0, i) as Collection, key.slice(i + 1)]; };

/** The timeline of a record, newest first: its activities and those of its sources (above), each email once. */
export function timeline(repo: Repository, ref: RecordRef): Activity[] {
  const sources = timelineSources(repo, ref);
  const keys = new Set(sources.map(refKey));
  const out = activitiesOf(repo.docs, sources.map((r) => r.id)).filter((a) => keys.has(refKey(a.parent)));
  return withoutRepeatedEmails(out.sort((a, b) => b.date - a.date || b.id.localeCompare(a.id)));
}

/** Tasks related to a record or to its timeline sources (the lead's tasks show on the person). */
export function relatedTasks(repo: Repository, ref: RecordRef): Task[] {
  const keys = new Set(timelineSources(repo, ref).map(refKey));
  const ids = idsWhere(repo, 'tasks', 'related', (v) => !!v && keys.has(refKey(v as RecordRef)));
  return ids.map((id) => repo.get('tasks', id)).filter((t): t is Task => !!t);
}
