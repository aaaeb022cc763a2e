import { z } from '../domain/zod.ts';
import { COLLECTIONS, CONFIG_LISTS, WriteProvenance } from '../domain/index.ts';
import { IMPORT_AS, TARGETS } from '../domain/csv/index.ts';
import { ConvertOptionsSchema } from '../domain/lifecycle/conversion.ts';
import { MAX_IMPORT_BYTES } from '../io/decode.ts';

/**
 * Messages between extension pages and the engine (offscreen document / Firefox background).
 * Every message is parsed with zod on arrival; a message that doesn't parse gets a clear
 * error reply and does nothing. Version bumps when a shape changes incompatibly.
 */
export const BRIDGE_VERSION = 1;

const Collection = z.enum(COLLECTIONS as [string, ...string[]]);
const ConfigListName = z.enum(CONFIG_LISTS as [string, ...string[]]);
const Id = z.string().min(1).max(100);
/** Writes may name a batch, so a group of them is undone together ("undo the last action"). */
const Batch = { batchId: Id.optional() };

const ConvertOptions = ConvertOptionsSchema;
export type ConvertOptionsMessage = z.infer<typeof ConvertOptions>;

/** Admin settings operations: each names a store function (src/store/lifecycle/admin.ts). */
export const AdminAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('setLeadsEnabled'), enabled: z.boolean() }),
  z.object({ action: z.literal('setDefaultCurrency'), currency: z.string().max(10) }),
  z.object({ action: z.literal('addItem'), list: ConfigListName, name: z.string().max(300) }),
  z.object({ action: z.literal('renameItem'), list: ConfigListName, id: Id, name: z.string().max(300) }),
  z.object({ action: z.literal('retireItem'), list: ConfigListName, id: Id, retired: z.boolean() }),
  z.object({ action: z.literal('reorderItems'), list: ConfigListName, ids: z.array(Id).max(500), pipelineId: Id.optional() }),
  z.object({ action: z.literal('setCountsAsInteraction'), id: Id, counts: z.boolean() }),
  z.object({ action: z.literal('setDefault'), list: z.enum(['leadStatuses', 'contactTypes']), id: Id }),
  z.object({ action: z.literal('addPipeline'), name: z.string().max(300), stages: z.array(z.object({ name: z.string().max(300), winProbability: z.number() })).max(50) }),
  z.object({ action: z.literal('addStage'), pipelineId: Id, name: z.string().max(300), winProbability: z.number() }),
  z.object({ action: z.literal('setStageProbability'), id: Id, winProbability: z.number() }),
  z.object({ action: z.literal('addCustomField'), input: z.record(z.string(), z.unknown()) }),
  z.object({ action: z.literal('addMember'), id: Id.optional(), name: z.string().max(300).optional(), email: z.string().max(300).optional(), role: z.enum(['admin', 'member', 'viewer']) }),
  z.object({ action: z.literal('setMemberRole'), id: Id, role: z.enum(['admin', 'member', 'viewer']) }),
  z.object({ action: z.literal('removeMember'), id: Id }),
  // Web-to-lead forms: the store validates fields, sources and statuses (addWebForm, updateWebForm).
  z.object({ action: z.literal('addForm'), input: z.record(z.string(), z.unknown()) }),
  z.object({ action: z.literal('updateForm'), id: Id, patch: z.record(z.string(), z.unknown()) }),
]);
export type AdminAction = z.infer<typeof AdminAction>;

/**
 * Import, export, backup (src/io run in the engine, off the page's thread). A file travels as
 * base64 text in one message: runtime messages are JSON, so bytes must be text, and the bytes
 * (not text decoded by the page) let the engine detect UTF-16, BOMs and binary files. No
 * chunking: the engine refuses files over MAX_IMPORT_BYTES (25 MB) anyway, whose base64 (33 MB)
 * fits Chrome's 64 MB message limit; pages refuse a bigger file (a 50 MB export) before reading it.
 */
export const MAX_FILE_BASE64 = Math.ceil(MAX_IMPORT_BYTES / 3) * 4;
/** A backup holds the whole workspace: as big as a message may carry, with room for the envelope. */
export const MAX_BACKUP_CHARS = 60 * 1024 * 1024;
const ImportAs = z.enum(IMPORT_AS as unknown as [string, ...string[]]);
/**
 * A file is sent once: the engine keeps it under the page's `fileId` (src/bridge/io.ts), and
 * every later preview (a mapping changed) and the import name it by id alone. An engine that no
 * longer holds it (restarted, or it made room for a newer file) answers `file-gone`, and the page
 * sends the bytes again.
 */
const ImportFile = z.union([
  z.object({ fileId: Id.optional(), name: z.string().max(500), base64: z.string().max(MAX_FILE_BASE64) }).strict(),
  z.object({ fileId: Id }).strict(),
]);
export type ImportFileMessage = z.infer<typeof ImportFile>;
/** The error code of an import naming a file the engine no longer holds: the page sends it again. */
export const FILE_GONE = 'file-gone';
export const ImportSettings = z.object({
  as: ImportAs,
  mapping: z.array(z.object({
    index: z.number().int().nonnegative(), header: z.string().max(500), target: z.enum(TARGETS).nullable(),
    category: z.string().max(50).optional(), group: z.string().max(100).optional(), customId: Id.optional(),
  }).strict()).max(1000).optional(),
  duplicates: z.enum(['skip', 'update', 'create']),
  batch: z.object({ sourceId: Id.optional(), statusId: Id.optional(), ownerId: Id.optional(), tags: z.array(z.string().min(1).max(100)).max(50).optional() }).strict().optional(),
  encoding: z.string().max(40).optional(),
  previewRows: z.number().int().min(1).max(200).optional(),
}).strict();
export type ImportSettings = z.infer<typeof ImportSettings>;
/** Jobs are named by the page, so it can ask for progress and cancel while the call runs. */
const Job = { jobId: Id };
export const ExportRequest = z.object({
  format: z.enum(['csv', 'vcard']),
  /** Every record type: deals and tasks export as CSV. */
  type: z.enum(['leads', 'people', 'companies', 'opportunities', 'tasks']),
  /** The current filter as the ids the page's table shows; absent: everything. */
  ids: z.array(Id).max(200_000).optional(),
  /** CSV: add where each value came from (`<field>__source`, `__source_date`, `__source_by`). */
  provenance: z.boolean().optional(),
}).strict();
export type ExportRequest = z.infer<typeof ExportRequest>;

