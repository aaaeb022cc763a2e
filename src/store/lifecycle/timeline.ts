import type { Activity, Collection, RecordRef, Task } from '../../domain/index.ts';
import { withoutRepeatedEmails } from '../../domain/lifecycle/timeline.ts';
import type { Repository } from '../repository.ts';
import { idsWhere } from './refs.ts';
import { activitiesOf } from '../layout.ts';

type R = Record<string, unknown>;
const refKey = (r: RecordRef) => `${r.type}:${r.id}`;

/**
 * The records whose activities and tasks show on a record's timeline:
 * - the record and every record merged into it (merges don't rewrite the timeline, so undoing
 *   a merge needs nothing from the activities doc);
 * - the leads it (or what was merged into it) was converted from;
 * - for a company, its people (and theirs); for an opportunity, its primary person (and theirs).
 */
export function timelineSources(repo: Repository, ref: RecordRef): RecordRef[] {
  const out = new Map<string, RecordRef>();
  const add = (type: Collection, id: string) => {
    const k = refKey({ type, id });
    if (out.has(k)) return;
    const r = repo.get(type, id, { includeDeleted: true }) as R | undefined;
    if (!r) return;
    out.set(k, { type, id });
    for (const m of (r.mergedFromIds as string[] | undefined) ?? []) add(type, m);
    for (const l of (r.convertedFromLeadIds as string[] | undefined) ?? []) add('leads', l);
  };
  add(ref.type, ref.id);
  if (ref.type === 'companies') {
    const companyIds = new Set([...out.values()].filter((r) => r.type === 'companies').map((r) => r.id));
    for (const p of idsWhere(repo, 'people', 'companyId', (v) => companyIds.has(v as string))) add('people', p);
  }
  if (ref.type === 'opportunities') {
    const person = repo.get('opportunities', ref.id, { includeDeleted: true })?.primaryPersonId;
    if (person) add('people', person);
  }
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
