import { displayName, type Collection, type ConfigList } from '../../domain/index.ts';
import type { Rec, WorkspaceConfig } from '../ports.ts';
import type { FieldSpec, Option } from '../records/field-kinds.ts';
import { FIELDS } from '../records/fields.ts';
import { memberName, membersByName } from '../models/members.ts';
import { customFieldSpec, customFieldsOn } from './custom-columns.ts';

/**
 * A table column. Every column sorts (its key is the sort field the read port orders by);
 * columns with `edit` are edited in place and in bulk through that field's spec, so a table,
 * a record page and a bulk edit turn typed text into the same patch.
 */
export type Column = {
  key: string;
  label: string;
  text(r: Rec, c: WorkspaceConfig | null): string;
  edit?: FieldSpec;
  /** Choice columns sort by the order users see (the admin's order, members by name), not by id. */
  rank?(c: WorkspaceConfig | null): string[];
  /** The record's name: the cell links to the record. */
  primary?: boolean;
  numeric?: boolean;
};

const MEMBER_KEYS = new Set(['ownerId', 'assigneeId']);
/** Which admin list a choice field's ids come from (the order its values sort in). */
const LIST_OF: Record<string, ConfigList> = {
  statusId: 'leadStatuses', sourceId: 'sources', contactTypeId: 'contactTypes', stageId: 'stages', pipelineId: 'pipelines', lossReasonId: 'lossReasons',
};

type Ordered = { id: string; order?: number; pipelineId?: string };
function listRank(c: WorkspaceConfig, list: ConfigList): string[] {
  const entries = [...(c[list] as unknown as Ordered[])];
  const pipelineOrder = new Map(c.pipelines.map((p) => [p.id, p.order]));
  entries.sort((a, b) => (list === 'stages' ? (pipelineOrder.get(a.pipelineId ?? '') ?? 0) - (pipelineOrder.get(b.pipelineId ?? '') ?? 0) : 0) || (a.order ?? 0) - (b.order ?? 0));
  return [...entries.map((e) => e.id), ...(list === 'leadStatuses' ? ['converted'] : [])];
}

const fmtNumber = (v: number) => v.toLocaleString(undefined, { maximumFractionDigits: 2 });
function isoDay(v: string): string {
  const t = Date.parse(`${v}T00:00:00`);
  return Number.isNaN(t) ? v : new Date(t).toLocaleDateString();
}

/** A member picker shows names: "Nobody", then members by name (never a raw id). */
function memberSpec(spec: FieldSpec): FieldSpec {
  return {
    ...spec,
    options: (c, r): Option[] => [
      { value: '', label: 'Nobody' },
      ...membersByName(c).filter((m) => m.active !== false || m.id === r[spec.key]).map((m) => ({ value: m.id, label: memberName(c, m.id) })),
    ],
  };
}

/** The text of a field as a cell shows it: option labels for choices, local dates, grouped numbers. */
function cellText(spec: FieldSpec, r: Rec, c: WorkspaceConfig | null): string {
  const raw = spec.get(r);
  if (raw === '') return '';
  if (MEMBER_KEYS.has(spec.key)) return memberName(c, raw);
  if (spec.kind === 'select') {
    if (spec.key === 'statusId' && raw === 'converted') return 'Converted';
    const found = c && spec.options ? spec.options(c, r).find((o) => o.value === raw) : undefined;
    if (found) return found.label;
    const list = LIST_OF[spec.key];
    const entity = list && c ? (c[list] as unknown as { id: string; name?: string }[]).find((e) => e.id === raw) : undefined;
    return entity?.name ?? raw;
  }
  if (spec.kind === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n)) return raw;
    return spec.key === 'monetaryValue' && typeof r.currency === 'string' ? `${fmtNumber(n)} ${r.currency}` : spec.key === 'winProbability' ? `${n}%` : fmtNumber(n);
  }
  if (spec.kind === 'date') return isoDay(raw);
  if (spec.kind === 'datetime') return new Date(raw).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  if (spec.kind === 'textarea') return raw.length > 80 ? `${raw.slice(0, 80)}…` : raw;
  return raw;
}

function fieldColumn(spec0: FieldSpec): Column {
  const spec = MEMBER_KEYS.has(spec0.key) ? memberSpec(spec0) : spec0;
  const list = LIST_OF[spec.key];
  let rank: Column['rank'];
  if (MEMBER_KEYS.has(spec.key)) rank = (c) => (c ? membersByName(c).map((m) => m.id) : []);
  else if (list) rank = (c) => (c ? listRank(c, list) : []);
  else if (spec.kind === 'select' && spec.options) rank = (c) => (c ? spec.options!(c, {} as Rec).map((o) => o.value).filter(Boolean) : []);
  return { key: spec.key, label: spec.label, text: (r, c) => cellText(spec, r, c), edit: spec, rank, numeric: spec.kind === 'number' };
}

const when = (key: 'updatedAt' | 'createdAt', label: string): Column => ({
  key, label, text: (r) => (typeof r[key] === 'number' ? new Date(r[key] as number).toLocaleDateString() : ''),
});

const nameColumn = (type: Collection): Column => ({
  key: 'name', label: type === 'tasks' ? 'Task' : 'Name', primary: true, text: (r) => displayName(r) || '(no name)',
});

/** Every column a table of `type` offers: its name, each field, each live custom field, then dates. */
export function tableColumns(type: Collection, config: WorkspaceConfig | null): Column[] {
  const fields = FIELDS[type].filter((f) => f.key !== 'name').map(fieldColumn);
  const custom = customFieldsOn(type, config?.customFields ?? []).map((d) => fieldColumn(customFieldSpec(d)));
  return [nameColumn(type), ...fields, ...custom, when('createdAt', 'Created'), when('updatedAt', 'Updated')];
}

/** What a table shows until the user chooses (the first is the record's name). */
export const DEFAULT_COLUMNS: Record<Collection, string[]> = {
  leads: ['name', 'companyName', 'email', 'statusId', 'sourceId'],
  people: ['name', 'title', 'emails', 'contactTypeId', 'ownerId'],
  companies: ['name', 'emailDomain', 'contactTypeId', 'ownerId', 'updatedAt'],
  opportunities: ['name', 'stageId', 'status', 'monetaryValue', 'closeDate', 'ownerId'],
  tasks: ['name', 'dueAt', 'status', 'priority', 'assigneeId'],
};
