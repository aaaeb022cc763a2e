import { displayName, isCollection, type Collection, type ConfigList } from '../../domain/index.ts';
import { signalColumns } from '../known/signal-columns.ts';
import { formatValue, moneyText, type CatalogueField, type NameLookup } from '../../domain/fields/index.ts';
import type { ListRow, Rec, WorkspaceConfig } from '../ports.ts';
import { specsOf, type FieldSpec } from '../records/field-kinds.ts';
import { catalogueFor, specsFor } from '../records/fields.ts';
import { memberName, membersByName } from '../models/members.ts';
import { dueWhen } from '../tasks/due.ts';
import { dayText, stamp } from '../ds/time.ts';
import { noMemberText } from '../records/labels.ts';

/**
 * A table column, derived from the field catalogue (src/domain/fields): every column sorts
 * (its key is the sort field the read port orders by); columns with `edit` are edited in place
 * through the same spec the record page uses, so both turn typed text into the same patch.
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
  /** A column computed from the row's sales signals, not a field of the record (read-only). */
  fromRow?(row: ListRow, c: WorkspaceConfig | null): string;
  /**
   * A reference to another record (a person's company, a deal's person, a task's "About"): the
   * record the cell names, by the name the table model reads for it (`refNames`), never its id.
   * Such a column does not sort (its stored value is an id).
   */
  refOf?(r: Rec): RecordRef | null;
  /**
   * What an empty cell says when empty is an answer, not a gap: nobody in a member field ("No
   * owner", "Unassigned", as the record's header says it). A web form's lead has no owner, and a
   * bare "—" in the Owner column read as a value that failed to load. Other empty cells show "—".
   */
  empty?: string;
};
export type RecordRef = { type: Collection; id: string };

/** The record a reference field of `r` points at: an id of the field's collection, or a `{ type, id }` (a task's `related`). Pure. */
export function refOf(f: CatalogueField, r: Rec): RecordRef | null {
  const v = r[f.key];
  if (typeof v === 'string' && v && f.ref) return { type: f.ref, id: v };
  const o = v as Partial<RecordRef> | undefined;
  return o && typeof o === 'object' && typeof o.type === 'string' && typeof o.id === 'string' && o.id && isCollection(o.type) ? { type: o.type, id: o.id } : null;
}

type Ordered = { id: string; name?: string; order?: number; pipelineId?: string };
function listRank(c: WorkspaceConfig, list: ConfigList): string[] {
  const entries = [...(c[list] as unknown as Ordered[])];
  const pipelineOrder = new Map(c.pipelines.map((p) => [p.id, p.order]));
  entries.sort((a, b) => (list === 'stages' ? (pipelineOrder.get(a.pipelineId ?? '') ?? 0) - (pipelineOrder.get(b.pipelineId ?? '') ?? 0) : 0) || (a.order ?? 0) - (b.order ?? 0));
  return [...entries.map((e) => e.id), ...(list === 'leadStatuses' ? ['converted'] : [])];
}

/** Names for the formatter: config entries and members by name, never a raw id. */
export function nameLookup(c: WorkspaceConfig | null): NameLookup {
  return {
    configName: (list, id) => {
      if (list === 'leadStatuses' && id === 'converted') return 'Converted';
      const e = (c?.[list as ConfigList] as unknown as Ordered[] | undefined)?.find((x) => x.id === id);
      return e?.name || 'Unknown';
    },
    memberName: (id) => memberName(c, id),
  };
}

function rankOf(f: CatalogueField): Column['rank'] {
  if (f.kind === 'member') return (c) => (c ? membersByName(c).map((m) => m.id) : []);
  const ch = f.choices;
  if (ch?.from === 'config') return (c) => (c ? listRank(c, ch.list) : []);
  if (ch?.from === 'fixed') return () => [...ch.values];
  if (ch?.from === 'options' && f.kind === 'choice') return () => ch.options.map((o) => o.id);
  return undefined;
}

function fieldColumn(f: CatalogueField): Column {
  if (f.kind === 'recordRef') return { key: f.key, label: f.label, text: () => '', refOf: (r) => refOf(f, r) };
  const specs = specsOf(f);
  const edit = specs.length === 1 ? specs[0] : undefined;
  return {
    key: f.key, label: f.label, edit, rank: rankOf(f), numeric: ['number', 'money', 'percent'].includes(f.kind),
    ...(f.kind === 'member' && { empty: noMemberText(f.label) }),
    text: f.kind === 'datetime' ? (r, c) => momentText(f, r, c)
      // A deal's value in its currency, else the workspace's, as its record page shows it ("$9,000.00").
      : f.kind === 'money' ? (r, c) => moneyText(f, r, c?.settings.defaultCurrency)
        : (r, c) => formatValue(f, r, nameLookup(c)),
  };
}

/**
 * A moment in a cell reads like the rest of the app: a task's due time as its task lists say it
 * ("tomorrow, 2:30 PM", "Dec 9, 9:00 AM"), any other moment as a stamp ("Dec 1, 2026, 9:16 AM").
 * The column still sorts by the stored time, never by this text.
 */
function momentText(f: CatalogueField, r: Rec, c: WorkspaceConfig | null): string {
  const v = r[f.key];
  if (typeof v !== 'number' || !Number.isFinite(v)) return formatValue(f, r, nameLookup(c));
  return f.key === 'dueAt' ? dueWhen(v, Date.now()) : stamp(v);
}

const when = (key: 'updatedAt' | 'createdAt', label: string): Column => ({
  key, label, text: (r) => (typeof r[key] === 'number' ? dayText(r[key] as number) : ''),
});

/**
 * Every column a table of `type` offers: the name first, then each field of the catalogue
 * (custom fields included), then when it was made and changed. A reference to another record
 * (a person's company) shows that record's name, never its id.
 */
export function tableColumns(type: Collection, config: WorkspaceConfig | null): Column[] {
  const fields = catalogueFor(type, config);
  const name = fields.find((f) => f.key === 'name');
  const primary: Column = { key: 'name', label: name?.label ?? 'Name', primary: true, text: (r) => displayName(r) || '(no name)' };
  return [primary, ...fields.filter((f) => f.key !== 'name').map(fieldColumn), when('createdAt', 'Created'), when('updatedAt', 'Updated'), ...signalColumns(type)];
}

/** Custom fields a table shows before the user chooses: the first few, the rest under Columns. */
const DEFAULT_CUSTOM_COLUMNS = 3;

/**
 * What a table shows until the user chooses: the catalogue's default columns, then the
 * workspace's first custom fields of this type (an admin adds "Budget band" in Settings and a
 * rep finds it in the table, not only behind Columns).
 */
export function defaultColumns(type: Collection, config: WorkspaceConfig | null = null): string[] {
  const fields = catalogueFor(type, config);
  const custom = fields.filter((f) => f.key.startsWith('custom.')).slice(0, DEFAULT_CUSTOM_COLUMNS);
  return ['name', ...fields.filter((f) => f.defaultColumn && f.key !== 'name').map((f) => f.key), ...custom.map((f) => f.key)];
}

/** Everything a bulk edit can set: each editor of the record type (name and address by their parts). */
export function bulkFields(type: Collection, config: WorkspaceConfig | null): FieldSpec[] {
  return specsFor(type, config);
}
