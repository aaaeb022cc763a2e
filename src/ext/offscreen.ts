import { browser } from 'wxt/browser';

const OFFSCREEN_PATH = '/offscreen.html';
let creating: Promise<void> | null = null;

/**
 * Chrome: the engine lives in an offscreen document, because the service worker is stopped
 * after 30 s idle and would drop the docs and the relay connection with it.
 */
export async function ensureOffscreen(): Promise<void> {
  const chromeApi = (globalThis as unknown as { chrome: typeof browser & { offscreen: { createDocument(o: unknown): Promise<void> } } }).chrome;
  if (await hasOffscreen()) return;
  creating ??= chromeApi.offscreen
    .createDocument({ url: OFFSCREEN_PATH, reasons: ['LOCAL_STORAGE'], justification: 'Outpost keeps the workspace (IndexedDB) and the team relay connection in one place.' })
    .catch((e: unknown) => { if (!/single offscreen document/i.test(String(e))) throw e; })
    .finally(() => { creating = null; });
  await creating;
}

/** Whether the engine's offscreen document is open. */
export async function hasOffscreen(): Promise<boolean> {
  const url = browser.runtime.getURL(OFFSCREEN_PATH);
  const contexts = await (browser.runtime as unknown as { getContexts(f: unknown): Promise<unknown[]> }).getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  return contexts.length > 0;
}
