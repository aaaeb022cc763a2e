import Papa from 'papaparse';
import {
  describeOrigin, displayName, fullName, type Collection, type ConfigEntity, type Name, type ProvenanceMap, type RecordRef,
} from '../domain/index.ts';
import { MULTI_SEP } from '../domain/csv/index.ts';
import { readConfig, type ConfigSnapshot } from '../store/config-store.ts';
import type { Repository } from '../store/repository.ts';

type Fields = Record<string, unknown>;
type Entry = { category?: string } & Fields;

/** "The current filter" of a list, or any predicate. */
export type ExportFilter =
  | { ids?: string[]; statusId?: string; status?: string; ownerId?: string; sourceId?: string; tag?: string; includeDeleted?: boolean }
  | ((record: Fields) => boolean);

export function selectRecords(repo: Repository, type: Collection, filter: ExportFilter = {}): Fields[] {
  const all = repo.list(type, { includeDeleted: typeof filter === 'object' && !!filter.includeDeleted }) as Fields[];
  if (typeof filter === 'function') return all.filter(filter);
  const ids = filter.ids ? new Set(filter.ids) : null;
  return all.filter((r) =>
    (!ids || ids.has(r.id as string)) &&
    (!filter.statusId || r.statusId === filter.statusId) &&
    (!filter.status || r.status === filter.status) && // a deal's or task's own status
    (!filter.ownerId || r.ownerId === filter.ownerId) &&
    (!filter.sourceId || r.sourceId === filter.sourceId) &&
    (!filter.tag || ((r.tags as string[]) ?? []).some((t) => t.toLowerCase() === filter.tag!.toLowerCase())));
}

/**
 * CSV of one record type: leads, people and companies in the Google Contacts layout Outpost's
 * own import reads back ("Phone 1 - Label", "Phone 1 - Value"…); opportunities (deals) and
 * tasks with their links, pipeline, stage, status, assignee and dates. Names instead of ids
 * everywhere (status, source, owner, company, person, pipeline, stage, loss reason, the
 * record a task is about). UTF-8 with a BOM and CRLF, so Excel opens accents and line breaks right.
 */
export function exportCsv(repo: Repository, type: Collection, filter: ExportFilter = {}, opts: ExportOptions = {}): string {
  const config = readConfig(repo.docs.config);
  const records = selectRecords(repo, type, filter);
  const extra = opts.provenance ? provenanceColumns(config, records) : [];
  if (type === 'opportunities' || type === 'tasks') return toCsv([...(type === 'tasks' ? taskColumns(repo, config) : dealColumns(repo, config)), ...extra], records);
  const companyName = (id: unknown) => (typeof id === 'string' ? repo.get('companies', id)?.name ?? '' : '');
  const lists = type === 'people' ? ['emails', 'phones', 'websites'] : ['phones', 'websites'];
  const max = Object.fromEntries(lists.map((l) => [l, Math.max(0, ...records.map((r) => ((r[l] as unknown[]) ?? []).length))]));
  const customDefs = config.customFields.filter((d) => d.availableOn.includes(type));

  const columns: [string, (r: Fields) => string][] = [];
  const col = (header: string, get: (r: Fields) => unknown) => columns.push([header, (r) => text(get(r))]);
  if (type === 'companies') {
    col('Name', (r) => r.name);
    col('Email Domain', (r) => r.emailDomain);
  } else {
    const part = (k: keyof Name) => (r: Fields) => (r.name as Name | undefined)?.[k];
    col('Name Prefix', part('prefix')); col('First Name', part('first')); col('Middle Name', part('middle')); col('Last Name', part('last')); col('Name Suffix', part('suffix'));
    col('Job Title', (r) => r.title);
    col('Company', (r) => (type === 'leads' ? r.companyName : companyName(r.companyId)));
    if (type === 'leads') col('Email', (r) => r.email);
  }
  const numbered = (list: string, title: string, key: string) => {
    for (let i = 0; i < max[list]; i++) {
      col(`${title} ${i + 1} - Label`, (r) => ((r[list] as Entry[] | undefined) ?? [])[i]?.category);
      col(`${title} ${i + 1} - Value`, (r) => ((r[list] as Entry[] | undefined) ?? [])[i]?.[key]);
    }
  };
  if (type === 'people') numbered('emails', 'E-mail', 'email');
  numbered('phones', 'Phone', 'number');
  numbered('websites', 'Website', 'url');
  if (type !== 'companies') col('Social Profiles', (r) => ((r.socials as Entry[] | undefined) ?? []).map((s) => s.url).join(MULTI_SEP));
  for (const [h, k] of [['Street', 'street'], ['City', 'city'], ['State', 'state'], ['Postal Code', 'postalCode'], ['Country', 'country']] as const) {
    col(h, (r) => (r.address as Fields | undefined)?.[k]);
  }
  if (type === 'leads') {
    col('Lead Status', (r) => nameOf(config.leadStatuses, r.statusId));
    col('Lead Source', (r) => nameOf(config.sources, r.sourceId));
    col('Value', (r) => r.monetaryValue);
    col('Currency', (r) => r.currency);
  }
  col('Owner', (r) => ownerOf(config, r.ownerId));
  col('Tags', (r) => ((r.tags as string[] | undefined) ?? []).join(MULTI_SEP));
  col('Notes', (r) => r.details);
  for (const d of customDefs) col(d.name, (r) => customText(d, (r.custom as Fields | undefined)?.[d.id]));

  return toCsv([...columns, ...extra], records);
}

