import { signal } from '@preact/signals';

export type UndoEntry = { label: string; undo: () => Promise<unknown> };
const KEEP = 20;

/** The last actions, newest first; undoing one runs its inverse (restore, batch undo). */
export function createUndoModel() {
  const entries = signal<UndoEntry[]>([]);
  const message = signal('');
  return {
    entries, message,
    push(entry: UndoEntry) { entries.value = [entry, ...entries.value].slice(0, KEEP); message.value = `${entry.label} — press Ctrl+Z or Undo to revert`; },
    async undoLast() {
      const [last, ...rest] = entries.value;
      if (!last) { message.value = 'Nothing to undo'; return; }
      entries.value = rest;
      try { await last.undo(); message.value = `Undone: ${last.label}`; } catch (e) { message.value = `Could not undo: ${(e as Error).message}`; }
    },
  };
}
export type UndoModel = ReturnType<typeof createUndoModel>;
