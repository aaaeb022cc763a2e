import { DatabaseSync } from 'node:sqlite';
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { COLLECTIONS, Activity, displayName, normalizeEmail, searchWords, tokenize, type Collection } from '../../src/domain/index.ts';
import { profileOf } from '../../src/domain/lifecycle/dedupe.ts';
import { allDocKeys, parseDocKey, type DocKey } from '../../src/domain/routing.ts';
import { collectionMap, readRecord, recordIds, splitKey, withDefaults, type StoredRecord } from '../../src/layout/records-doc.ts';
import type { RecordEvent, RecordEventBus, RecordEventType } from '../events/record-events.ts';
import type { Foreground } from '../foreground.ts';

/**
 * The relay's query projection: each workspace's records and activities as SQLite rows, derived
 * from the shard rooms' updates and rebuildable from them at any time (delete the file and it is
 * rebuilt from storage). It is fed from every update this process stores (`applyLocal`) and
 * every update other relays publish (`applyFanout`); per room it keeps the merged state it
 * reflects and that state's vector, so after a restart or a crash it compares the vector with
 * the stored one and re-reads only the rooms that differ (`ensureWorkspace`).
 *
 * From a record's row before and after an update it emits RecordEvents on the bus: created,
 * updated, deleted, restored, converted (a lead's conversion), stage_changed. `origin: 'local'`
 * only for updates this process stored, so with Redis each change is announced once.
 */
export type ProjectionOptions = {
  file: string;
  /** Every stored update of a room (`<workspaceId>/<docKey>`). */
  readStored(room: string): Promise<Uint8Array[]>;
  /** The stored state vector of a room when known without reading it (the room's kept summary). */
  storedVector?(room: string): Promise<Map<number, number> | undefined>;
  events: RecordEventBus;
  log: (line: string) => void;
  now?: () => number;
  /** How long live updates are applied before the relay answers others (ms; default 20). */
  drainBudgetMs?: number;
  /**
   * Work someone waits on (requests, upgrades, sync answers, acks: `sync-server/foreground.ts`):
   * live updates are applied only while none is in flight, or after `maxHoldMs` of holding back.
   */
  foreground?: Pick<Foreground, 'busy' | 'whenIdle'>;
  /** Longest the drain holds back for foreground work before it applies one slice anyway (ms; default 100). */
  maxHoldMs?: number;
  /** How long a live write waits for more writes before the projection applies them (ms; default 25; 0: the next turn). */
  coalesceMs?: number;
};

export type RecordRow = {
  collection: Collection;
  id: string;
  data: StoredRecord;
};