/** `provenance`: add where each value came from (`email__source`, `email__source_date`, `email__source_by`). */
export type ExportOptions = { provenance?: boolean };

/**
 * Three columns per field that any exported record knows the origin of, after the value
 * columns (so a file with them still imports): how and where, when (ISO), and by whom. A list
 * whose entries came from different places names each ("+1 415…: Found on … via h-card").
 */
function provenanceColumns(config: ConfigSnapshot, records: Fields[]): Columns {
  const keys = [...new Set(records.flatMap((r) => Object.keys((r.provenance as ProvenanceMap | undefined) ?? {})))].sort();
  const of = (r: Fields, k: string) => (r.provenance as ProvenanceMap | undefined)?.[k];
  const member = (id: string) => (id.startsWith('form:') ? 'web form' : ownerOf(config, id) || id);
  return keys.flatMap((k): Columns => [
    [`${k}__source`, (r) => {
      const p = of(r, k);
      if (!p) return '';
      const items = Object.entries(p.items ?? {});
      const distinct = new Set(items.map(([, i]) => describeOrigin(i)));
      return text(distinct.size > 1 ? items.map(([v, i]) => `${v}: ${describeOrigin(i)}`).join(MULTI_SEP) : describeOrigin(p));
    }],
    [`${k}__source_date`, (r) => { const p = of(r, k); return p ? new Date(p.at).toISOString() : ''; }],
    [`${k}__source_by`, (r) => { const p = of(r, k); return p ? text(member(p.by)) : ''; }],
  ]);
}

type Columns = [string, (r: Fields) => string][];

function toCsv(columns: Columns, records: Fields[]): string {
  const csv = Papa.unparse(
    { fields: columns.map(([h]) => h), data: records.map((r) => columns.map(([, get]) => get(r))) },
    // A cell starting with = or @ (or + / - not followed by a phone number) would run as a
    // formula in Excel: page text captured into a CRM is untrusted, so such cells get a '.
    { newline: '\r\n', escapeFormulae: /^[=@\t\r]|^[+-](?![\d\s().\/-]*$)/ },
  );
  return '\uFEFF' + csv + '\r\n';
}

