import { useEffect, useState } from 'preact/hooks';
import type { Rec, WorkspaceConfig } from '../ports.ts';
import type { FieldSpec } from './field-kinds.ts';

/**
 * One field, editable in place: saves when it loses focus or on Enter (selects on change);
 * Escape puts the stored value back. The error sits right under the field it is about.
 */
export function FieldEditor({ spec, record, config, error, onSave, readOnly }: {
  spec: FieldSpec; record: Rec; config: WorkspaceConfig | null; error?: string; onSave: (spec: FieldSpec, value: string) => void; readOnly?: boolean;
}) {
  const stored = spec.get(record);
  const [value, setValue] = useState(stored);
  useEffect(() => setValue(stored), [stored]);
  const id = `f-${spec.key}`;
  const errId = `${id}-error`;
  const common = {
    id, name: spec.key, disabled: readOnly, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': error ? errId : undefined,
  };
  const commit = (v: string) => { if (v !== stored) onSave(spec, v); };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { setValue(stored); (e.currentTarget as HTMLElement).blur(); }
    if (e.key === 'Enter' && spec.kind !== 'textarea') { e.preventDefault(); commit((e.currentTarget as HTMLInputElement).value); }
  };
  let control;
  if (spec.kind === 'select') {
    const options = config && spec.options ? spec.options(config, record) : [];
    control = (
      <select {...common} value={value} onChange={(e) => { const v = (e.currentTarget as HTMLSelectElement).value; setValue(v); commit(v); }}>
        {!options.some((o) => o.value === value) && <option value={value}>{value || '—'}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    );
  } else if (spec.kind === 'textarea') {
    control = <textarea {...common} rows={3} value={value} onInput={(e) => setValue((e.currentTarget as HTMLTextAreaElement).value)} onBlur={(e) => commit((e.currentTarget as HTMLTextAreaElement).value)} onKeyDown={onKeyDown} />;
  } else {
    const type = spec.kind === 'datetime' ? 'datetime-local' : spec.kind === 'number' ? 'number' : spec.kind === 'date' ? 'date' : 'text';
    control = <input {...common} type={type} step={spec.kind === 'number' ? 'any' : undefined} value={value} onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)} onBlur={(e) => commit((e.currentTarget as HTMLInputElement).value)} onKeyDown={onKeyDown} />;
  }
  return (
    <div class="field">
      <label for={id}>{spec.label}</label>
      {control}
      {error && <span id={errId} class="field-error" role="alert">{error}</span>}
    </div>
  );
}
