import {
  collections, newId, parseCreate, parsePatch, NotFoundError, PermissionError, RuleError, Activity, ActivityFields,
  ValidationError, fieldKeys, stampWrite, typed, type Collection, type Role, type ConfigEntity, type RecordOf,
  type FieldProvenance, type ProvenanceMap, type WriteProvenance,
} from '../domain/index.ts';
import { ORIGIN, type WorkspaceDocs } from './docs.ts';
import {
  collectionMap, clearFields, exists, keyOf, readRecord, recordIds, toStoredEntries, writeEntries, customKey,
  writeCreated, writeProvenance, writeChanged, withDefaults, UPDATED, DELETED, type StoredRecord,
} from '../layout/records-doc.ts';
import type { DocKey } from '../domain/routing.ts';
import { byShard, historyOf, recordKey, recordMap, recordMaps, writeActivity, writeHistory } from './layout.ts';
import { customFieldIds, readConfig, requireActive } from './config-store.ts';
import { afterUpdate, createRules, updateRules } from './lifecycle/rules.ts';
import { fieldChanges, type HistoryEntry, type HistoryOp } from './history.ts';
import { seenDropped, writeDropped, writeResolved, type Detected } from './conflicts.ts';
import { historyId, fieldDiff as diff } from '../layout/history-doc.ts';

export { historyId } from '../layout/history-doc.ts';
export { withDefaults } from '../layout/records-doc.ts';

export type Actor = { memberId: string; role: Role };
/**
 * `provenance`: where the written values came from (capture, import, web form…); a write that
 * says nothing was typed by the actor.
 */
export type WriteOptions = { id?: string; batchId?: string; provenance?: WriteProvenance };
export type Fields = Record<string, unknown>;
/** One record's part of a multi-record write (see `applyChanges`). */
export type Change = {
  collection: Collection; id: string; op: HistoryOp; set?: Fields; clear?: string[];
  /** Provenance entries to write as they are (conversion and merge carry them from the source). */
  provenance?: Record<string, FieldProvenance | null>;
  /** Or: where the values in `set` came from (an import's file and columns), stamped now. */
  origin?: WriteProvenance;
};

/**
 * The one write path of a workspace: every create, update, delete and restore is validated
 * here, written in one Yjs transaction with a named origin, and recorded in field history.
 * The UI, the capture flow, imports, the relay's web forms and the CLI all come through here.
 */
export class Repository {
  readonly docs: WorkspaceDocs;
  readonly now: () => number;
  actor: Actor;

  constructor(opts: { docs: WorkspaceDocs; actor: Actor; now?: () => number }) {
    this.docs = opts.docs;
    this.actor = opts.actor;
    this.now = opts.now ?? Date.now;
  }

  private map(collection: Collection, id: string) {
    return recordMap(this.docs, collection, id);
  }

  assertCanWrite(): void {
    if (this.actor.role === 'viewer') throw new PermissionError('Viewers can read the workspace but not change it.');
  }

  customDefs(): ConfigEntity<'customFields'>[] {
    return readConfig(this.docs.config).customFields;
  }

  create<C extends Collection>(collection: C, input: unknown, opts: WriteOptions = {}): RecordOf<C> {
    this.assertCanWrite();
    const fields = parseCreate(collection, input, this.customDefs());
    this.applyCreateRules(collection, fields);
    // A fresh id cannot exist: the new record is written without loading its shard (creating
    // never waits). An id from outside may: its shard is read to refuse a second create.
    if (opts.id !== undefined && exists(this.map(collection, opts.id), opts.id)) throw new RuleError(`A ${collections[collection].label} with id ${opts.id} already exists`, 'id');
    const id = opts.id ?? newId();
    const at = this.now();
    let created: StoredRecord | undefined;
    const provenance = this.stamp(undefined, {}, fields, inputKeys(input), opts.provenance, at);
    this.docs.writeNew(recordKey(id), (doc) => {
      const map = collectionMap(doc, collection);
      writeCreated(map, id, fields, this.actor.memberId, at);
      writeProvenance(map, id, provenance);
      created = readRecord(map, collection, id, customFieldIds(this.docs.config));
    }, ORIGIN.local);
    this.record(collection, id, 'create', fields, {}, at, opts.batchId);
    return withDefaults(collection, created!) as RecordOf<C>;
  }

  /** Writes a validated new record inside the caller's transaction (conversion uses several). */
  writeCreate(collection: Collection, id: string, fields: Fields, at: number): void {
    writeCreated(this.map(collection, id), id, fields, this.actor.memberId, at);
  }

