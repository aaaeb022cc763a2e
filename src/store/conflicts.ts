import * as Y from 'yjs';
import { COLLECTIONS, type Collection } from '../domain/index.ts';
import { conflictId, isConflictField, type DroppedValue, type Resolution, type Setter } from '../domain/conflicts.ts';
import type { DocKey } from '../domain/routing.ts';
import { collectionMap, keyOf, splitKey, UPDATED } from '../layout/records-doc.ts';
import { byShard, timelineKey } from './layout.ts';
import { SHARD_ORIGIN, type ShardSet } from './shards.ts';

/**
 * "No silent overwrites" (issue 14 §3), detected from the CRDT's own history, never from clocks.
 *
 * In a Y.Map every write of a key is an item whose `origin` is the item it overwrote (the key's
 * value on the writer's replica at that moment). Items of a key therefore form an overwrite
 * tree; Yjs keeps the rightmost item and deletes the rest. An item that some later write
 * names as its origin was seen and replaced knowingly. An item that nobody names, and that is
 * not the kept value, was written concurrently with the kept one and dropped unseen: that is
 * a conflict. Dropped values are kept in the `conflicts` map of the record's activity shard
 * (synced like the timeline), keyed by the dropped item's id, so every replica that detects it
 * writes the same entry. A write of the field by anyone whose replica holds the dropped
 * values (an edit, "keep this one", "keep current") marks them resolved in `conflictsResolved`,
 * a separate key that detection never overwrites: both maps only grow and every replica
 * converges on the same open set.
 */
/** The root maps of an activity shard that hold conflicts (read from a joined update too: src/store/conflict-rows.ts). */
export const CONFLICT_MAPS = { dropped: 'conflicts', resolved: 'conflictsResolved', names: 'conflictNames' } as const;
export const droppedMap = (activitiesDoc: Y.Doc) => activitiesDoc.getMap<DroppedValue>(CONFLICT_MAPS.dropped);
export const resolvedMap = (activitiesDoc: Y.Doc) => activitiesDoc.getMap<Resolution>(CONFLICT_MAPS.resolved);
/**
 * memberId → name of the members who detected a conflict in this shard. The workspace config
 * lists only the members an admin added; both writers of a conflict detect it (each receives
 * the other's write), so each leaves its own name here and every replica can say who set what.
 */
export const namesMap = (activitiesDoc: Y.Doc) => activitiesDoc.getMap<string>(CONFLICT_MAPS.names);

/** Yjs keeps a map's items per key as a list; the kept value is the last one. */
type MapInternals = { _map: Map<string, Y.Item> };

/** A write's name: the id of the item's last struct (an item merged with its successor keeps it). */
const itemRef = (i: Y.Item) => `${i.id.client}.${i.id.clock + i.length - 1}`;
const idRef = (id: Y.ID) => `${id.client}.${id.clock}`;

/** Every item ever written to a key, newest (rightmost) first. */
function keyItems(map: Y.Map<unknown>, key: string): Y.Item[] {
  const out: Y.Item[] = [];
  for (let i: Y.Item | null = (map as unknown as MapInternals)._map.get(key) ?? null; i; i = i.left as Y.Item | null) out.push(i);
  return out;
}

/** Items of a key that lost to a write that had not seen them (see the module comment). */
export function droppedItems(map: Y.Map<unknown>, key: string): Y.Item[] {
  const items = keyItems(map, key);
  if (items.length < 2) return [];
  const origins = new Set<string>();
  for (const i of items) if (i.origin) origins.add(idRef(i.origin));
  // `right !== null`: the last item is the kept value (or a cleared one), never a dropped one.
  return items.filter((i) => i.right !== null && !origins.has(itemRef(i)));
}

/** The value an item holds, while Yjs still has it (a deleted item's content is dropped after its transaction). */
function valueOf(i: Y.Item): { value: unknown } | undefined {
  const c = i.content.getContent();
  return c.length ? { value: c[c.length - 1] } : undefined;
}

/**
 * Who wrote an item and when: the record's `_u` ([at, memberId]) written in the same
 * transaction, i.e. the first `_u` item of the same client after it (every write path stamps
 * `_u` after the fields). Null once that `_u` was itself overwritten and collected.
 */
function setterOf(map: Y.Map<unknown>, recordId: string, item: Y.Item): Setter {
  let best: Y.Item | null = null;
  for (const u of keyItems(map, keyOf(recordId, UPDATED))) {
    if (u.id.client === item.id.client && u.id.clock > item.id.clock && (!best || u.id.clock < best.id.clock)) best = u;
  }
  const v = best && valueOf(best)?.value;
  return Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string' ? { at: v[0], by: v[1] } : null;
}

/** What a remote transaction changed about conflicts. */
export type Detected = {
  dropped: DroppedValue[];
  /** Dropped values a write in this transaction named as its origin: seen and replaced since. */
  settled: { recordId: string; ids: string[]; resolution: Resolution }[];
};

/**
 * What a remote transaction did among `keys` of one collection map: the items it deleted
 * (so their content is still readable) that no write had seen, and the values dropped
 * before that a write it brought had seen (a replica that held the dropped value as its
 * current one overwrote it: no resolution mark comes from there). Called for remote
 * transactions only: a local write always overwrites the value its replica shows.
 */
