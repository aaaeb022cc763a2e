import { ClassicLevel } from 'classic-level';
import * as Y from 'yjs';
import type { Storage, StoredUpdate } from './types.ts';

/**
 * LevelDB in the data folder: the embedded default. Updates live under `u!<room>!<seq>` with
 * one global sequence, stored in the same batch as the updates (`m!seq`), so a crash between
 * two batches can never reuse a key. Every batch is written with `sync: true` (fsync).
 */
const SEQ_KEY = 's!seq';
const updatePrefix = (room: string) => `u!${room}!`;
const seqKey = (room: string, seq: number) => updatePrefix(room) + seq.toString(16).padStart(13, '0');
const metaKey = (key: string) => `m!${key}`;
/** A room's summary: outside `m!` so that listing meta never reads them. */
const summaryKey = (room: string) => `r!${room}`;

export async function openLevelStorage(folder: string): Promise<Storage> {
  const db = new ClassicLevel<string, Uint8Array>(folder, { keyEncoding: 'utf8', valueEncoding: 'view' });
  await db.open();
  const text = (v: Uint8Array) => new TextDecoder().decode(v);
  const bytes = (s: string) => new TextEncoder().encode(s);
  const storedSeq = await db.get(SEQ_KEY);
  let seq = storedSeq ? Number(text(storedSeq)) : 0;

  const range = (room: string) => ({ gte: updatePrefix(room), lt: updatePrefix(room) + '\xff' });

  const storage: Storage = {
    kind: 'leveldb',
    async loadRoom(room) {
      // Plain Uint8Array views, like the other adapters (classic-level hands out Buffers).
      return (await db.values(range(room)).all()).map((v) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    },
    async append(batch: StoredUpdate[]) {
      if (batch.length === 0) return;
      const ops = batch.map(({ room, update }) => ({ type: 'put' as const, key: seqKey(room, ++seq), value: update }));
      ops.push({ type: 'put', key: SEQ_KEY, value: bytes(String(seq)) });
      await db.batch(ops, { sync: true });
    },
    async compact(room) {
      const entries = await db.iterator(range(room)).all();
      if (entries.length < 2) return { before: entries.length, after: entries.length };
      const merged = Y.mergeUpdates(entries.map(([, v]) => v));
      // The merged update takes the newest key, so later appends (higher seq) stay after it.
      const lastKey = entries[entries.length - 1][0];
      const ops = entries.slice(0, -1).map(([key]) => ({ type: 'del' as const, key }));
      await db.batch([...ops, { type: 'put', key: lastKey, value: merged }], { sync: true });
      return { before: entries.length, after: 1 };
    },
    async roomStamp(room) {
      // One process owns the folder and seqs only grow: the newest key changes with every append,
      // and a compaction keeps it (the merged update takes the newest key).
      const [last] = await db.keys({ ...range(room), reverse: true, limit: 1 }).all();
      return last === undefined ? '' : last.slice(updatePrefix(room).length);
    },
    async getRoomSummary(room) {
      const v = await db.get(summaryKey(room));
      return v === undefined ? undefined : text(v);
    },
    async setRoomSummary(room, value) {
      // No fsync: a summary lost in a crash is recomputed, a stale one has another stamp.
      await db.put(summaryKey(room), bytes(value));
    },
    async getMeta(key) {
      const v = await db.get(metaKey(key));
      return v === undefined ? undefined : text(v);
    },
    async setMeta(key, value) {
      await db.put(metaKey(key), bytes(value), { sync: true });
    },
    async setMetaIfAbsent(key, value) {
      // Single process per folder (LevelDB holds a lock), so read-then-write is safe here.
      const existing = await storage.getMeta(key);
      if (existing !== undefined) return existing;
      await storage.setMeta(key, value);
      return value;
    },
    async listMeta(prefix) {
      const p = metaKey(prefix);
      const entries = await db.iterator({ gte: p, lt: p + '\xff' }).all();
      return entries.map(([k, v]) => [k.slice(2), text(v)] as [string, string]);
    },
    async close() {
      await db.close();
    },
  };
  return storage;
}