  update<C extends Collection>(collection: C, id: string, patch: unknown, opts: WriteOptions = {}): RecordOf<C> {
    this.assertCanWrite();
    const current = this.requireLive(collection, id);
    const { set, clear } = parsePatch(collection, current, patch, this.customDefs());
    this.applyUpdateRules(collection, current, set, clear);
    const changed = diff(current, set, clear);
    if (Object.keys(changed.set).length === 0) return current as RecordOf<C>;
    const at = this.now();
    // Only the fields the caller wrote are described (not what rules added: stageChangedAt…).
    const asked = new Set(inputKeys(patch));
    const after = { ...current, ...changed.set, custom: { ...(current.custom as Fields), ...(changed.set.custom as Fields) } };
    const provenance = this.stamp(current.provenance as ProvenanceMap | undefined, current, after, fieldKeys(changed.set).filter((k) => asked.has(k)), opts.provenance, at);
    this.docs.doc(recordKey(id)).transact(() => {
      this.writeUpdate(collection, id, changed.set, changed.cleared, at);
      writeProvenance(this.map(collection, id), id, provenance);
    }, ORIGIN.local);
    this.record(collection, id, 'update', changed.set, changed.prev, at, opts.batchId, priorProvenance(current, provenance));
    this.afterUpdate(collection, id, changed.prev, changed.set, at);
    return this.get(collection, id) as RecordOf<C>;
  }

  /** Provenance entries of a write: the caller's origin (typed by the actor when none), stamped now. */
  private stamp(prev: ProvenanceMap | undefined, before: Fields, after: Fields, keys: string[], write: WriteProvenance | undefined, at: number) {
    return stampWrite(prev, before, after, keys, write ?? typed(), { at, by: this.actor.memberId });
  }

  /** Writes changed fields inside the caller's transaction. `custom` entries set per definition. */
  writeUpdate(collection: Collection, id: string, set: Fields, cleared: string[], at: number): void {
    const map = this.map(collection, id);
    const { custom, ...plain } = set as Fields & { custom?: Fields };
    // This replica holds the values a concurrent write dropped: writing the field settles them.
    const fields = [...Object.keys(plain), ...Object.keys(custom ?? {}).map(customKey), ...cleared];
    writeResolved(this.docs, id, seenDropped(map, id, fields), { at, by: this.actor.memberId }, ORIGIN.local);
    writeChanged(map, id, set, cleared, this.actor.memberId, at);
  }

  /** Keeps values a concurrent write dropped (src/store/conflicts.ts); viewers leave it to writers. */
  recordDropped(found: Detected, myName?: string): void {
    if (this.actor.role === 'viewer') return;
    writeDropped(this.docs, found.dropped, ORIGIN.local, myName ? { id: this.actor.memberId, name: myName } : undefined);
    for (const s of found.settled) writeResolved(this.docs, s.recordId, s.ids, s.resolution, ORIGIN.local);
  }

  /** "Keep current" of a field with dropped values: they are marked resolved, the value stays. */
  keepCurrent(collection: Collection, id: string, field: string): number {
    this.assertCanWrite();
    this.requireLive(collection, id);
    const ids = seenDropped(this.map(collection, id), id, [field]);
    writeResolved(this.docs, id, ids, { at: this.now(), by: this.actor.memberId }, ORIGIN.local);
    return ids.length;
  }

  /** Soft delete: the record goes to the trash; a concurrent edit of it is kept. */
  delete(collection: Collection, id: string, opts: WriteOptions = {}): void {
    this.assertCanWrite();
    this.requireLive(collection, id);
    const at = this.now();
    this.docs.doc(recordKey(id)).transact(() => this.map(collection, id).set(keyOf(id, DELETED), [at, this.actor.memberId]), ORIGIN.local);
    this.record(collection, id, 'delete', { deletedAt: at }, { deletedAt: null }, at, opts.batchId);
  }

  restore(collection: Collection, id: string, opts: WriteOptions = {}): void {
    this.assertCanWrite();
    const r = this.get(collection, id, { includeDeleted: true });
    if (!r) throw new NotFoundError(collection, id);
    if (r.deletedAt === undefined) return;
    const at = this.now();
    this.docs.doc(recordKey(id)).transact(() => {
      this.map(collection, id).delete(keyOf(id, DELETED));
      this.map(collection, id).set(keyOf(id, UPDATED), [at, this.actor.memberId]);
    }, ORIGIN.local);
    this.record(collection, id, 'restore', { deletedAt: null }, { deletedAt: r.deletedAt }, at, opts.batchId);
  }

