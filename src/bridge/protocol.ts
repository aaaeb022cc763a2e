import { z } from '../domain/zod.ts';
import { COLLECTIONS } from '../domain/index.ts';

/**
 * Messages between extension pages and the engine (offscreen document / Firefox background).
 * Every message is parsed with zod on arrival; a message that doesn't parse gets a clear
 * error reply and does nothing. Version bumps when a shape changes incompatibly.
 */
export const BRIDGE_VERSION = 1;

const Collection = z.enum(COLLECTIONS as [string, ...string[]]);

export const EngineCall = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), collection: Collection, input: z.unknown(), id: z.string().optional() }),
  z.object({ op: z.literal('update'), collection: Collection, id: z.string(), patch: z.unknown() }),
  z.object({ op: z.literal('delete'), collection: Collection, id: z.string() }),
  z.object({ op: z.literal('restore'), collection: Collection, id: z.string() }),
  z.object({ op: z.literal('get'), collection: Collection, id: z.string() }),
  z.object({ op: z.literal('fieldHistory'), collection: Collection, id: z.string() }),
  z.object({ op: z.literal('logActivity'), input: z.unknown() }),
  z.object({ op: z.literal('status') }),
  z.object({ op: z.literal('ping') }),
]);
export type EngineCall = z.infer<typeof EngineCall>;
export type EngineOp = EngineCall['op'];

export const EngineRequest = z.object({ target: z.literal('engine'), v: z.literal(BRIDGE_VERSION), call: EngineCall });
export type EngineRequest = z.infer<typeof EngineRequest>;

export type ErrorReply = { ok: false; error: { code: string; message: string; issues?: { path: string; message: string }[] } };
export type EngineReply<T = unknown> = { ok: true; value: T } | ErrorReply;

/** Turns any thrown error into a reply the UI can show next to what caused it. */
export function errorReply(e: unknown): ErrorReply {
  const err = e as { code?: string; message?: string; issues?: { path: string; message: string }[] };
  return { ok: false, error: { code: err?.code ?? 'error', message: err?.message ?? String(e), ...(err?.issues ? { issues: err.issues } : {}) } };
}

/** An error on the calling side, carrying the engine's code and field issues. */
export class EngineError extends Error {
  constructor(readonly code: string, message: string, readonly issues: { path: string; message: string }[] = []) {
    super(message);
    this.name = 'EngineError';
  }
}
