import type { ComponentChildren, JSX } from 'preact';
import { Field, fieldIds } from './Field.tsx';

export type SelectOption = { value: string; label: string; disabled?: boolean };

type SelectProps = Omit<JSX.SelectHTMLAttributes<HTMLSelectElement>, 'label' | 'value' | 'onChange'> & {
  id: string; label?: ComponentChildren; hint?: string; error?: string;
  options: readonly SelectOption[]; value: string; onChange: (value: string) => void;
  /** A first, empty choice ("— none —"). */
  placeholder?: string;
};

/**
 * A native select (keyboard and screen readers for free). A value not among the options (a
 * retired status, say) is still shown, so the control never lies about what is stored.
 */
export function Select({ id, label, hint, error, options, value, onChange, placeholder, class: cls, ...rest }: SelectProps) {
  const known = options.some((o) => o.value === value) || (placeholder !== undefined && value === '');
  const control = (
    <select class="ds-input ds-select" value={value} {...rest} {...fieldIds(id, error, hint)}
      onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {!known && <option value={value}>{value || '—'}</option>}
      {options.map((o) => <option key={o.value} value={o.value} disabled={o.disabled}>{o.label}</option>)}
    </select>
  );
  if (label === undefined) return control;
  return <Field id={id} label={label} hint={hint} error={error} class={cls as string | undefined}>{control}</Field>;
}
