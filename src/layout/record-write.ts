import * as Y from 'yjs';
import {
  Activity, NotFoundError, fieldKeys, stampWrite, typed, type Collection, type FieldProvenance, type ProvenanceMap,
  type RecordRef, type WriteProvenance,
} from '../domain/index.ts';
import type { DocKey } from '../domain/routing.ts';
import {
  collectionMap, customKey, exists, keyOf, readRecord, toStoredEntries, withDefaults, writeChanged, writeCreated, writeEntries,
  writeProvenance, plainFields, DELETED, UPDATED, type StoredRecord,
} from './records-doc.ts';
import { sharedSource, writeSharedSource, type SharedSource } from './shared-sources.ts';
import { fieldDiff, historyId, historyMap, type HistoryEntry, type HistoryOp } from './history-doc.ts';

/**
 * The one write path of records, as pure functions over a `Y.Doc`: every change to a record
 * (the extension's repository, undo, restore from a backup, the lifecycle rules, the relay's
 * API and web forms) writes its Yjs keys here, so the same change gives the same keys, the same
 * provenance (`_p.<field>`), the same `_u`/`_d` stamps and the same history entry wherever it is
 * made. Callers validate first (zod, rules, roles) and choose the doc: a record shard for the
 * record's keys, the activity shard of the record for its history entries and activities
 * (src/domain/routing.ts). Nothing here reads storage or knows about loading.
 *
 * Each function writes inside one `doc.transact(…, origin)`: in the caller's transaction when
 * there is one (Yjs joins nested transactions), else a transaction of its own.
 */
type Fields = Record<string, unknown>;

/** Who writes, when, and under which batch and transaction origin. */
export type Writer = {
  by: string;
  at: number;
  batchId?: string;
  origin?: unknown;
  /**
   * Called inside the write with the stored field keys of an existing record about to be
   * overwritten or cleared, before they are (the extension settles concurrent-write conflicts
   * there: src/store/conflicts.ts). The relay has none.
   */
  beforeOverwrite?: (map: Y.Map<unknown>, id: string, storedKeys: string[]) => void;
};

/** How a write describes where its values came from (src/domain/provenance.ts). */
export type WriteSource =
  /** Stamp the fields the caller named (`asked`, default: every changed field) with `write` (default: typed by the writer). */
  | { write?: WriteProvenance; asked?: readonly string[] }
  /** Provenance entries to write as they are (conversion and merge carry them from the source). */
  | { provenance: Record<string, FieldProvenance | null> };

/** A new record's: also one key per record naming a source the write's records share (`sharedFor`). */
export type CreateSource = WriteSource | { shared: SharedSource };

/** One record's part of a multi-record write (conversion, merge): see `applyChanges`. */
export type Change = {
  collection: Collection; id: string; op: HistoryOp; set?: Fields; clear?: string[];
  /** Provenance entries to write as they are (conversion and merge carry them from the source). */
  provenance?: Record<string, FieldProvenance | null>;
  /** Or: where the values in `set` came from (an import's file and columns), stamped now. */
  origin?: WriteProvenance;
};

/** Groups items by the doc they are written to (one transaction, or one update, per doc). */
export function byDoc<T>(items: Iterable<T>, docOf: (item: T) => DocKey): Map<DocKey, T[]> {
  const out = new Map<DocKey, T[]>();
  for (const it of items) {
    const k = docOf(it);
    const list = out.get(k);
    if (list) list.push(it); else out.set(k, [it]);
  }
  return out;
}

/** The field keys a caller's input names ('title', 'custom.<id>'): what a write's provenance describes. */
export function inputKeys(input: unknown): string[] {
  return input && typeof input === 'object' && !Array.isArray(input) ? fieldKeys(input as Fields) : [];
}

/**
 * A self-contained Yjs update of new keys (a new record, its history entry, an activity),
 * written into a fresh doc: needs nothing of the doc it will be applied to (the relay's
 * API and web forms write into rooms they do not hold).
 */