  get<C extends Collection>(collection: C, id: string, opts: { includeDeleted?: boolean } = {}): RecordOf<C> | undefined {
    const r = readRecord(this.map(collection, id), collection, id, customFieldIds(this.docs.config));
    if (!r || (r.deletedAt !== undefined && !opts.includeDeleted)) return undefined;
    return withDefaults(collection, r) as RecordOf<C>;
  }

  list<C extends Collection>(collection: C, opts: { includeDeleted?: boolean } = {}): RecordOf<C>[] {
    const cids = customFieldIds(this.docs.config);
    const out: RecordOf<C>[] = [];
    for (const map of recordMaps(this.docs, collection)) {
      for (const id of recordIds(map)) {
        const r = readRecord(map, collection, id, cids);
        if (r && (opts.includeDeleted || r.deletedAt === undefined)) out.push(withDefaults(collection, r) as RecordOf<C>);
      }
    }
    return out;
  }

  requireLive(collection: Collection, id: string): StoredRecord {
    const r = this.get(collection, id);
    if (!r) throw new NotFoundError(collection, id);
    return r as StoredRecord;
  }

  history(collection: Collection, id: string): HistoryEntry[] {
    return historyOf(this.docs, id).filter((e) => e.collection === collection).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  }

  fieldHistory(collection: Collection, id: string) {
    return fieldChanges(this.history(collection, id));
  }

