import { signal } from '@preact/signals';

/** The one-time tips a user can dismiss; a dismissed tip stays away on every page of this browser. */
export type TipId = 'customFields';

/** Where dismissals are kept: the extension's localStorage in the pages, a Map in tests. */
export type TipStore = { getItem(key: string): string | null; setItem(key: string, value: string): void };

export const TIPS_KEY = 'outpost.tips.dismissed';

/**
 * Dismissed tips, read from `store` (unreadable or missing: none dismissed, so a tip shows rather
 * than a page failing) and written on each dismissal. `reload` reads them again (another page
 * dismissed one: the `storage` event).
 */
export function createTipsModel(store?: TipStore) {
  const read = (): ReadonlySet<string> => {
    try {
      const v: unknown = JSON.parse(store?.getItem(TIPS_KEY) ?? '[]');
      return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    } catch { return new Set(); }
  };
  const dismissed = signal(read());
  return {
    shown: (id: TipId): boolean => !dismissed.value.has(id),
    dismiss(id: TipId) {
      dismissed.value = new Set([...dismissed.value, id]);
      // A store that refuses (quota, a private window) still hides it on this page.
      try { store?.setItem(TIPS_KEY, JSON.stringify([...dismissed.value])); } catch { /* kept for this page */ }
    },
    reload() { dismissed.value = read(); },
  };
}
export type TipsModel = ReturnType<typeof createTipsModel>;
