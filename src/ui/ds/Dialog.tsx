import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { Button } from './Button.tsx';
import { X } from './icons.ts';

/**
 * A modal dialog on the native <dialog> (focus stays inside, Esc closes, the page behind is
 * inert). Focus goes to `initialFocus` (a selector inside) or the first field, and back to
 * whatever had it when the dialog closes.
 */
export function Dialog({ title, onClose, children, footer, initialFocus }: {
  title: string; onClose: () => void; children: ComponentChildren; footer?: ComponentChildren; initialFocus?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const d = ref.current!;
    if (!d.open) d.showModal?.();
    const first = (initialFocus ? d.querySelector<HTMLElement>(initialFocus) : null)
      ?? d.querySelector<HTMLElement>('.ds-dialog-body input, .ds-dialog-body select, .ds-dialog-body textarea, .ds-dialog-body button');
    first?.focus();
    // Close the modal first: while it is open the page behind is inert, so focusing the opener
    // from this cleanup (which runs before the node leaves the DOM) would fail and leave <body>.
    return () => { if (d.open) d.close?.(); if (opener?.isConnected) opener.focus(); };
  }, []);
  return (
    <dialog ref={ref} class="ds-dialog" aria-labelledby={titleId}
      onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <div class="ds-dialog-head">
        <h2 id={titleId}>{title}</h2>
        <Button variant="ghost" icon={X} label="Close" onClick={onClose} />
      </div>
      <div class="ds-dialog-body">{children}</div>
      {footer && <div class="ds-dialog-foot">{footer}</div>}
    </dialog>
  );
}
