import {
  CONVERTED_STATUS_ID, NotFoundError, RuleError, WEB_FORM_INPUTS, newId,
  type ConfigEntity, type ConfigList, type Role, type Settings,
} from '../../domain/index.ts';
import { checkLastAdmin, nextOrder, reorder } from '../../domain/lifecycle/index.ts';
import { assertAdmin, getConfigEntity, putConfigEntity, readConfig, requireActive, setSettings } from '../config-store.ts';
import { ORIGIN } from '../docs.ts';
import type { Repository } from '../repository.ts';

/**
 * Admin settings: every operation checks the actor is an admin (PermissionError "Admins only"),
 * validates, and only then writes, so a refused change writes nothing. Entities are never
 * deleted: they are retired (kept on the records that have them, not offered anew).
 */
export type SimpleList = 'leadStatuses' | 'contactTypes' | 'sources' | 'lossReasons' | 'activityTypes' | 'pipelines';
type Entity = { id: string; name: string; order: number; retired: boolean };

const LABEL: Record<ConfigList, string> = {
  leadStatuses: 'lead status', contactTypes: 'contact type', sources: 'source', lossReasons: 'loss reason',
  activityTypes: 'activity type', pipelines: 'pipeline', stages: 'stage', customFields: 'custom field',
  members: 'member', forms: 'web form',
};

function entity<L extends ConfigList>(repo: Repository, list: L, id: string): ConfigEntity<L> & Entity {
  const e = getConfigEntity(repo.docs.config, list, id);
  if (!e) throw new NotFoundError(list, id);
  return e as ConfigEntity<L> & Entity;
}

/** Writes several entities of a list in one transaction (validated one by one first). */
function putAll<L extends ConfigList>(repo: Repository, list: L, entities: unknown[]): void {
  assertAdmin(repo.actor.role);
  repo.docs.config.transact(() => { for (const e of entities) putConfigEntity(repo.docs.config, repo.actor.role, list, e); }, ORIGIN.local);
}

function uniqueName(items: readonly Entity[], name: string, exceptId?: string) {
  const n = name.trim().toLowerCase();
  if (items.some((i) => i.id !== exceptId && !i.retired && i.name.trim().toLowerCase() === n)) throw new RuleError(`There is already one named "${name.trim()}"`, 'name');
}

export function addConfigItem<L extends SimpleList>(repo: Repository, list: L, input: { name: string; id?: string }): ConfigEntity<L> {
  assertAdmin(repo.actor.role);
  const items = readConfig(repo.docs.config)[list] as Entity[];
  if (list === 'leadStatuses' && (input.id === CONVERTED_STATUS_ID || input.name?.trim().toLowerCase() === 'converted')) {
    throw new RuleError('Converted is a state of its own, not a status to add', 'name');
  }
  uniqueName(items, input.name ?? '');
  if (input.id && items.some((i) => i.id === input.id)) throw new RuleError(`A ${LABEL[list]} with id ${input.id} already exists`, 'id');
  const extra = list === 'activityTypes' ? { category: 'user' } : {};
  return putConfigEntity(repo.docs.config, repo.actor.role, list, { id: input.id ?? newId(), name: input.name, order: nextOrder(items), retired: false, ...extra });
}

export function renameConfigItem(repo: Repository, list: Exclude<ConfigList, 'members' | 'forms'>, id: string, name: string): void {
  assertAdmin(repo.actor.role);
  const e = entity(repo, list, id);
  guardSystem(list, e);
  const siblings = (readConfig(repo.docs.config)[list] as Entity[]).filter((s) => list !== 'stages' || (s as { pipelineId?: string }).pipelineId === (e as { pipelineId?: string }).pipelineId);
  uniqueName(siblings, name, id);
  putConfigEntity(repo.docs.config, repo.actor.role, list, { ...e, name });
}

/** `ids`: every entity of the list, in the new order (for stages, those of one pipeline). */
export function reorderConfigItems(repo: Repository, list: SimpleList, ids: string[]): void {
  assertAdmin(repo.actor.role);
  putAll(repo, list, reorder(readConfig(repo.docs.config)[list] as Entity[], ids));
}

