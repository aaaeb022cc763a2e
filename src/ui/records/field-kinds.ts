import type { ConfigList } from '../../domain/index.ts';
import { patchFor, valueOf, type CatalogueField } from '../../domain/fields/index.ts';
import type { Rec, WorkspaceConfig } from '../ports.ts';
import { memberName, membersByName } from '../models/members.ts';
import { emptyChoiceText, noMemberText } from './labels.ts';

/**
 * How the detail view shows and edits one field: read it as text, turn the typed text back into
 * a patch (null clears). Pure, so a field's behaviour is tested without a DOM.
 */
export type Option = { value: string; label: string };
export type FieldSpec = {
  key: string; // unique within the record view, also the input's name
  label: string;
  path: string; // the field path errors name (EngineError issues)
  kind: 'text' | 'email' | 'number' | 'date' | 'datetime' | 'textarea' | 'select' | 'checkbox' | 'url' | 'multi';
  options?: (c: WorkspaceConfig, r: Rec) => Option[];
  /** The catalogue field this editor is for (read mode formats and links from it). */
  field?: CatalogueField;
  get(r: Rec): string;
  patch(value: string, r: Rec): Record<string, unknown>;
};

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

export function text(key: string, label: string, kind: 'text' | 'email' | 'textarea' = 'text'): FieldSpec {
  return { key, label, path: key, kind, get: (r) => str(r[key]), patch: (v) => ({ [key]: kind === 'textarea' ? (v === '' ? null : v) : orNull(v) }) };
}

export function namePart(part: 'prefix' | 'first' | 'middle' | 'last' | 'suffix', label: string): FieldSpec {
  return {
    key: `name.${part}`, label, path: 'name', kind: 'text',
    get: (r) => str((r.name as Record<string, unknown> | undefined)?.[part]),
    patch: (v, r) => {
      const name = { ...((r.name as Record<string, unknown>) ?? {}) };
      if (v.trim()) name[part] = v.trim(); else delete name[part];
      return { name };
    },
  };
}

export function addressPart(part: 'street' | 'city' | 'state' | 'postalCode' | 'country', label: string): FieldSpec {
  return {
    key: `address.${part}`, label, path: 'address', kind: 'text',
    get: (r) => str((r.address as Record<string, unknown> | undefined)?.[part]),
    patch: (v, r) => {
      const address = { ...((r.address as Record<string, unknown>) ?? {}) };
      if (v.trim()) address[part] = v.trim(); else delete address[part];
      return { address: Object.keys(address).length ? address : null };
    },
  };
}

/** A list of entries (phones, emails, websites…) edited as comma-separated values. */
export function entryList(key: string, label: string, prop: 'number' | 'email' | 'url'): FieldSpec {
  return {
    key, label, path: key, kind: 'text',
    get: (r) => ((r[key] as Record<string, string>[] | undefined) ?? []).map((e) => e[prop]).join(', '),
    patch: (v, r) => {
      const old = (r[key] as Record<string, string>[] | undefined) ?? [];
      const values = v.split(',').map((s) => s.trim()).filter(Boolean);
      // Keep each entry's category when its value stays.
      return { [key]: values.map((x) => old.find((e) => e[prop] === x) ?? { [prop]: x }) };
    },
  };
}

export function tags(): FieldSpec {
  return {
    key: 'tags', label: 'Tags', path: 'tags', kind: 'text',
    get: (r) => ((r.tags as string[] | undefined) ?? []).join(', '),
    patch: (v) => ({ tags: [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))] }),
  };
}

export function money(key: string, label: string): FieldSpec {
  return {
    key, label, path: key, kind: 'number',
    get: (r) => str(r[key]),
    patch: (v) => ({ [key]: v.trim() === '' ? null : Number(v) }),
  };
}

export function isoDate(key: string, label: string): FieldSpec {
  return { key, label, path: key, kind: 'date', get: (r) => str(r[key]), patch: (v) => ({ [key]: orNull(v) }) };
}

/** Epoch milliseconds edited as a local date and time. */
export function dateTime(key: string, label: string): FieldSpec {
  return {
    key, label, path: key, kind: 'datetime',
    get: (r) => (typeof r[key] === 'number' ? toLocalInput(r[key] as number) : ''),
    patch: (v) => ({ [key]: v ? new Date(v).getTime() : null }),
  };
}

/**
 * What an empty date reads as, in words a person would write: "No close date", "No birthday",
 * and "No due date" for a label that does not say it is a date ("Due", "Renewal"). One rule for
 * built-in and custom fields.
 */
export function emptyDateText(label: string): string {
  const l = label.trim().toLowerCase();
  return /\b(date|day|birthday|deadline|time)s?$/.test(l) ? `No ${l}` : `No ${l} date`;
}

export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * A choice from an admin list (statuses, sources…): retired entries are offered only when the
 * record already has them, so they stay readable but can't be chosen anew.
 */
export function configChoice(key: string, label: string, list: ConfigList, opts: { empty?: string; filter?: (e: Record<string, unknown>, r: Rec) => boolean } = {}): FieldSpec {
  return {
    key, label, path: key, kind: 'select',
    options: (c, r) => [
      ...(opts.empty !== undefined ? [{ value: '', label: opts.empty }] : []),
      // "Converted" is a state the store sets, not an admin status: shown by name, never offered.
      ...(list === 'leadStatuses' && r[key] === 'converted' ? [{ value: 'converted', label: 'Converted' }] : []),
      ...(c[list] as unknown as { id: string; name: string; retired?: boolean; active?: boolean }[])
        .filter((e) => (!e.retired && e.active !== false) || e.id === r[key])
        .filter((e) => !opts.filter || opts.filter(e as unknown as Record<string, unknown>, r))
        .map((e) => ({ value: e.id, label: e.name || e.id })),
    ],
    get: (r) => str(r[key]),
    patch: (v) => ({ [key]: v === '' ? null : v }),
  };
}