export type ListQuery = {
  collection: Collection;
  search?: string;
  filters?: Partial<Record<FilterField, string>>;
  tag?: string;
  /** `live` (default), `trash` (deleted only) or `all`. */
  scope?: 'live' | 'trash' | 'all';
  sort?: SortField;
  order?: 'asc' | 'desc';
  limit: number;
  cursor?: string;
};
export const FILTER_FIELDS = ['statusId', 'ownerId', 'sourceId', 'companyId', 'stageId', 'pipelineId', 'email'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export const SORT_FIELDS = ['name', 'createdAt', 'updatedAt'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** Bumped whenever the tables below change: an older file is rebuilt, never read. */
export const PROJECTION_VERSION = 1;
/** How long the projection applies live updates before it lets the relay answer others (ms). */
const DRAIN_BUDGET_MS = 20;
/**
 * Longest the drain holds back while foreground work is in flight: a relay that never stops
 * answering (a teammate's import streaming writes) still projects a slice at least this often.
 */
const MAX_HOLD_MS = 100;
/** How long a live write waits for others to the same rooms before the projection applies them (ms). */
const COALESCE_MS = 25;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (room TEXT PRIMARY KEY, ws TEXT NOT NULL, state BLOB NOT NULL, sv BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS records (
  ws TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, room TEXT NOT NULL,
  data TEXT NOT NULL, deleted INTEGER NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  status_id TEXT, owner_id TEXT, source_id TEXT, company_id TEXT, stage_id TEXT, pipeline_id TEXT, email TEXT,
  UNIQUE (ws, collection, id));
CREATE INDEX IF NOT EXISTS records_name ON records (ws, collection, deleted, name, id);
CREATE INDEX IF NOT EXISTS records_updated ON records (ws, collection, deleted, updated_at, id);
CREATE INDEX IF NOT EXISTS records_created ON records (ws, collection, deleted, created_at, id);
CREATE INDEX IF NOT EXISTS records_room ON records (room);
CREATE INDEX IF NOT EXISTS records_email ON records (ws, collection, email);
CREATE TABLE IF NOT EXISTS words (ws TEXT NOT NULL, word TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (ws, word, collection, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS words_record ON words (ws, collection, id);
CREATE TABLE IF NOT EXISTS custom (ws TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (ws, collection, field, value, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS custom_record ON custom (ws, collection, id);
CREATE TABLE IF NOT EXISTS company_keys (ws TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (ws, kind, value, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS activities (
  ws TEXT NOT NULL, id TEXT NOT NULL, room TEXT NOT NULL, parent_type TEXT NOT NULL, parent_id TEXT NOT NULL,
  type_id TEXT NOT NULL, date INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (ws, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS activities_parent ON activities (ws, parent_type, parent_id, date, id);
CREATE INDEX IF NOT EXISTS activities_date ON activities (ws, date, id);
CREATE INDEX IF NOT EXISTS activities_room ON activities (room);
`;

type Pending = { updates: Uint8Array[]; origin: 'local' | 'fanout' | 'catch-up' };

export type Projection = ReturnType<typeof createProjection>;

export function createProjection(options: ProjectionOptions) {
  const db = new DatabaseSync(options.file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32000; PRAGMA temp_store = MEMORY;');
  // The projection is derived: a file of another layout version is emptied and rebuilt from the rooms.
  if ((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version !== PROJECTION_VERSION) {
    for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]) db.exec(`DROP TABLE "${name}"`);
    db.exec(`PRAGMA user_version = ${PROJECTION_VERSION}`);
  }
  db.exec(SCHEMA);
  const now = options.now ?? Date.now;

  const q = {
    room: db.prepare('SELECT state, sv FROM rooms WHERE room = ?'),
    putRoom: db.prepare('INSERT OR REPLACE INTO rooms (room, ws, state, sv) VALUES (?, ?, ?, ?)'),
    roomRecords: db.prepare('SELECT collection, id, data FROM records WHERE room = ?'),
    record: db.prepare('SELECT data FROM records WHERE ws = ? AND collection = ? AND id = ?'),
    putRecord: db.prepare(`INSERT OR REPLACE INTO records (ws, collection, id, room, data, deleted, name, created_at, updated_at, status_id, owner_id, source_id, company_id, stage_id, pipeline_id, email)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    dropRecord: db.prepare('DELETE FROM records WHERE ws = ? AND collection = ? AND id = ?'),
    dropWords: db.prepare('DELETE FROM words WHERE ws = ? AND collection = ? AND id = ?'),
    putWord: db.prepare('INSERT OR IGNORE INTO words (ws, word, collection, id) VALUES (?, ?, ?, ?)'),
    dropCustom: db.prepare('DELETE FROM custom WHERE ws = ? AND collection = ? AND id = ?'),
    putCustom: db.prepare('INSERT OR IGNORE INTO custom (ws, collection, id, field, value) VALUES (?, ?, ?, ?, ?)'),
    roomActivities: db.prepare('SELECT id, data FROM activities WHERE room = ?'),
    activity: db.prepare('SELECT data FROM activities WHERE ws = ? AND id = ?'),
    putActivity: db.prepare('INSERT OR REPLACE INTO activities (ws, id, room, parent_type, parent_id, type_id, date, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    dropActivity: db.prepare('DELETE FROM activities WHERE ws = ? AND id = ?'),
    byEmail: db.prepare('SELECT data FROM records WHERE ws = ? AND collection = ? AND email = ? AND deleted = 0'),
    companiesBy: db.prepare(`SELECT r.data FROM company_keys k JOIN records r ON r.ws = k.ws AND r.collection = 'companies' AND r.id = k.id WHERE k.ws = ? AND k.kind = ? AND k.value = ? AND r.deleted = 0 ORDER BY r.created_at, r.id`),
    dropCompanyKeys: db.prepare('DELETE FROM company_keys WHERE ws = ? AND id = ?'),
    putCompanyKey: db.prepare('INSERT OR IGNORE INTO company_keys (ws, kind, value, id) VALUES (?, ?, ?, ?)'),
    tasksRelated: db.prepare(`SELECT data FROM records WHERE ws = ? AND collection = 'tasks' AND deleted = 0 AND json_extract(data, '$.related.type') = ? AND json_extract(data, '$.related.id') = ?`),
    byCustom: db.prepare('SELECT r.data FROM custom c JOIN records r ON r.ws = c.ws AND r.collection = c.collection AND r.id = c.id WHERE c.ws = ? AND c.collection = ? AND c.field = ? AND c.value = ? AND r.deleted = 0'),
  };

  const pending = new Map<string, Pending>();
  let closed = false;
  let scheduled = false;
  /** When the drain started holding back for foreground work (undefined: not holding). */
  let holdingSince: number | undefined;
  /** Times the drain held back for foreground work, and room applies of live writes (tests, metrics). */
  const stats = { held: 0, applied: 0 };
  /**
   * `soon`: a live write's first schedule waits `coalesceMs`, so that a busy room's writes are
   * applied together (each apply merges and reads the room's whole state: applied once per write,
   * a room written 300 times a second cost the relay 0.7 ms per write, on the thread that fans
   * writes out). The rest of a backlog goes on at the next turn.
   */
  const schedule = (soon = false) => {
    if (scheduled) return;
    scheduled = true;
    const wait = soon ? options.coalesceMs ?? COALESCE_MS : 0;
    if (wait > 0) setTimeout(drain, wait);
    else setImmediate(drain);
  };
  const ready = new Map<string, Promise<void>>();
  /** Workspaces whose rows were brought up to storage in this process: live updates wait until then. */
  const caughtUp = new Set<string>();
  /** Workspaces whose catch-up a request waits on: it does not hold back for foreground work. */
  const urgent = new Set<string>();

  /** `<ws>/records/<k>` or `<ws>/activities/<k>`: the rooms the projection follows. */
  const shardRoom = (room: string): { ws: string; key: DocKey } | undefined => {
    const i = room.indexOf('/');
    if (i <= 0) return undefined;
    const key = parseDocKey(room.slice(i + 1));
    return key && key !== 'config' ? { ws: room.slice(0, i), key } : undefined;
  };

  const enqueue = (room: string, update: Uint8Array, origin: Pending['origin']) => {
    const where = shardRoom(room);
    if (!where) return;
    // The first write of a workspace in this process brings its rows up to storage first.
    if (!caughtUp.has(where.ws)) void projection.ensureWorkspace(where.ws).catch(() => {});
    const p = pending.get(room);
    if (p) {
      p.updates.push(update);
      // A batch mixing this process's writes with others' is announced as local: never lose a local event.
      if (origin === 'local') p.origin = 'local';
    } else pending.set(room, { updates: [update], origin });
    schedule(true);
  };

  /**
   * The scheduled path: rooms are applied a few at a time, within a time budget per turn of the
   * event loop. A teammate's import of 20,000 records leaves 256 rooms pending; applying them in
   * one go held the relay's only thread for 13 s, during which it answered no socket, no sign-in
   * and no API request. While foreground work is in flight (a reconnect's sync answer, a
   * sign-in), the drain waits until it is done, up to MAX_HOLD_MS: each of its hops would
   * otherwise wait behind a slice.
   */
  function drain() {
    scheduled = false;
    if (closed) return;
    const held = holdBack();
    if (held) {
      scheduled = true;
      void held.then(() => { scheduled = false; schedule(); });
      return;
    }
    const until = performance.now() + (options.drainBudgetMs ?? DRAIN_BUDGET_MS);
    for (const room of [...pending.keys()]) {
      if (closed) return;
      if (!caughtUp.has(shardRoom(room)!.ws)) continue;
      applyPending(room);
      if (performance.now() >= until) break;
    }
    if ([...pending.keys()].some((room) => caughtUp.has(shardRoom(room)!.ws))) schedule();
  }

  /** Applies and announces one room's pending updates (a failure is logged; the room is dropped from the queue). */
  function applyPending(room: string) {
    const p = pending.get(room);
    if (!p) return;
    pending.delete(room);
    stats.applied++;
    let events: RecordEvent[] = [];
    try {
      events = applyRoom(room, p.updates, p.origin);
    } catch (error) {
      options.log(`projection of ${room} failed: ${error}`);
      return;
    }
    for (const e of events) options.events.emit(e);
  }

  /** Applies the pending updates of one room: merged state, changed rows, events. */
  function applyRoom(room: string, updates: Uint8Array[], origin: Pending['origin'], { replace = false, announce = true } = {}) {
    const where = shardRoom(room)!;
    const known = q.room.get(room) as { state: Uint8Array; sv: Uint8Array } | undefined;
    const state = replace || !known ? Y.mergeUpdates(updates) : Y.mergeUpdates([known.state, ...updates]);
    const sv = Y.encodeStateVectorFromUpdate(state);
    // Nothing new (an update this process already reflects, e.g. our own echo): no work.
    if (known && !replace && Buffer.compare(Buffer.from(sv), Buffer.from(known.sv)) === 0) return [];
    const doc = new Y.Doc();
    const events: RecordEvent[] = [];
    try {
      Y.applyUpdate(doc, state);
      db.exec('BEGIN');
      try {
        if (where.key.startsWith('records/')) projectRecords(where.ws, room, doc, origin, events, !announce);
        else projectActivities(where.ws, room, doc, origin, events, !announce);
        q.putRoom.run(room, where.ws, state, sv);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      doc.destroy();
    }
    return events;
  }

  function projectRecords(ws: string, room: string, doc: Y.Doc, origin: Pending['origin'], events: RecordEvent[], fresh: boolean) {
    const before = new Map<string, StoredRecord>();
    for (const row of q.roomRecords.all(room) as { collection: string; id: string; data: string }[]) before.set(`${row.collection}:${row.id}`, JSON.parse(row.data));
    const seen = new Set<string>();
    for (const collection of COLLECTIONS) {
      const map = collectionMap(doc, collection);
      if (map.size === 0) continue;
      const customIds = customIdsOf(map);
      for (const id of recordIds(map)) {
        const rec = readRecord(map, collection, id, customIds);
        if (!rec) continue;
        const record = withDefaults(collection, rec);
        const k = `${collection}:${id}`;
        seen.add(k);
        const old = before.get(k);
        const json = JSON.stringify(record);
        if (old && JSON.stringify(old) === json) continue;
        writeRecordRow(ws, room, collection, record, json);
        if (!fresh) for (const e of recordEvents(ws, collection, old ?? null, record, origin)) events.push(e);
      }
    }
    // A record whose keys are gone entirely (never by the app, which soft-deletes; by a restore of an older state).
    for (const [k, old] of before) {
      if (seen.has(k)) continue;
      const collection = k.slice(0, k.indexOf(':')) as Collection;
      q.dropRecord.run(ws, collection, old.id);
      q.dropWords.run(ws, collection, old.id);
      q.dropCustom.run(ws, collection, old.id);
      if (collection === 'companies') q.dropCompanyKeys.run(ws, old.id);
    }
  }

  function writeRecordRow(ws: string, room: string, collection: Collection, r: StoredRecord, json: string) {
    const s = (v: unknown) => (typeof v === 'string' ? v : null);
    const email = collection === 'leads' ? (normalizeEmail(r.email as string | undefined) ?? null) : null;
    q.putRecord.run(ws, collection, r.id, room, json, r.deletedAt === undefined ? 0 : 1, displayName(r).toLowerCase(), Number(r.createdAt) || 0, Number(r.updatedAt) || 0,
      s(r.statusId ?? r.status), s(r.ownerId ?? r.assigneeId), s(r.sourceId), s(r.companyId), s(r.stageId), s(r.pipelineId), email);
    q.dropWords.run(ws, collection, r.id);
    for (const w of searchWords(collection, r)) q.putWord.run(ws, w.slice(collection.length + 1), collection, r.id);
    if (collection === 'companies') {
      q.dropCompanyKeys.run(ws, r.id);
      const profile = profileOf('companies', r);
      for (const d of profile.domains) q.putCompanyKey.run(ws, 'domain', d, r.id);
      if (profile.companyName) q.putCompanyKey.run(ws, 'name', profile.companyName, r.id);
    }
    q.dropCustom.run(ws, collection, r.id);
    for (const [field, value] of Object.entries((r.custom ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') q.putCustom.run(ws, collection, r.id, field, customValueKey(value));
    }
  }

  function projectActivities(ws: string, room: string, doc: Y.Doc, origin: Pending['origin'], events: RecordEvent[], fresh: boolean) {
    const before = new Map<string, string>();
    for (const row of q.roomActivities.all(room) as { id: string; data: string }[]) before.set(row.id, row.data);
    const map = doc.getMap<unknown>('activities');
    for (const [id, value] of map.entries()) {
      const parsed = Activity.safeParse(value);
      if (!parsed.success) continue; // a malformed value from an old or hostile peer is not served
      const a = parsed.data;
      const json = JSON.stringify(a);
      const old = before.get(id);
      before.delete(id);
      if (old === json) continue;
      q.putActivity.run(ws, id, room, a.parent.type, a.parent.id, a.typeId, a.date, json);
      if (!fresh) {
        const previous = old ? (JSON.parse(old) as Record<string, unknown>) : null;
        const type: RecordEventType = !previous ? 'created' : a.deletedAt !== undefined && previous.deletedAt === undefined ? 'deleted' : a.deletedAt === undefined && previous.deletedAt !== undefined ? 'restored' : 'updated';
        events.push(makeEvent(ws, 'activities', id, type, a as unknown as Record<string, unknown>, previous, changedFields(previous, a as unknown as Record<string, unknown>), origin));
      }
    }
    for (const id of before.keys()) q.dropActivity.run(ws, id);
  }

  const makeEvent = (ws: string, collection: RecordEvent['collection'], recordId: string, type: RecordEventType, record: Record<string, unknown> | null, previous: Record<string, unknown> | null, changed: string[], origin: Pending['origin']): RecordEvent => ({
    // Stable for one change: every relay derives the same id from the same new state.
    id: createHash('sha256').update(`${ws}\0${collection}\0${recordId}\0${type}\0${JSON.stringify(record)}`).digest('base64url').slice(0, 32),
    workspaceId: ws,
    type,
    collection,
    recordId,
    at: now(),
    record,
    previous,
    changedFields: type === 'created' || type === 'deleted' ? [] : changed,
    origin: origin === 'fanout' ? 'fanout' : 'local',
  });

  function recordEvents(ws: string, collection: Collection, old: StoredRecord | null, r: StoredRecord, origin: Pending['origin']): RecordEvent[] {
    if (!old) return [makeEvent(ws, collection, r.id, 'created', r, null, [], origin)];
    const changed = changedFields(old, r);
    const out: RecordEvent[] = [];
    const wasDeleted = old.deletedAt !== undefined;
    const isDeleted = r.deletedAt !== undefined;
    if (!wasDeleted && isDeleted) out.push(makeEvent(ws, collection, r.id, 'deleted', r, old, changed, origin));
    else if (wasDeleted && !isDeleted) out.push(makeEvent(ws, collection, r.id, 'restored', r, old, changed, origin));
    if (collection === 'leads' && old.convertedAt === undefined && r.convertedAt !== undefined) out.push(makeEvent(ws, collection, r.id, 'converted', r, old, changed, origin));
    if (collection === 'opportunities' && old.stageId !== r.stageId) out.push(makeEvent(ws, collection, r.id, 'stage_changed', r, old, changed, origin));
    const meta = new Set(['updatedAt', 'updatedBy', 'deletedAt', 'deletedBy']);
    if (changed.some((f) => !meta.has(f))) out.push(makeEvent(ws, collection, r.id, 'updated', r, old, changed, origin));
    return out;
  }

  const decodeCursor = (cursor: string | undefined): [string | number, string] | undefined => {
    if (!cursor) return undefined;
    try {
      const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
      if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number') && typeof v[1] === 'string') return [v[0], v[1]];
    } catch {
      /* fall through */
    }
    throw new ProjectionQueryError('cursor', 'is not a cursor this API returned');
  };

  const projection = {
    /** An update this process stored (after it is on disk). */
    applyLocal: (room: string, update: Uint8Array) => enqueue(room, update, 'local'),
    /** An update another relay stored and published. */
    applyFanout: (room: string, update: Uint8Array) => enqueue(room, update, 'fanout'),
    /** Processes every pending update now (the API awaits this before answering a write). */
    /**
     * Applies now, in this turn, the pending updates of `rooms` (an API write settling the rooms it
     * wrote), or of every room (closing). Live updates otherwise go through the sliced `drain`.
     */
    flush(rooms?: Iterable<string>) {
      if (closed) return;
      for (const room of rooms ? [...rooms] : [...pending.keys()]) {
        if (pending.has(room) && caughtUp.has(shardRoom(room)!.ws)) applyPending(room);
      }
    },
    /**
     * Brings a workspace's rows up to the stored state once per process: every shard room whose
     * stored vector differs from the one the projection reflects is re-read. Changes found
     * this way (stored while this process was down) are announced as local, except on a first
     * build, which announces nothing. `awaited`: a request waits on it (the API), so it no longer
     * holds back for foreground work (that request is some).
     */
    ensureWorkspace(ws: string, { awaited = false } = {}): Promise<void> {
      if (awaited) urgent.add(ws);
      let p = ready.get(ws);
      if (!p) {
        p = catchUp(ws);
        ready.set(ws, p);
        p.catch(() => ready.delete(ws));
      }
      return p;
    },
    get(ws: string, collection: Collection, id: string): StoredRecord | undefined {
      const row = q.record.get(ws, collection, id) as { data: string } | undefined;
      return row ? JSON.parse(row.data) : undefined;
    },
    isLive(ws: string, collection: Collection, id: string): boolean {
      const r = projection.get(ws, collection, id);
      return !!r && r.deletedAt === undefined;
    },
    getActivity(ws: string, id: string): Record<string, unknown> | undefined {
      const row = q.activity.get(ws, id) as { data: string } | undefined;
      return row ? JSON.parse(row.data) : undefined;
    },
    /** Live leads whose email is this normalized address (identity rules: normalizeEmail). */
    leadsByEmail(ws: string, email: string): StoredRecord[] {
      return (q.byEmail.all(ws, 'leads', email) as { data: string }[]).map((r) => JSON.parse(r.data));
    },
    /** Live tasks related to a record. */
    tasksRelatedTo(ws: string, type: string, id: string): StoredRecord[] {
      return (q.tasksRelated.all(ws, type, id) as { data: string }[]).map((r) => JSON.parse(r.data));
    },
    /** Live records whose custom field holds this value. */
    byCustomValue(ws: string, collection: Collection, field: string, value: string | number | boolean): StoredRecord[] {
      return (q.byCustom.all(ws, collection, field, customValueKey(value)) as { data: string }[]).map((r) => JSON.parse(r.data));
    },
    /** Live companies by email domain or company key (identity rules, as the extension's dedupe index). */
    companiesBy(ws: string, kind: 'domain' | 'name', value: string): StoredRecord[] {
      return (q.companiesBy.all(ws, kind, value) as { data: string }[]).map((r) => JSON.parse(r.data));
    },
    list(ws: string, query: ListQuery): { items: StoredRecord[]; nextCursor: string | null } {
      const sort = query.sort ?? 'name';
      const order = query.order ?? (sort === 'name' ? 'asc' : 'desc');
      const col = { name: 'r.name', createdAt: 'r.created_at', updatedAt: 'r.updated_at' }[sort];
      const where: string[] = ['r.ws = ?', 'r.collection = ?'];
      const params: (string | number)[] = [ws, query.collection];
      const scope = query.scope ?? 'live';
      if (scope !== 'all') { where.push('r.deleted = ?'); params.push(scope === 'trash' ? 1 : 0); }
      const columns: Record<FilterField, string> = { statusId: 'status_id', ownerId: 'owner_id', sourceId: 'source_id', companyId: 'company_id', stageId: 'stage_id', pipelineId: 'pipeline_id', email: 'email' };
      for (const [field, value] of Object.entries(query.filters ?? {})) {
        if (value === undefined) continue;
        where.push(`r.${columns[field as FilterField]} = ?`);
        params.push(field === 'email' ? (normalizeEmail(value) ?? value) : value);
      }
      if (query.tag) { where.push(`EXISTS (SELECT 1 FROM json_each(r.data, '$.tags') t WHERE t.value = ?)`); params.push(query.tag); }
      // Prefix match on the word index, as the extension's search (a record matches when each query
      // word starts one of its words). The longest word drives: its index range is read first and
      // only its records are checked for the others, then sorted (a page never reads the whole list).
      const words = searchTerms(query.search).sort((a, b) => b.length - a.length);
      // A search of nothing searchable (`%`, `*`, emoji alone) answered every record, as if none was asked.
      if (!words.length && query.search?.trim()) throw new ProjectionQueryError('search', 'has no letters or digits to search for: search matches the starts of words');
      let from = 'records r';
      const fromParams: string[] = [];
      if (words.length) {
        from = `(SELECT DISTINCT id FROM words WHERE ws = ? AND word >= ? AND word < ? AND collection = ?) m JOIN records r ON r.ws = ? AND r.collection = ? AND r.id = m.id`;
        fromParams.push(ws, words[0], words[0] + '\uffff', query.collection, ws, query.collection);
      }
      for (const w of words.slice(1)) {
        where.push('EXISTS (SELECT 1 FROM words w WHERE w.ws = r.ws AND w.collection = r.collection AND w.id = r.id AND w.word >= ? AND w.word < ?)');
        params.push(w, w + '\uffff');
      }
      const after = decodeCursor(query.cursor);
      if (after) {
        where.push(`(${col}, r.id) ${order === 'asc' ? '>' : '<'} (?, ?)`);
        params.push(after[0], after[1]);
      }
      const dir = order === 'asc' ? 'ASC' : 'DESC';
      // Sorted on keys only; the page's rows are read after (sorting never carries the records).
      const sql = `SELECT ${col} AS k, r.id FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${col} ${dir}, r.id ${dir} LIMIT ?`;
      const rows = db.prepare(sql).all(...fromParams, ...params, query.limit + 1) as { k: string | number; id: string }[];
      const more = rows.length > query.limit;
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return { items: page.map((r) => projection.get(ws, query.collection, r.id)!), nextCursor: more && last ? Buffer.from(JSON.stringify([last.k, last.id])).toString('base64url') : null };
    },
    listActivities(ws: string, query: { parentType?: string; parentId?: string; typeId?: string; limit: number; cursor?: string }): { items: Record<string, unknown>[]; nextCursor: string | null } {
      const where = ['ws = ?'];
      const params: (string | number)[] = [ws];
      if (query.parentType) { where.push('parent_type = ?'); params.push(query.parentType); }
      if (query.parentId) { where.push('parent_id = ?'); params.push(query.parentId); }
      if (query.typeId) { where.push('type_id = ?'); params.push(query.typeId); }
      const after = decodeCursor(query.cursor);
      if (after) { where.push('(date, id) < (?, ?)'); params.push(after[0], after[1]); }
      const rows = db.prepare(`SELECT data, date, id FROM activities WHERE ${where.join(' AND ')} ORDER BY date DESC, id DESC LIMIT ?`).all(...params, query.limit + 1) as { data: string; date: number; id: string }[];
      const more = rows.length > query.limit;
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return { items: page.map((r) => JSON.parse(r.data)), nextCursor: more && last ? Buffer.from(JSON.stringify([last.date, last.id])).toString('base64url') : null };
    },
    /** Rooms waiting to be applied, times the drain held back for foreground work, room applies of live writes. */
    get backlog() {
      return { rooms: pending.size, ...stats };
    },
    /** Workspaces this file has rows of (caught up at start: a crash may have left changes unprojected). */
    knownWorkspaces(): string[] {
      return (db.prepare('SELECT DISTINCT ws FROM rooms').all() as { ws: string }[]).map((r) => r.ws);
    },
    /** The raw database (benchmarks compare the API with a direct query). */
    db,
    close() {
      projection.flush();
      closed = true;
      db.close();
    },
  };

  /**
   * Holding back for foreground work, for the drain and the catch-up alike: undefined when
   * nothing is in flight or the hold has lasted `maxHoldMs` since it began (then one slice or
   * room goes ahead and a next hold starts), else a promise of the first of "nothing in flight"
   * and the hold's end.
   */
  function holdBack(): Promise<void> | undefined {
    const foreground = options.foreground;
    const now = performance.now();
    if (foreground?.busy) {
      if (holdingSince === undefined) (holdingSince = now), stats.held++;
      const left = holdingSince + (options.maxHoldMs ?? MAX_HOLD_MS) - now;
      if (left > 0) {
        return new Promise((resolve) => {
          const timer = setTimeout(resolve, left);
          void foreground.whenIdle().then(() => { clearTimeout(timer); resolve(); });
        });
      }
    }
    holdingSince = undefined;
    return undefined;
  }

  async function catchUp(ws: string) {
    const projectedBefore = !!db.prepare('SELECT 1 FROM rooms WHERE ws = ? LIMIT 1').get(ws);
    for (const key of allDocKeys()) {
      if (closed) throw new Error('the relay is shutting down');
      if (key === 'config') continue;
      // A workspace's first catch-up reads and applies every room (a teammate's first push of
      // 20,000 records; every workspace after a restart): room by room, each after the
      // foreground work in flight, as the drain — unless a request waits on this catch-up.
      if (!urgent.has(ws)) await holdBack();
      const room = `${ws}/${key}`;
      const known = q.room.get(room) as { sv: Uint8Array } | undefined;
      // A room whose kept summary says it is where the projection left it is not read (a relay
      // start would otherwise read every stored update of every workspace).
      const vector = await options.storedVector?.(room).catch(() => undefined);
      if (vector && (known ? sameVector(vector, Y.decodeStateVector(known.sv)) : vector.size === 0)) continue;
      const stored = await options.readStored(room);
      if (closed) throw new Error('the relay is shutting down');
      if (!stored.length && !known) continue;
      const sv = Y.encodeStateVectorFromUpdate(Y.mergeUpdates(stored));
      if (known && Buffer.compare(Buffer.from(sv), Buffer.from(known.sv)) === 0) continue;
      // Live updates waiting for this catch-up are in storage already: leave them out here, so
      // that they are applied after it and announced with their own origin (local or fan-out).
      const live = (pending.get(room)?.updates ?? []).map((u) => Buffer.from(u));
      const base = live.length ? stored.filter((u) => !live.some((l) => l.equals(u))) : stored;
      try {
        const events = applyRoom(room, base, 'catch-up', { replace: true, announce: projectedBefore });
        for (const e of events) options.events.emit(e);
      } catch (error) {
        options.log(`projection catch-up of ${room} failed: ${error}`);
      }
    }
    caughtUp.add(ws);
    // Live updates that arrived meanwhile are in storage already: applying them finds nothing new.
    // They are applied in slices, like any live update.
    if (pending.size) schedule();
  }

  return projection;
}

export class ProjectionQueryError extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

/** Custom field definition ids present in a collection map (keys `<id>/cf.<defId>`). */
function customIdsOf(map: Y.Map<unknown>): string[] {
  const ids = new Set<string>();
  for (const key of map.keys()) {
    const field = splitKey(key)[1];
    if (field.startsWith('cf.')) ids.add(field.slice(3));
  }
  return [...ids];
}

const customValueKey = (v: string | number | boolean) => (typeof v === 'string' ? v.trim().toLowerCase() : String(v));

function changedFields(a: Record<string, unknown> | null, b: Record<string, unknown>): string[] {
  if (!a) return Object.keys(b);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

/** Query words as the extension's search makes them. */
const searchTerms = (search: string | undefined): string[] => (search ? tokenize(search) : []);

function sameVector(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}
