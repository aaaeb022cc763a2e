import type { Collection } from './records.ts';
import type { DocKey } from './routing.ts';

/**
 * A change of this device's that the relay refused for the writer's role (a viewer, a member
 * demoted while offline) and will never take: kept on this device, apart from the docs (which
 * take the team's state instead), so the user sees what the team has and can still copy what
 * they wrote. Never synced (src/store/refused.ts keeps them; the record page shows them).
 */
export type RefusedChange = {
  /** The doc, the stored key and the item's id: the same refused write is kept once. */
  id: string;
  docKey: DocKey;
  /** When the relay refused it (epoch ms). */
  at: number;
  /** The relay's words ("Viewers cannot change this workspace."). */
  reason: string;
  /** The record it was written on (an activity's: its parent). */
  record: { type: Collection; id: string };
  /** A field set; a record made here only (`value`: the record); moved to the trash; an activity logged (`value`: it). */
  kind: 'field' | 'created' | 'deleted' | 'activity';
  /** For `field`: the stored field (`title`, `cf.<id>` for a custom one). */
  field?: string;
  value: unknown;
};
