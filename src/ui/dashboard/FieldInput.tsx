import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Rec, WorkspaceConfig } from '../ports.ts';
import type { FieldSpec } from '../records/field-kinds.ts';

type Props = {
  spec: FieldSpec; record: Rec; config: WorkspaceConfig | null; id: string; label: string;
  error?: string; autoFocus?: boolean; visibleLabel?: boolean;
  onCommit: (value: string) => void; onCancel?: () => void; onInput?: (value: string) => void;
};

/**
 * The editor of one field by its kind (text, number, date, date and time, long text, choice),
 * for a table cell and a bulk edit. Enter commits (a choice commits when chosen), Esc cancels.
 */
export function FieldInput({ spec, record, config, id, label, error, autoFocus, visibleLabel, onCommit, onCancel, onInput }: Props) {
  const [value, setValue] = useState(spec.get(record));
  const ref = useRef<HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement>(null);
  // Focused in the commit that mounts it, not after the next paint: keys typed right after the click that opened it land in it.
  useLayoutEffect(() => { if (autoFocus) ref.current?.focus(); }, []);
  const set = (v: string) => { setValue(v); onInput?.(v); };
  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); onCancel?.(); }
    else if (e.key === 'Enter' && (spec.kind !== 'textarea' || e.ctrlKey || e.metaKey)) { e.preventDefault(); onCommit(value); }
  };
  const common = {
    id, ref, onKeyDown: keys, class: 'ds-input', 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': error ? `${id}-error` : undefined,
    ...(visibleLabel ? {} : { 'aria-label': label }),
  };
  let control;
  if (spec.kind === 'select' || spec.kind === 'checkbox') {
    const options = spec.kind === 'checkbox' ? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }] : config && spec.options ? spec.options(config, record) : [];
    control = (
      <select {...common} value={value} onChange={(e) => { const v = (e.currentTarget as HTMLSelectElement).value; set(v); if (onCancel) onCommit(v); }} onBlur={() => onCancel?.()}>
        {!options.some((o) => o.value === value) && <option value={value}>{value ? value : '—'}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    );
  } else if (spec.kind === 'multi') {
    const options = config && spec.options ? spec.options(config, record) : [];
    const chosen = new Set(value.split('\n').filter(Boolean));
    control = (
      <select {...common} multiple size={Math.min(4, Math.max(2, options.length))} onChange={(e) => set([...(e.currentTarget as HTMLSelectElement).selectedOptions].map((o) => o.value).join('\n'))} onBlur={() => onCancel && onCommit(value)}>
        {options.map((o) => <option key={o.value} value={o.value} selected={chosen.has(o.value)}>{o.label}</option>)}
      </select>
    );
  } else if (spec.kind === 'textarea') {
    control = <textarea {...common} rows={3} value={value} onInput={(e) => set((e.currentTarget as HTMLTextAreaElement).value)} onBlur={() => onCancel && onCommit(value)} />;
  } else {
    const type = spec.kind === 'datetime' ? 'datetime-local' : spec.kind === 'number' ? 'number' : spec.kind === 'date' ? 'date' : spec.kind === 'email' ? 'email' : spec.kind === 'url' ? 'url' : 'text';
    control = <input {...common} type={type} step={spec.kind === 'number' ? 'any' : undefined} value={value} onInput={(e) => set((e.currentTarget as HTMLInputElement).value)} onBlur={() => onCancel && onCommit(value)} />;
  }
  return (
    <span class="field-input ds-field">
      {visibleLabel && <label for={id}>{label}</label>}
      {control}
      {error && <span id={`${id}-error`} class="ds-error" role="alert">{error}</span>}
    </span>
  );
}