export function freshUpdate(fill: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  try {
    fill(doc);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** A history entry: the one place its shape is made (readers: undo, field history, the read model). */
export function historyEntry(
  w: Pick<Writer, 'by' | 'at' | 'batchId'>, collection: Collection, recordId: string, op: HistoryOp, set: Fields, prev: Fields,
  prevProvenance?: Record<string, FieldProvenance | null>,
): HistoryEntry {
  return {
    id: historyId(w.at), collection, recordId, at: w.at, by: w.by, op, set, prev, ...(w.batchId ? { batchId: w.batchId } : {}),
    ...(prevProvenance && Object.keys(prevProvenance).length ? { prevProvenance } : {}),
  };
}

/** Writes history entries into an activity doc (the activity shard of their records). */
export function putHistory(activityDoc: Y.Doc, entries: readonly HistoryEntry[], origin: unknown = null): void {
  if (!entries.length) return;
  activityDoc.transact(() => { const m = historyMap(activityDoc); for (const e of entries) m.set(e.id, e); }, origin);
}

/** The activities of an activity doc, by id. */
/** The root map of an activity shard that holds its activities (id → activity). */
export const ACTIVITIES_MAP = 'activities';
export const activityMap = (activityDoc: Y.Doc) => activityDoc.getMap<Activity>(ACTIVITIES_MAP);

/** Writes an activity into an activity doc (the activity shard of its parent). */
export function putActivity(activityDoc: Y.Doc, activity: Activity, origin: unknown = null): void {
  activityDoc.transact(() => activityMap(activityDoc).set(activity.id, activity), origin);
}

/** A system activity: who changed which field from what to what, and when (status and stage lines). */
export function systemActivity(parent: RecordRef, system: { field: string; from: string | null; to: string | null }, by: string, at: number, id: string): Activity {
  return Activity.parse({ id, typeId: 'system', parent, date: at, details: '', system, authorId: by, createdAt: at, createdBy: by, updatedAt: at, updatedBy: by });
}

/** A record as stored in `doc` (deleted ones too), with list defaults; undefined when it does not exist. */
export function readCurrent(doc: Y.Doc, collection: Collection, id: string, customIds: readonly string[]): StoredRecord | undefined {
  const r = readRecord(collectionMap(doc, collection), collection, id, customIds);
  return r && withDefaults(collection, r);
}

/** The provenance entries a write stamps (null drops one: a cleared field). */
function stamped(current: Fields | undefined, after: Fields, changedKeys: string[], source: WriteSource, w: Writer): Record<string, FieldProvenance | null> {
  if ('provenance' in source) return source.provenance;
  const asked = source.asked ? new Set(source.asked) : undefined;
  const keys = asked ? changedKeys.filter((k) => asked.has(k)) : changedKeys;
  return stampWrite(current?.provenance as ProvenanceMap | undefined, current ?? {}, after, keys, source.write ?? typed(), { at: w.at, by: w.by });
}

/** What a write's provenance entries replaced (null: the field had none), kept in history so undo puts it back. */
function priorProvenance(current: Fields, written: Record<string, FieldProvenance | null>): Record<string, FieldProvenance | null> {
  const was = (current.provenance ?? {}) as ProvenanceMap;
  return Object.fromEntries(Object.keys(written).map((k) => [k, was[k] ?? null]));
}

/**
 * Writes a new record (`_c`, `_u`, its fields and their provenance) into a record doc and
 * returns its 'create' history entry. Needs nothing of the existing doc: the extension writes
 * it into an append doc, the relay into a fresh doc. With `fieldsInHistory: false` (an
 * import's records) the entry refers to the record's fields instead of copying them
 * (`fromRecord`, read with history-doc.ts `createdFields`).
 */
export function createRecord(
  doc: Y.Doc, collection: Collection, id: string, fields: Fields, w: Writer, source: CreateSource = {}, { fieldsInHistory = true } = {},
): HistoryEntry {
  doc.transact(() => {
    const map = collectionMap(doc, collection);
    writeCreated(map, id, fields, w.by, w.at);
    const keys = fieldKeys(fields);
    if (!('shared' in source)) return writeProvenance(map, id, stamped(undefined, fields, keys, source, w));
    const rest = writeSharedSource(map, id, fields, keys, source.shared);
    const { origin, fields: byField } = source.shared.value;
    if (rest.length) writeProvenance(map, id, stampWrite(undefined, {}, fields, rest, { origin, ...(byField ? { fields: byField } : {}) }, { at: w.at, by: w.by }));
  }, w.origin);
  if (!fieldsInHistory) return { ...historyEntry(w, collection, id, 'create', {}, {}), fromRecord: true };
  return historyEntry(w, collection, id, 'create', fields, {});
}

/**
 * A source shared by the new records of one write into `collection` (an import's slice): each
 * record then stores one provenance key, not one per field (src/layout/shared-sources.ts).
 * Undefined when the write's list entries have origins of their own: stamp per field then.
 */
export function sharedFor(collection: Collection, w: Pick<Writer, 'at' | 'by'>, write: WriteProvenance = typed()): SharedSource | undefined {
  return sharedSource(write, { at: w.at, by: w.by }, plainFields(collection));
}

/**
 * Writes changed fields of an existing record (`custom` per definition; `cleared` names fields
 * to drop, with their provenance), its `_u`, and the given provenance entries. The low-level
 * write under `updateRecord` and undo.
 */
export function writeFields(doc: Y.Doc, collection: Collection, id: string, set: Fields, cleared: string[], w: Writer, provenance: Record<string, FieldProvenance | null> = {}): void {
  doc.transact(() => {
    const map = collectionMap(doc, collection);
    const { custom, ...plain } = set as Fields & { custom?: Fields };
    w.beforeOverwrite?.(map, id, [...Object.keys(plain), ...Object.keys(custom ?? {}).map(customKey), ...cleared]);
    writeChanged(map, id, set, cleared, w.by, w.at);
    writeProvenance(map, id, provenance);
  }, w.origin);
}

/**
 * Updates an existing record with `set` and `clear` (already validated): only fields that
 * really change are written, each stamped with where it came from. Returns the history entry
 * and what changed, or undefined when nothing changes (nothing is written then).
 */
export function updateRecord(doc: Y.Doc, collection: Collection, current: StoredRecord, set: Fields, clear: string[], w: Writer, source: WriteSource = {}) {
  const changed = fieldDiff(current, set, clear);
  if (Object.keys(changed.set).length === 0) return undefined;
  const after = { ...current, ...changed.set, custom: { ...(current.custom as Fields), ...(changed.set.custom as Fields) } };
  const provenance = stamped(current, after, fieldKeys(changed.set), source, w);
  writeFields(doc, collection, current.id, changed.set, changed.cleared, w, provenance);
  const entry = historyEntry(w, collection, current.id, 'update', changed.set, changed.prev, priorProvenance(current, provenance));
  return { entry, set: changed.set, prev: changed.prev };
}

/** Soft delete: `_d` = [at, by]; a concurrent edit of the record is kept. Undefined when already in the trash. */
export function trashRecord(doc: Y.Doc, collection: Collection, current: StoredRecord, w: Writer): HistoryEntry | undefined {
  if (current.deletedAt !== undefined) return undefined;
  doc.transact(() => collectionMap(doc, collection).set(keyOf(current.id, DELETED), [w.at, w.by]), w.origin);
  return historyEntry(w, collection, current.id, 'delete', { deletedAt: w.at }, { deletedAt: null });
}

/**
 * Out of the trash: drops `_d` and stamps `_u` (a state vector does not move on a removed key
 * alone, so the stamp is what lets a reader see the restore). Undefined when not in the trash.
 */
export function untrashRecord(doc: Y.Doc, collection: Collection, current: StoredRecord, w: Writer): HistoryEntry | undefined {
  if (current.deletedAt === undefined) return undefined;
  doc.transact(() => {
    const map = collectionMap(doc, collection);
    map.delete(keyOf(current.id, DELETED));
    map.set(keyOf(current.id, UPDATED), [w.at, w.by]);
  }, w.origin);
  return historyEntry(w, collection, current.id, 'restore', { deletedAt: null }, { deletedAt: current.deletedAt });
}

/**
 * Writes fields back to earlier values (undo of a batch): `set` holds the values to write
 * (null clears a field; `custom` per definition), `prev` what they are now, `provenance` the
 * entries to put back. Returns the 'update' history entry (itself undoable).
 */
export function revertFields(doc: Y.Doc, collection: Collection, current: StoredRecord, set: Fields, prev: Fields, w: Writer, provenance: Record<string, FieldProvenance | null> = {}): HistoryEntry {
  const { custom, ...plain } = set as Fields & { custom?: Fields };
  const patch: Fields = custom ? { custom } : {};
  const cleared: string[] = [];
  for (const [k, v] of Object.entries(plain)) if (v === null || v === undefined) cleared.push(k); else patch[k] = v;
  writeFields(doc, collection, current.id, patch, cleared, w, provenance);
  return historyEntry(w, collection, current.id, 'update', set, prev, priorProvenance(current, provenance));
}

/**
 * Writes system changes to several records of ONE record doc (conversion, merge) in one
 * transaction and returns their history entries (write them with `putHistory` into each
 * record's activity doc). A 'create' of an id that exists (a conversion made again after an
 * undo, or already synced from a teammate) overwrites its fields and restores it; a delete
 * of a record that is not there or already in the trash writes nothing. Callers validate
 * first; an update of a record that does not exist throws NotFoundError before anything is
 * written.
 */
export function applyChanges(doc: Y.Doc, changes: readonly Change[], w: Writer, customIds: readonly string[]): HistoryEntry[] {
  for (const c of changes) if (c.op !== 'create' && c.op !== 'delete' && !exists(collectionMap(doc, c.collection), c.id)) throw new NotFoundError(c.collection, c.id);
  const log: HistoryEntry[] = [];
  doc.transact(() => {
    for (const c of changes) {
      const current = readCurrent(doc, c.collection, c.id, customIds);
      const source: WriteSource = c.provenance ? { provenance: c.provenance } : { write: c.origin };
      if (c.op === 'create' && !current) {
        // Without an origin, a system create writes no provenance of its own (the caller carries it).
        log.push(createRecord(doc, c.collection, c.id, c.set ?? {}, w, c.provenance || c.origin ? source : { provenance: {} }));
        continue;
      }
      if (c.op === 'delete') {
        const e = current && trashRecord(doc, c.collection, current, w);
        if (e) log.push(e);
        continue;
      }
      if (!current) throw new NotFoundError(c.collection, c.id);
      const updated = updateRecord(doc, c.collection, current, c.set ?? {}, c.clear ?? [], w, c.provenance || c.origin ? source : { provenance: {} });
      if (updated) log.push(updated.entry);
      else if (c.provenance) writeProvenance(collectionMap(doc, c.collection), c.id, c.provenance);
      if (c.op === 'create') {
        const e = untrashRecord(doc, c.collection, current, w);
        if (e) log.push(e);
      }
    }
  }, w.origin);
  return log;
}

/**
 * Writes a record as a backup holds it (ids, authors and times kept) over what `doc` has:
 * fields, `_c` (new records), `_u` and `_d` exactly as in the copy.
 */
export function writeRecordCopy(doc: Y.Doc, collection: Collection, r: StoredRecord, exists: boolean, origin: unknown = null): void {
  doc.transact(() => {
    const map = collectionMap(doc, collection);
    if (exists) writeEntries(map, r.id, toStoredEntries(r));
    else writeCreated(map, r.id, r, r.createdBy as string, r.createdAt as number);
    map.set(keyOf(r.id, UPDATED), [r.updatedAt, r.updatedBy]);
    if (r.deletedAt !== undefined) map.set(keyOf(r.id, DELETED), [r.deletedAt, r.deletedBy ?? r.updatedBy]);
    else map.delete(keyOf(r.id, DELETED));
  }, origin);
}
