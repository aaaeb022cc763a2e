import {
  Activity, CONVERTED_STATUS_ID, NotFoundError, RuleError, newId, type Collection, type RecordRef,
} from '../../domain/index.ts';
import { activeIn, opportunityCreateRules, opportunityUpdateRules, type ConfigView } from '../../domain/lifecycle/index.ts';
import { readConfig } from '../config-store.ts';
import { ORIGIN } from '../docs.ts';
import { writeActivity } from '../layout.ts';
import type { Repository } from '../repository.ts';

type Fields = Record<string, unknown>;

/**
 * The lifecycle rules the repository runs on every create and update (its hooks delegate here):
 * config references must be active, references must point at live records, and the
 * opportunity and task rules of the domain apply. Each throws before anything is written.
 */
export function createRules(repo: Repository, collection: Collection, fields: Fields): void {
  const config = readConfig(repo.docs.config) as ConfigView;
  switch (collection) {
    case 'leads':
      if (!config.settings.leadsEnabled) throw new RuleError('Leads are turned off in this workspace: add a person instead', 'leadsEnabled');
      if (fields.statusId === undefined) fields.statusId = config.settings.defaultLeadStatusId;
      else leadStatusRule(config, fields.statusId as string);
      if (fields.sourceId !== undefined) activeIn(config.sources, fields.sourceId as string, 'source', 'sourceId');
      return;
    case 'people':
      if (fields.contactTypeId !== undefined) activeIn(config.contactTypes, fields.contactTypeId as string, 'contact type', 'contactTypeId');
      liveRef(repo, 'companies', fields.companyId, 'companyId');
      return;
    case 'companies':
      if (fields.contactTypeId !== undefined) activeIn(config.contactTypes, fields.contactTypeId as string, 'contact type', 'contactTypeId');
      return;
    case 'opportunities':
      liveRef(repo, 'companies', fields.companyId, 'companyId');
      liveRef(repo, 'people', fields.primaryPersonId, 'primaryPersonId');
      opportunityCreateRules(fields, config, repo.now());
      return;
    case 'tasks':
      taskRules(repo, config, {}, fields, []);
      if (fields.status === 'done') fields.completedAt = repo.now();
  }
}

export function updateRules(repo: Repository, collection: Collection, current: Fields, set: Fields, clear: string[]): void {
  const config = readConfig(repo.docs.config) as ConfigView;
  const changes = (k: string) => set[k] !== undefined && set[k] !== current[k];
  switch (collection) {
    case 'leads':
      if (changes('statusId')) {
        if (current.convertedAt !== undefined) throw new RuleError('This lead is converted: its status can no longer change', 'statusId');
        leadStatusRule(config, set.statusId as string);
      }
      if (changes('sourceId')) activeIn(config.sources, set.sourceId as string, 'source', 'sourceId');
      return;
    case 'people':
    case 'companies':
      if (changes('contactTypeId')) activeIn(config.contactTypes, set.contactTypeId as string, 'contact type', 'contactTypeId');
      if (changes('companyId')) liveRef(repo, 'companies', set.companyId, 'companyId');
      return;
    case 'opportunities':
      if (changes('companyId')) liveRef(repo, 'companies', set.companyId, 'companyId');
      if (changes('primaryPersonId')) liveRef(repo, 'people', set.primaryPersonId, 'primaryPersonId');
      opportunityUpdateRules(current, set, clear, config, repo.now());
      return;
    case 'tasks':
      taskRules(repo, config, current, set, clear);
      if (changes('status')) {
        if (set.status === 'done') set.completedAt = repo.now();
        else if (current.completedAt !== undefined) clear.push('completedAt');
      }
  }
}

/** After an update is written: status changes of leads and stage/status changes of deals go on the timeline. */
export function afterUpdate(repo: Repository, collection: Collection, id: string, prev: Fields, set: Fields, at: number): void {
  const watched = collection === 'leads' ? ['statusId'] : collection === 'opportunities' ? ['stageId', 'status'] : [];
  for (const field of watched) {
    if (!(field in set)) continue;
    logSystemActivity(repo, { type: collection, id }, { field, from: (prev[field] as string) ?? null, to: (set[field] as string) ?? null }, at);
  }
}

/** A system activity: who changed which field from what to what, and when. Written by the store only. */
export function logSystemActivity(repo: Repository, parent: RecordRef, system: { field: string; from: string | null; to: string | null }, at: number, id = newId()): Activity {
  const by = repo.actor.memberId;
  const activity = Activity.parse({ id, typeId: 'system', parent, date: at, details: '', system, authorId: by, createdAt: at, createdBy: by, updatedAt: at, updatedBy: by });
  writeActivity(repo.docs, activity, ORIGIN.local);
  return activity;
}

function leadStatusRule(config: ConfigView, statusId: string) {
  if (statusId === CONVERTED_STATUS_ID) throw new RuleError('A lead becomes Converted by converting it, not by setting its status', 'statusId');
  activeIn(config.leadStatuses, statusId, 'lead status', 'statusId');
}

/** A reference must name a live record (one in the trash can't be chosen). */
export function liveRef(repo: Repository, collection: Collection, id: unknown, path: string): void {
  if (id === undefined || id === null) return;
  if (!repo.get(collection, id as string)) throw new RuleError(`${new NotFoundError(collection, id as string).message} (or it is in the trash)`, path);
}

function taskRules(repo: Repository, config: ConfigView, current: Fields, set: Fields, clear: string[]) {
  const next = { ...current, ...set };
  for (const k of clear) delete next[k];
  const related = set.related as RecordRef | undefined;
  if (related && JSON.stringify(related) !== JSON.stringify(current.related)) liveRef(repo, related.type, related.id, 'related');
  if (set.assigneeId !== undefined && set.assigneeId !== current.assigneeId) {
    const m = config.members.find((x) => x.id === set.assigneeId);
    if (!m || !m.active) throw new RuleError(`"${set.assigneeId as string}" is not an active member of this workspace`, 'assigneeId');
  }
  if (next.reminderAt !== undefined && next.dueAt !== undefined && (next.reminderAt as number) > (next.dueAt as number)) {
    throw new RuleError('The reminder must come before the task is due', 'reminderAt');
  }
}
