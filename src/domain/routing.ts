/**
 * Which document holds a record: the one routing function of the sharded layout. Pure (no Yjs),
 * so the extension's store, the relay (web forms, the API) and the tools all route the same way.
 *
 * A workspace is `config` plus SHARD_COUNT record shards and SHARD_COUNT activity shards:
 * - `records/<k>` holds the leads, people, companies, opportunities and tasks whose id hashes to k;
 * - `activities/<k>` holds the activities and field history whose parent record hashes to k, so a
 *   record's timeline lives in one small doc beside its record shard.
 * The fan-out is fixed for a workspace's life (changing it is a migration, like any layout change);
 * docs/architecture.md records the measurements that chose it: 256 (a 250k-record workspace
 * keeps ~1,000 records per shard, so opening one to edit stays within S5's 500 ms; a reconnect's
 * vectors of all 513 docs weigh ~4 KB).
 */
export const SHARD_COUNT = 256;

export type ShardKind = 'records' | 'activities';
/** `config`, `records/<k>` or `activities/<k>`; on the wire the room is `<workspaceId>/<docKey>`. */
export type DocKey = 'config' | `${ShardKind}/${number}`;

/** FNV-1a (32 bit) over the id's UTF-16 code units: stable across runtimes and versions. */
export function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function shardOf(recordId: string, shards = SHARD_COUNT): number {
  return hashId(recordId) % shards;
}

/** The doc of a record (any collection but activities). */
export const recordDocKey = (recordId: string): DocKey => `records/${shardOf(recordId)}`;
/** The doc of an activity or field-history entry: its parent record's shard. */
export const activityDocKey = (parentRecordId: string): DocKey => `activities/${shardOf(parentRecordId)}`;

/** Every doc of a workspace, in a fixed order (config first). */
export function allDocKeys(shards = SHARD_COUNT): DocKey[] {
  const out: DocKey[] = ['config'];
  for (let k = 0; k < shards; k++) out.push(`records/${k}`);
  for (let k = 0; k < shards; k++) out.push(`activities/${k}`);
  return out;
}

/** Parses a doc key from outside (a room name, a stored key); undefined when it is not one. */
export function parseDocKey(s: string, shards = SHARD_COUNT): DocKey | undefined {
  if (s === 'config') return 'config';
  const m = /^(records|activities)\/(0|[1-9]\d{0,4})$/.exec(s);
  if (!m) return undefined;
  const k = Number(m[2]);
  return k < shards ? (`${m[1] as ShardKind}/${k}` as DocKey) : undefined;
}
