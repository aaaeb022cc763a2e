import * as Y from 'yjs';
import { collections, emptyValue, readSourceId, type Collection, META_FIELDS } from '../domain/index.ts';
import { resolveSharedSource, SHARED_SOURCE, type MapsReader } from './shared-sources.ts';

/**
 * Layout of a `records/<k>` shard doc (src/domain/routing.ts): one root Y.Map per collection,
 * FLAT: one key per record field, `<id>/<field>`. DESIGN.md suggests a nested Y.Map per record; we keep its promise (two
 * teammates editing different fields both win) and go further: with nested maps, two replicas
 * creating the same derived id offline (converting one lead twice) race on the whole nested
 * map and one side's later edits vanish with the losing map. Flat keys merge field by field
 * even then, and save one Yjs item + one map object per record (memory follows item count).
 *
 * Stored groups: `_c` = [createdAt, createdBy], `_u` = [updatedAt, updatedBy],
 * `_d` = [deletedAt, deletedBy] (soft delete), custom values as `cf.<definitionId>`.
 * A record exists when its `_c` key does. Provenance (src/domain/provenance.ts) of a field is
 * `_p.<field key>` beside it (`_p.custom.<definitionId>` for custom values): one key per field,
 * so it merges field by field with the value it describes. The records of one write (an
 * import's slice) may instead share a source stored once per doc, named by ONE key `<id>/_p`
 * (src/layout/shared-sources.ts); a field's own `_p.<field>` wins over it. A record written
 * before provenance simply has no `_p` keys (no migration: readers treat them as unknown).
 */
export const SEP = '/';
export const CREATED = '_c';
export const UPDATED = '_u';
export const DELETED = '_d';
const CUSTOM_PREFIX = 'cf.';
const PROV_PREFIX = '_p.';
/** The record key that holds provenance (a system field, stored one key per field). */
export const PROVENANCE = 'provenance';
export const provenanceKey = (fieldKey: string) => PROV_PREFIX + fieldKey;

export type StoredRecord = Record<string, unknown> & { id: string };

/** What reading a record needs of its collection's map: a Y.Map, or an update's entries (src/layout/update-maps.ts). */
export type RecordEntries = { get(key: string): unknown; readonly doc: MapsReader | null };

export function collectionMap(doc: Y.Doc, collection: Collection): Y.Map<unknown> {
  return doc.getMap(collection);
}

export const keyOf = (id: string, field: string) => `${id}${SEP}${field}`;

/** Splits a flat key into record id and stored field. */
export function splitKey(key: string): [id: string, field: string] {
  const i = key.indexOf(SEP);
  return i < 0 ? [key, ''] : [key.slice(0, i), key.slice(i + 1)];
}

const plainFieldCache = new Map<Collection, string[]>();
/** The stored keys that map 1:1 to record fields (everything but id, meta groups and custom). */
export function plainFields(collection: Collection): string[] {
  let f = plainFieldCache.get(collection);
  if (!f) {
    const shape = (collections[collection].record as unknown as { shape: Record<string, unknown> }).shape;
    f = Object.keys(shape).filter((k) => k !== 'custom' && k !== PROVENANCE && !(META_FIELDS as readonly string[]).includes(k));
    plainFieldCache.set(collection, f);
  }
  return f;
}

/**
 * Stored entries (key without id → value) for record fields; undefined values are skipped.
 * With `skipEmpty` (new records), empty lists and objects are not written: readers fill them
 * in, and a create then never races a concurrent edit of the same derived record with a
 * default `[]` (and each skipped key is one Yjs item less).
 */
export function toStoredEntries(fields: Record<string, unknown>, skipEmpty = false): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || k === 'id') continue;
    if (skipEmpty && isEmpty(v)) continue;
    if (k === 'custom') {
      for (const [cid, cv] of Object.entries(v as Record<string, unknown>)) if (cv !== undefined && cv !== null) out.push([CUSTOM_PREFIX + cid, cv]);
      continue;
    }
    if (k === PROVENANCE) {
      for (const [fk, p] of Object.entries(v as Record<string, unknown>)) if (p !== undefined && p !== null) out.push([PROV_PREFIX + fk, p]);
      continue;
    }
    if ((META_FIELDS as readonly string[]).includes(k)) continue;
    out.push([k, v]);
  }
  return out;
}

