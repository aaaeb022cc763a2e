import type { Collection, ConfigEntity } from '../../domain/index.ts';
import type { Rec } from '../ports.ts';
import type { FieldSpec } from '../records/field-kinds.ts';

type Def = ConfigEntity<'customFields'>;

const customOf = (r: Rec) => (r.custom as Record<string, unknown> | undefined) ?? {};

/**
 * A custom field as an editable field: typed editor per data type, the text a cell shows, and
 * the patch that sets (or, when emptied, clears) only this field's value. Values the schema
 * refuses (a word in a number field, an unknown option) are sent as typed so the engine's
 * message names the field, instead of being dropped here.
 */
export function customFieldSpec(def: Def): FieldSpec {
  const key = `custom.${def.id}`;
  const set = (v: unknown) => ({ custom: { [def.id]: v } });
  const optionName = (id: unknown) => def.options.find((o) => o.id === id)?.name ?? String(id);
  const base = { key, label: def.name, path: key };
  switch (def.dataType) {
    case 'number': case 'currency': case 'percentage':
      return {
        ...base, kind: 'number',
        get: (r) => (typeof customOf(r)[def.id] === 'number' ? String(customOf(r)[def.id]) : ''),
        patch: (v) => set(v.trim() === '' ? null : Number.isFinite(Number(v)) ? Number(v) : v),
      };
    case 'date':
      return { ...base, kind: 'date', get: (r) => String(customOf(r)[def.id] ?? ''), patch: (v) => set(v.trim() || null) };
    case 'checkbox':
      return {
        ...base, kind: 'select',
        options: () => [{ value: '', label: '—' }, { value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }],
        get: (r) => (customOf(r)[def.id] === true ? 'yes' : customOf(r)[def.id] === false ? 'no' : ''),
        patch: (v) => set(v === '' ? null : v === 'yes'),
      };
    case 'dropdown':
      return {
        ...base, kind: 'select',
        options: () => [{ value: '', label: '—' }, ...def.options.map((o) => ({ value: o.id, label: o.name }))],
        get: (r) => String(customOf(r)[def.id] ?? ''),
        patch: (v) => set(v || null),
      };
    case 'multiSelect':
      return {
        ...base, kind: 'text',
        get: (r) => ((customOf(r)[def.id] as unknown[] | undefined) ?? []).map(optionName).join(', '),
        patch: (v) => {
          const names = v.split(',').map((s) => s.trim()).filter(Boolean);
          if (!names.length) return set(null);
          return set([...new Set(names.map((n) => def.options.find((o) => o.name.toLocaleLowerCase() === n.toLocaleLowerCase())?.id ?? n))]);
        },
      };
    case 'longText':
      return { ...base, kind: 'textarea', get: (r) => String(customOf(r)[def.id] ?? ''), patch: (v) => set(v === '' ? null : v) };
    default: // text, url
      return { ...base, kind: 'text', get: (r) => String(customOf(r)[def.id] ?? ''), patch: (v) => set(v.trim() || null) };
  }
}

/** The live custom fields defined for a record type, in the admin's order. */
export function customFieldsOn(type: Collection, defs: Def[]): Def[] {
  return defs.filter((d) => !d.retired && d.availableOn.includes(type)).sort((a, b) => a.order - b.order);
}
