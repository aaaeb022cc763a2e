import * as Y from 'yjs';
import {
  Activity, ActivityFields, CONFIG_LISTS, NotFoundError, PermissionError, RuleError, ValidationError, defaults,
  newId, parseCreate, parsePatch, type Collection, type RecordRef, type Role, type WriteProvenance,
} from '../../src/domain/index.ts';
import {
  activeIn, planConversion, recordCreateRules, recordUpdateRules, timelineFields, validatePlan,
  type CompanyCandidate, type CompanyLookup, type ConfigView, type ConvertOptions, type RuleContext,
} from '../../src/domain/lifecycle/index.ts';
import { convertOwner, ownedByMaker } from '../../src/domain/ownership.ts';
import { activityDocKey, recordDocKey, type DocKey } from '../../src/domain/routing.ts';
import type { StoredRecord } from '../../src/layout/records-doc.ts';
import { readConfig, customFieldIds } from '../../src/layout/config-doc.ts';
import type { HistoryEntry } from '../../src/layout/history-doc.ts';
import {
  applyChanges as applyShardChanges, byDoc, createRecord, freshUpdate, inputKeys, putActivity, putHistory, readCurrent, systemActivity, trashRecord, untrashRecord,
  updateRecord, type Change, type Writer,
} from '../../src/layout/record-write.ts';
import type { RoomManager } from '../rooms/room-manager.ts';
import type { Room } from '../rooms/room.ts';
import type { DurableWriter } from '../storage/durable-writer.ts';
import type { Projection } from '../projection/projection.ts';

type Fields = Record<string, unknown>;
/** A key's actor: `memberId` when the key acts as a member (what they make is theirs), null for a service account. */
export type ApiActor = { id: string; role: Role; memberId?: string | null };
/** Values written through the API say so (the record page shows "Written through the API · by <key>"). */
const API_WRITE: WriteProvenance = { origin: { method: 'api' } };

/**
 * The API's writes: the same validation (zod) and lifecycle rules as the extension's repository,
 * and the same write functions (src/layout/record-write.ts: keys, provenance, history), written
 * as Yjs updates into the live shard rooms (so connected
 * clients see them at once, and history, undo and conflicts treat them like a teammate's edit).
 * A shard is read from its stored updates for the write and dropped after: the relay keeps no
 * document. Every write answers only once it is on disk and in the projection.
 */
