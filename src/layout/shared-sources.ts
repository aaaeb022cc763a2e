import type * as Y from 'yjs';
import { emptyValue, entryKey, isEntryList, newId, Stamped, valueAt, type FieldProvenance, type Origin, type WriteProvenance } from '../domain/index.ts';

/**
 * Provenance shared by the records of one write (an import's slice): instead of an object per
 * field of every record (`<id>/_p.<field>`, src/layout/records-doc.ts), the write's origins are
 * stored ONCE per record shard doc as a source (root map `sources`, id → `SharedSourceValue`),
 * and each record gets ONE key `<id>/_p` = `"<source id>:<i>.<j>…"`, the indexes (in the
 * source's `keys`) of the fields it stamped. Encoding ~20 provenance objects per record was most
 * of an import's Yjs encoding (docs/architecture.md, "Provenance once per write").
 *
 * A later write of a field stamps its own `<id>/_p.<field>`, which wins over the record's shared
 * one for that field (so provenance still merges field by field with its value); a cleared field
 * has no value, so nothing resolves for it. A list's entries take the field's origin, as
 * `stampWrite` gives a new record's entries. Readers resolve in `readProvenance` only.
 */
export const SOURCES = 'sources';
/** The record key that names a record's shared source (`<id>/_p`). */
export const SHARED_SOURCE = '_p';

/** A source as stored: when, by whom, the fields it may stamp, and their origins. */
export type SharedSourceValue = {
  at: number;
  by: string;
  /** Field keys ('title', 'custom.<id>'), indexed by the records' `<id>/_p`. */
  keys: string[];
  origin: Origin;
  /** Fields whose origin is not `origin` (an import's columns). */
  fields?: Record<string, Origin>;
};

/** A source being written: stored in each doc that gets one of its records. */
export type SharedSource = { id: string; value: SharedSourceValue; index: Map<string, number> };

/** A doc's root maps as a record is read from them: a Y.Doc, or an update's entries (src/layout/update-maps.ts). */
export type MapsReader = { getMap(name: string): { get(key: string): unknown } };

const sourcesMap = (doc: Y.Doc) => doc.getMap<SharedSourceValue>(SOURCES);

/**
 * A write's shared source, for records whose fields are among `keys`; undefined when the write
 * gives list entries their own origins (those need a `_p.<field>` each).
 */
export function sharedSource(write: WriteProvenance, stamp: { at: number; by: string }, keys: readonly string[]): SharedSource | undefined {
  if (write.items && Object.keys(write.items).length) return undefined;
  const all = [...new Set([...keys, ...Object.keys(write.fields ?? {})])];
  const value: SharedSourceValue = { at: stamp.at, by: stamp.by, keys: all, origin: write.origin, ...(write.fields ? { fields: write.fields } : {}) };
  return { id: newId(), value, index: new Map(all.map((k, i) => [k, i])) };
}

/**
 * Writes a new record's `<id>/_p` (and the source, once per doc) inside the caller's transaction.
 * `fieldKeys` are the record's written field keys; returns those the source cannot name (the
 * caller stamps them one key each). Empty values are not stamped, as `stampWrite` does.
 */
export function writeSharedSource(map: Y.Map<unknown>, id: string, fields: Record<string, unknown>, fieldKeys: readonly string[], source: SharedSource): string[] {
  const doc = map.doc!;
  const sources = sourcesMap(doc);
  if (!sources.has(source.id)) sources.set(source.id, source.value);
  const covered: number[] = [];
  const rest: string[] = [];
  for (const k of fieldKeys) {
    if (emptyValue(valueAt(fields, k))) continue;
    const i = source.index.get(k);
    if (i === undefined) rest.push(k); else covered.push(i);
  }
  if (covered.length) map.set(`${id}/${SHARED_SOURCE}`, `${source.id}:${covered.join('.')}`);
  return rest;
}

const INDEX = /^\d{1,4}$/;

/** Stamped origins per stored source (a source is read for every record of its write). */
const stampedOf = new WeakMap<SharedSourceValue, (Stamped | undefined)[]>();

/**
 * The provenance a record's `<id>/_p` (`ref`) gives its fields: field key → provenance, for the
 * named fields that `valueOf` finds a value for and `wanted` accepts. Unknown source or a
 * malformed ref or source (a peer's): nothing for the fields it cannot name (as a record from
 * before provenance).
 */
export function resolveSharedSource(doc: MapsReader, ref: unknown, valueOf: (key: string) => unknown, wanted: (key: string) => boolean): Record<string, FieldProvenance> | undefined {
  if (typeof ref !== 'string') return undefined;
  const colon = ref.indexOf(':');
  const source = colon > 0 ? doc.getMap(SOURCES).get(ref.slice(0, colon)) as SharedSourceValue | undefined : undefined;
  if (!source || !Array.isArray(source.keys)) return undefined;
  let stamped = stampedOf.get(source);
  if (!stamped) {
    // A peer's source is checked once (as the schema of a field's provenance) before it names anything.
    stamped = source.keys.map((k) => {
      const p = Stamped.safeParse({ ...(source.fields?.[k] ?? source.origin), at: source.at, by: source.by });
      return p.success ? p.data : undefined;
    });
    stampedOf.set(source, stamped);
  }
  let out: Record<string, FieldProvenance> | undefined;
  for (const part of ref.slice(colon + 1).split('.')) {
    const i = INDEX.test(part) ? Number(part) : -1;
    const key = source.keys[i];
    if (typeof key !== 'string' || !wanted(key)) continue;
    const value = valueOf(key);
    if (emptyValue(value)) continue;
    const p = stamped[i];
    if (!p) continue;
    (out ??= {})[key] = isEntryList(key) && Array.isArray(value) ? withItems(p, key, value) : p;
  }
  return out;
}

/** A list's entries each take the field's origin (what `stampWrite` gives a new record's list). */
function withItems(p: Stamped, key: string, value: unknown[]): FieldProvenance {
  const items: Record<string, Stamped> = {};
  for (const e of value) {
    const k = entryKey(key, e);
    if (k) items[k] = p;
  }
  return Object.keys(items).length ? { ...p, items } : p;
}
