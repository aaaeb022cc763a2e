import { browser } from 'wxt/browser';
import { BackgroundRequest } from '@/src/ext/messages';
import { loadOrCreateProfile } from '@/src/ext/profile';
import { localStorageArea } from '@/src/ext/browser-storage';
import { ensureOffscreen } from '@/src/ext/offscreen';
import { startEngine } from '@/src/ext/engine-runtime';

export default defineBackground(() => {
  const isChrome = !import.meta.env.FIREFOX; // Chrome and the benchmark build
  // Firefox: the background page is the engine's home (no offscreen documents there).
  const engineReady: Promise<unknown> = isChrome
    ? ensureOffscreen()
    : loadOrCreateProfile(localStorageArea).then((p) => startEngine(p));

  if (isChrome) {
    void (browser as unknown as { sidePanel?: { setPanelBehavior(o: unknown): Promise<void> } }).sidePanel?.setPanelBehavior({ openPanelOnActionClick: true });
  }

  const handlers = {
    profile: () => loadOrCreateProfile(localStorageArea),
    'ensure-engine': async () => { await (isChrome ? ensureOffscreen() : engineReady); return true; },
  } as const;

  browser.runtime.onMessage.addListener(((message: unknown, sender: { id?: string }, sendResponse: (r: unknown) => void) => {
    if ((message as { target?: string } | null)?.target !== 'background') return undefined;
    const parsed = BackgroundRequest.safeParse(message);
    if (!parsed.success || sender.id !== browser.runtime.id) { sendResponse({ ok: false, error: 'bad message' }); return undefined; }
    void handlers[parsed.data.type]().then((value) => sendResponse(value), (e: unknown) => sendResponse({ ok: false, error: String(e) }));
    return true;
  }) as never);
});
