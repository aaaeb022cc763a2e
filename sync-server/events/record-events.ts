/**
 * Record change events on the relay: what the API projection (sync-server/projection) derives
 * from each applied update, and what webhooks (sync-server/webhooks) deliver.
 *
 * One bus per relay process. With Redis fan-out every process keeps its own projection and so
 * sees every change; only the process that first stored an update emits events for it
 * (`origin: 'local'`), so a webhook fires once per change, not once per process.
 */
import type { Collection } from '../../src/domain/records.ts';

export type RecordEventType = 'created' | 'updated' | 'deleted' | 'restored' | 'converted' | 'stage_changed';

export type RecordEvent = {
  /** Stable for one change of one record: a retried delivery carries the same id. */
  id: string;
  workspaceId: string;
  type: RecordEventType;
  collection: Collection | 'activities';
  recordId: string;
  /** When the relay observed the change (ms since epoch). */
  at: number;
  /** The record after the change (null once purged). */
  record: Record<string, unknown> | null;
  /** The record before the change (null when created). */
  previous: Record<string, unknown> | null;
  /** Field names whose value changed (empty for created/deleted). */
  changedFields: string[];
  origin: 'local' | 'fanout';
};

export type RecordEventListener = (event: RecordEvent) => void;

export interface RecordEventSource {
  subscribe(listener: RecordEventListener): () => void;
}

export class RecordEventBus implements RecordEventSource {
  private readonly listeners = new Set<RecordEventListener>();

  subscribe(listener: RecordEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: RecordEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not stop the others or the write that caused the event.
      }
    }
  }
}
