import type { Activity, Collection, RecordRef, Task } from '../../domain/index.ts';
import { ownTimelineParents, timelineParents, withoutRepeatedEmails } from '../../domain/lifecycle/timeline.ts';
import type { Repository } from '../repository.ts';
import { idsWhere } from './refs.ts';
import { activitiesOf } from '../layout.ts';

type R = Record<string, unknown>;
const refKey = (r: RecordRef) => `${r.type}:${r.id}`;

/**
 * The records whose activities and tasks show on a record's timeline: the domain's
 * `timelineParents` (the record, what was merged into it, the leads it came from; a company's
 * people, a deal's primary person). Merges made before a merge wrote the loser's links into the
 * winner left chains (A into B, then B into C), so the links of every merged record are followed too.
 */
export function timelineSources(repo: Repository, ref: RecordRef): RecordRef[] {
  const get = (type: Collection, id: string) => repo.get(type, id, { includeDeleted: true }) as (R & { id: string }) | undefined;
  const record = get(ref.type, ref.id);
  if (!record) return [];
  const related: { people?: (R & { id: string })[]; person?: (R & { id: string }) | null } = {};
  if (ref.type === 'companies') related.people = idsWhere(repo, 'people', 'companyId', (v) => v === ref.id).flatMap((id) => get('people', id) ?? []);
  if (ref.type === 'opportunities' && typeof record.primaryPersonId === 'string') related.person = get('people', record.primaryPersonId) ?? null;
  const out = new Map<string, RecordRef>();
  const visit = (key: string) => {
    if (out.has(key)) return;
    const type = key.slice(0, key.indexOf(':')) as Collection;
    const r = get(type, key.slice(type.length + 1));
    if (!r) return;
    out.set(key, { type, id: r.id });
    for (const k of ownTimelineParents(type, r)) visit(k);
  };
  for (const k of timelineParents(ref.type, record, related)) visit(k);
  return [...out.values()];
}

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
