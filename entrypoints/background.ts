import { browser } from 'wxt/browser';
import { UiBackgroundRequest } from '@/src/ext/background-requests';
import { loadOrCreateProfile } from '@/src/ext/profile';
import { localStorageArea } from '@/src/ext/browser-storage';
import { ensureOffscreen, closeOffscreen } from '@/src/ext/engine-home';
import { startEngine } from '@/src/ext/engine-runtime';
import { createMenus, listenToMenus } from '@/src/ext/context-menus';
import { startReminders } from '@/src/ext/reminders';
import { EngineClient } from '@/src/bridge/client';

export default defineBackground(() => {
  // Every Chromium build (chrome, and the bench build `-b bench`) keeps the engine offscreen,
  // as the manifest's permissions do; only Firefox runs it in the background page.
  const isChrome = import.meta.env.BROWSER !== 'firefox';
  // Firefox: the background page is the engine's home (no offscreen documents there).
  const engineReady: Promise<unknown> = isChrome
    ? ensureOffscreen()
    : loadOrCreateProfile(localStorageArea).then((p) => startEngine(p));

  if (isChrome) {
    void (browser as unknown as { sidePanel?: { setPanelBehavior(o: unknown): Promise<void> } }).sidePanel?.setPanelBehavior({ openPanelOnActionClick: true });
  }

  const client = new EngineClient(async (m) => { await (isChrome ? ensureOffscreen() : engineReady); return browser.runtime.sendMessage(m); });
  browser.runtime.onInstalled.addListener(() => createMenus());
  listenToMenus(client, async () => ((await client.config<{ settings: { leadsEnabled: boolean } }>()).settings.leadsEnabled ? 'leads' : 'people'));
  startReminders(localStorageArea);

  const handlers = {
    profile: () => loadOrCreateProfile(localStorageArea),
    'ensure-engine': async () => { await (isChrome ? ensureOffscreen() : engineReady); return true; },
    // The profile now names another workspace (joined a team): start the engine on it.
    'restart-engine': async () => {
      if (!isChrome) { browser.runtime.reload(); return true; }
      await closeOffscreen();
      await ensureOffscreen();
      return true;
    },
  } as const;

  browser.runtime.onMessage.addListener(((message: unknown, sender: { id?: string }, sendResponse: (r: unknown) => void) => {
    if ((message as { target?: string } | null)?.target !== 'background') return undefined;
    const parsed = UiBackgroundRequest.safeParse(message);
    if (!parsed.success || sender.id !== browser.runtime.id) { sendResponse({ ok: false, error: 'bad message' }); return undefined; }
    void handlers[parsed.data.type]().then((value) => sendResponse(value), (e: unknown) => sendResponse({ ok: false, error: String(e) }));
    return true;
  }) as never);
});