function isEmpty(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

export function writeEntries(map: Y.Map<unknown>, id: string, entries: [string, unknown][]): void {
  for (const [k, v] of entries) map.set(keyOf(id, k), v);
}

export function clearFields(map: Y.Map<unknown>, id: string, fields: string[]): void {
  for (const f of fields) {
    if (f === 'custom') continue;
    map.delete(keyOf(id, f));
    map.delete(keyOf(id, PROV_PREFIX + f));
  }
}

/** Writes changed fields of an existing record (`custom` entries per definition, null clears one) and its `_u`. */
export function writeChanged(map: Y.Map<unknown>, id: string, set: Record<string, unknown>, cleared: string[], by: string, at: number): void {
  const { custom, ...plain } = set as Record<string, unknown> & { custom?: Record<string, unknown> };
  writeEntries(map, id, toStoredEntries(plain));
  if (custom) for (const [cid, v] of Object.entries(custom)) {
    if (v === null || v === undefined) map.delete(keyOf(id, customKey(cid)));
    else map.set(keyOf(id, customKey(cid)), v);
  }
  clearFields(map, id, cleared);
  map.set(keyOf(id, UPDATED), [at, by]);
}

export function customKey(defId: string) {
  return CUSTOM_PREFIX + defId;
}

export function exists(map: Y.Map<unknown>, id: string): boolean {
  return map.has(keyOf(id, CREATED));
}

/**
 * Reads one record. `customIds` are the ids of every custom field definition ever made
 * (definitions are retired, never deleted, so their values stay readable).
 */
export function readRecord(map: RecordEntries, collection: Collection, id: string, customIds: readonly string[] = []): StoredRecord | undefined {
  const c = map.get(keyOf(id, CREATED)) as [number, string] | undefined;
  if (!c) return undefined;
  const u = (map.get(keyOf(id, UPDATED)) as [number, string] | undefined) ?? c;
  const d = map.get(keyOf(id, DELETED)) as [number, string] | undefined;
  const r: StoredRecord = { id, createdAt: c[0], createdBy: c[1], updatedAt: u[0], updatedBy: u[1] };
  if (d) { r.deletedAt = d[0]; r.deletedBy = d[1]; }
  for (const f of plainFields(collection)) {
    const v = f === 'sourceId' ? readSourceId(map.get(keyOf(id, f))) : map.get(keyOf(id, f));
    if (v !== undefined) r[f] = v;
  }
  const custom: Record<string, unknown> = {};
  for (const cid of customIds) {
    const v = map.get(keyOf(id, CUSTOM_PREFIX + cid));
    if (v !== undefined) custom[cid] = v;
  }
  r.custom = custom;
  const provenance = readProvenance(map, collection, id, customIds);
  if (provenance) r.provenance = provenance;
  return r;
}

/**
 * Where each field's value came from: field key → provenance; undefined when nothing is known.
 * The one place a field's provenance is resolved: its own `_p.<field>` key wins; else the
 * record's shared source (`<id>/_p`, src/layout/shared-sources.ts) names it, if it has a value.
 */
export function readProvenance(map: RecordEntries, collection: Collection, id: string, customIds: readonly string[] = []): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  const valueOf = (fk: string) => map.get(keyOf(id, fk.startsWith('custom.') ? CUSTOM_PREFIX + fk.slice(7) : fk));
  // A field's own entry, only while the field has a value: a teammate's clearing of the field
  // deletes the entry it saw, and a concurrent write's entry survives that delete while the
  // clearing may win the value (two keys, each resolved on its own), so an entry can outlive
  // its value (replicas.property.test.ts found it after a convert, a merge and an edit).
  const read = (fk: string) => {
    const p = map.get(keyOf(id, PROV_PREFIX + fk));
    if (p !== undefined && !emptyValue(valueOf(fk))) (out ??= {})[fk] = p;
  };
  for (const f of plainFields(collection)) read(f);
  for (const cid of customIds) read(`custom.${cid}`);
  const ref = map.get(keyOf(id, SHARED_SOURCE));
  if (ref === undefined || !map.doc) return out;
  const shared = resolveSharedSource(map.doc, ref, valueOf,
    (fk) => !out?.[fk] && (fk.startsWith('custom.') ? customIds.includes(fk.slice(7)) : plainFieldSet(collection).has(fk)));
  return shared ? { ...out, ...shared } : out;
}

