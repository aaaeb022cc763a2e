import {
  collections, newId, parseCreate, parsePatch, NotFoundError, PermissionError, RuleError, Activity, ActivityFields,
  ValidationError, type Collection, type Role, type ConfigEntity, type RecordOf, type WriteProvenance,
} from '../domain/index.ts';
import { ORIGIN, type WorkspaceDocs } from './docs.ts';
import { collectionMap, exists, readRecord, recordIds, withDefaults, type StoredRecord } from '../layout/records-doc.ts';
import {
  applyChanges as applyShardChanges, createRecord, inputKeys, sharedFor, trashRecord, untrashRecord, updateRecord, type Change, type Writer,
} from '../layout/record-write.ts';
import { byShard, historyOf, recordKey, recordMap, recordMaps, writeActivity, writeHistory } from './layout.ts';
import { customFieldIds, readConfig, requireActive } from './config-store.ts';
import { afterUpdate, createRules, updateRules } from './lifecycle/rules.ts';
import { fieldChanges, type HistoryEntry } from './history.ts';
import { seenDropped, writeDropped, writeResolved, type Detected } from './conflicts.ts';

export { historyId } from '../layout/history-doc.ts';
export { withDefaults } from '../layout/records-doc.ts';

export type Actor = { memberId: string; role: Role };
/**
 * `provenance`: where the written values came from (capture, import, web form…); a write that
 * says nothing was typed by the actor.
 */
export type WriteOptions = { id?: string; batchId?: string; provenance?: WriteProvenance };
export type Fields = Record<string, unknown>;
export type { Change } from '../layout/record-write.ts';

/**
 * The extension's write path of a workspace: every create, update, delete and restore is
 * validated here (zod, lifecycle rules, roles), routed to its shard, and written by the one
 * layout module (src/layout/record-write.ts: keys, provenance, history entries — the relay's
 * API and web forms write through the same functions) in one Yjs transaction with a named
 * origin. The UI, the capture flow, imports, undo, restore and the CLI all come through here.
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
    const w = this.writer({ batchId: opts.batchId });
    let created: StoredRecord | undefined;
    let entry: HistoryEntry | undefined;
    this.docs.writeNew(recordKey(id), (doc) => {
      entry = createRecord(doc, collection, id, fields, w, { write: opts.provenance, asked: inputKeys(input) });
      created = readRecord(collectionMap(doc, collection), collection, id, customFieldIds(this.docs.config));
    }, ORIGIN.local);
    writeHistory(this.docs, [entry!], ORIGIN.local);
    return withDefaults(collection, created!) as RecordOf<C>;
  }

  /**
   * Who writes now, as the layout's write functions take it: the actor, the time, the batch,
   * the local origin, and the conflict upkeep of an overwrite (this replica holds the values a
   * concurrent write dropped: writing the field settles them).
   */
  writer(opts: { at?: number; batchId?: string; origin?: unknown } = {}): Writer {
    const at = opts.at ?? this.now();
    const by = this.actor.memberId;
    return {
      by, at, origin: opts.origin ?? ORIGIN.local, ...(opts.batchId ? { batchId: opts.batchId } : {}),
      beforeOverwrite: (map, id, keys) => writeResolved(this.docs, id, seenDropped(map, id, keys), { at, by }, ORIGIN.local),
    };
  }

  update<C extends Collection>(collection: C, id: string, patch: unknown, opts: WriteOptions = {}): RecordOf<C> {
    this.assertCanWrite();
    const current = this.requireLive(collection, id);
    const { set, clear } = parsePatch(collection, current, patch, this.customDefs());
    this.applyUpdateRules(collection, current, set, clear);
    const w = this.writer({ batchId: opts.batchId });
    // Only the fields the caller wrote are described (not what rules added: stageChangedAt…).
    const written = updateRecord(this.docs.doc(recordKey(id)), collection, current, set, clear, w, { write: opts.provenance, asked: inputKeys(patch) });
    if (!written) return current as RecordOf<C>;
    writeHistory(this.docs, [written.entry], ORIGIN.local);
    this.afterUpdate(collection, id, written.prev, written.set, w.at);
    return this.get(collection, id) as RecordOf<C>;
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
    const current = this.requireLive(collection, id);
    const entry = trashRecord(this.docs.doc(recordKey(id)), collection, current, this.writer({ batchId: opts.batchId }));
    if (entry) writeHistory(this.docs, [entry], ORIGIN.local);
  }

  restore(collection: Collection, id: string, opts: WriteOptions = {}): void {
    this.assertCanWrite();
    const r = this.get(collection, id, { includeDeleted: true });
    if (!r) throw new NotFoundError(collection, id);
    const entry = untrashRecord(this.docs.doc(recordKey(id)), collection, r as StoredRecord, this.writer({ batchId: opts.batchId }));
    if (entry) writeHistory(this.docs, [entry], ORIGIN.local);
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
    return fieldChanges(this.history(collection, id), this.get(collection, id, { includeDeleted: true }) as Record<string, unknown> | undefined);
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
    const w = this.writer({ batchId: opts.batchId ?? newId(), at: opts.at });
    const groups = byShard(changes, (c) => recordKey(c.id));
    this.docs.require(groups.keys());
    const cids = customFieldIds(this.docs.config);
    const log: HistoryEntry[] = [];
    for (const [key, group] of groups) log.push(...applyShardChanges(this.docs.doc(key), group, w, cids));
    writeHistory(this.docs, log, ORIGIN.local);
    return { batchId: w.batchId!, at: w.at };
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
    const w = this.writer({ batchId: opts.batchId, at: opts.at });
    const log: HistoryEntry[] = [];
    const shared = sharedFor(collection, w, opts.origin);
    const source = shared ? { shared } : { write: opts.origin };
    for (const [key, group] of byShard(items, (it) => recordKey(it.id))) {
      this.docs.writeNew(key, (doc) => {
        for (const it of group) log.push(createRecord(doc, collection, it.id, it.fields, w, source, { fieldsInHistory: false }));
      }, ORIGIN.local);
    }
    writeHistory(this.docs, log, ORIGIN.local);
  }
}

