import type { Collection, RecordOf, WriteProvenance } from '../domain/index.ts';
import { BRIDGE_VERSION, EngineError, type AdminAction, type ConvertOptionsMessage, type EngineCall, type EngineReply } from './protocol.ts';

export type Send = (message: unknown) => Promise<unknown>;
type Opts = { batchId?: string; provenance?: WriteProvenance };

/**
 * What the UI calls to write: the repository's operations, carried to the engine by messages.
 * `send` is injected (browser.runtime.sendMessage in pages, a direct call in tests).
 */
export class EngineClient {
  /** `workspaceId`: the workspace this page shows; the engine refuses the calls once it runs another. */
  constructor(private send: Send, private workspaceId?: string) {}

  async call<T = unknown>(call: EngineCall): Promise<T> {
    const reply = (await this.send({ target: 'engine', v: BRIDGE_VERSION, ...(this.workspaceId ? { ws: this.workspaceId } : {}), call })) as EngineReply<T> | undefined;
    if (!reply) throw new EngineError('unavailable', 'The Outpost engine is not running. Reload the extension.');
    if (!reply.ok) throw new EngineError(reply.error.code, reply.error.message, reply.error.issues);
    return reply.value;
  }

  create<C extends Collection>(collection: C, input: unknown, id?: string, opts: Opts = {}) {
    return this.call<RecordOf<C>>({ op: 'create', collection, input, id, ...opts });
  }
  update<C extends Collection>(collection: C, id: string, patch: unknown, opts: Opts = {}) {
    return this.call<RecordOf<C>>({ op: 'update', collection, id, patch, ...opts });
  }
  delete(collection: Collection, id: string, opts: Opts = {}) {
    return this.call<null>({ op: 'delete', collection, id, ...opts });
  }
  restore(collection: Collection, id: string, opts: Opts = {}) {
    return this.call<null>({ op: 'restore', collection, id, ...opts });
  }
  get<C extends Collection>(collection: C, id: string) {
    return this.call<RecordOf<C> | null>({ op: 'get', collection, id });
  }
  logActivity(input: unknown) {
    return this.call({ op: 'logActivity', input });
  }
  config<T = unknown>() {
    return this.call<T>({ op: 'config' });
  }
  admin(action: AdminAction) {
    return this.call({ op: 'admin', action });
  }
  companyCandidates<T = unknown>(leadId: string) {
    return this.call<T>({ op: 'companyCandidates', leadId });
  }
  convert<T = unknown>(leadId: string, options: ConvertOptionsMessage) {
    return this.call<T>({ op: 'convert', leadId, options });
  }
  undoBatch<T = unknown>(batchId: string) {
    return this.call<T>({ op: 'undoBatch', batchId });
  }
  fieldHistory<T = unknown>(collection: Collection, id: string) {
    return this.call<T>({ op: 'fieldHistory', collection, id });
  }
}
