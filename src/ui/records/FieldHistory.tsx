import { useEffect, useState } from 'preact/hooks';
import type { Collection } from '../../domain/index.ts';
import type { FieldChange, ReadPort } from '../ports.ts';
import type { ConfigModel } from '../models/config-model.ts';
import { FIELDS } from './fields.ts';
import { stamp } from '../ds/index.ts';

const REFS: Record<string, Parameters<ConfigModel['nameOf']>[0]> = {
  statusId: 'leadStatuses', sourceId: 'sources', ownerId: 'members', assigneeId: 'members', contactTypeId: 'contactTypes',
  pipelineId: 'pipelines', stageId: 'stages', lossReasonId: 'lossReasons',
};

/** A field's value as one line of text: names for config ids, parts for names and lists. */
export function historyValue(field: string, v: unknown, config: Pick<ConfigModel, 'nameOf'>): string {
  if (v === null || v === undefined || v === '') return '(empty)';
  if (REFS[field] && typeof v === 'string') return config.nameOf(REFS[field], v);
  if (typeof v === 'number' && /At$|Date$/.test(field)) return stamp(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x ? String(Object.values(x)[0] ?? '') : String(x))).join(', ') || '(empty)';
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).filter((x) => x !== undefined && x !== '').join(' ') || '(empty)';
  return String(v);
}

/** A stored field's name as the record page shows it. */
export const fieldLabel = (type: Collection, field: string) =>
  FIELDS[type].find((s) => s.path === field)?.label ?? (field === 'name' ? 'Name' : field === 'address' ? 'Address' : field.replace(/^cf\./, 'custom ').replace(/([A-Z])/g, ' $1').toLowerCase());

/** "Field history": who set which field to what, when — opened on demand, live while open. */
export function FieldHistory({ type, id, read, config }: { type: Collection; id: string; read: ReadPort; config: ConfigModel }) {
  const [open, setOpen] = useState(false);
  const [changes, setChanges] = useState<FieldChange[] | null>(null);
  useEffect(() => (open ? read.watchHistory(type, id, setChanges) : undefined), [open, type, id, read]);
  const shown = (changes ?? []).filter((c) => !['updatedAt', 'updatedBy', 'createdAt', 'createdBy'].includes(c.field));
  return (
    <details class="history" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>Field history</summary>
      {open && changes === null && <p class="loading" role="status">Loading…</p>}
      {open && changes !== null && shown.length === 0 && <p class="empty">No changes recorded yet.</p>}
      {shown.length > 0 && (
        <ol aria-label="Field history" class="history-list">
          {shown.map((c, i) => (
            <li key={i}>
              <time dateTime={new Date(c.at).toISOString()}>{stamp(c.at)}</time>{' · '}
              <span class="who">{config.nameOf('members', c.by)}</span>{' '}
              {c.op === 'delete' ? 'moved it to the trash' : c.op === 'restore' ? 'restored it' : (
                <>set <strong>{fieldLabel(type, c.field)}</strong> {c.op === 'create' ? 'to' : <>from “{historyValue(c.field, c.from, config)}” to</>} “{historyValue(c.field, c.to, config)}”</>
              )}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
