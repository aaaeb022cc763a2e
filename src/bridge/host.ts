import type { Engine } from '../store/engine.ts';
import { isSeeded, readConfig } from '../store/config-store.ts';
import { batchHistory, undoBatch } from '../store/undo.ts';
import { warmDedupeIndex } from '../store/lifecycle/dedupe-index.ts';
import { leadTaskIds } from '../store/lifecycle/conversion.ts';
import { mergeCandidates } from '../store/lifecycle/merge-candidates.ts';
import { EngineRequest, WORKSPACE_CHANGED, errorReply, type EngineCall, type EngineReply } from './protocol.ts';
import { candidatesFor, convertLead, duplicatesOf, merge, runAdmin } from './lifecycle.ts';
import { backupText, cancelImport, exportRecords, importPreview, importProgress, importRun, restoreBackup } from './io.ts';
import type { Presence } from '../sync/index.ts';
import { convertOwner, MAKER_FIELD, ownedByMaker } from '../domain/ownership.ts';
import type { Collection } from '../domain/index.ts';

/** What the engine's home adds for a team workspace: the relay's status line, presence, and the config's first sync. */
export type EngineContext = {
  syncStatus?: () => string;
  presence?: Presence;
  /** Resolves when the `config` doc first synced with the relay (a member's config comes from there). */
  configSynced?: Promise<unknown>;
  /** When (epoch ms) the relay connection's first sync reached each step (WorkspaceConnection.marks). */
  syncMarks?: () => Record<string, number>;
  /** How many engines the Worker has run, this one included: more than 1 after a workspace switch kept the Worker. */
  workerEngines?: number;
};
type Ctx = EngineContext;
type Handlers = { [K in EngineCall['op']]: (engine: Engine, call: Extract<EngineCall, { op: K }>, ctx: Ctx) => unknown };

/** The workspace's dedupe index, made from the read model once the engine is ready. */
const dedupeReady = async (e: Engine) => { await e.ready; await warmDedupeIndex(e.docs, e.db, () => e.projector.flush()); };

/**
 * The one door every record a member makes in the extension comes through (the side panel's
 * capture and New, the dashboard, Known here, a record page's task, the context menu's "Add
 * selection as lead", Convert): a record whose input names no owner (a task: no assignee) is its
 * maker's, the domain's `ownedByMaker`. Each screen passed its own maker, read from a config that
 * may not have come yet, and the context menu passed none: its leads read "No owner".
 */
// Anything but a plain object goes on as it came, for the store's validation to refuse it.
const made = (e: Engine, collection: string, input: unknown) => (input && typeof input === 'object' && !Array.isArray(input) && collection in MAKER_FIELD
  ? ownedByMaker(collection as Collection, input as Record<string, unknown>, e.repo.actor.memberId) : input);

/** What Convert makes: the owner asked for, else the lead's, else the member converting (the maker). */
const convertedOwner = (e: Engine, leadId: string, asked?: string) => convertOwner(asked, e.repo.get('leads', leadId)?.ownerId, e.repo.actor.memberId);

