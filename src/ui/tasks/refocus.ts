import { useEffect, useRef } from 'preact/hooks';
import type { ListRow } from '../ports.ts';

/**
 * Where focus goes when task `id` leaves the open list: the next open task's box, the one before,
 * else `fallback` ("New task"). `prefix`: the boxes' id before the task's. Pure.
 */
export function nextFocus(open: ListRow[], id: string, canAdd: boolean, prefix = 'task-', fallback = 'task-name'): string | null {
  const i = open.findIndex((t) => t.id === id);
  const next = open[i + 1] ?? open[i - 1];
  return next ? `${prefix}${next.id}` : canAdd ? fallback : null;
}

/**
 * A ticked task leaves its list, and its box with it: once `list` has changed, focus goes to the
 * element whose id was set in the returned ref, if it was lost to <body>. Never to the page.
 */
export function useRefocus(list: unknown) {
  const refocus = useRef<string | null>(null);
  useEffect(() => {
    const id = refocus.current;
    if (!id) return;
    const el = document.getElementById(id);
    const lost = !document.activeElement || document.activeElement === document.body;
    if (el && lost) { refocus.current = null; el.focus(); }
  }, [list]);
  return refocus;
}
