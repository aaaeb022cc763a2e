import type { Limits } from './options.ts';
import type { Metrics } from './metrics.ts';
import type { DurableWriter } from './storage/durable-writer.ts';
import type { Connection } from './rooms/connection.ts';
import type { RoomManager } from './rooms/room-manager.ts';
import type { LegacyDocName } from './protocol.ts';
import type { RecordEventBus } from './events/record-events.ts';
import type { Foreground } from './foreground.ts';
import type { MemberInboundBudget } from './rooms/member-inbound.ts';

/** What connections and rooms share inside one relay process. */
export type RelayContext = {
  limits: Limits;
  metrics: Metrics;
  writer: DurableWriter;
  rooms: RoomManager;
  /** An upgraded client's old-layout doc (see rooms/legacy.ts). */
  legacyPush(workspaceId: string, name: LegacyDocName, update: Uint8Array): Promise<void>;
  log: (line: string) => void;
  /** Record changes derived by the API's projection (sync-server/projection); webhooks subscribe. */
  events: RecordEventBus;
  /** Work someone waits on (sync answers, acks, requests): background work holds back for it. */
  foreground: Foreground;
  onConnectionClosed(conn: Connection): void;
  /** Each member's inbound bytes per second (`limits.memberBytesPerSecond`): slows a flooding member's sockets. */
  memberInbound: MemberInboundBudget;
  /** The relay's clock (`RelayOptions.clock`) in epoch ms: per-connection rates refill on it. */
  now(): number;
};
