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
  const parsed = parseMerged(collection, merged, Object.keys(patch), customDefs);
  const set: Fields = {};
  for (const k of Object.keys(patch)) if (!clear.includes(k)) set[k] = parsed[k];
  return { set, clear };
}

/**
 * Validates the record as it would be after a patch. A value stored before a rule was tightened
 * (a phone "call me maybe" saved by an older version) must not make the rest of the record
 * uneditable: problems only in fields the patch leaves alone are not the patch's fault.
 */
function parseMerged(collection: Collection, merged: Fields, patched: string[], customDefs: ConfigEntity<'customFields'>[]): Fields {
  try {
    return parseCreate(collection, merged, customDefs);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const mine = e.issues.filter((i) => !i.path || patched.includes(i.path.split('.')[0]));
    if (mine.length) throw new ValidationError(mine, collections[collection].label);
    const shape = (collections[collection].fields as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
    const out: Fields = {};
    for (const k of patched) {
      if (merged[k] === undefined) continue;
      const r = shape[k].safeParse(merged[k]);
      if (!r.success) throw new ValidationError(r.error.issues.map((i) => ({ path: [k, ...i.path.map(String)].join('.'), message: i.message })), collections[collection].label);
      out[k] = r.data;
    }
    if (patched.includes('custom')) checkCustom(collection, out, customDefs);
    return out;
  }
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
