import { signal } from '@preact/signals';

export type UndoEntry = { label: string; undo: () => Promise<unknown> };
const KEEP = 20;

/** The last actions, newest first; undoing one runs its inverse (restore, batch undo). */
export function createUndoModel() {
  const entries = signal<UndoEntry[]>([]);
  const message = signal('');
  /** The message is an action that can be undone (the status bar adds how, where it has room). */
  const undoable = signal(false);
  const say = (text: string, canUndo = false) => { message.value = text; undoable.value = canUndo; };
  return {
    entries, message, undoable,
    push(entry: UndoEntry) { entries.value = [entry, ...entries.value].slice(0, KEEP); say(entry.label, true); },
    async undoLast() {
      const [last, ...rest] = entries.value;
      if (!last) { say('Nothing to undo'); return; }
      entries.value = rest;
      try { await last.undo(); say(`Undone: ${last.label}`); } catch (e) { say(`Could not undo: ${(e as Error).message}`); }
    },
  };
}
export type UndoModel = ReturnType<typeof createUndoModel>;
