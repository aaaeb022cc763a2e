import { browser } from 'wxt/browser';
import { z } from '../domain/zod.ts';
import { EngineWorkerHome } from '../bridge/worker-home.ts';
import { ensureOffscreen, hasOffscreen } from './offscreen.ts';
import { localStorageArea } from './browser-storage.ts';
import { PROFILE_KEY } from './profile.ts';

export { ensureOffscreen };

/** Closes the engine's offscreen document (Chrome), so the next ensureOffscreen starts a fresh engine. */
export async function closeOffscreen(): Promise<void> {
  const chromeApi = (globalThis as unknown as { chrome: { offscreen: { closeDocument(): Promise<void> } } }).chrome;
  await chromeApi.offscreen.closeDocument().catch(() => {}); // none open: nothing to close
}

/**
 * Chrome: asks the running offscreen document to switch its engine to `profile`. False when
 * there is no document (the next ensureOffscreen starts one on the stored profile, already the
 * new one) or it could not switch: the caller then closes it and starts a new one.
 */
export async function switchOffscreen(profile: unknown): Promise<boolean> {
  if (!(await hasOffscreen())) return false;
  const reply = (await browser.runtime.sendMessage({ target: 'engine-home', type: 'switch', profile } satisfies z.infer<typeof SwitchEngineRequest>).catch((e: unknown) => ({ ok: false, error: String(e) }))) as SwitchEngineReply | undefined;
  if (reply?.ok) return true;
  console.warn('Outpost: the engine could not switch in place; starting it again', reply?.error);
  return false;
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

export type EngineHome = {
  home: Promise<EngineWorkerHome>;
  /** The profile names another workspace: its engine replaces this one in the same Worker (EngineWorkerHome.switchTo). */
  switchTo(profile: unknown): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The background asks the engine's home to switch workspace (Chrome: the offscreen document
 * only hears runtime messages). The answer says whether the old engine has closed: anything
 * else (no home yet, a home whose worker is gone) makes the background start a new home.
 */
export const SwitchEngineRequest = z.object({ target: z.literal('engine-home'), type: z.literal('switch'), profile: z.unknown() });
export type SwitchEngineReply = { ok: true } | { ok: false; error: string };

/**
 * The engine's home (offscreen document in Chrome, background page in Firefox): starts the
 * engine in a dedicated Worker and relays our pages' engine messages to it. Chrome runs every
 * page of the extension on one thread, so the engine's work (Yjs, IndexedDB, imports) must not
 * run here: a 10k-row import froze the side panel for up to 0.8 s at a time (issue 10).
 * The listener is there at once and the worker's script loads while the profile is fetched:
 * a page's first message waits for the engine instead of finding nobody listening.
 */
/** The stored profile as the engine reads and writes it through its home. */
export type ProfileStore = { get(): Promise<unknown>; set(value: unknown): Promise<void> };

/** Where a home with `browser.storage` (Firefox's background page) keeps the profile. */
const storageProfile: ProfileStore = { get: () => localStorageArea.get(PROFILE_KEY), set: (value) => localStorageArea.set(PROFILE_KEY, value) };

/**
 * Chrome's offscreen document has no `browser.storage` (runtime messaging only): the profile is
 * read and kept through the background. Its writes failed there before, every one: a renewed
 * credential, the role the relay holds, the settings to retake.
 */
export const backgroundProfile: ProfileStore = {
  get: () => browser.runtime.sendMessage({ target: 'background', type: 'profile' }),
  async set(value) {
    const kept = await browser.runtime.sendMessage({ target: 'background', type: 'keep-profile', profile: value });
    if (kept !== true) throw new Error(`The background did not keep the profile (${JSON.stringify(kept)})`);
  },
};

export function startEngineHome(profile: unknown, profileStore: ProfileStore = storageProfile): EngineHome {
  const worker = new Worker(browser.runtime.getURL(ENGINE_WORKER_PATH));
  const home = Promise.resolve(profile).then(
    (p) => new EngineWorkerHome(worker, p, profileStore),
    (e: unknown) => { const h = new EngineWorkerHome(worker, null); h.fail(`The Outpost engine has no profile to start with (${String(e)}). Reload the extension.`); return h; },
  );
  let started = false;
  void home.then((h) => h.started).then(() => { started = true; }, () => {});
  worker.addEventListener('error', (e: ErrorEvent) => {
    // Before `started` the script did not load or threw at once: nothing will ever answer.
    // After, an uncaught error inside the engine is logged there and the engine keeps serving.
    if (!started) void home.then((h) => h.fail(`The Outpost engine could not start (${e.message || 'its worker script failed to load'}). Reload the extension.`));
  });
  const switchTo = async (profile: unknown) => (await home).switchTo(profile);
  const listener = (message: unknown, sender: Sender, sendResponse: (r: unknown) => void) => {
    const target = (message as { target?: string } | null)?.target;
    if (target === 'engine-home') {
      const parsed = SwitchEngineRequest.safeParse(message);
      if (!parsed.success || !fromOurPage(sender)) { sendResponse({ ok: false, error: 'bad message' } satisfies SwitchEngineReply); return undefined; }
      void switchTo(parsed.data.profile).then(() => ({ ok: true }), (e: unknown) => ({ ok: false, error: String(e) })).then(sendResponse);
      return true;
    }
    if (target !== 'engine') return undefined;
    const trusted = fromOurPage(sender);
    void home.then((h) => h.call(message, trusted)).then(sendResponse);
    return true;
  };
  browser.runtime.onMessage.addListener(listener as never);
  return {
    home,
    switchTo,
    async stop() {
      browser.runtime.onMessage.removeListener(listener as never);
      await (await home).stop();
      worker.terminate();
    },
  };
}
