import { useEffect, useState } from 'preact/hooks';
import type { OpenConflict } from '../../domain/conflicts.ts';
import { catalogueKey } from '../../domain/conflicts.ts';
import type { ReadPort, WritePort } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import type { NavModel } from '../models/nav-model.ts';
import { catalogueFor } from '../records/fields.ts';
import { LABELS } from '../records/labels.ts';
import { EmptyState, icons } from '../ds/index.ts';
import { ConflictValues } from './ConflictValues.tsx';
import { watchOpen } from './conflicts-model.ts';
import './conflicts.css';

export const fieldLabel = (c: Pick<OpenConflict, 'collection' | 'field'>, config: ConfigModel) =>
  catalogueFor(c.collection, config.config.value).find((f) => f.key === catalogueKey(c.field))?.label ?? c.field;

/** "Conflicts": every field of the workspace teammates set at the same time, newest first, each settled in one click. */
export function ConflictsView({ read, write, config, nav }: { read: ReadPort; write: WritePort; config: ConfigModel; nav: NavModel }) {
  const [list, setList] = useState<OpenConflict[] | null>(null);
  useEffect(() => watchOpen(read, null, setList), [read]);
  const readOnly = config.config.value?.me.role === 'viewer';
  return (
    <section class="conflicts-view" aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">Conflicts</h2>
      <p class="hint">Fields two teammates set at the same time (offline, or in the same moment). The merge kept one value; the other is kept here until someone chooses.</p>
      {list === null && <p role="status">Loading…</p>}
      {list?.length === 0 && <EmptyState icon={icons.CircleCheck} title="No conflicts">Every field shows the only value anyone set.</EmptyState>}
      {list && list.length > 0 && (
        <ul class="conflict-list" aria-label="Open conflicts">
          {list.map((c) => {
            const label = fieldLabel(c, config);
            return (
              <li key={`${c.collection}:${c.recordId}/${c.field}`}>
                <h3>
                  <a href={`#/${c.collection}/${encodeURIComponent(c.recordId)}`} onClick={(e) => { e.preventDefault(); nav.open(c.collection, c.recordId); }}>{c.recordName}</a>
                  <span class="muted"> · {LABELS[c.collection].one} · {label}</span>
                </h3>
                <ConflictValues conflict={c} label={label} write={write} config={config} record={null} readOnly={readOnly} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