export function createRecordWriter(deps: { rooms: RoomManager; writer: DurableWriter; projection: Projection; now?: () => number }) {
  const now = deps.now ?? Date.now;

  async function loadDoc(ws: string, key: DocKey): Promise<Y.Doc> {
    const room = await deps.rooms.get(ws, key);
    try {
      const stored = await deps.rooms.readStored(room);
      const doc = new Y.Doc();
      if (stored.length) Y.applyUpdate(doc, Y.mergeUpdates(stored));
      return doc;
    } finally {
      deps.rooms.released(room);
    }
  }

  /** Writes what changed in `doc` since `before` into its room. */
  /** The rooms API writes went to since their projection was last settled. */
  const written = new Set<string>();

  async function commit(ws: string, key: DocKey, doc: Y.Doc, before: Uint8Array) {
    const update = Y.encodeStateAsUpdate(doc, before);
    if (update.length > 2) { written.add(`${ws}/${key}`); await deps.rooms.write(ws, key, update); }
  }

  /** A self-contained write of new keys (history entries, activities): needs nothing of the room. */
  async function writeFresh(ws: string, key: DocKey, fill: (doc: Y.Doc) => void) {
    written.add(`${ws}/${key}`);
    await deps.rooms.write(ws, key, freshUpdate(fill));
  }

  async function settled() {
    await deps.writer.whenFlushed();
    // Only the rooms the API wrote: a teammate's large import pending in other rooms is applied
    // in slices and does not hold up this answer.
    const rooms = [...written];
    written.clear();
    deps.projection.flush(rooms);
  }

  /**
   * The workspace config; a workspace nobody has opened yet reads as the defaults every client
   * seeds. Kept per loaded config room until its next write (the room counts every write and
   * deletion in `writeEpoch`; a reloaded room is a new object): most requests read no storage.
   * Callers treat it as read-only.
   */
  const configCache = new WeakMap<Room, { epoch: number; value: { view: ConfigView; customIds: string[] } }>();
  async function config(ws: string): Promise<{ view: ConfigView; customIds: string[] }> {
    const room = await deps.rooms.get(ws, 'config');
    try {
      const hit = configCache.get(room);
      if (hit && hit.epoch === room.writeEpoch) return hit.value;
      const epoch = room.writeEpoch;
      const stored = await deps.rooms.readStored(room);
      const doc = new Y.Doc();
      try {
        if (stored.length) Y.applyUpdate(doc, Y.mergeUpdates(stored));
        const view = readConfig(doc) as ConfigView;
        for (const list of CONFIG_LISTS) if ((view[list] as unknown[]).length === 0) (view as Record<string, unknown>)[list] = defaults[list];
        const value = { view, customIds: customFieldIds(doc) };
        configCache.set(room, { epoch, value });
        return value;
      } finally {
        doc.destroy();
      }
    } finally {
      deps.rooms.released(room);
    }
  }

  const ruleContext = (ws: string, view: ConfigView, at: number): RuleContext => ({ config: view, now: at, isLive: (c, id) => deps.projection.isLive(ws, c, id) });

  const assertCanWrite = (actor: ApiActor) => {
    if (actor.role === 'viewer') throw new PermissionError('This API key is a viewer’s: it can read the workspace but not change it.');
  };

  const writerOf = (actor: ApiActor, at: number, batchId?: string): Writer => ({ by: actor.id, at, ...(batchId ? { batchId } : {}) });

  /** History entries are new keys: each activity shard gets one self-contained update. */
  async function writeHistory(ws: string, entries: HistoryEntry[]) {
    for (const [k, list] of byDoc(entries, (e) => activityDocKey(e.recordId))) await writeFresh(ws, k, (d) => putHistory(d, list));
  }

  async function logSystem(ws: string, actor: ApiActor, parent: RecordRef, system: { field: string; from: string | null; to: string | null }, at: number, id = newId()) {
    await writeFresh(ws, activityDocKey(parent.id), (d) => putActivity(d, systemActivity(parent, system, actor.id, at, id)));
  }


  const writer = {
    config,
    async create(ws: string, actor: ApiActor, collection: Collection, input: unknown): Promise<StoredRecord> {
      assertCanWrite(actor);
      const { view } = await config(ws);
      // A member's key makes records that member's, as the extension does (domain/ownership.ts);
      // a service account's, like a web form's, have the owner the input names or none.
      const owned = input && typeof input === 'object' && !Array.isArray(input) ? ownedByMaker(collection, input as Record<string, unknown>, actor.memberId ?? undefined) : input;
      const fields = parseCreate(collection, owned, view.customFields);
      const at = now();
      recordCreateRules(ruleContext(ws, view, at), collection, fields);
      const id = newId();
      let created: HistoryEntry | undefined;
      await writeFresh(ws, recordDocKey(id), (d) => { created = createRecord(d, collection, id, fields, writerOf(actor, at), { write: API_WRITE, asked: inputKeys(input) }); });
      await writeHistory(ws, [created!]);
      await settled();
      return deps.projection.get(ws, collection, id)!;
    },

    async update(ws: string, actor: ApiActor, collection: Collection, id: string, patch: unknown): Promise<StoredRecord> {
      assertCanWrite(actor);
      const { view, customIds } = await config(ws);
      const key = recordDocKey(id);
      const doc = await loadDoc(ws, key);
      try {
        const current = readCurrent(doc, collection, id, customIds);
        if (!current || current.deletedAt !== undefined) throw new NotFoundError(collection, id);
        const { set, clear } = parsePatch(collection, current, patch, view.customFields);
        const at = now();
        recordUpdateRules(ruleContext(ws, view, at), collection, current, set, clear);
        const before = Y.encodeStateVector(doc);
        // Only the fields the caller wrote are described (not what rules added), as the extension's.
        const changed = updateRecord(doc, collection, current, set, clear, writerOf(actor, at), { write: API_WRITE, asked: inputKeys(patch) });
        if (!changed) return current;
        await commit(ws, key, doc, before);
        await writeHistory(ws, [changed.entry]);
        for (const field of timelineFields(collection)) {
          if (field in changed.set) await logSystem(ws, actor, { type: collection, id }, { field, from: (changed.prev[field] as string) ?? null, to: (changed.set[field] as string) ?? null }, at);
        }
        await settled();
        return deps.projection.get(ws, collection, id)!;
      } finally {
        doc.destroy();
      }
    },

    /** Soft delete (to the trash), as the extension's. */
    async remove(ws: string, actor: ApiActor, collection: Collection, id: string): Promise<StoredRecord> {
      assertCanWrite(actor);
      return trashOp(ws, actor, collection, id, 'delete');
    },
    async restore(ws: string, actor: ApiActor, collection: Collection, id: string): Promise<StoredRecord> {
      assertCanWrite(actor);
      return trashOp(ws, actor, collection, id, 'restore');
    },

    async logActivity(ws: string, actor: ApiActor, input: unknown): Promise<Fields> {
      assertCanWrite(actor);
      const parsed = ActivityFields.safeParse(input);
      if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'activity');
      const a = parsed.data;
      const { view } = await config(ws);
      activeIn(view.activityTypes, a.typeId, 'activity type', 'typeId');
      if (view.activityTypes.find((t) => t.id === a.typeId)?.category === 'system') throw new RuleError('System activities are written by Outpost, not by hand', 'typeId');
      if (!deps.projection.isLive(ws, a.parent.type, a.parent.id)) throw new NotFoundError(a.parent.type, a.parent.id);
      const at = now();
      const activity = Activity.parse({ ...a, id: newId(), date: a.date ?? at, authorId: actor.id, createdAt: at, createdBy: actor.id, updatedAt: at, updatedBy: actor.id });
      await writeFresh(ws, activityDocKey(a.parent.id), (d) => putActivity(d, activity));
      await settled();
      return activity;
    },

    /**
     * Converts a lead as the extension does (src/store/lifecycle/conversion.ts): the domain's
     * plan, derived ids, one history batch, open tasks moved to the person, one "converted"
     * system line. Returns the same result shape.
     */
    async convert(ws: string, actor: ApiActor, leadId: string, options: ConvertOptions) {
      assertCanWrite(actor);
      const { view, customIds } = await config(ws);
      const leadDoc = await loadDoc(ws, recordDocKey(leadId));
      let lead: StoredRecord | undefined;
      try {
        lead = readCurrent(leadDoc, 'leads', leadId, customIds);
      } finally {
        leadDoc.destroy();
      }
      if (!lead || lead.deletedAt !== undefined) throw new NotFoundError('leads', leadId);
      const at = now();
      options = { ...options, ownerId: convertOwner(options.ownerId, lead.ownerId, actor.memberId ?? undefined) };
      const plan = validatePlan(planConversion(lead as never, options, view, companyLookup(ws), { now: at, by: actor.id }), view.customFields);
      const changes: Change[] = [{ collection: 'people', id: plan.person.id, op: 'create', set: plan.person.fields, provenance: plan.person.provenance }];
      if (plan.company?.create) changes.push({ collection: 'companies', id: plan.company.id, op: 'create', set: plan.company.fields, provenance: plan.company.provenance });
      if (plan.opportunity) changes.push({ collection: 'opportunities', id: plan.opportunity.id, op: 'create', set: plan.opportunity.fields, provenance: plan.opportunity.provenance });
      changes.push({ collection: 'leads', id: leadId, op: 'update', set: plan.leadPatch });
      for (const task of openTasksOf(ws, leadId)) changes.push({ collection: 'tasks', id: task, op: 'update', set: { related: { type: 'people', id: plan.person.id } } });
      const batchId = newId();
      await applyChanges(ws, actor, changes, batchId, at, customIds);
      await logSystem(ws, actor, { type: 'leads', id: leadId }, { field: 'statusId', from: (lead.statusId as string) ?? null, to: plan.leadPatch.statusId as string }, at, `${leadId}.converted`);
      await settled();
      const get = (c: Collection, id: string) => deps.projection.get(ws, c, id);
      return {
        lead: get('leads', leadId)!,
        person: get('people', plan.person.id)!,
        ...(plan.company ? { company: get('companies', plan.company.id) } : {}),
        companyCreated: !!plan.company?.create,
        ...(plan.opportunity ? { opportunity: get('opportunities', plan.opportunity.id) } : {}),
        candidates: plan.candidates,
        batchId,
      };
    },
  };

  async function trashOp(ws: string, actor: ApiActor, collection: Collection, id: string, op: 'delete' | 'restore'): Promise<StoredRecord> {
    const { customIds } = await config(ws);
    const key = recordDocKey(id);
    const doc = await loadDoc(ws, key);
    try {
      const current = readCurrent(doc, collection, id, customIds);
      if (!current) throw new NotFoundError(collection, id);
      const before = Y.encodeStateVector(doc);
      const w = writerOf(actor, now());
      const written = op === 'delete' ? trashRecord(doc, collection, current, w) : untrashRecord(doc, collection, current, w);
      if (!written) return current; // already so: nothing written
      await commit(ws, key, doc, before);
      await writeHistory(ws, [written]);
      await settled();
      return deps.projection.get(ws, collection, id)!;
    } finally {
      doc.destroy();
    }
  }

  /** As the repository's `applyChanges`: one transaction per shard, one history batch. */
  async function applyChanges(ws: string, actor: ApiActor, changes: Change[], batchId: string, at: number, customIds: string[]) {
    const log: HistoryEntry[] = [];
    for (const [key, group] of byDoc(changes, (c) => recordDocKey(c.id))) {
      const doc = await loadDoc(ws, key);
      try {
        const before = Y.encodeStateVector(doc);
        log.push(...applyShardChanges(doc, group, writerOf(actor, at, batchId), customIds));
        await commit(ws, key, doc, before);
      } finally {
        doc.destroy();
      }
    }
    await writeHistory(ws, log);
  }

  /** Companies for conversion, from the projection's company keys (identity rules, like the extension's dedupe index). */
  function companyLookup(ws: string): CompanyLookup {
    const candidate = (reason: 'domain' | 'name') => (c: StoredRecord): CompanyCandidate => ({ id: c.id, name: c.name as string, ...(c.emailDomain ? { emailDomain: c.emailDomain as string } : {}), reason });
    return {
      byId: (id) => {
        const c = deps.projection.get(ws, 'companies', id);
        return c && c.deletedAt === undefined ? { id: c.id, name: c.name as string, emailDomain: c.emailDomain as string | undefined } : undefined;
      },
      byDomain: (d) => deps.projection.companiesBy(ws, 'domain', d).map(candidate('domain')),
      byName: (n) => deps.projection.companiesBy(ws, 'name', n).map(candidate('name')),
    };
  }

  function openTasksOf(ws: string, leadId: string): string[] {
    return deps.projection.tasksRelatedTo(ws, 'leads', leadId).filter((t) => t.status === 'open').map((t) => t.id);
  }

  return writer;
}

export type RecordWriter = ReturnType<typeof createRecordWriter>;

