export const SHORTCUTS: [string, string][] = [
  ['/', 'Search'], ['?', 'Show or hide this help'], ['Esc', 'Close / go back'], ['Ctrl+Z', 'Undo the last action (outside a text field)'],
  ['s', 'Scan this page (side panel)'], ['n', 'New lead: focus the first field'], ['g then l / t / b / a', 'Go to leads, tasks, board, admin'],
  ['Enter', 'Open the focused row'], ['↑ ↓', 'Move through a list'], ['[ ]', 'Board: move the focused card one stage left / right'],
  ['w / l', 'Board: mark the focused deal won / lost'],
];

/** The shortcut list: every action has a keyboard way (also reachable with Tab). */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-h" onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <div class="overlay-box">
        <h2 id="help-h">Keyboard shortcuts</h2>
        <dl>{SHORTCUTS.map(([k, v]) => <div key={k}><dt><kbd>{k}</kbd></dt><dd>{v}</dd></div>)}</dl>
        <button type="button" autoFocus onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
