export type ShortcutActions = {
  search(): void; help(): void; escape(): void; undo(): void;
  scan?(): void; newLead?(): void; go?(where: 'l' | 't' | 'b' | 'a'): void;
};

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** Global shortcuts; keys typed into a field stay in the field. Returns the unsubscribe. */
export function bindShortcuts(doc: Document, a: ShortcutActions): () => void {
  let pendingG = false;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      // A dialog or menu handles its own Esc. In a field, Esc leaves the field (so the
      // shortcuts work again); a second Esc then does the page's escape.
      if (e.defaultPrevented || (e.target instanceof Element && e.target.closest('dialog'))) return;
      if (typing(e.target)) { (e.target as HTMLElement).blur(); return; }
      a.escape(); return;
    }
    if (typing(e.target) || e.altKey || e.metaKey) return;
    if (e.ctrlKey) { if (e.key === 'z') { e.preventDefault(); a.undo(); } return; }
    if (pendingG && a.go && 'ltba'.includes(e.key)) { pendingG = false; e.preventDefault(); a.go(e.key as 'l'); return; }
    pendingG = e.key === 'g';
    if (e.key === '/') { e.preventDefault(); a.search(); }
    else if (e.key === '?') { e.preventDefault(); a.help(); }
    else if (e.key === 's' && a.scan) { e.preventDefault(); a.scan(); }
    else if (e.key === 'n' && a.newLead) { e.preventDefault(); a.newLead(); }
  };
  doc.addEventListener('keydown', onKey);
  return () => doc.removeEventListener('keydown', onKey);
}