/**
 * Retires (or brings back) an entity. Refused for the default lead status or contact type,
 * the last active lead status, pipeline or stage of a pipeline, and system activity types.
 */
export function retireConfigItem(repo: Repository, list: Exclude<ConfigList, 'members' | 'forms'>, id: string, retired = true): void {
  assertAdmin(repo.actor.role);
  const config = readConfig(repo.docs.config);
  const e = entity(repo, list, id);
  guardSystem(list, e);
  if (retired) {
    if (list === 'leadStatuses' && config.settings.defaultLeadStatusId === id) throw new RuleError('This is the default lead status: choose another default first', 'id');
    if (list === 'contactTypes' && config.settings.defaultContactTypeId === id) throw new RuleError('This is the default contact type: choose another default first', 'id');
    const peers = list === 'stages' ? config.stages.filter((s) => s.pipelineId === (e as { pipelineId?: string }).pipelineId) : (config[list] as Entity[]);
    if (['leadStatuses', 'pipelines', 'stages'].includes(list) && peers.filter((p) => !p.retired && p.id !== id).length === 0) {
      throw new RuleError(`The last active ${LABEL[list]}${list === 'stages' ? ' of a pipeline' : ''} can't be retired`, 'id');
    }
  }
  putConfigEntity(repo.docs.config, repo.actor.role, list, { ...e, retired });
}

/** Whether activities of a type count as contact for last-contacted signals (Copper's count_as_interaction). */
export function setCountsAsInteraction(repo: Repository, id: string, counts: boolean): void {
  assertAdmin(repo.actor.role);
  const e = entity(repo, 'activityTypes', id);
  guardSystem('activityTypes', e);
  putConfigEntity(repo.docs.config, repo.actor.role, 'activityTypes', { ...e, countsAsInteraction: counts });
}

function guardSystem(list: ConfigList, e: object) {
  if (list === 'activityTypes' && (e as { category?: string }).category === 'system') throw new RuleError('System activity types are kept by Outpost and cannot be changed', 'id');
}

function setDefault(repo: Repository, list: 'leadStatuses' | 'contactTypes', key: keyof Settings, id: string): Settings {
  assertAdmin(repo.actor.role);
  const e = entity(repo, list, id);
  if (e.retired) throw new RuleError(`The ${LABEL[list]} "${e.name}" is retired and can't be the default`, 'id');
  return setSettings(repo.docs.config, repo.actor.role, { [key]: id });
}
export const setDefaultLeadStatus = (repo: Repository, id: string) => setDefault(repo, 'leadStatuses', 'defaultLeadStatusId', id);
export const setDefaultContactType = (repo: Repository, id: string) => setDefault(repo, 'contactTypes', 'defaultContactTypeId', id);

/** Leads off: nothing offers "lead" (see `captureCollection`); the leads that exist are kept and show again when on. */
export function setLeadsEnabled(repo: Repository, enabled: boolean): Settings {
  return setSettings(repo.docs.config, repo.actor.role, { leadsEnabled: enabled });
}

/**
 * The currency a deal's value is in when it names none (new deals, conversions, Insights' sums).
 * Deals that name their own currency keep it. "eur " is read as EUR; anything but three letters
 * is refused with the schema's message.
 */
export function setDefaultCurrency(repo: Repository, code: string): Settings {
  return setSettings(repo.docs.config, repo.actor.role, { defaultCurrency: code.trim().toUpperCase() });
}

/** Where captures, imports and web forms put a new contact: leads, or people when Leads are off. */
export function captureCollection(repo: Repository): 'leads' | 'people' {
  return readConfig(repo.docs.config).settings.leadsEnabled ? 'leads' : 'people';
}

// Pipelines and stages ---------------------------------------------------------------------

export type StageInput = { name: string; winProbability: number; id?: string };

