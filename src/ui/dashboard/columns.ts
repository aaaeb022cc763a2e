import { displayName, type Collection } from '../../domain/index.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { ListRow } from '../ports.ts';

export type Column = { key: string; label: string; value: (r: ListRow, c: ConfigModel) => string; sortable?: boolean };

const d = (r: ListRow, k: string) => r.data[k];
const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const money = (r: ListRow) => (typeof d(r, 'monetaryValue') === 'number' ? `${(d(r, 'monetaryValue') as number).toLocaleString()} ${s(d(r, 'currency'))}`.trim() : '');
const date = (v: unknown) => (typeof v === 'number' ? new Date(v).toLocaleDateString() : s(v));
const tags = (r: ListRow) => ((d(r, 'tags') as string[] | undefined) ?? []).join(', ');
const first = (r: ListRow, k: string, p: string) => s((d(r, k) as Record<string, unknown>[] | undefined)?.[0]?.[p]);

const name: Column = { key: 'name', label: 'Name', value: (r) => displayName(r.data) || '(no name)', sortable: true };
const owner: Column = { key: 'ownerId', label: 'Owner', value: (r, c) => c.nameOf('members', d(r, 'ownerId')), sortable: true };
const updated: Column = { key: 'updatedAt', label: 'Updated', value: (r) => date(d(r, 'updatedAt')), sortable: true };
const tagCol: Column = { key: 'tags', label: 'Tags', value: tags };

/** The columns each table offers; the first few are shown until the user chooses. */
export const COLUMNS: Record<Collection, Column[]> = {
  leads: [name, { key: 'companyName', label: 'Company', value: (r) => s(d(r, 'companyName')), sortable: true }, { key: 'email', label: 'Email', value: (r) => s(d(r, 'email')), sortable: true },
    { key: 'statusId', label: 'Status', value: (r, c) => c.nameOf('leadStatuses', d(r, 'statusId')), sortable: true }, { key: 'sourceId', label: 'Source', value: (r, c) => c.nameOf('sources', d(r, 'sourceId')), sortable: true },
    owner, { key: 'title', label: 'Title', value: (r) => s(d(r, 'title')), sortable: true }, { key: 'monetaryValue', label: 'Value', value: money, sortable: true }, tagCol, updated],
  people: [name, { key: 'title', label: 'Title', value: (r) => s(d(r, 'title')), sortable: true }, { key: 'emails', label: 'Email', value: (r) => first(r, 'emails', 'email') },
    { key: 'contactTypeId', label: 'Contact type', value: (r, c) => c.nameOf('contactTypes', d(r, 'contactTypeId')), sortable: true }, owner, { key: 'phones', label: 'Phone', value: (r) => first(r, 'phones', 'number') }, tagCol, updated],
  companies: [name, { key: 'emailDomain', label: 'Domain', value: (r) => s(d(r, 'emailDomain')), sortable: true }, { key: 'contactTypeId', label: 'Contact type', value: (r, c) => c.nameOf('contactTypes', d(r, 'contactTypeId')), sortable: true }, owner, tagCol, updated],
  opportunities: [name, { key: 'stageId', label: 'Stage', value: (r, c) => c.nameOf('stages', d(r, 'stageId')), sortable: true }, { key: 'status', label: 'Status', value: (r) => s(d(r, 'status')), sortable: true },
    { key: 'monetaryValue', label: 'Value', value: money, sortable: true }, { key: 'winProbability', label: 'Win %', value: (r) => s(d(r, 'winProbability')), sortable: true },
    { key: 'closeDate', label: 'Close date', value: (r) => s(d(r, 'closeDate')), sortable: true }, owner, { key: 'pipelineId', label: 'Pipeline', value: (r, c) => c.nameOf('pipelines', d(r, 'pipelineId')) }, tagCol, updated],
  tasks: [name, { key: 'dueAt', label: 'Due', value: (r) => date(d(r, 'dueAt')), sortable: true }, { key: 'status', label: 'Status', value: (r) => s(d(r, 'status')), sortable: true },
    { key: 'priority', label: 'Priority', value: (r) => s(d(r, 'priority')), sortable: true }, { key: 'assigneeId', label: 'Assignee', value: (r, c) => c.nameOf('members', d(r, 'assigneeId')) }, updated],
};
export const DEFAULT_COLUMN_COUNT = 5;
