import { computed, effect, signal } from '@preact/signals';
import { displayName, type Activity, type Collection } from '../../domain/index.ts';
import type { FieldError, ListRow, ReadPort, Rec, RecordName, Unsubscribe, Viewer, WritePort } from '../ports.ts';
import { watchedNames } from './watched-names.ts';
import type { FieldSpec } from '../records/field-kinds.ts';
import { batchId, fieldErrors } from './errors.ts';
import type { UndoModel } from './undo-model.ts';
import { timelineParents, withoutRepeatedEmails } from '../../domain/lifecycle/timeline.ts';

/** A record this one points at, as its page lists it ("Converted to", "Company", "About", "From lead"). */
export type RecordRef = { role: 'convertedTo' | 'company' | 'person' | 'about' | 'fromLead'; type: Collection; id: string };

/** The records a record points at, in the order its page lists them. Pure. */
export function refsOf(r: Rec): RecordRef[] {
  const refs: RecordRef[] = [];
  const to = r.convertedTo as { personId?: string; companyId?: string; opportunityId?: string } | undefined;
  if (to?.personId) refs.push({ role: 'convertedTo', type: 'people', id: to.personId });
  if (to?.companyId) refs.push({ role: 'convertedTo', type: 'companies', id: to.companyId });
  if (to?.opportunityId) refs.push({ role: 'convertedTo', type: 'opportunities', id: to.opportunityId });
  if (typeof r.companyId === 'string' && r.companyId) refs.push({ role: 'company', type: 'companies', id: r.companyId });
  if (typeof r.primaryPersonId === 'string' && r.primaryPersonId) refs.push({ role: 'person', type: 'people', id: r.primaryPersonId });
  const about = r.related as { type?: Collection; id?: string } | undefined;
  if (about?.type && about.id) refs.push({ role: 'about', type: about.type, id: about.id });
  for (const id of (r.convertedFromLeadIds as string[] | undefined) ?? []) refs.push({ role: 'fromLead', type: 'leads', id });
  return refs;
}
export const refKey = (ref: { type: Collection; id: string }) => `${ref.type}:${ref.id}`;

/**
 * The records a timeline's lines were logged on other than the record itself (a company's
 * people, a deal's person, the lead a person came from), as refs in key order. Pure.
 */
export function otherParents(self: { type: Collection; id: string }, activities: readonly Activity[]): { type: Collection; id: string }[] {
  const own = refKey(self);
  const refs = new Map(activities.map((a) => [refKey(a.parent), a.parent] as const));
  refs.delete(own);
  return [...refs].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => ({ type: r.type, id: r.id }));
}

/**
 * What a timeline line says of the record it was logged on, when that is another record
 * ("on Ada Lovelace", "on Ada Lovelace (lead)"): by refKey; a record not named yet, or erased,
 * is left out rather than shown as an id. Pure.
 */
export function parentLabels(names: Readonly<Record<string, RecordName>>): Record<string, string> {
  return Object.fromEntries(Object.entries(names).filter(([, n]) => n.name).map(([k, n]) => {
    const kind = k.startsWith('leads:') ? 'lead' : '';
    const notes = [kind, n.deleted ? 'deleted' : ''].filter(Boolean).join(', ');
    return [k, notes ? `${n.name} (${notes})` : n.name];
  }));
}

/**
 * One record's detail view: the record, its timeline, tasks and relations as signals, and the
 * actions that change them. Field errors stay next to the field that caused them.
 */
