import type { WorkspaceConfig } from '../ports.ts';
import { memberName } from '../models/members.ts';
import { PersonChip } from '../ds/index.ts';

/**
 * Who owns a record, as a chip (record header, board card). A record without an owner says so
 * (`unset`: "No owner", "Unassigned"); a record with one, before the workspace's members have
 * loaded, shows a placeholder: not an empty chip, and not "No owner", which would be untrue.
 */
export function OwnerChip({ config, id, unset }: { config: WorkspaceConfig | null; id: unknown; unset: string }) {
  if (typeof id !== 'string' || !id) return <span class="muted owner-unset">{unset}</span>;
  if (!config) {
    return (
      <span class="ds-person owner-pending" aria-busy="true">
        <span class="ds-skeleton owner-pending-bar" aria-hidden="true" />
        <span class="ds-sr-only">Owner loading</span>
      </span>
    );
  }
  return <PersonChip name={memberName(config, id)} />;
}
