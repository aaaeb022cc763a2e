import { useState } from 'preact/hooks';
import { sourceLines } from '../../domain/provenance.ts';
import type { Rec, WorkspaceConfig } from '../ports.ts';
import { memberName } from '../models/members.ts';

/**
 * The small "i" beside a field: on demand, where its value came from ("Found on
 * https://acme.com/team via JSON-LD · 3 Nov 2026 · by Sam"), per entry for lists. A button
 * with a label (keyboard and screen readers), showing a region it controls; nothing when the
 * source is unknown.
 */
export function FieldSource({ fieldKey, label, record, config }: { fieldKey: string; label: string; record: Rec; config: WorkspaceConfig | null }) {
  const [open, setOpen] = useState(false);
  const member = (id: string) => memberName(config, id);
  const lines = sourceLines(record, fieldKey, member);
  if (!lines.length) return null;
  const id = `src-${fieldKey.replace(/[^\w-]/g, '_')}`;
  return (
    <>
      <button type="button" class="field-source-toggle" aria-label={`Where ${label} came from`} aria-expanded={open} aria-controls={id}
        title={`Where ${label} came from`} onClick={() => setOpen(!open)}>i</button>
      {open && <ul id={id} class="field-source" role="note" aria-label={`Source of ${label}`}>{lines.map((l) => <li key={l}>{l}</li>)}</ul>}
    </>
  );
}
