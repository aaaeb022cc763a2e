import { z } from '../zod.ts';
import { RuleError } from '../errors.ts';
import { collections, type Collection } from '../records.ts';
import { normalizeEmail } from '../identity/emails.ts';
import { phoneKey } from '../identity/phones.ts';
import { socialKey, websiteKey } from '../identity/web.ts';
import { mergeProvenance, type FieldProvenance } from '../provenance.ts';

type Fields = Record<string, unknown>;
/** Per field, which record's value wins ('winner' unless said; an empty winner value takes the loser's). */
export type MergeChoices = Record<string, 'winner' | 'loser'>;

/** List fields are unioned (deduplicated by their normalized value), never chosen. */
const LIST_KEY: Record<string, (e: Fields) => string | undefined> = {
  emails: (e) => normalizeEmail(e.email as string),
  phones: (e) => phoneKey(e.number as string) ?? (e.number as string),
  socials: (e) => socialKey(e.url as string) ?? (e.url as string),
  websites: (e) => websiteKey(e.url as string) ?? (e.url as string),
  tags: (e) => String(e).toLowerCase(),
};
export const MERGE_LIST_FIELDS = Object.keys(LIST_KEY);

/** `provenance`: the winner's new provenance entries (the kept value's origin wins). */
export type MergePlan = { set: Fields; clear: string[]; provenance: Record<string, FieldProvenance | null> };

/**
 * The winner's new field values when `loser` is merged into it: chosen fields, unioned lists,
 * custom values chosen per definition. Only fields that change are returned.
 */
export function planMerge(collection: Collection, winner: Fields, loser: Fields, choices: MergeChoices = {}): MergePlan {
  if (winner.id === loser.id) throw new RuleError('A record cannot be merged into itself', 'loserId');
  const shape = (collections[collection].fields as unknown as z.ZodObject).shape as Record<string, unknown>;
  const unknown = Object.keys(choices).filter((k) => !(k in shape) && !k.startsWith('custom.'));
  if (unknown.length) throw new RuleError(`Not fields of a ${collections[collection].label}: ${unknown.join(', ')}`, unknown[0]);
  const plan: MergePlan = { set: {}, clear: [], provenance: {} };
  for (const field of Object.keys(shape)) {
    if (field === 'custom') continue;
    const next = LIST_KEY[field] && Array.isArray(winner[field]) ? union(field, winner[field] as Fields[], (loser[field] as Fields[]) ?? []) : pickValue(winner[field], loser[field], choices[field]);
    if (JSON.stringify(next) === JSON.stringify(winner[field])) continue;
    if (next === undefined) plan.clear.push(field);
    else plan.set[field] = next;
  }
  const wc = (winner.custom ?? {}) as Fields;
  const lc = (loser.custom ?? {}) as Fields;
  const custom: Fields = {};
  for (const id of new Set([...Object.keys(wc), ...Object.keys(lc)])) {
    const v = pickValue(wc[id], lc[id], choices[`custom.${id}`]);
    if (JSON.stringify(v) !== JSON.stringify(wc[id])) custom[id] = v ?? null;
  }
  if (Object.keys(custom).length) plan.set.custom = custom;
  plan.provenance = mergeProvenance(winner, loser, { ...plan.set, ...Object.fromEntries(plan.clear.map((f) => [f, null])) });
  return plan;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

function pickValue(w: unknown, l: unknown, choice: 'winner' | 'loser' | undefined): unknown {
  if (choice === 'loser') return l;
  if (choice === 'winner') return w;
  return isEmpty(w) ? l : w;
}

function union(field: string, a: Fields[], b: Fields[]): Fields[] {
  const key = LIST_KEY[field];
  const seen = new Set<string>();
  const out: Fields[] = [];
  for (const e of [...a, ...b]) {
    const k = key(e) ?? JSON.stringify(e);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}