/**
 * An owner or assignee, on the record page, in tables and bulk edits alike: "No owner" (or
 * "Unassigned"; noMemberText, as the record's header says it), then the
 * members as they show everywhere (memberName: the user as "You" until they have a name), in
 * name order, the user included even before the config lists them. A member who left is
 * offered only on a record that has them.
 */
export function memberChoice(key: string, label: string): FieldSpec {
  return {
    key, label, path: key, kind: 'select',
    options: (c, r) => [
      { value: '', label: noMemberText(label) },
      ...membersByName(c).filter((m) => m.active !== false || m.id === r[key]).map((m) => ({ value: m.id, label: memberName(c, m.id) })),
    ],
    get: (r) => str(r[key]),
    patch: (v) => ({ [key]: v === '' ? null : v }),
  };
}

export function fixedChoice(key: string, label: string, values: string[]): FieldSpec {
  return {
    key, label, path: key, kind: 'select',
    options: () => values.map((v) => ({ value: v, label: v[0].toUpperCase() + v.slice(1) })),
    get: (r) => str(r[key]),
    patch: (v) => ({ [key]: v }),
  };
}

export const ADDRESS: FieldSpec[] = [
  addressPart('street', 'Street'), addressPart('city', 'City'), addressPart('state', 'State'),
  addressPart('postalCode', 'Postal code'), addressPart('country', 'Country'),
];
export const NAME: FieldSpec[] = [namePart('first', 'First name'), namePart('last', 'Last name')];

const customMulti = (v: string) => v.split('\n').filter(Boolean);

/**
 * The editors of one catalogue field (a name or an address is edited by its parts). Custom
 * values are typed: numbers as numbers, checkboxes as booleans, multi-selects as option ids.
 */
export function specsOf(field: CatalogueField): FieldSpec[] {
  const withField = (s: FieldSpec): FieldSpec => ({ ...s, field });
  const k = field.key;
  if (!field.custom) {
    switch (field.kind) {
      case 'name': return NAME.map(withField);
      case 'address': return ADDRESS.map(withField);
      case 'emails': return [withField(entryList(k, field.label, 'email'))];
      case 'phones': return [withField(entryList(k, field.label, 'number'))];
      case 'urls': return [withField(entryList(k, field.label, 'url'))];
      case 'tags': return [withField(tags())];
      case 'money': case 'number': case 'percent': return [withField(money(k, field.label))];
      case 'date': return [withField(isoDate(k, field.label))];
      case 'datetime': return [withField(dateTime(k, field.label))];
      case 'longText': return [withField(text(k, field.label, 'textarea'))];
      case 'email': return [withField(text(k, field.label, 'email'))];
      case 'member': return [withField(memberChoice(k, field.label))];
      case 'enum': return [withField(fixedChoice(k, field.label, field.choices?.from === 'fixed' ? [...field.choices.values] : []))];
      case 'choice': {
        if (field.choices?.from !== 'config') return [];
        const l = field.choices.list;
        const opts = l === 'stages' ? { filter: (s: Record<string, unknown>, r: Rec) => s.pipelineId === r.pipelineId }
          : field.required || k === 'statusId' ? {} : { empty: emptyChoiceText(field.label) };
        return [withField(configChoice(k, field.label, l, opts))];
      }
      case 'recordRef': return []; // shown as related records, chosen where they are made
      default: return [withField(text(k, field.label))];
    }
  }
  const get = (r: Rec) => valueOf(field, r);
  const base = { key: k, label: field.label, path: k, field };
  const options = () => (field.choices?.from === 'options' ? field.choices.options.map((o) => ({ value: o.id, label: o.name })) : []);
  switch (field.kind) {
    case 'number': case 'money': case 'percent':
      return [{ ...base, kind: 'number', get: (r) => str(get(r)), patch: (v, r) => patchFor(field, v.trim() === '' ? null : Number(v), r) }];
    case 'checkbox':
      return [{ ...base, kind: 'checkbox', get: (r) => (get(r) === true ? 'true' : 'false'), patch: (v, r) => patchFor(field, v === 'true', r) }];
    case 'date': return [{ ...base, kind: 'date', get: (r) => str(get(r)), patch: (v, r) => patchFor(field, orNull(v), r) }];
    case 'url': return [{ ...base, kind: 'url', get: (r) => str(get(r)), patch: (v, r) => patchFor(field, orNull(v), r) }];
    case 'longText': return [{ ...base, kind: 'textarea', get: (r) => str(get(r)), patch: (v, r) => patchFor(field, v === '' ? null : v, r) }];
    case 'choice': return [{ ...base, kind: 'select', options: () => [{ value: '', label: emptyChoiceText(field.label) }, ...options()], get: (r) => str(get(r)), patch: (v, r) => patchFor(field, v || null, r) }];
    case 'multiChoice': return [{ ...base, kind: 'multi', options, get: (r) => ((get(r) as string[] | undefined) ?? []).join('\n'), patch: (v, r) => { const ids = customMulti(v); return patchFor(field, ids.length ? ids : null, r); } }];
    default: return [{ ...base, kind: 'text', get: (r) => str(get(r)), patch: (v, r) => patchFor(field, orNull(v), r) }];
  }
}
