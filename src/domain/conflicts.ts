import { z } from './zod.ts';
import { COLLECTIONS, type Collection } from './records.ts';

/**
 * Concurrent edits of one field ("no silent overwrites", issue 14 §3): pure rules. The store
 * (src/store/conflicts.ts) finds the values the CRDT dropped; these rules say which fields
 * count, how a dropped value is named everywhere, and what a record shows as still open.
 */

/** Who set a value and when, as far as the workspace knows (null: not known on this device). */
export type Setter = { at: number; by: string } | null;

/** One value the CRDT dropped: a write of `field` that no other writer of it had seen. */
export type DroppedValue = {
  /** `conflictId(recordId, field, item)`: the same on every replica that sees the drop. */
  id: string;
  collection: Collection;
  recordId: string;
  /** The stored field: a record field, or `cf.<definitionId>` for a custom one. */
  field: string;
  /** The Yjs item that held it (`client.clock`): names the write, whoever detects it. */
  item: string;
  value: unknown;
  setter: Setter;
  /** The value that won over it when it was dropped, and who set that. */
  over: { item: string; value: unknown; setter: Setter } | null;
};

const SetterSchema = z.object({ at: z.number(), by: z.string().max(200) }).nullable();
/**
 * What a peer's entry must look like to be shown: the conflicts map syncs from every replica,
 * so a malformed entry (an old or hostile client) is left out, never crashes a reader.
 */
export const DroppedValueSchema = z.object({
  id: z.string().max(1000), collection: z.enum(COLLECTIONS as [Collection, ...Collection[]]), recordId: z.string().min(1).max(200),
  field: z.string().min(1).max(300), item: z.string().max(100), value: z.unknown(), setter: SetterSchema,
  over: z.object({ item: z.string().max(100), value: z.unknown(), setter: SetterSchema }).nullable(),
}).refine((d) => d.id === conflictId(d.recordId, d.field, d.item) && isConflictField(d.field), 'entry id does not name its record, field and item');

/** A dropped value as stored, or undefined when it is not a well-formed entry. */
export function parseDropped(v: unknown): DroppedValue | undefined {
  const r = DroppedValueSchema.safeParse(v);
  return r.success ? (r.data as DroppedValue) : undefined;
}

/** "Keep current" (the value shown now stays) or "value" (a dropped value was written back). */
export type Resolution = { at: number; by: string };

/** The catalogue key of a stored field (src/domain/fields): custom values are `custom.<id>` there. */
export const catalogueKey = (field: string) => (field.startsWith('cf.') ? `custom.${field.slice(3)}` : field);

export const conflictId = (recordId: string, field: string, item: string) => `${recordId}/${field}/${item}`;

/**
 * Fields whose concurrent writes are worth a choice: not the meta groups (`_c`, `_u`, `_d`:
 * every edit writes `_u`, so two edits of different fields would always "conflict") and not
 * the timestamps rules set on their own (two conversions of one lead both stamp convertedAt).
 */
const SYSTEM_FIELDS = new Set(['convertedAt', 'convertedBy', 'stageChangedAt']);
export function isConflictField(field: string): boolean {
  return field !== '' && !field.startsWith('_') && !SYSTEM_FIELDS.has(field);
}

/** Values compared as users see them (JSON, key order as stored). */
export const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What a record's field shows while it has values that lost without anyone seeing them. */
export type OpenConflict = {
  collection: Collection;
  recordId: string;
  field: string;
  current: { value: unknown; setter: Setter };
  /** Distinct values other than the current one, newest setter first. */
  others: { value: unknown; setter: Setter; ids: string[] }[];
  /** Every dropped-value id behind this conflict (resolving marks them all). */
  ids: string[];
  /** The record's display name, when the reader knows it. */
  recordName?: string;
  /** Names of the members involved as the detecting replicas gave them (memberId → name). */
  names: Record<string, string>;
};

/**
 * Groups the unresolved dropped values by record field, against the current value of each
 * (`currentOf`; undefined: the record is gone). A dropped value equal to the current one lost
 * nothing, and two drops of one value show once: a conflict is open while some other value remains.
 */
export function openConflicts(dropped: readonly (DroppedValue & { names?: Record<string, string> })[], resolved: ReadonlySet<string>, currentOf: (d: DroppedValue) => { value: unknown } | undefined): OpenConflict[] {
  const groups = new Map<string, (DroppedValue & { names?: Record<string, string> })[]>();
  for (const d of dropped) {
    if (resolved.has(d.id)) continue;
    const k = `${d.collection}:${d.recordId}/${d.field}`;
    const g = groups.get(k);
    if (g) g.push(d); else groups.set(k, [d]);
  }
  const out: OpenConflict[] = [];
  for (const list of groups.values()) {
    const cur = currentOf(list[0]);
    if (!cur) continue;
    const others: OpenConflict['others'] = [];
    for (const d of list) {
      if (sameValue(d.value, cur.value)) continue;
      const same = others.find((o) => sameValue(o.value, d.value));
      if (same) { same.ids.push(d.id); if (newer(d.setter, same.setter)) same.setter = d.setter; } else others.push({ value: d.value, setter: d.setter, ids: [d.id] });
    }
    if (!others.length) continue;
    others.sort((a, b) => (b.setter?.at ?? 0) - (a.setter?.at ?? 0));
    // Who set the current value: the drop it won over says so, when it won with this value.
    const winning = list.map((d) => d.over).filter((o) => o && sameValue(o.value, cur.value) && o.setter).sort((a, b) => b!.setter!.at - a!.setter!.at)[0];
    const { collection, recordId, field } = list[0];
    const names = Object.assign({}, ...list.map((d) => d.names ?? {})) as Record<string, string>;
    out.push({ collection, recordId, field, current: { value: cur.value, setter: winning?.setter ?? null }, others, ids: list.map((d) => d.id), names });
  }
  return out;
}

const newer = (a: Setter, b: Setter) => (a?.at ?? -1) > (b?.at ?? -1);
