import { z } from '../domain/zod.ts';
import { COLLECTIONS, CONFIG_LISTS } from '../domain/index.ts';

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

const ConvertOptions = z.object({
  contactTypeId: Id.optional(),
  ownerId: Id.optional(),
  company: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('auto') }),
    z.object({ mode: z.literal('new'), name: z.string().max(300).optional() }),
    z.object({ mode: z.literal('existing'), id: Id }),
    z.object({ mode: z.literal('none') }),
  ]).optional(),
  opportunity: z.union([z.literal(false), z.object({
    name: z.string().max(300).optional(),
    pipelineId: Id.optional(),
    stageId: Id.optional(),
    monetaryValue: z.number().finite().nonnegative().optional(),
    currency: z.string().max(3).optional(),
    closeDate: z.string().max(10).optional(),
    priority: z.enum(['none', 'low', 'medium', 'high']).optional(),
  })]).optional(),
}).strict();
export type ConvertOptionsMessage = z.infer<typeof ConvertOptions>;

/** Admin settings operations: each names a store function (src/store/lifecycle/admin.ts). */
export const AdminAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('setLeadsEnabled'), enabled: z.boolean() }),
  z.object({ action: z.literal('addItem'), list: ConfigListName, name: z.string().max(300) }),
  z.object({ action: z.literal('renameItem'), list: ConfigListName, id: Id, name: z.string().max(300) }),
  z.object({ action: z.literal('retireItem'), list: ConfigListName, id: Id, retired: z.boolean() }),
  z.object({ action: z.literal('reorderItems'), list: ConfigListName, ids: z.array(Id).max(500), pipelineId: Id.optional() }),
  z.object({ action: z.literal('setDefault'), list: z.enum(['leadStatuses', 'contactTypes']), id: Id }),
  z.object({ action: z.literal('addPipeline'), name: z.string().max(300), stages: z.array(z.object({ name: z.string().max(300), winProbability: z.number() })).max(50) }),
  z.object({ action: z.literal('addStage'), pipelineId: Id, name: z.string().max(300), winProbability: z.number() }),
  z.object({ action: z.literal('setStageProbability'), id: Id, winProbability: z.number() }),
  z.object({ action: z.literal('addCustomField'), input: z.record(z.string(), z.unknown()) }),
  z.object({ action: z.literal('addMember'), name: z.string().max(300).optional(), email: z.string().max(300).optional(), role: z.enum(['admin', 'member', 'viewer']) }),
  z.object({ action: z.literal('setMemberRole'), id: Id, role: z.enum(['admin', 'member', 'viewer']) }),
  z.object({ action: z.literal('removeMember'), id: Id }),
]);
export type AdminAction = z.infer<typeof AdminAction>;

export const EngineCall = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), collection: Collection, input: z.unknown(), id: z.string().optional(), ...Batch }),
  z.object({ op: z.literal('update'), collection: Collection, id: z.string(), patch: z.unknown(), ...Batch }),
  z.object({ op: z.literal('delete'), collection: Collection, id: z.string(), ...Batch }),
  z.object({ op: z.literal('restore'), collection: Collection, id: z.string(), ...Batch }),
  z.object({ op: z.literal('get'), collection: Collection, id: z.string() }),
  z.object({ op: z.literal('fieldHistory'), collection: Collection, id: z.string() }),
  z.object({ op: z.literal('logActivity'), input: z.unknown() }),
  z.object({ op: z.literal('config') }),
  z.object({ op: z.literal('admin'), action: AdminAction }),
  z.object({ op: z.literal('companyCandidates'), leadId: Id }),
  z.object({ op: z.literal('convert'), leadId: Id, options: ConvertOptions }),
  z.object({ op: z.literal('undoBatch'), batchId: Id }),
  z.object({ op: z.literal('status') }),
  z.object({ op: z.literal('ping') }),
  // A page says which records it shows ("leads:ID"); the answer names the teammates viewing each.
  z.object({ op: z.literal('presence'), page: z.string().min(1).max(64), viewing: z.array(z.string().max(200)).max(20) }),
]);
export type EngineCall = z.infer<typeof EngineCall>;
export type EngineOp = EngineCall['op'];

export const EngineRequest = z.object({ target: z.literal('engine'), v: z.literal(BRIDGE_VERSION), call: EngineCall });
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
