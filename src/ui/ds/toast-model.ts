import { signal } from '@preact/signals';

export type ToastTone = 'info' | 'success' | 'error';
export type Toast = { id: number; message: string; tone: ToastTone; action?: { label: string; run: () => void } };

/** How long a non-error message stays. Errors stay until dismissed: a user must be able to read them. */
export const TOAST_MS = 5000;

/**
 * Transient messages. A message equal to one already shown is not shown again (the same
 * failure reported by two layers appears once); a new error replaces any success still on
 * screen, so "Saved" never sits beside a fresh failure.
 */
export function createToasts(opts: { setTimeout?: typeof setTimeout } = {}) {
  const later = opts.setTimeout ?? setTimeout;
  const toasts = signal<Toast[]>([]);
  let next = 1;
  const dismiss = (id: number) => { toasts.value = toasts.value.filter((t) => t.id !== id); };
  const show = (message: string, tone: ToastTone = 'info', action?: Toast['action']): number => {
    const same = toasts.value.find((t) => t.message === message && t.tone === tone);
    if (same) return same.id;
    const t: Toast = { id: next++, message, tone, action };
    const kept = tone === 'error' ? toasts.value.filter((x) => x.tone === 'error') : toasts.value;
    toasts.value = [...kept, t].slice(-3);
    if (tone !== 'error') later(() => dismiss(t.id), TOAST_MS);
    return t.id;
  };
  return { toasts, show, dismiss, clear: () => { toasts.value = []; } };
}
export type ToastsModel = ReturnType<typeof createToasts>;
