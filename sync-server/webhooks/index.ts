import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordEventSource } from '../events/record-events.ts';
import type { Metrics } from '../metrics.ts';
import type { Storage } from '../storage/types.ts';
import { HttpError } from '../http/respond.ts';
import { createDispatcher } from './dispatcher.ts';
import { handleWebhookAdmin } from './http.ts';
import type { WebhookOptions } from './options.ts';
import { openQueue, QueueUnavailableError } from './queue.ts';
import { createSubscriptions } from './subscriptions.ts';
import { createTargetPolicy, type Resolver } from './target-policy.ts';

export const WEBHOOK_DB_FILE = 'webhooks.sqlite';

export type WebhooksDeps = {
  /** The queue's file; `:memory:` when the relay runs on injected storage (tests, benchmarks). */
  dbPath: string;
  storage: Storage;
  events: RecordEventSource;
  options: WebhookOptions;
  metrics?: Metrics;
  log: (line: string) => void;
  resolve?: Resolver;
};

export type Webhooks = {
  handleAdmin(req: IncomingMessage, res: ServerResponse, workspaceId: string, path: string[]): Promise<void>;
  /** Resolves once every event seen so far is queued (tests). */
  flushed(): Promise<void>;
  pendingCount(): number;
  close(): Promise<void>;
};

export const webhookDbPath = (dataDir: string, injectedStorage: boolean) => (injectedStorage ? ':memory:' : join(dataDir, WEBHOOK_DB_FILE));

/** Throws on a malformed allow-list entry: the relay checks this before it opens anything. */
export function checkWebhookOptions(options: WebhookOptions) {
  createTargetPolicy(options.allow);
}

/** Subscriptions (admin API), the durable queue and its dispatcher, wired to the relay's record events. */
export async function openWebhooks(deps: WebhooksDeps): Promise<Webhooks> {
  const policy = createTargetPolicy(deps.options.allow, { resolve: deps.resolve });
  let queue: Awaited<ReturnType<typeof openQueue>>;
  try {
    queue = await openQueue(deps.dbPath);
  } catch (error) {
    if (!(error instanceof QueueUnavailableError)) throw error;
    deps.log(`webhooks disabled: ${error.message}`);
    const message = error.message;
    return {
      handleAdmin: async () => {
        throw new HttpError(501, message);
      },
      flushed: async () => {},
      pendingCount: () => 0,
      close: async () => {},
    };
  }
  const subscriptions = createSubscriptions(deps.storage);
  const dispatcher = createDispatcher({ queue, subscriptions, policy, options: deps.options, metrics: deps.metrics, log: deps.log });
  const unlisten = dispatcher.listen(deps.events);
  deps.metrics?.gauge('outpost_webhook_pending', () => queue.pendingCount());
  dispatcher.start();
  return {
    handleAdmin: (req, res, workspaceId, path) => handleWebhookAdmin(req, res, workspaceId, path, { subscriptions, queue, policy, dispatcher, rotationGraceSeconds: deps.options.rotationGraceSeconds }),
    flushed: () => dispatcher.flushed(),
    pendingCount: () => queue.pendingCount(),
    async close() {
      unlisten();
      await dispatcher.close();
      queue.close();
    },
  };
}
