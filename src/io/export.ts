import Papa from 'papaparse';
import { fullName, type ConfigEntity, type Name } from '../domain/index.ts';
import { MULTI_SEP, type ImportAs } from '../domain/csv/index.ts';
import { readConfig, type ConfigSnapshot } from '../store/config-store.ts';
import type { Repository } from '../store/repository.ts';

type Fields = Record<string, unknown>;
type Entry = { category?: string } & Fields;

/** "The current filter" of a list, or any predicate. */
export type ExportFilter =
  | { ids?: string[]; statusId?: string; ownerId?: string; sourceId?: string; tag?: string; includeDeleted?: boolean }
  | ((record: Fields) => boolean);

export function selectRecords(repo: Repository, type: ImportAs, filter: ExportFilter = {}): Fields[] {
  const all = repo.list(type, { includeDeleted: typeof filter === 'object' && !!filter.includeDeleted }) as Fields[];
  if (typeof filter === 'function') return all.filter(filter);
  const ids = filter.ids ? new Set(filter.ids) : null;
  return all.filter((r) =>
    (!ids || ids.has(r.id as string)) &&
    (!filter.statusId || r.statusId === filter.statusId) &&
    (!filter.ownerId || r.ownerId === filter.ownerId) &&
    (!filter.sourceId || r.sourceId === filter.sourceId) &&
    (!filter.tag || ((r.tags as string[]) ?? []).some((t) => t.toLowerCase() === filter.tag!.toLowerCase())));
}

/**
 * CSV of one record type, in the Google Contacts layout Outpost's own import reads back
 * ("Phone 1 - Label", "Phone 1 - Value"…), with names instead of ids for status, source,
 * owner and company. UTF-8 with a BOM and CRLF, so Excel opens accents and line breaks right.
 */
export function exportCsv(repo: Repository, type: ImportAs, filter: ExportFilter = {}): string {
  const config = readConfig(repo.docs.config);
  const records = selectRecords(repo, type, filter);
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

  const csv = Papa.unparse(
    { fields: columns.map(([h]) => h), data: records.map((r) => columns.map(([, get]) => get(r))) },
    // A cell starting with = or @ (or + / - not followed by a phone number) would run as a
    // formula in Excel: page text captured into a CRM is untrusted, so such cells get a '.
    { newline: '\r\n', escapeFormulae: /^[=@\t\r]|^[+-](?![\d\s().\/-]*$)/ },
  );
  return '\uFEFF' + csv + '\r\n';
}

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
