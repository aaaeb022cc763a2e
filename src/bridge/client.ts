import type { Collection, RecordOf } from '../domain/index.ts';
import { BRIDGE_VERSION, EngineError, type EngineCall, type EngineReply } from './protocol.ts';

export type Send = (message: unknown) => Promise<unknown>;

/**
 * What the UI calls to write: the repository's operations, carried to the engine by messages.
 * `send` is injected (browser.runtime.sendMessage in pages, a direct call in tests).
 */
export class EngineClient {
  constructor(private send: Send) {}

  async call<T = unknown>(call: EngineCall): Promise<T> {
    const reply = (await this.send({ target: 'engine', v: BRIDGE_VERSION, call })) as EngineReply<T> | undefined;
    if (!reply) throw new EngineError('unavailable', 'The Outpost engine is not running. Reload the extension.');
    if (!reply.ok) throw new EngineError(reply.error.code, reply.error.message, reply.error.issues);
    return reply.value;
  }

  create<C extends Collection>(collection: C, input: unknown, id?: string) {
    return this.call<RecordOf<C>>({ op: 'create', collection, input, id });
  }
  update<C extends Collection>(collection: C, id: string, patch: unknown) {
    return this.call<RecordOf<C>>({ op: 'update', collection, id, patch });
  }
  delete(collection: Collection, id: string) {
    return this.call<null>({ op: 'delete', collection, id });
  }
  restore(collection: Collection, id: string) {
    return this.call<null>({ op: 'restore', collection, id });
  }
  get<C extends Collection>(collection: C, id: string) {
    return this.call<RecordOf<C> | null>({ op: 'get', collection, id });
  }
  logActivity(input: unknown) {
    return this.call({ op: 'logActivity', input });
  }
}
