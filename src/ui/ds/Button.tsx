import type { ComponentChildren, JSX, Ref } from 'preact';
import { forwardRef } from 'preact/compat';
import type { LucideIcon } from './icons.ts';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'link';
export type ButtonProps = Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'icon' | 'size' | 'type' | 'disabled'> & {
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  /** An icon before the text; with `label` and no children the button is icon-only and `label` is its name. */
  icon?: LucideIcon;
  label?: string;
  type?: 'button' | 'submit' | 'reset';
  disabled?: boolean;
  children?: ComponentChildren;
};

export function buttonClass(variant: ButtonVariant = 'secondary', size: 'sm' | 'md' = 'md', iconOnly = false, extra?: string): string {
  return ['ds-btn', `ds-btn--${variant}`, size === 'sm' && 'ds-btn--sm', iconOnly && 'ds-btn--icon', extra].filter(Boolean).join(' ');
}

/** A button. Defaults to type="button" so no button submits a form by accident. */
export const Button = forwardRef(function Button(
  { variant = 'secondary', size = 'md', icon: Icon, label, type = 'button', children, class: cls, ...rest }: ButtonProps,
  ref: Ref<HTMLButtonElement>,
) {
  const iconOnly = !children && !!label;
  return (
    <button ref={ref} type={type} class={buttonClass(variant, size, iconOnly, cls as string | undefined)}
      aria-label={iconOnly ? label : (rest as { 'aria-label'?: string })['aria-label']} title={iconOnly ? label : rest.title as string | undefined} {...rest}>
      {Icon && <Icon size={size === 'sm' ? 14 : 16} aria-hidden="true" />}
      {children}
    </button>
  );
});
