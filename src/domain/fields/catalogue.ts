import { collections, type Collection } from '../records.ts';
import type { ConfigEntity, ConfigList } from '../config.ts';
import type { Target } from '../csv/targets.ts';

/**
 * The one field catalogue: every field a record view, table, CSV import or export shows comes
 * from here. Built-in fields are the keys of each record's zod schema (records.ts) described by
 * FIELD_META below; custom fields come from the workspace's definitions. Adding a field to a
 * schema is the schema edit plus one FIELD_META line (a test fails until that line exists).
 */
export type FieldKind =
  | 'text' | 'longText' | 'email' | 'emails' | 'phones' | 'urls' | 'name' | 'address' | 'tags'
  | 'number' | 'money' | 'percent' | 'currencyCode' | 'date' | 'datetime' | 'checkbox' | 'url'
  | 'choice' | 'multiChoice' | 'enum' | 'member' | 'recordRef';

/** Where a value's choices come from: an admin list, a fixed set, or a custom field's options. */
export type Choices =
  | { from: 'config'; list: Exclude<ConfigList, 'members'> }
  | { from: 'fixed'; values: readonly string[] }
  | { from: 'options'; options: readonly { id: string; name: string }[] };

export type Section = 'main' | 'contact' | 'address' | 'deal' | 'custom' | 'details';

export type CatalogueField = {
  collection: Collection;
  /** The record key ('title', 'name'), or 'custom.<definition id>'. */
  key: string;
  label: string;
  kind: FieldKind;
  section: Section;
  choices?: Choices;
  /** For recordRef: the collection it points at. */
  ref?: Collection;
  /** The zod schema needs a value (no optional, no default). */
  required: boolean;
  custom: boolean;
  sortable: boolean;
  /** Where a CSV column can land on this field (import); none when import can't fill it. */
  csvTarget?: Target;
  /** Shown by default in tables (first columns) and exported. */
  defaultColumn: boolean;
  exported: boolean;
};

type Meta = {
  label: string; kind: FieldKind; section?: Section; choices?: Choices; ref?: Collection;
  csvTarget?: Target; column?: boolean; exported?: boolean; sortable?: boolean;
};

const fixed = (values: readonly string[]): Choices => ({ from: 'fixed', values });
const list = (l: Exclude<ConfigList, 'members'>): Choices => ({ from: 'config', list: l });
const PRIORITY = ['none', 'low', 'medium', 'high'] as const;

/** Labels and kinds of built-in fields; a key absent here is not a user field (see HIDDEN). */
const COMMON: Record<string, Meta> = {
  name: { label: 'Name', kind: 'name', column: true, csvTarget: 'name' },
  title: { label: 'Title', kind: 'text', column: true, csvTarget: 'title' },
  companyName: { label: 'Company', kind: 'text', column: true, csvTarget: 'companyName' },
  email: { label: 'Email', kind: 'email', section: 'contact', column: true, csvTarget: 'email' },
  emails: { label: 'Emails', kind: 'emails', section: 'contact', column: true, csvTarget: 'email', sortable: false },
  phones: { label: 'Phones', kind: 'phones', section: 'contact', csvTarget: 'phone', sortable: false },
  websites: { label: 'Websites', kind: 'urls', section: 'contact', csvTarget: 'website', sortable: false },
  socials: { label: 'Social profiles', kind: 'urls', section: 'contact', csvTarget: 'social', sortable: false },
  address: { label: 'Address', kind: 'address', section: 'address', csvTarget: 'addressFormatted' },
  sourceId: { label: 'Source', kind: 'choice', choices: list('sources'), csvTarget: 'source' },
  statusId: { label: 'Status', kind: 'choice', choices: list('leadStatuses'), column: true, csvTarget: 'status' },
  ownerId: { label: 'Owner', kind: 'member', column: true, csvTarget: 'owner' },
  tags: { label: 'Tags', kind: 'tags', csvTarget: 'tags', sortable: false },
  monetaryValue: { label: 'Value', kind: 'money', section: 'deal', csvTarget: 'monetaryValue' },
  currency: { label: 'Currency', kind: 'currencyCode', section: 'deal', csvTarget: 'currency' },
  details: { label: 'Details', kind: 'longText', section: 'details', csvTarget: 'details', sortable: false },
  contactTypeId: { label: 'Contact type', kind: 'choice', choices: list('contactTypes'), column: true },
  companyId: { label: 'Company', kind: 'recordRef', ref: 'companies', column: true },
  emailDomain: { label: 'Email domain', kind: 'text', section: 'contact', column: true, csvTarget: 'emailDomain' },
  primaryPersonId: { label: 'Person', kind: 'recordRef', ref: 'people' },
  pipelineId: { label: 'Pipeline', kind: 'choice', choices: list('pipelines'), section: 'deal' },
  stageId: { label: 'Stage', kind: 'choice', choices: list('stages'), section: 'deal', column: true },
  winProbability: { label: 'Win probability (%)', kind: 'percent', section: 'deal' },
  closeDate: { label: 'Close date', kind: 'date', section: 'deal', column: true },
  lossReasonId: { label: 'Loss reason', kind: 'choice', choices: list('lossReasons'), section: 'deal' },
  priority: { label: 'Priority', kind: 'enum', choices: fixed(PRIORITY) },
  assigneeId: { label: 'Assignee', kind: 'member', column: true },
  dueAt: { label: 'Due', kind: 'datetime', column: true },
  reminderAt: { label: 'Reminder', kind: 'datetime' },
  related: { label: 'About', kind: 'recordRef', sortable: false, exported: false, column: true },
};
/** Per collection, where the shared meaning differs (a deal's status, a task's name). */
const BY_COLLECTION: Partial<Record<Collection, Record<string, Meta>>> = {
  // A deal list without its value is no deal list: Value is a default column of deals only.
  opportunities: { name: { label: 'Name', kind: 'text', column: true }, monetaryValue: { ...COMMON.monetaryValue, column: true }, status: { label: 'Status', kind: 'enum', choices: fixed(['open', 'won', 'lost', 'abandoned']), section: 'deal', column: true } },
  tasks: { name: { label: 'Task', kind: 'text', column: true }, status: { label: 'Status', kind: 'enum', choices: fixed(['open', 'done']), column: true } },
  companies: { name: { label: 'Name', kind: 'text', column: true, csvTarget: 'name' } },
};
/** Schema keys that are not user fields: bookkeeping, or shown elsewhere (custom values by definition). */
export const HIDDEN = new Set(['custom', 'winProbabilityManual']);

