import type { ComponentChildren } from 'preact';
import { Inbox, type LucideIcon } from './icons.ts';

/** What an empty list says: what would be here, and the one action that fills it. */
export function EmptyState({ icon: Icon = Inbox, title, children, action }: { icon?: LucideIcon; title: string; children?: ComponentChildren; action?: ComponentChildren }) {
  return (
    <div class="ds-empty">
      <Icon size={28} aria-hidden="true" />
      <h3>{title}</h3>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}