export function createRecordModel(ports: { read: ReadPort; write: WritePort }, type: Collection, id: string, undo?: UndoModel) {
  const { read, write } = ports;
  const record = signal<Rec | null | undefined>(undefined); // undefined: loading; null: gone
  const activities = signal<Activity[]>([]);
  const tasks = signal<ListRow[]>([]);
  const people = signal<ListRow[]>([]);
  const opportunities = signal<ListRow[]>([]);
  const person = signal<Rec | null>(null);
  const company = signal<Rec | null>(null);
  /**
   * The records this one points at, by refKey: deleted ones too (their `deletedAt` set), so the
   * page names them ("Acme (deleted)") instead of showing a bare kind or a dead link; null: gone
   * for good (erased), undefined: not read yet.
   */
  const linked = signal<Record<string, Rec | null>>({});
  const errors = signal<FieldError[]>([]);
  const message = signal('');
  /** Teammates with this record open right now. */
  const viewers = signal<Viewer[]>([]);
  const subs: Unsubscribe[] = [];
  if (read.watchViewers) subs.push(read.watchViewers(type, id, (v) => { viewers.value = v; }));

  subs.push(read.watchRecord(type, id, (r) => { record.value = r; }));
  if (type !== 'tasks') subs.push(read.watchRelated({ type: 'tasks', field: 'related', value: `${type}:${id}` }, (rows) => { tasks.value = rows; }));
  if (type === 'companies') {
    subs.push(read.watchRelated({ type: 'people', field: 'companyId', value: id }, (rows) => { people.value = rows; }));
    subs.push(read.watchRelated({ type: 'opportunities', field: 'companyId', value: id }, (rows) => { opportunities.value = rows; }));
  }
  if (type === 'people') subs.push(read.watchRelated({ type: 'opportunities', field: 'primaryPersonId', value: id }, (rows) => { opportunities.value = rows; }));

  // Linked single records (a person's company, a deal's person and company) follow the record.
  let linkSubs: Unsubscribe[] = [];
  let linkKey = '';
  const stopLinks = effect(() => {
    const r = record.value;
    const companyId = (r?.companyId as string | undefined) ?? '';
    const personId = (r?.primaryPersonId as string | undefined) ?? '';
    const key = `${companyId}|${personId}`;
    if (key === linkKey) return;
    linkKey = key;
    for (const u of linkSubs) u();
    linkSubs = [];
    company.value = null; person.value = null;
    if (companyId) linkSubs.push(read.watchRecord('companies', companyId, (c) => { company.value = c; }));
    if (personId) linkSubs.push(read.watchRecord('people', personId, (p) => { person.value = p; }));
  });

  let refSubs: Unsubscribe[] = [];
  let refsKey = '';
  const stopRefs = effect(() => {
    const r = record.value;
    if (!r) return;
    const keys = [...new Set(refsOf(r).map(refKey))];
    if (keys.join(',') === refsKey) return;
    refsKey = keys.join(',');
    for (const u of refSubs) u();
    linked.value = Object.fromEntries(Object.entries(linked.peek()).filter(([k]) => keys.includes(k)));
    refSubs = keys.map((k) => {
      const [t, ...rest] = k.split(':');
      return read.watchRecord(t as Collection, rest.join(':'), (rec) => { linked.value = { ...linked.peek(), [k]: rec }; }, { deleted: true });
    });
  });

  let actSub: Unsubscribe = () => {};
  let parentsKey = '';
  const stopTimeline = effect(() => {
    const r = record.value;
    if (!r) return;
    const parents = timelineParents(type, r, { people: people.value.map((p) => p.data), person: person.value });
    const key = parents.join(',');
    if (key === parentsKey) return;
    parentsKey = key;
    actSub();
    actSub = read.watchActivities(parents, (a) => { activities.value = withoutRepeatedEmails(a); });
  });

  // Named through the read port's names (a staged row's too), one watch for every other parent.
  const parentNames = watchedNames(read, () => otherParents({ type, id }, activities.value));
  /** `parentLabels` of the records this timeline's lines were logged on, other than this one. */
  const parents = computed(() => parentLabels(parentNames.names.value));

  async function attempt(fn: () => Promise<unknown>, done?: string): Promise<boolean> {
    try {
      await fn();
      errors.value = [];
      if (done) message.value = done;
      return true;
    } catch (e) {
      errors.value = fieldErrors(e);
      return false;
    }
  }

  return {
    type, id, record, activities, parents, tasks, people, opportunities, person, company, linked, errors, message, viewers,
    async saveField(spec: FieldSpec, value: string): Promise<boolean> {
      const r = record.value;
      if (!r) return true;
      if (spec.get(r) === value) { errors.value = errors.value.filter((e) => e.path !== spec.path && !e.path.startsWith(`${spec.path}.`)); return true; }
      const patch = spec.patch(value, r);
      return attempt(() => write.update(type, id, patch), `${spec.label} saved`);
    },
    update(patch: Record<string, unknown>, done?: string) {
      return attempt(() => write.update(type, id, patch), done);
    },
    logActivity(typeId: string, details: string) {
      if (!details.trim()) { errors.value = [{ path: 'details', message: 'Write what happened first.' }]; return Promise.resolve(false); }
      return attempt(() => write.logActivity({ typeId, parent: { type, id }, details: details.trim() }), 'Activity logged');
    },
    addTask(name: string, dueAt?: number) {
      if (!name.trim()) { errors.value = [{ path: 'task', message: 'Name the task first.' }]; return Promise.resolve(false); }
      return attempt(() => write.create('tasks', { name: name.trim(), related: { type, id }, ...(dueAt ? { dueAt } : {}) }), 'Task added');
    },
    setTaskDone(taskId: string, done: boolean) {
      // The line under the header, if one shows, says this (it kept saying "Task added" after a
      // tick); none is added, so the tasks under it do not move down while the rep ticks them.
      const name = tasks.value.find((t) => t.id === taskId)?.name;
      const said = message.value ? `Marked ${name ? `“${name}”` : 'the task'} ${done ? 'done' : 'open again'}` : undefined;
      return attempt(() => write.update('tasks', taskId, { status: done ? 'done' : 'open' }), said);
    },
    async remove(): Promise<boolean> {
      const b = batchId();
      const r = record.value;
      const label = `Moved ${(r && displayName(r)) || 'it'} to the trash`;
      const ok = await attempt(() => write.delete(type, id, { batchId: b }), label);
      if (ok) undo?.push({ label, undo: () => write.restore(type, id) });
      return ok;
    },
    dispose() {
      for (const u of subs) u();
      for (const u of linkSubs) u();
      for (const u of refSubs) u();
      stopLinks(); stopRefs(); stopTimeline(); actSub(); parentNames.dispose();
    },
  };
}
export type RecordModel = ReturnType<typeof createRecordModel>;