/** Deals: what they are, with whom, where in which pipeline, worth what, owned by whom. */
function dealColumns(repo: Repository, config: ConfigSnapshot): Columns {
  const columns: Columns = [];
  const col = (header: string, get: (r: Fields) => unknown) => columns.push([header, (r) => text(get(r))]);
  col('Name', (r) => r.name);
  col('Company', (r) => (typeof r.companyId === 'string' ? repo.get('companies', r.companyId, { includeDeleted: true })?.name ?? '' : ''));
  col('Primary Person', (r) => recordName(repo, 'people', r.primaryPersonId));
  col('Pipeline', (r) => nameOf(config.pipelines, r.pipelineId));
  col('Stage', (r) => nameOf(config.stages, r.stageId));
  col('Status', (r) => r.status);
  col('Value', (r) => r.monetaryValue);
  col('Currency', (r) => r.currency);
  col('Win Probability', (r) => r.winProbability);
  col('Close Date', (r) => r.closeDate);
  col('Loss Reason', (r) => nameOf(config.lossReasons, r.lossReasonId));
  col('Priority', (r) => r.priority);
  col('Source', (r) => nameOf(config.sources, r.sourceId));
  col('Owner', (r) => ownerOf(config, r.ownerId));
  col('Tags', (r) => ((r.tags as string[] | undefined) ?? []).join(MULTI_SEP));
  col('Notes', (r) => r.details);
  for (const d of config.customFields.filter((x) => x.availableOn.includes('opportunities'))) col(d.name, (r) => customText(d, (r.custom as Fields | undefined)?.[d.id]));
  return columns;
}

const RELATED_LABEL: Record<RecordRef['type'], string> = { leads: 'Lead', people: 'Person', companies: 'Company', opportunities: 'Opportunity', tasks: 'Task' };

/** Tasks: what, about which record (its type and name), for whom, when, and whether done. */
function taskColumns(repo: Repository, config: ConfigSnapshot): Columns {
  const columns: Columns = [];
  const col = (header: string, get: (r: Fields) => unknown) => columns.push([header, (r) => text(get(r))]);
  const related = (r: Fields) => r.related as RecordRef | undefined;
  col('Name', (r) => r.name);
  col('Related Type', (r) => (related(r) ? RELATED_LABEL[related(r)!.type] : ''));
  col('Related To', (r) => (related(r) ? recordName(repo, related(r)!.type, related(r)!.id) : ''));
  col('Assignee', (r) => ownerOf(config, r.assigneeId));
  col('Status', (r) => r.status);
  col('Priority', (r) => r.priority);
  col('Due', (r) => isoTime(r.dueAt));
  col('Reminder', (r) => isoTime(r.reminderAt));
  col('Completed', (r) => isoTime(r.completedAt));
  col('Tags', (r) => ((r.tags as string[] | undefined) ?? []).join(MULTI_SEP));
  col('Notes', (r) => r.details);
  for (const d of config.customFields.filter((x) => x.availableOn.includes('tasks'))) col(d.name, (r) => customText(d, (r.custom as Fields | undefined)?.[d.id]));
  return columns;
}

/** A linked record's display name (trashed ones too: the link is history). */
function recordName(repo: Repository, type: Collection, id: unknown): string {
  if (typeof id !== 'string') return '';
  const r = repo.get(type, id, { includeDeleted: true }) as Fields | undefined;
  return r ? displayName(r) : '';
}

const isoTime = (v: unknown) => (typeof v === 'number' ? new Date(v).toISOString() : '');
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const nameOf = (list: { id: string; name: string }[], id: unknown) => (typeof id === 'string' ? list.find((e) => e.id === id)?.name ?? id : '');

function ownerOf(config: ConfigSnapshot, id: unknown): string {
  if (typeof id !== 'string') return '';
  const m = config.members.find((x) => x.id === id);
  return m ? m.email ?? m.name ?? id : id;
}

function customText(def: ConfigEntity<'customFields'>, v: unknown): string {
  if (v === undefined || v === null) return '';
  const option = (id: unknown) => def.options.find((o) => o.id === id)?.name ?? String(id);
  if (def.dataType === 'dropdown') return option(v);
  if (def.dataType === 'multiSelect') return (v as unknown[]).map(option).join(MULTI_SEP);
  if (def.dataType === 'checkbox') return v ? 'yes' : 'no';
  return String(v);
}
