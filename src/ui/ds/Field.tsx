import type { ComponentChildren, JSX } from 'preact';
import { CircleAlert } from './icons.ts';

/** Ids a control inside a Field points at, so its label, hint and error are read with it. */
export function fieldIds(id: string, error?: string, hint?: string) {
  const describedBy = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined;
  return { id, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': describedBy };
}

/**
 * A label, a control, a hint and the error about it, right under the control. Pass `children`
 * for a custom control (spread `fieldIds(id, error, hint)` on it), or use Input/TextArea.
 */
export function Field({ id, label, hint, error, children, class: cls }: {
  id: string; label: ComponentChildren; hint?: string; error?: string; children: ComponentChildren; class?: string;
}) {
  return (
    <div class={cls ? `ds-field ${cls}` : 'ds-field'}>
      <label for={id}>{label}</label>
      {children}
      {hint && <p id={`${id}-hint`} class="ds-hint">{hint}</p>}
      {error && <p id={`${id}-error`} class="ds-error"><CircleAlert size={12} aria-hidden="true" />{error}</p>}
    </div>
  );
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label'> & { id: string; label: ComponentChildren; hint?: string; error?: string };

/** A text-like input in a Field. */
export function Input({ id, label, hint, error, class: cls, ...rest }: InputProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} class={cls as string | undefined}>
      <input class="ds-input" {...rest} {...fieldIds(id, error, hint)} />
    </Field>
  );
}

type TextAreaProps = Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'label'> & { id: string; label: ComponentChildren; hint?: string; error?: string };

export function TextArea({ id, label, hint, error, class: cls, ...rest }: TextAreaProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} class={cls as string | undefined}>
      <textarea class="ds-input" {...rest} {...fieldIds(id, error, hint)} />
    </Field>
  );
}

/** A checkbox with its label after it. */
export function Checkbox({ id, label, ...rest }: Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label'> & { id: string; label: ComponentChildren }) {
  return <label class="ds-check" for={id}><input type="checkbox" id={id} {...rest} />{label}</label>;
}