export function metaFor(collection: Collection, key: string): Meta | undefined {
  return BY_COLLECTION[collection]?.[key] ?? COMMON[key];
}

type ZodLike = { safeParse(v: unknown): { success: boolean } };
function isRequired(schema: ZodLike): boolean {
  return !schema.safeParse(undefined).success;
}

const builtIns = new Map<Collection, CatalogueField[]>();
/** Built-in fields of a collection, in schema order. */
export function builtInFields(collection: Collection): CatalogueField[] {
  const known = builtIns.get(collection);
  if (known) return known;
  const shape = collections[collection].fields.shape as Record<string, ZodLike>;
  const out: CatalogueField[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    if (HIDDEN.has(key)) continue;
    const m = metaFor(collection, key);
    if (!m) throw new Error(`field catalogue: ${collection}.${key} has no FIELD_META entry`);
    out.push({
      collection, key, label: m.label, kind: m.kind, section: m.section ?? (m.kind === 'longText' ? 'details' : 'main'),
      choices: m.choices, ref: m.ref, required: isRequired(schema), custom: false,
      sortable: m.sortable ?? !['recordRef'].includes(m.kind), csvTarget: m.csvTarget,
      defaultColumn: m.column ?? false, exported: m.exported ?? true,
    });
  }
  builtIns.set(collection, out);
  return out;
}

type CustomDef = ConfigEntity<'customFields'>;
const CUSTOM_KIND: Record<CustomDef['dataType'], FieldKind> = {
  text: 'text', longText: 'longText', number: 'number', currency: 'money', percentage: 'percent',
  date: 'date', checkbox: 'checkbox', url: 'url', dropdown: 'choice', multiSelect: 'multiChoice',
};

/** A custom field definition as a catalogue field of `collection`. */
export function customField(collection: Collection, def: CustomDef): CatalogueField {
  const kind = CUSTOM_KIND[def.dataType];
  return {
    collection, key: `custom.${def.id}`, label: def.name, kind, section: 'custom',
    choices: kind === 'choice' || kind === 'multiChoice' ? { from: 'options', options: def.options } : undefined,
    required: false, custom: true, sortable: kind !== 'multiChoice' && kind !== 'longText',
    csvTarget: 'custom', defaultColumn: false, exported: true,
  };
}

/** Every field of a collection: built-ins, then the workspace's live custom fields in their order. */
export function fieldsOf(collection: Collection, customDefs: readonly CustomDef[] = []): CatalogueField[] {
  const custom = customDefs
    .filter((d) => !d.retired && d.availableOn.includes(collection))
    .sort((a, b) => a.order - b.order)
    .map((d) => customField(collection, d));
  return [...builtInFields(collection), ...custom];
}

/** The stored value of a field on a record (custom values live under `custom`). */
export function valueOf(field: Pick<CatalogueField, 'key'>, record: Record<string, unknown>): unknown {
  if (field.key.startsWith('custom.')) return (record.custom as Record<string, unknown> | undefined)?.[field.key.slice(7)];
  return record[field.key];
}

/** The patch that stores `value` in a field (null clears; custom values merge into `custom`). */
export function patchFor(field: Pick<CatalogueField, 'key'>, value: unknown, record: Record<string, unknown>): Record<string, unknown> {
  if (!field.key.startsWith('custom.')) return { [field.key]: value };
  const custom = { ...((record.custom as Record<string, unknown> | undefined) ?? {}) };
  if (value === null || value === undefined || value === '') delete custom[field.key.slice(7)];
  else custom[field.key.slice(7)] = value;
  return { custom };
}
