import type { ComponentChildren } from 'preact';

export type BadgeTone = 'neutral' | 'accent' | 'ok' | 'warn' | 'err';

export function Badge({ tone = 'neutral', children, title }: { tone?: BadgeTone; children: ComponentChildren; title?: string }) {
  return <span class={`ds-badge ds-badge--${tone}`} title={title}>{children}</span>;
}
