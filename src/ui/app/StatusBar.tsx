import type { UndoModel } from '../models/undo-model.ts';
import { Button, icons } from '../ds/index.ts';

export const UNDO_BUTTON_ID = 'undo-last';
/** After an undoable action's text, where the bar has room (Undo is beside it anyway). */
export const UNDO_HINT = ' — press Ctrl+Z or Undo to revert';

/** After an action that took away what had focus (a delete), focus goes to Undo, beside what was done. */
export function focusUndo(): void {
  setTimeout(() => document.getElementById(UNDO_BUTTON_ID)?.focus(), 0);
}

/** "Listing new records: 35%": saved, not all in the lists yet; '' when none wait. */
export const listingText = (share: number | null) => (share === null ? '' : `Listing new records: ${Math.floor(share * 100)}%`);

/**
 * Always visible, one line at any width: sync state (offline / syncing / all saved / N not yet
 * saved), rows saved but not listed yet (an import's, after it answered), and the last undoable
 * action, cut with an ellipsis (the full text in its title) so a long name never pushes Undo off
 * the bar at 360 px. A calm sync state ("Local only…", "All changes saved") gives way to the
 * action's text first (in a narrow bar, to its dot: the words stay in its title and for screen
 * readers); one that needs the rep (offline, refused, not yet saved) keeps its room.
 */
export function StatusBar({ sync, undo, listing = null }: { sync: string; undo: UndoModel; listing?: number | null }) {
  const tone = /not syncing|offline|refused/i.test(sync) ? 'bad' : /not yet saved|connecting|syncing|starting/i.test(sync) ? 'busy' : 'ok';
  const msg = undo.message.value;
  return (
    <div class="statusbar">
      <span class={`sync sync-${tone}`} role="status" aria-live="polite" aria-label="Sync status" title={sync}><span class="sync-text">{sync}</span></span>
      {/* Not a live region: it counts down each second. */}
      {listing !== null && <span class="unlisted">{listingText(listing)}</span>}
      {/* The action first and whole where it fits; how to undo it after, only where there is room. */}
      <span class="undo-msg" role="status" title={msg || undefined}>{msg}{undo.undoable.value && <span class="undo-hint">{UNDO_HINT}</span>}</span>
      {/* aria-disabled, not disabled: the button keeps focus once there is nothing left to undo
          (a disabled one drops it to <body>); focus comes here after a delete (UNDO_BUTTON_ID). */}
      <Button id={UNDO_BUTTON_ID} variant="ghost" size="sm" icon={icons.Undo2} aria-disabled={undo.entries.value.length ? undefined : 'true'}
        onClick={() => { if (undo.entries.value.length) void undo.undoLast(); }} aria-keyshortcuts="Control+Z">Undo</Button>
    </div>
  );
}
