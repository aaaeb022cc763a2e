import type * as Y from 'yjs';
import type { Collection } from '../domain/index.ts';
import { META_FIELDS } from '../domain/meta-fields.ts';
import { newId } from '../domain/ids.ts';
import type { FieldProvenance } from '../domain/provenance.ts';

/**
 * Field history: who set which field to what, when — and what it was before, which is what
 * undo of a batch (an import, a merge) replays. Entries live in the `activities` doc (append-
 * mostly, like the timeline) under the `history` map, one JSON value per entry, in the activity
 * shard of its record. Pure layout: the store and the relay's API both write entries this way.
 */
export type HistoryOp = 'create' | 'update' | 'delete' | 'restore';
export type HistoryEntry = {
  id: string;
  collection: Collection;
  recordId: string;
  at: number;
  by: string;
  op: HistoryOp;
  set: Record<string, unknown>;
  prev: Record<string, unknown>; // null for a field that had no value
  batchId?: string;
  /** Where the fields' previous values came from (null: unknown), for undo (field key → provenance). */
  prevProvenance?: Record<string, FieldProvenance | null>;
  /**
   * A 'create' whose fields are not copied here (`set` is empty): they are the record's own
   * values until a later entry changed them (`createdFields`). An import's records are written
   * so: copying every field of 10,000 records into history doubled the import's Yjs writes.
   * A client from before this reads such an entry as a create that set nothing.
   */
  fromRecord?: true;
};

/** The root map of an activity shard that holds field history (id → entry). */
export const HISTORY_MAP = 'history';
export const historyMap = (activitiesDoc: Y.Doc) => activitiesDoc.getMap<HistoryEntry>(HISTORY_MAP);

let historySeq = 0;
/**
 * What tells this process's entries from another replica's written in the same millisecond with
 * the same sequence number: random, drawn once (a `randomUUID` per entry was ~1% of an import's
 * CPU in the engine's Chromium Worker). Within the process the sequence keeps ids apart.
 */
let replicaTag: string | undefined;
/** Sortable ids: entries written in the same millisecond keep their local order. */
export function historyId(at: number): string {
  historySeq = (historySeq + 1) % 1_679_616;
  replicaTag ??= newId().slice(0, 8);
  return `${at.toString(36).padStart(9, '0')}${historySeq.toString(36).padStart(4, '0')}${replicaTag}`;
}

/** The fields of `set` that really change, what they were, and which cleared fields had a value. */
export function fieldDiff(current: Record<string, unknown>, set: Record<string, unknown>, clear: string[]) {
  const out = { set: {} as Record<string, unknown>, prev: {} as Record<string, unknown>, cleared: [] as string[] };
  for (const [k, v] of Object.entries(set)) {
    if (k === 'custom') {
      const cur = (current.custom ?? {}) as Record<string, unknown>;
      const changed: Record<string, unknown> = {};
      for (const [ck, cv] of Object.entries(v as Record<string, unknown>)) if (JSON.stringify(cur[ck]) !== JSON.stringify(cv)) changed[ck] = cv;
      if (Object.keys(changed).length) { out.set.custom = changed; out.prev.custom = Object.fromEntries(Object.keys(changed).map((ck) => [ck, cur[ck] ?? null])); }
      continue;
    }
    if (JSON.stringify(current[k]) !== JSON.stringify(v)) { out.set[k] = v; out.prev[k] = current[k] ?? null; }
  }
  for (const k of clear) if (current[k] !== undefined) { out.cleared.push(k); out.set[k] = null; out.prev[k] = current[k]; }
  return out;
}


type Fields = Record<string, unknown>;
const NOT_FIELDS = new Set<string>([...META_FIELDS, 'provenance']);
const isEmptyValue = (v: unknown) => v === null || v === undefined || (typeof v === 'object' && Object.keys(v as object).length === 0);
const before = (a: HistoryEntry, b: HistoryEntry) => a.at < b.at || (a.at === b.at && a.id < b.id);

/**
 * The fields a 'create' entry set. An entry that copied them holds them in `set`; one that
 * refers to its record (`fromRecord`) set the record's values as they were before any later
 * entry changed them: a field's value before the first later entry of the record that changed
 * it (that entry's `prev`), else the record's value now (`record`: its stored fields, with
 * `custom`; undefined when the record is not known, which gives nothing). Empty values are left
 * out, as a new record does not store them.
 */
export function createdFields(entry: HistoryEntry, entries: readonly HistoryEntry[], record: Fields | undefined): Fields {
  if (!entry.fromRecord) return entry.set;
  if (!record) return {};
  const first: Fields = {};
  const firstCustom: Fields = {};
  const later = entries.filter((e) => e.recordId === entry.recordId && e.collection === entry.collection && before(entry, e)).sort((a, b) => (before(a, b) ? -1 : 1));
  for (const e of later) {
    for (const [k, v] of Object.entries(e.prev ?? {})) {
      if (k === 'custom') { for (const [ck, cv] of Object.entries((v ?? {}) as Fields)) if (!(ck in firstCustom)) firstCustom[ck] = cv; }
      else if (!NOT_FIELDS.has(k) && !(k in first)) first[k] = v;
    }
  }
  const out: Fields = {};
  for (const [k, v] of Object.entries(record)) {
    if (NOT_FIELDS.has(k) || k === 'custom') continue;
    const was = k in first ? first[k] : v;
    if (!isEmptyValue(was)) out[k] = was;
  }
  for (const [k, v] of Object.entries(first)) if (!(k in record) && !isEmptyValue(v)) out[k] = v;
  const custom: Fields = {};
  const now = (record.custom ?? {}) as Fields;
  for (const ck of new Set([...Object.keys(now), ...Object.keys(firstCustom)])) {
    const was = ck in firstCustom ? firstCustom[ck] : now[ck];
    if (!isEmptyValue(was)) custom[ck] = was;
  }
  if (Object.keys(custom).length) out.custom = custom;
  return out;
}
