import { RuleError, NotFoundError } from '../errors.ts';
import { CONVERTED_STATUS_ID } from '../config.ts';
import type { Collection, RecordRef } from '../records.ts';
import { activeIn, type ConfigView } from './config-view.ts';
import { opportunityCreateRules, opportunityUpdateRules } from './opportunity.ts';

type Fields = Record<string, unknown>;

/** What the record rules read: the workspace config, the time of the write, and which records are live. */
export type RuleContext = { config: ConfigView; now: number; isLive(collection: Collection, id: string): boolean };

/** Fields whose changes go on the record's timeline as system activities (status, stage). */
export function timelineFields(collection: Collection): string[] {
  return collection === 'leads' ? ['statusId'] : collection === 'opportunities' ? ['stageId', 'status'] : [];
}

/**
 * The lifecycle rules the repository runs on every create and update (its hooks delegate here):
 * config references must be active, references must point at live records, and the
 * opportunity and task rules of the domain apply. Each throws before anything is written.
 */
export function recordCreateRules(ctx: RuleContext, collection: Collection, fields: Fields): void {
  const config = ctx.config;
  switch (collection) {
    case 'leads':
      if (!config.settings.leadsEnabled) throw new RuleError('Leads are turned off in this workspace: add a person instead', 'leadsEnabled');
      if (fields.statusId === undefined) fields.statusId = config.settings.defaultLeadStatusId;
      else leadStatusRule(config, fields.statusId as string);
      if (fields.sourceId !== undefined) activeIn(config.sources, fields.sourceId as string, 'source', 'sourceId');
      return;
    case 'people':
      if (fields.contactTypeId !== undefined) activeIn(config.contactTypes, fields.contactTypeId as string, 'contact type', 'contactTypeId');
      liveRef(ctx, 'companies', fields.companyId, 'companyId');
      return;
    case 'companies':
      if (fields.contactTypeId !== undefined) activeIn(config.contactTypes, fields.contactTypeId as string, 'contact type', 'contactTypeId');
      return;
    case 'opportunities':
      liveRef(ctx, 'companies', fields.companyId, 'companyId');
      liveRef(ctx, 'people', fields.primaryPersonId, 'primaryPersonId');
      opportunityCreateRules(fields, config, ctx.now);
      return;
    case 'tasks':
      taskRules(ctx, config, {}, fields, []);
      if (fields.status === 'done') fields.completedAt = ctx.now;
  }
}

export function recordUpdateRules(ctx: RuleContext, collection: Collection, current: Fields, set: Fields, clear: string[]): void {
  const config = ctx.config;
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
      if (changes('companyId')) liveRef(ctx, 'companies', set.companyId, 'companyId');
      return;
    case 'opportunities':
      if (changes('companyId')) liveRef(ctx, 'companies', set.companyId, 'companyId');
      if (changes('primaryPersonId')) liveRef(ctx, 'people', set.primaryPersonId, 'primaryPersonId');
      opportunityUpdateRules(current, set, clear, config, ctx.now);
      return;
    case 'tasks':
      taskRules(ctx, config, current, set, clear);
      if (changes('status')) {
        if (set.status === 'done') set.completedAt = ctx.now;
        else if (current.completedAt !== undefined) clear.push('completedAt');
      }
  }
}

function leadStatusRule(config: ConfigView, statusId: string) {
  if (statusId === CONVERTED_STATUS_ID) throw new RuleError('A lead becomes Converted by converting it, not by setting its status', 'statusId');
  activeIn(config.leadStatuses, statusId, 'lead status', 'statusId');
}

/** A reference must name a live record (one in the trash can't be chosen). */
export function liveRef(ctx: RuleContext, collection: Collection, id: unknown, path: string): void {
  if (id === undefined || id === null) return;
  if (!ctx.isLive(collection, id as string)) throw new RuleError(`${new NotFoundError(collection, id as string).message} (or it is in the trash)`, path);
}

function taskRules(ctx: RuleContext, config: ConfigView, current: Fields, set: Fields, clear: string[]) {
  const next = { ...current, ...set };
  for (const k of clear) delete next[k];
  const related = set.related as RecordRef | undefined;
  if (related && JSON.stringify(related) !== JSON.stringify(current.related)) liveRef(ctx, related.type, related.id, 'related');
  if (set.assigneeId !== undefined && set.assigneeId !== current.assigneeId) {
    const m = config.members.find((x) => x.id === set.assigneeId);
    if (!m || !m.active) throw new RuleError(`"${set.assigneeId as string}" is not an active member of this workspace`, 'assigneeId');
  }
  if (next.reminderAt !== undefined && next.dueAt !== undefined && (next.reminderAt as number) > (next.dueAt as number)) {
    throw new RuleError('The reminder must come before the task is due', 'reminderAt');
  }
}
