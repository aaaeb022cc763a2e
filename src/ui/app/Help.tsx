import { Dialog } from '../ds/Dialog.tsx';

export const SHORTCUTS: [string, string][] = [
  ['/', 'Search'], ['?', 'Show or hide this help'], ['Esc', 'Close / go back'], ['Ctrl+Z', 'Undo the last action (outside a text field)'],
  ['s', 'Scan this page (side panel)'], ['n', 'New lead: focus the first field'], ['g then l / t / b / a', 'Go to leads, tasks, board, admin'],
  ['Enter', 'Open the focused row'], ['↑ ↓', 'Move through a list'], ['[ ]', 'Board: move the focused card one stage left / right'],
  ['w / l', 'Board: mark the focused deal won / lost'],
];

/**
 * The shortcut list: every action has a keyboard way (also reachable with Tab). A modal dialog:
 * Tab stays inside it, Esc closes it, and focus goes back to what had it (the ? button).
 */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <dl class="help-keys">{SHORTCUTS.map(([k, v]) => <div key={k}><dt><kbd>{k}</kbd></dt><dd>{v}</dd></div>)}</dl>
    </Dialog>
  );
}
