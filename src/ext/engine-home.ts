import { browser } from 'wxt/browser';
import { EngineWorkerHome } from '../bridge/worker-home.ts';
import { ensureOffscreen } from './offscreen.ts';
import { localStorageArea } from './browser-storage.ts';
import { PROFILE_KEY } from './profile.ts';

export { ensureOffscreen };

/** Closes the engine's offscreen document (Chrome), so the next ensureOffscreen starts a fresh engine. */
export async function closeOffscreen(): Promise<void> {
  const chromeApi = (globalThis as unknown as { chrome: { offscreen: { closeDocument(): Promise<void> } } }).chrome;
  await chromeApi.offscreen.closeDocument().catch(() => {}); // none open: nothing to close
}

/** The engine Worker's script: the unlisted WXT script entrypoints/engine-worker.ts. */
const ENGINE_WORKER_PATH = '/engine-worker.js';

type Sender = { id?: string; url?: string };

/**
 * Our own pages only: same extension id and a page of our origin. A content script's
 * sender.url is the web page's, so captured pages can never write through here.
 */
function fromOurPage(sender: Sender): boolean {
  return sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
}

export type EngineHome = { home: Promise<EngineWorkerHome>; stop(): Promise<void> };

/**
 * The engine's home (offscreen document in Chrome, background page in Firefox): starts the
 * engine in a dedicated Worker and relays our pages' engine messages to it. Chrome runs every
 * page of the extension on one thread, so the engine's work (Yjs, IndexedDB, imports) must not
 * run here: a 10k-row import froze the side panel for up to 0.8 s at a time (issue 10).
 * The listener is there at once and the worker's script loads while the profile is fetched:
 * a page's first message waits for the engine instead of finding nobody listening.
 */
export function startEngineHome(profile: unknown): EngineHome {
  const worker = new Worker(browser.runtime.getURL(ENGINE_WORKER_PATH));
  const home = Promise.resolve(profile).then(
    (p) => new EngineWorkerHome(worker, p, { get: () => localStorageArea.get(PROFILE_KEY), set: (value) => localStorageArea.set(PROFILE_KEY, value) }),
    (e: unknown) => { const h = new EngineWorkerHome(worker, null); h.fail(`The Outpost engine has no profile to start with (${String(e)}). Reload the extension.`); return h; },
  );
  let started = false;
  void home.then((h) => h.started).then(() => { started = true; }, () => {});
  worker.addEventListener('error', (e: ErrorEvent) => {
    // Before `started` the script did not load or threw at once: nothing will ever answer.
    // After, an uncaught error inside the engine is logged there and the engine keeps serving.
    if (!started) void home.then((h) => h.fail(`The Outpost engine could not start (${e.message || 'its worker script failed to load'}). Reload the extension.`));
  });
  const listener = (message: unknown, sender: Sender, sendResponse: (r: unknown) => void) => {
    if ((message as { target?: string } | null)?.target !== 'engine') return undefined;
    const trusted = fromOurPage(sender);
    void home.then((h) => h.call(message, trusted)).then(sendResponse);
    return true;
  };
  browser.runtime.onMessage.addListener(listener as never);
  return {
    home,
    async stop() {
      browser.runtime.onMessage.removeListener(listener as never);
      await (await home).stop();
      worker.terminate();
    },
  };
}
