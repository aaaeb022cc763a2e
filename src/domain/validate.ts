import { z } from './zod.ts';
import { ValidationError } from './errors.ts';
import { collections, type Collection, type InputOf } from './records.ts';
import { META_FIELDS } from './common.ts';
import type { ConfigEntity } from './config.ts';
import { validateCustomValues } from './custom-fields.ts';

export type Fields = Record<string, unknown>;

/** Validates a new record's input; returns the fields with defaults applied. Throws ValidationError. */
export function parseCreate<C extends Collection>(
  collection: C,
  input: unknown,
  customDefs: ConfigEntity<'customFields'>[] = [],
): Fields {
  const schema = collections[collection].fields as unknown as z.ZodType<Fields>;
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw ValidationError.fromZod(result.error, collections[collection].label);
  checkCustom(collection, result.data, customDefs);
  return stripUndefined(result.data);
}

/**
 * Validates a partial update against the record it changes. `null` clears an optional field.
 * Returns the fields that change (set) and the fields that are cleared.
 */
export function parsePatch<C extends Collection>(
  collection: C,
  current: Fields,
  patch: unknown,
  customDefs: ConfigEntity<'customFields'>[] = [],
): { set: Fields; clear: string[] } {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new ValidationError([{ path: '', message: 'an update must be an object of fields' }], collections[collection].label);
  }
  const meta = Object.keys(patch).filter((k) => (META_FIELDS as readonly string[]).includes(k));
  if (meta.length) {
    throw new ValidationError(meta.map((k) => ({ path: k, message: 'is set by Outpost and cannot be changed' })), collections[collection].label);
  }
  const shape = (collections[collection].fields as unknown as z.ZodObject).shape as Record<string, unknown>;
  const unknownKeys = Object.keys(patch).filter((k) => !(k in shape));
  if (unknownKeys.length) {
    throw new ValidationError(unknownKeys.map((k) => ({ path: k, message: 'is not a field of this record' })), collections[collection].label);
  }
  const clear = Object.entries(patch).filter(([, v]) => v === null || v === undefined).map(([k]) => k);
  const merged: Fields = { ...pickEditable(collection, current) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === undefined) delete merged[k];
    else merged[k] = v;
  }
  if (patch && 'custom' in patch && patch.custom) merged.custom = { ...(current.custom as Fields), ...(patch.custom as Fields) };
  const parsed = parseCreate(collection, merged, customDefs);
  const set: Fields = {};
  for (const k of Object.keys(patch)) if (!clear.includes(k)) set[k] = parsed[k];
  return { set, clear };
}

/** The input fields of a stored record (no id, meta or system fields). */
export function pickEditable(collection: Collection, record: Fields): Fields {
  const shape = (collections[collection].fields as unknown as z.ZodObject).shape as Record<string, unknown>;
  const out: Fields = {};
  for (const k of Object.keys(shape)) if (record[k] !== undefined) out[k] = record[k];
  return out;
}

function checkCustom(collection: Collection, data: Fields, defs: ConfigEntity<'customFields'>[]) {
  const custom = (data.custom ?? {}) as Fields;
  if (Object.keys(custom).length === 0) return;
  const issues = validateCustomValues(collection, custom, defs);
  if (issues.length) throw new ValidationError(issues, collections[collection].label);
}

export function stripUndefined<T extends Fields>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

export type { InputOf };