export function detectDropped(map: Y.Map<unknown>, collection: Collection, keys: Iterable<string>, tr: Y.Transaction): Detected {
  const out: Detected = { dropped: [], settled: [] };
  for (const key of keys) {
    const [recordId, field] = splitKey(key);
    if (!isConflictField(field)) continue;
    const items = keyItems(map, key);
    if (items.length < 2) continue;
    const isNew = (i: Y.Item) => i.id.clock >= (tr.beforeState.get(i.id.client) ?? 0);
    const settled = settledBy(items, isNew, tr);
    if (settled.length) out.settled.push({ recordId, ids: settled.map(([x]) => conflictId(recordId, field, itemRef(x))), resolution: setterOf(map, recordId, settled[0][1]) ?? { at: 0, by: '' } });
    const dropped = droppedItems(map, key).filter((i) => Y.isDeleted(tr.deleteSet, i.id));
    if (!dropped.length) continue;
    const kept = items[0];
    const keptValue = kept.deleted ? undefined : valueOf(kept);
    const over = keptValue ? { item: itemRef(kept), value: keptValue.value, setter: setterOf(map, recordId, kept) } : null;
    for (const i of dropped) {
      const v = valueOf(i);
      if (!v) continue;
      out.dropped.push({ id: conflictId(recordId, field, itemRef(i)), collection, recordId, field, item: itemRef(i), value: v.value, setter: setterOf(map, recordId, i), over });
    }
  }
  return out;
}

/**
 * Pairs [dropped item, new item naming it]: an item deleted before this transaction, named by
 * no earlier write, with an earlier item on its right (so it lost, was not merely cleared),
 * that a new item of this transaction names as its origin.
 */
function settledBy(items: Y.Item[], isNew: (i: Y.Item) => boolean, tr: Y.Transaction): [Y.Item, Y.Item][] {
  const byLast = new Map<string, Y.Item>();
  const namedBefore = new Set<string>();
  for (const i of items) {
    byLast.set(itemRef(i), i);
    if (i.origin && !isNew(i)) namedBefore.add(idRef(i.origin));
  }
  const out: [Y.Item, Y.Item][] = [];
  for (const n of items) {
    if (!isNew(n) || !n.origin) continue;
    const x = byLast.get(idRef(n.origin));
    if (!x || isNew(x) || !x.deleted || Y.isDeleted(tr.deleteSet, x.id) || namedBefore.has(itemRef(x))) continue;
    let lostTo = false;
    for (let r = x.right as Y.Item | null; r && !lostTo; r = r.right as Y.Item | null) lostTo = !isNew(r);
    if (lostTo) out.push([x, n]);
  }
  return out;
}

/** Keeps dropped values: new keys of the activity shards (written without loading them). */
export function writeDropped(docs: ShardSet, list: DroppedValue[], origin: unknown, me?: { id: string; name: string }): void {
  for (const [k, group] of byShard(list, (d) => timelineKey(d.recordId))) {
    docs.writeNew(k, (doc) => {
      const m = droppedMap(doc);
      for (const d of group) if (!m.has(d.id)) m.set(d.id, d);
      if (me?.name && namesMap(doc).get(me.id) !== me.name) namesMap(doc).set(me.id, me.name);
    }, origin);
  }
}

/**
 * Ids of the dropped values of `fields` of a record that this replica holds: what a write of
 * those fields by this replica has seen, and so resolves.
 */
export function seenDropped(map: Y.Map<unknown>, recordId: string, fields: Iterable<string>): string[] {
  const ids: string[] = [];
  for (const f of fields) {
    if (!isConflictField(f)) continue;
    for (const i of droppedItems(map, keyOf(recordId, f))) ids.push(conflictId(recordId, f, itemRef(i)));
  }
  return ids;
}

/** Marks dropped values resolved (a separate key: a late detection never reopens them). */
export function writeResolved(docs: ShardSet, recordId: string, ids: string[], resolution: Resolution, origin: unknown): void {
  if (!ids.length) return;
  docs.writeNew(timelineKey(recordId), (doc) => {
    const m = resolvedMap(doc);
    for (const id of ids) if (!m.has(id)) m.set(id, resolution);
  }, origin);
}

/**
 * Watches every record shard the ShardSet attaches and keeps what remote updates drop
 * (`keep`: the repository's write, which a viewer skips). Returns the unsubscribe.
 */
export function watchConflicts(docs: ShardSet, keep: (found: Detected) => void): () => void {
  const offs = new Map<Y.Doc, () => void>();
  const attach = (key: DocKey, doc: Y.Doc) => {
    if (!key.startsWith('records/')) return;
    const unobs: (() => void)[] = [];
    for (const c of COLLECTIONS) {
      const map = collectionMap(doc, c);
      const h = (e: Y.YMapEvent<unknown>, tr: Y.Transaction) => {
        // A load rebuilds state already checked when it arrived; a local write sees everything.
        if (tr.local || tr.origin === SHARD_ORIGIN.load) return;
        const found = detectDropped(map, c, e.keysChanged, tr);
        if (found.dropped.length || found.settled.length) keep(found);
      };
      map.observe(h);
      unobs.push(() => map.unobserve(h));
    }
    offs.set(doc, () => { for (const u of unobs) u(); });
  };
  const detach = (_key: DocKey, doc: Y.Doc) => { offs.get(doc)?.(); offs.delete(doc); };
  const unsub = docs.onAttach({ attach, detach });
  return () => { unsub(); for (const off of offs.values()) off(); offs.clear(); };
}
