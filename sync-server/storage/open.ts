import { join } from 'node:path';
import type { RelayOptions } from '../options.ts';
import type { Storage } from './types.ts';
import type { Fanout } from '../fanout/types.ts';
import { createLocalFanout } from '../fanout/types.ts';
import { openLevelStorage } from './leveldb.ts';
import { openRedisStorage } from './redis.ts';
import { createRedisFanout } from '../fanout/redis.ts';

/** Picks storage and fan-out from the options: injected, Redis, or LevelDB in the data folder. */
export async function openStorage(options: RelayOptions): Promise<{ storage: Storage; fanout: Fanout }> {
  if (options.storage) return { storage: options.storage, fanout: createLocalFanout() };
  if (options.redisUrl) {
    const storage = await openRedisStorage({ url: options.redisUrl, prefix: options.redisPrefix, log: options.log });
    return { storage, fanout: await createRedisFanout(options.redisUrl, options.redisPrefix, storage.redis, options.log) };
  }
  return { storage: await openLevelStorage(join(options.dataDir, 'leveldb')), fanout: createLocalFanout() };
}
