import type { Duplex } from 'node:stream';
import type { Metrics } from '../metrics.ts';

/** What one upgraded socket reports to the budget; `stop` when it closes. */
export type InboundTracker = {
  /** A whole message of `length` payload bytes reached the relay: `ws` no longer holds it. */
  delivered(length: number): void;
  stop(): void;
};

/** Header bytes of one unfragmented client frame (always masked, no extensions: the relay offers none). */
const frameHeaderBytes = (length: number) => 2 + 4 + (length < 126 ? 0 : length < 65_536 ? 2 : 8);

/**
 * Bytes being received, relay-wide. `ws` buffers an inbound frame whole (up to `maxFrameBytes`)
 * before the relay sees it, so sockets that each send most of a large frame and stop would hold
 * sockets × maxFrameBytes, and `connectionsPerIp` bounds only one address. Each upgraded socket
 * counts what it read since its last whole message; when the sum passes `total`, the socket
 * holding the most is closed (`evict`) until the sum fits. A small honest frame is never the
 * largest while a large one is held.
 *
 * The count is taken from the TCP socket's `data` events, listened to after `ws`'s own listener:
 * messages a chunk completes are delivered (and subtracted) before the chunk is added, so the
 * count is exact up to the headers of fragmented frames.
 */
export function createInboundBudget({ total, metrics }: { total: number; metrics: Metrics }) {
  const held = new Map<symbol, { bytes: number; evict: () => void }>();
  let sum = 0;

  const release = (id: symbol) => {
    const entry = held.get(id);
    if (!entry) return;
    sum -= entry.bytes;
    held.delete(id);
  };

  const fit = () => {
    while (sum > total) {
      let largest: symbol | undefined;
      for (const [id, e] of held) if (!largest || e.bytes > held.get(largest)!.bytes) largest = id;
      if (!largest) return;
      const { evict } = held.get(largest)!;
      release(largest);
      metrics.inc('outpost_refusals_total', 1, { reason: 'inbound-budget' });
      evict();
    }
  };

  metrics.gauge('outpost_inbound_bytes', () => sum);

  return {
    /** Counts `socket` (already handed to `ws`) until `stop`; `evict` closes it when it holds the most past the budget. */
    track(socket: Duplex, evict: () => void): InboundTracker {
      const id = Symbol('inbound');
      const entry = { bytes: 0, evict };
      held.set(id, entry);
      const onData = (chunk: Buffer) => {
        if (!held.has(id)) return;
        const before = Math.max(0, entry.bytes);
        // Negative in between: messages this chunk completed were delivered before it is added here.
        entry.bytes = Math.max(0, entry.bytes + chunk.length);
        sum += entry.bytes - before;
        fit();
      };
      socket.on('data', onData);
      return {
        delivered(length) {
          if (!held.has(id)) return;
          const before = Math.max(0, entry.bytes);
          entry.bytes -= length + frameHeaderBytes(length);
          sum -= before - Math.max(0, entry.bytes);
        },
        stop() {
          socket.off('data', onData);
          release(id);
        },
      };
    },
    get size() {
      return sum;
    },
  };
}
export type InboundBudget = ReturnType<typeof createInboundBudget>;