/** A pipeline comes with its stages (at least one: a deal must stand somewhere). */
export function addPipeline(repo: Repository, input: { name: string; id?: string; stages: StageInput[] }): ConfigEntity<'pipelines'> {
  assertAdmin(repo.actor.role);
  if (!input.stages?.length) throw new RuleError('A pipeline needs at least one stage', 'stages');
  const config = readConfig(repo.docs.config);
  uniqueName(config.pipelines, input.name ?? '');
  const pipeline = { id: input.id ?? newId(), name: input.name, order: nextOrder(config.pipelines), retired: false };
  const stages = input.stages.map((s, order) => ({ id: s.id ?? newId(), name: s.name, winProbability: s.winProbability, pipelineId: pipeline.id, order, retired: false }));
  stages.forEach((s, i) => uniqueName(stages.slice(0, i), s.name));
  putAll(repo, 'stages', stages);
  putAll(repo, 'pipelines', [pipeline]);
  return getConfigEntity(repo.docs.config, 'pipelines', pipeline.id)!;
}

export function addStage(repo: Repository, pipelineId: string, input: StageInput): ConfigEntity<'stages'> {
  assertAdmin(repo.actor.role);
  entity(repo, 'pipelines', pipelineId);
  const stages = readConfig(repo.docs.config).stages.filter((s) => s.pipelineId === pipelineId);
  uniqueName(stages, input.name ?? '');
  return putConfigEntity(repo.docs.config, repo.actor.role, 'stages', { id: input.id ?? newId(), name: input.name, winProbability: input.winProbability, pipelineId, order: nextOrder(stages), retired: false });
}

export function reorderStages(repo: Repository, pipelineId: string, ids: string[]): void {
  assertAdmin(repo.actor.role);
  putAll(repo, 'stages', reorder(readConfig(repo.docs.config).stages.filter((s) => s.pipelineId === pipelineId), ids));
}

/** New deals entering the stage take this probability; deals already there keep theirs. */
export function setStageProbability(repo: Repository, stageId: string, winProbability: number): void {
  assertAdmin(repo.actor.role);
  putConfigEntity(repo.docs.config, repo.actor.role, 'stages', { ...entity(repo, 'stages', stageId), winProbability });
}

// Custom fields ----------------------------------------------------------------------------

type CustomFieldInput = Omit<ConfigEntity<'customFields'>, 'id' | 'order' | 'retired' | 'options'> & { id?: string; options?: { id?: string; name: string }[] };

export function addCustomField(repo: Repository, input: CustomFieldInput): ConfigEntity<'customFields'> {
  assertAdmin(repo.actor.role);
  const defs = readConfig(repo.docs.config).customFields;
  uniqueName(defs, input.name ?? '');
  const options = (input.options ?? []).map((o) => ({ id: o.id ?? newId(), name: o.name }));
  if ((input.dataType === 'dropdown' || input.dataType === 'multiSelect') && options.length === 0) throw new RuleError('A dropdown or multi-select needs at least one option', 'options');
  return putConfigEntity(repo.docs.config, repo.actor.role, 'customFields', { ...input, id: input.id ?? newId(), options, order: nextOrder(defs), retired: false });
}

/**
 * Renames, changes options (existing option ids keep their values) or where it is available.
 * Its data type can't change: stored values would stop meaning what they meant.
 */
export function updateCustomField(repo: Repository, id: string, patch: Partial<Pick<CustomFieldInput, 'name' | 'availableOn' | 'options' | 'dataType'>>): ConfigEntity<'customFields'> {
  assertAdmin(repo.actor.role);
  const def = entity(repo, 'customFields', id);
  if (patch.dataType && patch.dataType !== def.dataType) throw new RuleError('The data type of a custom field cannot change: add a new field instead', 'dataType');
  if (patch.name) uniqueName(readConfig(repo.docs.config).customFields, patch.name, id);
  const options = patch.options?.map((o) => ({ id: o.id ?? newId(), name: o.name })) ?? def.options;
  return putConfigEntity(repo.docs.config, repo.actor.role, 'customFields', { ...def, ...patch, options });
}

// Members and roles --------------------------------------------------------------------------

