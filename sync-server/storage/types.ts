/**
 * The relay's storage port. Two real adapters (LevelDB, Redis) and an in-memory one share one
 * contract test (`contract.test.ts`).
 */
export type StoredUpdate = { room: string; update: Uint8Array };

export type Storage = {
  readonly kind: 'leveldb' | 'redis' | 'memory';
  /** Every stored update of a room, oldest first. */
  loadRoom(room: string): Promise<Uint8Array[]>;
  /** Resolves only once every update is flushed to disk (fsync): the relay acks after this. */
  append(batch: StoredUpdate[]): Promise<void>;
  /** Replaces the stored updates of a room by one merged update. Safe against concurrent appends. */
  compact(room: string): Promise<{ before: number; after: number }>;
  /**
   * A value that changes whenever a room's stored state may have changed: every append (by any
   * relay sharing the storage) changes it; a compaction, which keeps the state, need not. Cheap
   * (no update is read): a room's kept summary is trusted only while its stamp is unchanged.
   */
  roomStamp(room: string): Promise<string>;
  /** A room's summary (`rooms/summary.ts`) as last saved, or undefined. Not durable: a lost one is recomputed. */
  getRoomSummary(room: string): Promise<string | undefined>;
  setRoomSummary(room: string, value: string): Promise<void>;
  /** Small JSON-ish values: workspaces, members, secrets. */
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
  /** Sets the value only if absent; returns the value that is stored afterwards. */
  setMetaIfAbsent(key: string, value: string): Promise<string>;
  listMeta(prefix: string): Promise<Array<[string, string]>>;
  /**
   * The storage's own clock (epoch ms), one for every relay sharing it (Redis `TIME`); absent where
   * one relay owns the storage. Expiry is judged on it (`auth/shared-clock.ts`).
   */
  time?(): Promise<number>;
  close(): Promise<void>;
};
