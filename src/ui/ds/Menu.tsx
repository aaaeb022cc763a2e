import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { buttonClass, type ButtonVariant } from './Button.tsx';
import { ChevronDown, type LucideIcon } from './icons.ts';

export type MenuItem = { label: string; icon?: LucideIcon; onSelect: () => void; disabled?: boolean; id?: string };

/**
 * A button that opens a list of actions (WAI-ARIA menu button): arrows move, Enter/Space
 * choose, Esc or Tab closes and focus goes back to the button.
 */
export function Menu({ label, icon: Icon, items, variant = 'secondary', size = 'md', align = 'start', buttonId }: {
  label: ComponentChildren; icon?: LucideIcon; items: readonly MenuItem[]; variant?: ButtonVariant; size?: 'sm' | 'md'; align?: 'start' | 'end'; buttonId?: string;
}) {
  const [open, setOpen] = useState(false);
  const uid = useId();
  const btn = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const itemsEls = () => [...(list.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([aria-disabled=true])') ?? [])];
  useEffect(() => {
    if (!open) return;
    itemsEls()[0]?.focus();
    const away = (e: MouseEvent) => { if (!btn.current?.parentElement?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  const close = (refocus = true) => { setOpen(false); if (refocus) btn.current?.focus(); };
  const onKey = (e: KeyboardEvent) => {
    const els = itemsEls();
    const i = els.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown') { e.preventDefault(); els[(i + 1) % els.length]?.focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); els[(i - 1 + els.length) % els.length]?.focus(); }
    else if (e.key === 'Home') { e.preventDefault(); els[0]?.focus(); }
    else if (e.key === 'End') { e.preventDefault(); els[els.length - 1]?.focus(); }
    else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); }
    else if (e.key === 'Tab') close(false);
  };
  // Focus goes back to the button before the action runs: a dialog the action opens returns
  // focus there when it closes (the chosen item is gone by then), never to <body>.
  const choose = (item: MenuItem) => { if (item.disabled) return; close(); item.onSelect(); };
  return (
    <div class="ds-menu">
      <button ref={btn} type="button" id={buttonId} class={buttonClass(variant, size)} aria-haspopup="menu" aria-expanded={open}
        aria-controls={open ? `menu-${uid}` : undefined} onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => { if (e.key === 'ArrowDown' && !open) { e.preventDefault(); setOpen(true); } }}>
        {Icon && <Icon size={size === 'sm' ? 14 : 16} aria-hidden="true" />}{label}<ChevronDown size={14} aria-hidden="true" />
      </button>
      {open && (
        <ul ref={list} id={`menu-${uid}`} role="menu" class="ds-menu-list" data-align={align} onKeyDown={onKey}>
          {items.map((item) => (
            <li role="none" key={item.label}>
              <button type="button" role="menuitem" id={item.id} tabIndex={-1} class="ds-menu-item" aria-disabled={item.disabled ? 'true' : undefined}
                onClick={() => choose(item)}>
                {item.icon && <item.icon size={16} aria-hidden="true" />}{item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
