import { useState } from 'preact/hooks';
import type { OpenConflict } from '../../domain/conflicts.ts';
import type { Rec, WritePort } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { icons } from '../ds/index.ts';
import { ConflictValues } from './ConflictValues.tsx';
import './conflicts.css';

/** The small "2 values" marker beside a field teammates set at the same time; opens the values. */
export function ConflictMarker({ conflict, label, write, config, record, readOnly }: {
  conflict: OpenConflict; label: string; write: WritePort; config: ConfigModel; record: Rec | null; readOnly?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const n = 1 + conflict.others.length;
  const id = `conflict-${conflict.field}`;
  return (
    <div class="conflict">
      <button type="button" class="conflict-marker" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}
        title={`${label}: teammates set ${n} values at the same time`}>
        <icons.TriangleAlert size={12} aria-hidden="true" />{n} values<span class="sr-only"> for {label}</span>
      </button>
      {open && <div id={id}><ConflictValues conflict={conflict} label={label} write={write} config={config} record={record} readOnly={readOnly} /></div>}
    </div>
  );
}
