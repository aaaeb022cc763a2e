import type { Storage, StoredUpdate } from './types.ts';

/**
 * Group commit: updates that arrive while a batch is being flushed wait for the next batch, so
 * one fsync covers many writers. `whenFlushed()` resolves once everything enqueued so far is on
 * disk; promises resolve in enqueue order, which keeps each connection's acks monotonic.
 */
export type DurableWriter = {
  enqueue(entry: StoredUpdate): Promise<void>;
  whenFlushed(): Promise<void>;
  readonly pendingCount: number;
  close(): Promise<void>;
};

export type DurableWriterOptions = {
  storage: Storage;
  onFlushed?: (batch: StoredUpdate[]) => void;
  /** The batch was not stored (a full disk, Redis refusing writes): whoever believed it stored must stop. */
  onError?: (error: unknown, batch: StoredUpdate[]) => void;
};

export function createDurableWriter({ storage, onFlushed, onError }: DurableWriterOptions): DurableWriter {
  let queue: StoredUpdate[] = [];
  let next = deferred();
  let inFlight: Promise<void> = Promise.resolve();
  let current: Promise<void> = Promise.resolve();
  let flushing = false;

  const flushLoop = async () => {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue;
      const done = next;
      queue = [];
      next = deferred();
      current = done.promise;
      try {
        await storage.append(batch);
        onFlushed?.(batch);
        done.resolve();
      } catch (error) {
        onError?.(error, batch);
        done.reject(error);
        // Its writers learn of the failure through `done`; a later waiter with nothing queued has
        // nothing unstored to wait for (else every ack would fail until the next write is stored).
        current = Promise.resolve();
      }
    }
    flushing = false;
  };

  const schedule = () => {
    if (!flushing) inFlight = flushLoop();
  };

  return {
    enqueue(entry) {
      queue.push(entry);
      const p = next.promise;
      schedule();
      return p;
    },
    whenFlushed() {
      return queue.length > 0 ? next.promise : current;
    },
    get pendingCount() {
      return queue.length;
    },
    async close() {
      await inFlight.catch(() => {});
      while (flushing || queue.length) await inFlight.catch(() => {});
    },
  };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // a failed batch is reported through the writers that await it
  return { promise, resolve, reject };
}
