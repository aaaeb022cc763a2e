import { browser } from 'wxt/browser';
import type { KeyValueStorage } from './profile.ts';

/** browser.storage.local behind the small KeyValueStorage port. */
export const localStorageArea: KeyValueStorage = {
  async get(key) { return (await browser.storage.local.get(key))[key]; },
  async set(key, value) { await browser.storage.local.set({ [key]: value }); },
};
