import type { Limits } from './options.ts';
import type { Metrics } from './metrics.ts';
import type { DurableWriter } from './storage/durable-writer.ts';
import type { Connection } from './rooms/connection.ts';

/** What connections and rooms share inside one relay process. */
export type RelayContext = {
  limits: Limits;
  metrics: Metrics;
  writer: DurableWriter;
  log: (line: string) => void;
  onConnectionClosed(conn: Connection): void;
};