/** The engine's message handlers: a map of named handlers, not a switch. */
const handlers: Handlers = {
  create: (e, c) => e.repo.create(c.collection as never, made(e, c.collection, c.input), { id: c.id, batchId: c.batchId, provenance: c.provenance }),
  // A record the relay's refusal took away: what was typed is kept Not saved (`kept-edits.ts`).
  update: (e, c) => e.edits.update(c.collection as never, c.id, c.patch, { batchId: c.batchId, provenance: c.provenance }),
  delete: (e, c) => e.edits.delete(c.collection as never, c.id, { batchId: c.batchId }),
  restore: (e, c) => e.repo.restore(c.collection as never, c.id, { batchId: c.batchId }),
  // Before the docs have loaded every record would read as missing: wait rather than say "not found".
  get: async (e, c) => { await e.ready; return e.repo.get(c.collection as never, c.id) ?? null; },
  fieldHistory: async (e, c) => { await e.ready; await e.activitiesLoaded; return e.repo.fieldHistory(c.collection as never, c.id); },
  logActivity: (e, c) => e.edits.logActivity(c.input),
  keepCurrent: (e, c) => e.repo.keepCurrent(c.collection as never, c.id, c.field),
  config: async (e) => {
    await e.ready; // a member's config arrives from the relay; an admin's is seeded at load
    return { ...readConfig(e.docs.config), me: { memberId: e.repo.actor.memberId, role: e.repo.actor.role } };
  },
  admin: (e, c) => runAdmin(e.repo, c.action),
  // Company candidates come from the dedupe index, made from the read model (no shard loaded).
  companyCandidates: async (e, c) => { await dedupeReady(e); return candidatesFor(e.repo, c.leadId); },
  // The lead's tasks come from the read model's task links: no scan of every record shard.
  convert: async (e, c) => { await dedupeReady(e); await e.projector.flush(); return convertLead(e.repo, c.leadId, { ...c.options, ownerId: convertedOwner(e, c.leadId, c.options.ownerId) }, await leadTaskIds(e.db, c.leadId)); },
  // The batch's entries come from the read model's history: only the record shards it touched load.
  undoBatch: async (e, c) => { await e.ready; await e.projector.flush(); return undoBatch(e.repo, c.batchId, await batchHistory(e.db, c.batchId)); },
  // The dedupe index is made once from the read model's rows: a lookup loads no shard.
  duplicates: async (e, c) => { await dedupeReady(e); return duplicatesOf(e.repo, c.collection, c.id); },
  // References to the loser come from the read model: only their shards load, not every record shard.
  merge: async (e, c) => { await e.ready; await e.projector.flush(); return merge(e.repo, c.collection, c.winnerId, c.loserId, c.choices, await mergeCandidates(e.db, c.collection, c.loserId)); },
  // Imports and exports read the whole workspace (duplicates, backup): wait until it has loaded.
  // Existing records come from the read model: the docs would load every record shard.
  importPreview: async (e, c) => { await e.ready; return importPreview(e.repo, c.jobId, c.file, c.settings, (t) => e.liveRecords(t)); },
  // Answered once its docs are durable; its read-model rows are written after (Engine.bulkWrite).
  importRun: async (e, c) => { await e.ready; return e.bulkWrite(() => importRun(e.repo, c.jobId, c.file, c.settings, c.confirmInvalid, (t) => e.liveRecords(t))); },
  importProgress: (_e, c) => importProgress(c.jobId),
  importCancel: (_e, c) => cancelImport(c.jobId),
  exportRecords: async (e, c) => { await e.ready; return exportRecords(e.repo, c.request); },
  backup: async (e) => { await e.ready; await e.activitiesLoaded; return backupText(e.docs, e.options.workspaceId); },
  restoreBackup: async (e, c) => { await e.ready; await e.activitiesLoaded; return restoreBackup(e.repo, c.text, c.merge); },
  status: async (e, _c, ctx) => ({
    ready: await Promise.race([e.ready.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 0))]),
    // How this start found the read model (current, caught up, or rebuilt): absent until ready.
    readModel: await Promise.race([e.ready.then((r) => r.readModel), new Promise<undefined>((r) => setTimeout(() => r(undefined), 0))]),
    sync: ctx.syncStatus?.() ?? 'Local only: this workspace lives on this device',
    // Rows the engine has saved but the read model does not list yet (an import's, after its answer).
    ...(e.projector.backlog ? { indexing: e.projector.backlog } : {}),
    // Where a start and a join spent their time (epoch ms; benchmarks print them).
    ...(ctx.workerEngines ? { workerEngines: ctx.workerEngines } : {}),
    marks: { engine: e.startedAt, ...Object.fromEntries(Object.entries(e.timings).map(([k, ms]) => [k, Math.round(e.startedAt + ms)])), ...ctx.syncMarks?.() },
  }),
  refusedChanges: async (e, c) => (await e.refused?.list(c.record as never)) ?? [],
  dismissRefused: async (e, c) => { await e.refused?.dismiss(c.ids); },
  ping: () => 'pong',
  // Local only (no relay): nobody else can be viewing.
  presence: (_e, c, ctx) => ctx.presence?.view(c.page, c.viewing) ?? Object.fromEntries(c.viewing.map((r) => [r, []])),
};

/** A member's config comes from the relay: don't hold a write longer than this waiting for it. */
const CONFIG_WAIT_MS = 5000;

/** Writes answer once durable in IndexedDB, so "saved" in the UI means saved. */
const WRITES = new Set<EngineCall['op']>(['create', 'update', 'delete', 'restore', 'logActivity', 'keepCurrent', 'admin', 'convert', 'undoBatch', 'merge', 'importRun', 'restoreBackup']);
/**
 * An import is saved once its docs are durable: it answers then, and its thousands of read-model
 * rows land after the answer (lists and counts fill as they do) instead of holding it. Every
 * other write answers once the read model has it too, so the screen that made it shows it.
 */
const ANSWER_WHEN_DURABLE = new Set<EngineCall['op']>(['importRun']);

/**
 * Handles one message from another extension page. `trusted` is the caller's check of the
 * sender (an extension page of ours, never a content script or a web page).
 */
export async function handleEngineMessage(engine: Engine, message: unknown, trusted: boolean, ctx: EngineContext = {}): Promise<EngineReply | undefined> {
  if (!message || typeof message !== 'object' || (message as { target?: unknown }).target !== 'engine') return undefined;
  if (!trusted) return { ok: false, error: { code: 'forbidden', message: 'Only Outpost pages may talk to the engine.' } };
  const parsed = EngineRequest.safeParse(message);
  if (!parsed.success) return { ok: false, error: { code: 'bad-message', message: `Malformed engine message: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` } };
  if (parsed.data.ws !== undefined && parsed.data.ws !== engine.options.workspaceId) {
    return { ok: false, error: { code: WORKSPACE_CHANGED, message: 'Outpost switched to another workspace since this page opened: reload the page. Nothing was changed.' } };
  }
  try {
    const call = parsed.data.call;
    // A write names statuses, sources, stages…: validating it needs the config, which is small
    // and loads first. Before it has loaded, such a write would be refused as "unknown source".
    // A member's config is not on this device until the relay's first sync: wait for that too.
    if (WRITES.has(call.op) && !isSeeded(engine.docs.config)) {
      const configLoaded = engine.ready.then(() => (isSeeded(engine.docs.config) ? undefined : ctx.configSynced));
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([configLoaded, new Promise((r) => { timer = setTimeout(r, CONFIG_WAIT_MS); })]);
      clearTimeout(timer);
    }
    // Shards load on demand: the engine runs the handler with the shards it turns out to need.
    const value = await engine.run(() => (handlers[call.op] as (e: Engine, c: EngineCall, ctx: Ctx) => unknown)(engine, call, ctx));
    if (ANSWER_WHEN_DURABLE.has(call.op)) await engine.durable();
    else if (WRITES.has(call.op)) await engine.settle();
    return { ok: true, value: value === undefined ? null : value };
  } catch (e) {
    return errorReply(e);
  }
}
