import type { UndoModel } from '../models/undo-model.ts';

/** Always visible: sync state (offline / syncing / all saved / N not yet saved) and undo. */
export function StatusBar({ sync, undo }: { sync: string; undo: UndoModel }) {
  const tone = /not syncing|offline|refused/i.test(sync) ? 'bad' : /not yet saved|connecting|syncing|starting/i.test(sync) ? 'busy' : 'ok';
  return (
    <div class="statusbar">
      <span class={`sync sync-${tone}`} role="status" aria-live="polite" aria-label="Sync status">{sync}</span>
      {undo.message.value && <span class="undo-msg" role="status">{undo.message.value}</span>}
      <button type="button" class="link" disabled={!undo.entries.value.length} onClick={() => void undo.undoLast()} aria-keyshortcuts="Control+Z">Undo</button>
    </div>
  );
}