  /** Logs a note, call, meeting, email or custom activity on any record. */
  logActivity(input: unknown, opts: WriteOptions = {}): Activity {
    this.assertCanWrite();
    const parsed = ActivityFields.safeParse(input);
    if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'activity');
    const a = parsed.data;
    requireActive(this.docs.config, 'activityTypes', a.typeId, 'activity type', 'typeId');
    if (!this.get(a.parent.type, a.parent.id)) throw new NotFoundError(a.parent.type, a.parent.id);
    const at = this.now();
    const activity: Activity = Activity.parse({ ...a, id: opts.id ?? newId(), date: a.date ?? at, authorId: this.actor.memberId, createdAt: at, createdBy: this.actor.memberId, updatedAt: at, updatedBy: this.actor.memberId });
    writeActivity(this.docs, activity, ORIGIN.local);
    return activity;
  }

  /** Hook: defaults and rules of a new record (the Leads lifecycle rules, src/store/lifecycle/rules.ts). */
  protected applyCreateRules(collection: Collection, fields: Fields): void {
    createRules(this, collection, fields);
  }

  /** Hook: rules of an update; may add fields to `set` and names to `clear`. */
  protected applyUpdateRules(collection: Collection, current: Fields, set: Fields, clear: string[]): void {
    updateRules(this, collection, current, set, clear);
  }

  /** Hook: after an update is written (system activities for status and stage changes). */
  protected afterUpdate(collection: Collection, id: string, prev: Fields, set: Fields, at: number): void {
    afterUpdate(this, collection, id, prev, set, at);
  }

  /**
   * Writes system changes to several records (conversion, merge), one transaction per shard
   * they live in, with field history under one batch so `undoBatch` reverts them together.
   * Every shard is checked loaded before anything is written. Callers validate first: nothing
   * here refuses. A 'create' of an id that exists (a conversion made again after an undo, or
   * already synced from a teammate) overwrites its fields and restores it.
   */
  applyChanges(changes: Change[], opts: { batchId?: string; at?: number } = {}): { batchId: string; at: number } {
    this.assertCanWrite();
    const batchId = opts.batchId ?? newId();
    const at = opts.at ?? this.now();
    const log: [Change & { op: HistoryOp }, Fields, Fields, Record<string, FieldProvenance | null>?][] = [];
    const byShard = new Map<DocKey, Change[]>();
    for (const c of changes) {
      const k = recordKey(c.id);
      const group = byShard.get(k);
      if (group) group.push(c); else byShard.set(k, [c]);
    }
    this.docs.require(byShard.keys());
    for (const [key, group] of byShard) this.docs.doc(key).transact(() => {
      for (const c of group) {
        const current = this.get(c.collection, c.id, { includeDeleted: true }) as Fields | undefined;
        const map = this.map(c.collection, c.id);
        if (c.op === 'create' && !current) {
          this.writeCreate(c.collection, c.id, c.set ?? {}, at);
          if (c.provenance) writeProvenance(map, c.id, c.provenance);
          else if (c.origin) writeProvenance(map, c.id, this.stamp(undefined, {}, c.set ?? {}, fieldKeys(c.set ?? {}), c.origin, at));
          log.push([c, c.set ?? {}, {}]);
        } else if (c.op === 'delete') {
          if (!current || current.deletedAt !== undefined) continue;
          map.set(keyOf(c.id, DELETED), [at, this.actor.memberId]);
          log.push([c, { deletedAt: at }, { deletedAt: null }]);
        } else {
          if (!current) throw new NotFoundError(c.collection, c.id);
          const changed = diff(current, c.set ?? {}, c.clear ?? []);
          const restore = c.op === 'create' && current.deletedAt !== undefined;
          if (restore) map.delete(keyOf(c.id, DELETED));
          if (Object.keys(changed.set).length) this.writeUpdate(c.collection, c.id, changed.set, changed.cleared, at);
          let provenance = c.provenance;
          if (!provenance && c.origin) {
            const after = { ...current, ...changed.set, custom: { ...(current.custom as Fields), ...(changed.set.custom as Fields) } };
            provenance = this.stamp(current.provenance as ProvenanceMap | undefined, current, after, fieldKeys(changed.set), c.origin, at);
          }
          if (provenance) writeProvenance(map, c.id, provenance);
          if (Object.keys(changed.set).length) log.push([{ ...c, op: 'update' }, changed.set, changed.prev, provenance && priorProvenance(current, provenance)]);
          if (restore) log.push([{ ...c, op: 'restore' }, { deletedAt: null }, { deletedAt: current.deletedAt }]);
        }
      }
    }, ORIGIN.local);
    writeHistory(this.docs, log.map(([c, set, prev, prevProvenance]) => this.entry(c.collection, c.id, c.op, set, prev, at, batchId, prevProvenance)), ORIGIN.local);
    return { batchId, at };
  }

  /**
   * Writes new records whose ids the caller has just made (`newId`: none can exist yet), as an
   * import does a slice of rows at a time: nothing is read, so no shard is loaded (as `create`),
   * one transaction per record shard and one per activity shard for their history, under one
   * batch; each value's provenance is `origin` (typed by the actor when none). Callers validate first (an import checks every row and the create rules); nothing
   * here refuses.
   */
  createFresh(collection: Collection, items: { id: string; fields: Fields }[], opts: { batchId: string; at?: number; origin?: WriteProvenance }): void {
    this.assertCanWrite();
    if (!items.length) return;
    const at = opts.at ?? this.now();
    for (const [key, group] of byShard(items, (it) => recordKey(it.id))) {
      this.docs.writeNew(key, (doc) => {
        const map = collectionMap(doc, collection);
        for (const it of group) {
          writeCreated(map, it.id, it.fields, this.actor.memberId, at);
          writeProvenance(map, it.id, this.stamp(undefined, {}, it.fields, fieldKeys(it.fields), opts.origin, at));
        }
      }, ORIGIN.local);
    }
    writeHistory(this.docs, items.map((it) => this.entry(collection, it.id, 'create', it.fields, {}, at, opts.batchId)), ORIGIN.local);
  }

  protected record(collection: Collection, recordId: string, op: HistoryOp, set: Fields, prev: Fields, at: number, batchId?: string, prevProvenance?: Record<string, FieldProvenance | null>): void {
    writeHistory(this.docs, [this.entry(collection, recordId, op, set, prev, at, batchId, prevProvenance)], ORIGIN.local);
  }

  private entry(collection: Collection, recordId: string, op: HistoryOp, set: Fields, prev: Fields, at: number, batchId?: string, prevProvenance?: Record<string, FieldProvenance | null>): HistoryEntry {
    return {
      id: historyId(at), collection, recordId, at, by: this.actor.memberId, op, set, prev, ...(batchId ? { batchId } : {}),
      ...(prevProvenance && Object.keys(prevProvenance).length ? { prevProvenance } : {}),
    };
  }
}

/** What a write's provenance entries replaced (null: the field had none), kept in history so undo puts it back. */
function priorProvenance(current: Fields, written: Record<string, FieldProvenance | null>): Record<string, FieldProvenance | null> {
  const was = (current.provenance ?? {}) as ProvenanceMap;
  return Object.fromEntries(Object.keys(written).map((k) => [k, was[k] ?? null]));
}

/** The field keys a caller's input names ('title', 'custom.<id>'); none for a non-object. */
function inputKeys(input: unknown): string[] {
  return input && typeof input === 'object' && !Array.isArray(input) ? fieldKeys(input as Fields) : [];
}