export function addMember(repo: Repository, input: { id?: string; name?: string; email?: string; role: Role }): ConfigEntity<'members'> {
  assertAdmin(repo.actor.role);
  const members = readConfig(repo.docs.config).members;
  if (input.email && members.some((m) => m.active && m.email === input.email!.trim().toLowerCase())) throw new RuleError(`${input.email} is already a member`, 'email');
  return putConfigEntity(repo.docs.config, repo.actor.role, 'members', { ...input, id: input.id ?? newId(), active: true });
}

export function setMemberRole(repo: Repository, id: string, role: Role): void {
  changeMember(repo, id, { role });
}

/** Removing deactivates: the member's name stays on what they wrote; the relay refuses their token. */
export function removeMember(repo: Repository, id: string): void {
  changeMember(repo, id, { active: false });
}

function changeMember(repo: Repository, id: string, change: { role?: Role; active?: boolean }) {
  assertAdmin(repo.actor.role);
  const m = entity(repo, 'members', id);
  checkLastAdmin(readConfig(repo.docs.config).members, { id, ...change });
  putConfigEntity(repo.docs.config, repo.actor.role, 'members', { ...m, ...change });
}

// Web-to-lead forms ----------------------------------------------------------------------------

type WebFormField = ConfigEntity<'forms'>['fields'][number];
export type WebFormInput = {
  id?: string; name: string; fields: WebFormField[]; required?: WebFormField[];
  sourceId?: string; statusId?: string; redirectUrl?: string; enabled?: boolean;
};

/** A form the relay serves at `/forms/<workspace>/<id>`; new leads get its source and status. */
export function addWebForm(repo: Repository, input: WebFormInput): ConfigEntity<'forms'> {
  assertAdmin(repo.actor.role);
  const id = input.id ?? newId();
  if (getConfigEntity(repo.docs.config, 'forms', id)) throw new RuleError(`A web form with id ${id} already exists`, 'id');
  return putWebForm(repo, { enabled: true, ...input, id });
}

/** Changes a form; its id (and so the address sites post to) stays. */
export function updateWebForm(repo: Repository, id: string, patch: Partial<Omit<WebFormInput, 'id'>>): ConfigEntity<'forms'> {
  assertAdmin(repo.actor.role);
  return putWebForm(repo, { ...entity(repo, 'forms', id), ...patch, id });
}

function putWebForm(repo: Repository, form: WebFormInput & { id: string }): ConfigEntity<'forms'> {
  const doc = repo.docs.config;
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
  const name = text(form.name ?? '') as string;
  const others = readConfig(doc).forms.filter((f) => f.id !== form.id);
  if (typeof name === 'string' && name && others.some((f) => f.name.trim().toLowerCase() === name.toLowerCase())) throw new RuleError(`There is already a form named "${name}"`, 'name');
  // Input from the bridge is untyped: anything but a list is left to the schema to refuse.
  const unique = <T>(list: T[]) => (Array.isArray(list) ? [...new Set(list)] : list);
  const fields: WebFormField[] = unique(form.fields ?? []);
  const required: WebFormField[] = unique(form.required ?? (Array.isArray(fields) ? fields.filter((f) => f === 'email') : []));
  const stray = Array.isArray(required) && Array.isArray(fields) ? required.filter((f) => !fields.includes(f)) : [];
  if (stray.length) throw new RuleError(`A required field must be on the form: ${stray.map((f) => WEB_FORM_INPUTS[f]?.label ?? f).join(', ')}`, 'required');
  requireActive(doc, 'sources', form.sourceId ?? 'web-form', 'source', 'sourceId');
  if (form.statusId) requireActive(doc, 'leadStatuses', form.statusId, 'lead status', 'statusId');
  const redirectUrl = text(form.redirectUrl) || undefined;
  if (typeof redirectUrl === 'string' && !/^https?:\/\/[^\s/]+/i.test(redirectUrl)) throw new RuleError('The page after sending should be an http:// or https:// address', 'redirectUrl');
  // An emptied status or redirect is removed, not stored as "".
  const value = { ...form, name, fields, required, statusId: form.statusId || undefined, redirectUrl };
  return putConfigEntity(doc, repo.actor.role, 'forms', Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)));
}