/** Duplicates and merge (issue 3): the store's findDuplicates and mergeRecords. */
const DedupeCollection = z.enum(['leads', 'people', 'companies', 'opportunities']);
const MergeChoices = z.record(z.string().max(100), z.enum(['winner', 'loser']));

export const EngineCall = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), collection: Collection, input: z.unknown(), id: z.string().optional(), ...Batch, provenance: WriteProvenance.optional() }),
  z.object({ op: z.literal('update'), collection: Collection, id: z.string(), patch: z.unknown(), ...Batch, provenance: WriteProvenance.optional() }),
  z.object({ op: z.literal('delete'), collection: Collection, id: z.string(), ...Batch }),
  z.object({ op: z.literal('restore'), collection: Collection, id: z.string(), ...Batch }),
  z.object({ op: z.literal('get'), collection: Collection, id: z.string() }),
  z.object({ op: z.literal('fieldHistory'), collection: Collection, id: z.string() }),
  // "Keep current" of a field whose concurrent values were dropped (src/store/conflicts.ts).
  z.object({ op: z.literal('keepCurrent'), collection: Collection, id: Id, field: z.string().min(1).max(200) }),
  z.object({ op: z.literal('logActivity'), input: z.unknown() }),
  z.object({ op: z.literal('config') }),
  z.object({ op: z.literal('admin'), action: AdminAction }),
  z.object({ op: z.literal('companyCandidates'), leadId: Id }),
  z.object({ op: z.literal('convert'), leadId: Id, options: ConvertOptions }),
  z.object({ op: z.literal('undoBatch'), batchId: Id }),
  z.object({ op: z.literal('duplicates'), collection: DedupeCollection, id: Id }),
  z.object({ op: z.literal('merge'), collection: DedupeCollection, winnerId: Id, loserId: Id, choices: MergeChoices }),
  z.object({ op: z.literal('importPreview'), ...Job, file: ImportFile, settings: ImportSettings }),
  z.object({ op: z.literal('importRun'), ...Job, file: ImportFile, settings: ImportSettings, confirmInvalid: z.boolean() }),
  z.object({ op: z.literal('importProgress'), ...Job }),
  z.object({ op: z.literal('importCancel'), ...Job }),
  z.object({ op: z.literal('exportRecords'), request: ExportRequest }),
  z.object({ op: z.literal('backup') }),
  z.object({ op: z.literal('restoreBackup'), text: z.string().max(MAX_BACKUP_CHARS), merge: z.boolean() }),
  z.object({ op: z.literal('status') }),
  // Changes the relay refused for this member's role, kept on this device (all, or one record's); dismissed by id.
  z.object({ op: z.literal('refusedChanges'), record: z.object({ type: Collection, id: z.string().min(1).max(200) }).optional() }),
  z.object({ op: z.literal('dismissRefused'), ids: z.array(z.string().min(1).max(2000)).max(1000) }),
  z.object({ op: z.literal('ping') }),
  // A page says which records it shows ("leads:ID"); the answer names the teammates viewing each.
  z.object({ op: z.literal('presence'), page: z.string().min(1).max(64), viewing: z.array(z.string().max(200)).max(20) }),
]);
export type EngineCall = z.infer<typeof EngineCall>;
export type EngineOp = EngineCall['op'];

/**
 * `ws`: the workspace the calling page shows. The engine refuses a call meant for another
 * workspace (`WORKSPACE_CHANGED`): a page opened before a switch must not read from or write
 * into the workspace that replaced its own.
 */
export const EngineRequest = z.object({ target: z.literal('engine'), v: z.literal(BRIDGE_VERSION), ws: z.string().min(1).max(200).optional(), call: EngineCall });
/** The error code of a call made for a workspace the engine no longer runs. */
export const WORKSPACE_CHANGED = 'workspace-changed';
export type EngineRequest = z.infer<typeof EngineRequest>;

export type ErrorReply = { ok: false; error: { code: string; message: string; issues?: { path: string; message: string }[] } };
export type EngineReply<T = unknown> = { ok: true; value: T } | ErrorReply;

/** Turns any thrown error into a reply the UI can show next to what caused it. */
export function errorReply(e: unknown): ErrorReply {
  const err = e as { code?: string; message?: string; issues?: { path: string; message: string }[]; path?: string };
  // A RuleError names one field: carry it as an issue so the UI puts the message next to it.
  const issues = err?.issues ?? (typeof err?.path === 'string' && err.path ? [{ path: err.path, message: err.message ?? String(e) }] : undefined);
  return { ok: false, error: { code: err?.code ?? 'error', message: err?.message ?? String(e), ...(issues ? { issues } : {}) } };
}

/** An error on the calling side, carrying the engine's code and field issues. */
export class EngineError extends Error {
  constructor(readonly code: string, message: string, readonly issues: { path: string; message: string }[] = []) {
    super(message);
    this.name = 'EngineError';
  }
}
