import * as Y from 'yjs';
import type { Storage, StoredUpdate } from './types.ts';

/** In-memory storage: for unit tests and benchmarks that measure the relay, not the disk. */
export function createMemoryStorage(): Storage {
  const rooms = new Map<string, Uint8Array[]>();
  const meta = new Map<string, string>();
  const appends = new Map<string, number>();
  const summaries = new Map<string, string>();
  return {
    kind: 'memory',
    async loadRoom(room) {
      return [...(rooms.get(room) ?? [])];
    },
    async append(batch: StoredUpdate[]) {
      for (const { room, update } of batch) {
        const list = rooms.get(room) ?? [];
        list.push(update);
        rooms.set(room, list);
        appends.set(room, (appends.get(room) ?? 0) + 1);
      }
    },
    async compact(room) {
      const list = rooms.get(room) ?? [];
      if (list.length > 1) rooms.set(room, [Y.mergeUpdates(list)]);
      return { before: list.length, after: Math.min(list.length, 1) };
    },
    async roomStamp(room) {
      return String(appends.get(room) ?? 0);
    },
    async getRoomSummary(room) {
      return summaries.get(room);
    },
    async setRoomSummary(room, value) {
      summaries.set(room, value);
    },
    async getMeta(key) {
      return meta.get(key);
    },
    async setMeta(key, value) {
      meta.set(key, value);
    },
    async setMetaIfAbsent(key, value) {
      if (!meta.has(key)) meta.set(key, value);
      return meta.get(key)!;
    },
    async listMeta(prefix) {
      return [...meta].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b));
    },
    async close() {},
  };
}