const plainFieldSets = new Map<Collection, Set<string>>();
const plainFieldSet = (collection: Collection) => {
  let s = plainFieldSets.get(collection);
  if (!s) plainFieldSets.set(collection, (s = new Set(plainFields(collection))));
  return s;
};

/** Writes (or, for null, drops) provenance entries inside the caller's transaction. */
export function writeProvenance(map: Y.Map<unknown>, id: string, entries: Record<string, unknown>): void {
  for (const [fk, p] of Object.entries(entries)) {
    if (p === null || p === undefined) map.delete(keyOf(id, PROV_PREFIX + fk));
    else map.set(keyOf(id, PROV_PREFIX + fk), p);
  }
}

/** The record ids of flat keys (`<id>/<field>`), each once. */
export function idsOfKeys(keys: Iterable<string>): Set<string> {
  const ids = new Set<string>();
  for (const k of keys) ids.add(splitKey(k)[0]);
  return ids;
}

/** Every record id in a collection map (including deleted ones). */
export function recordIds(map: Y.Map<unknown>): string[] {
  const ids: string[] = [];
  const suffix = SEP + CREATED;
  for (const key of map.keys()) if (key.endsWith(suffix)) ids.push(key.slice(0, -suffix.length));
  return ids;
}

/**
 * Writes a new record's keys (no provenance, no history): how test fixtures and the upgrade's
 * tests write a workspace as an older version did. Every product write goes through
 * src/layout/record-write.ts (`createRecord`).
 */
export function writeNewRecord(doc: Y.Doc, collection: Collection, id: string, fields: Record<string, unknown>, by: string, at: number, origin: unknown = null): void {
  doc.transact(() => writeCreated(collectionMap(doc, collection), id, fields, by, at), origin);
}

/** The keys of a new record, inside the caller's transaction. */
export function writeCreated(map: Y.Map<unknown>, id: string, fields: Record<string, unknown>, by: string, at: number): void {
  writeEntries(map, id, toStoredEntries(fields, true));
  map.set(keyOf(id, CREATED), [at, by]);
  map.set(keyOf(id, UPDATED), [at, by]);
}

/** A self-contained Yjs update that creates one record's keys (fixtures; see `writeNewRecord`). */
export function newRecordUpdate(collection: Collection, id: string, fields: Record<string, unknown>, by: string, at: number): Uint8Array {
  const doc = new Y.Doc();
  writeNewRecord(doc, collection, id, fields, by, at);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Fills list defaults cheaply (no zod on the read path: the read model reads 50k records). */
export function withDefaults(collection: Collection, r: StoredRecord): StoredRecord {
  const listDefaults = LIST_FIELDS[collection];
  for (const f of listDefaults) if (r[f] === undefined) r[f] = [];
  if (collection === 'leads' || collection === 'people') if (r.name === undefined) r.name = {};
  return r;
}

const LIST_FIELDS: Record<Collection, string[]> = {
  leads: ['phones', 'socials', 'websites', 'tags'],
  people: ['emails', 'phones', 'socials', 'websites', 'tags', 'convertedFromLeadIds'],
  companies: ['websites', 'phones', 'tags', 'convertedFromLeadIds'],
  opportunities: ['tags', 'convertedFromLeadIds'],
  tasks: ['tags'],
};
