import { Dialog } from '../ds/Dialog.tsx';

export const SHORTCUTS: [string, string][] = [
  ['/', 'Search'], ['?', 'Show or hide this help'], ['Esc', 'Close / go back'], ['Ctrl+Z', 'Undo the last action (outside a text field)'],
  ['s', 'Scan this page (side panel)'], ['n', 'New lead: focus the first field'], ['g then l / t / b / a', 'Go to leads, tasks, board, admin'],
  ['Enter', 'Open the focused row'], ['↑ ↓', 'Move through a list'], ['[ ]', 'Board: move the focused card one stage left / right'],
  ['w / l', 'Board: mark the focused deal won / lost'],
];

const JOINER = /^( then | \/ | )$/;

/**
 * A shortcut as its keys and the words between them, each key a box of its own: "g then l / t / b / a"
 * was one box, which broke mid-way ("g then l / t /", "b / a") in the list's column.
 */
export function keyParts(shortcut: string): { key?: string; text?: string }[] {
  return shortcut.split(/( then | \/ | )/).filter(Boolean).map((p) => (JOINER.test(p) ? { text: p } : { key: p }));
}

/**
 * The shortcut list: every action has a keyboard way (also reachable with Tab). A modal dialog:
 * Tab stays inside it, Esc closes it, and focus goes back to what had it (the ? button).
 */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <dl class="help-keys">{SHORTCUTS.map(([k, v]) => <div key={k}><dt>{keyParts(k).map((p, i) => (p.key ? <kbd key={i}>{p.key}</kbd> : p.text))}</dt><dd>{v}</dd></div>)}</dl>
    </Dialog>
  );
}
