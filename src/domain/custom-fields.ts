import type { FieldIssue } from './errors.ts';
import type { ConfigEntity } from './config.ts';
import type { Collection } from './records.ts';

type Def = ConfigEntity<'customFields'>;

/** Checks custom field values against their definitions; returns one issue per bad value. */
export function validateCustomValues(collection: Collection, values: Record<string, unknown>, defs: Def[]): FieldIssue[] {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const issues: FieldIssue[] = [];
  for (const [id, value] of Object.entries(values)) {
    const path = `custom.${id}`;
    const def = byId.get(id);
    if (!def) { issues.push({ path, message: 'is not a custom field of this workspace' }); continue; }
    if (!def.availableOn.includes(collection)) { issues.push({ path, message: `"${def.name}" is not available on ${collection}` }); continue; }
    if (value === null || value === undefined) continue;
    const problem = checkValue(def, value);
    if (problem) issues.push({ path, message: `"${def.name}" ${problem}` });
  }
  return issues;
}

function checkValue(def: Def, v: unknown): string | null {
  const optionIds = new Set(def.options.map((o) => o.id));
  switch (def.dataType) {
    case 'text': return typeof v === 'string' && v.length <= 300 ? null : 'must be text of at most 300 characters';
    case 'longText': return typeof v === 'string' && v.length <= 100_000 ? null : 'must be text';
    case 'number':
    case 'currency': return typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number';
    case 'percentage': return typeof v === 'number' && v >= 0 && v <= 100 ? null : 'must be a percentage from 0 to 100';
    case 'date': return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'must be a date YYYY-MM-DD';
    case 'checkbox': return typeof v === 'boolean' ? null : 'must be true or false';
    case 'url': return typeof v === 'string' && /^https?:\/\/[^\s]+$/i.test(v) ? null : 'must be a web address starting with http:// or https://';
    case 'dropdown': return typeof v === 'string' && optionIds.has(v) ? null : 'must be one of its options';
    case 'multiSelect': return Array.isArray(v) && v.every((x) => typeof x === 'string' && optionIds.has(x)) ? null : 'must be a list of its options';
  }
}

/** Which of a lead's custom values apply to another record type (for conversion). */
export function customValuesFor(target: Collection, values: Record<string, unknown>, defs: Def[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of defs) if (d.availableOn.includes(target) && values[d.id] !== undefined) out[d.id] = values[d.id];
  return out;
}
