import { Redis } from 'ioredis';
import * as Y from 'yjs';
import type { Storage, StoredUpdate } from './types.ts';

/**
 * Redis as shared storage for several relay processes. A room is a list (`RPUSH` only appends at
 * the tail, so compaction may replace the first n entries it read). Durability needs Redis with
 * `appendonly yes` and `appendfsync always`: then a reply means the write is fsynced.
 */
const roomKey = (prefix: string, room: string) => `${prefix}room:${room}`;

export type RedisStorageOptions = { url: string; prefix?: string; log?: (line: string) => void };

/** How often a Redis connection that keeps failing is logged: once when it fails, then at most this often. */
const ERROR_LOG_MS = 60_000;

/**
 * Logs a Redis connection's errors through the relay's log, once per `ERROR_LOG_MS`, and its
 * return. Without a listener ioredis prints every failed reconnect (several a second while Redis is down).
 */
export function logRedisErrors(redis: Redis, what: string, log: (line: string) => void = () => {}) {
  let loggedAt = 0;
  let failing = false;
  redis.on('error', (error: Error) => {
    failing = true;
    if (Date.now() - loggedAt < ERROR_LOG_MS) return;
    loggedAt = Date.now();
    log(`redis (${what}): ${error.message}`);
  });
  redis.on('ready', () => {
    if (failing) log(`redis (${what}): connected again`);
    failing = false;
    loggedAt = 0;
  });
}

export async function openRedisStorage({ url, prefix = 'outpost:', log }: RedisStorageOptions): Promise<Storage & { redis: Redis }> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  logRedisErrors(redis, 'storage', log);
  await redis.connect();
  const metaHash = `${prefix}meta`;
  /** Appends per room, counted in the append's transaction (the stamp of a room's summary). */
  const appendsHash = `${prefix}appends`;
  const summaryHash = `${prefix}summaries`;
  return {
    kind: 'redis',
    redis,
    async loadRoom(room) {
      return (await redis.lrangeBuffer(roomKey(prefix, room), 0, -1)).map((b) => new Uint8Array(b));
    },
    async append(batch: StoredUpdate[]) {
      if (batch.length === 0) return;
      const multi = redis.multi();
      for (const { room, update } of batch) multi.rpush(roomKey(prefix, room), Buffer.from(update)).hincrby(appendsHash, room, 1);
      const results = await multi.exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw failed?.[0] ?? new Error('redis transaction aborted');
    },
    async compact(room) {
      const key = roomKey(prefix, room);
      // One compaction per room at a time across all relays; appends may continue meanwhile.
      const lock = await redis.set(`${key}:compacting`, '1', 'PX', 30_000, 'NX');
      if (!lock) return { before: 0, after: 0 };
      try {
        const entries = await redis.lrangeBuffer(key, 0, -1);
        if (entries.length < 2) return { before: entries.length, after: entries.length };
        const merged = Buffer.from(Y.mergeUpdates(entries.map((b) => new Uint8Array(b))));
        await redis.multi().ltrim(key, entries.length, -1).lpush(key, merged).exec();
        return { before: entries.length, after: 1 };
      } finally {
        await redis.del(`${key}:compacting`);
      }
    },
    async time() {
      const [seconds, micros] = await redis.time();
      return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    },
    async roomStamp(room) {
      // The append count, and the list's length: a relay of an older version appends without
      // counting, which still changes the length (a compaction in between could hide it only by
      // shrinking the list by exactly what was appended; upgrade every relay of one Redis together).
      const [[, count], [, length]] = (await redis.multi().hget(appendsHash, room).llen(roomKey(prefix, room)).exec()) as Array<[Error | null, unknown]>;
      return `${count ?? 0}:${length}`;
    },
    async getRoomSummary(room) {
      return (await redis.hget(summaryHash, room)) ?? undefined;
    },
    async setRoomSummary(room, value) {
      await redis.hset(summaryHash, room, value);
    },
    async getMeta(key) {
      return (await redis.hget(metaHash, key)) ?? undefined;
    },
    async setMeta(key, value) {
      await redis.hset(metaHash, key, value);
    },
    async setMetaIfAbsent(key, value) {
      await redis.hsetnx(metaHash, key, value);
      return (await redis.hget(metaHash, key))!;
    },
    async listMeta(prefixKey) {
      const all = await redis.hgetall(metaHash);
      return Object.entries(all)
        .filter(([k]) => k.startsWith(prefixKey))
        .sort(([a], [b]) => a.localeCompare(b));
    },
    async close() {
      redis.disconnect();
    },
  };
}
