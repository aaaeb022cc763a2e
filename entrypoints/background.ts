import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { UiBackgroundRequest } from '@/src/ext/background-requests';
import { loadOrCreateProfile, PROFILE_KEY, type Profile } from '@/src/ext/profile';
import { localStorageArea } from '@/src/ext/browser-storage';
import { ensureOffscreen, closeOffscreen, startEngineHome, switchOffscreen, type EngineHome } from '@/src/ext/engine-home';
import { createMenus, listenToMenus } from '@/src/ext/context-menus';
import { startReminders } from '@/src/ext/reminders';
import { erasePending } from '@/src/ext/erase-pending';
import { EngineClient } from '@/src/bridge/client';

export default defineBackground(() => {
  // Chromium builds (chrome, and the `bench` build of bench/) keep the engine in an offscreen
  // document; only Firefox runs it in the background page. A service worker has no window, and
  // libraries that pick their code by "is this a browser?" (lib0's base64) take the Node path there.
  const isChrome = !import.meta.env.FIREFOX;
  // Firefox: the background page is the engine's home (no offscreen documents there); the
  // engine itself runs in a Worker this page starts, as the offscreen document does in Chrome.
  const firefoxHome: EngineHome | null = isChrome ? null : startEngineHome(loadOrCreateProfile(localStorageArea));
  const engineReady: Promise<unknown> = firefoxHome?.home ?? ensureOffscreen();

  if (isChrome) {
    void (browser as unknown as { sidePanel?: { setPanelBehavior(o: unknown): Promise<void> } }).sidePanel?.setPanelBehavior({ openPanelOnActionClick: true });
  }

  // A page's runtime messages never reach a listener in the same page: in Firefox the
  // background talks to its own engine Worker directly.
  const client = new EngineClient(async (m) => (firefoxHome ? (await firefoxHome.home).call(m, true) : (await ensureOffscreen(), browser.runtime.sendMessage(m))));
  browser.runtime.onInstalled.addListener(() => createMenus());
  listenToMenus(client, async () => ((await client.config<{ settings: { leadsEnabled: boolean } }>()).settings.leadsEnabled ? 'leads' : 'people'));
  startReminders(localStorageArea);
  // Workspaces left with "erase this device's copy": removed once no engine holds them.
  const eraseLeft = () => erasePending(localStorageArea, async () => (await loadOrCreateProfile(localStorageArea)).workspaceId);
  void engineReady.then(eraseLeft, () => undefined);
  // A delete waits for every connection to the old workspace to close; one that did not finish
  // (the browser closed meanwhile) is retried each minute until the queue is empty.
  void browser.alarms.create('outpost-erase', { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => { if (alarm.name === 'outpost-erase') void eraseLeft(); });

  const handlers = {
    profile: () => loadOrCreateProfile(localStorageArea),
    // Written only over the same workspace and member: a switch made meanwhile is not undone.
    'keep-profile': async (m: Extract<UiBackgroundRequest, { type: 'keep-profile' }>) => {
      const current = (await localStorageArea.get(PROFILE_KEY)) as Profile | undefined;
      if (current?.workspaceId !== m.profile.workspaceId || current.memberId !== m.profile.memberId) return false;
      await localStorageArea.set(PROFILE_KEY, m.profile);
      return true;
    },
    'ensure-engine': async () => { await (isChrome ? ensureOffscreen() : engineReady); return true; },
    // The profile now names another workspace (joined a team, left one): the engine's home runs
    // the new workspace's engine in its same Worker (no new offscreen document, no script to
    // load again). Answered once the old engine has closed: the page reloads while the new one
    // starts, and its first calls wait for it. A home that cannot switch (none yet, or its worker
    // is gone) is replaced, as a browser start would.
    'restart-engine': async () => {
      const profile = await loadOrCreateProfile(localStorageArea);
      if (firefoxHome) {
        await firefoxHome.switchTo(profile).catch((e: unknown) => { console.error('Outpost: the engine could not switch; reloading', e); browser.runtime.reload(); });
      } else if (!(await switchOffscreen(profile))) {
        await closeOffscreen();
        void ensureOffscreen().catch((e: unknown) => console.error('Outpost: the engine did not start again', e));
      }
      // The old engine has let go: a left workspace's copy is erased while the new one starts.
      void eraseLeft();
      return true;
    },
  } as const;

  browser.runtime.onMessage.addListener(((message: unknown, sender: { id?: string }, sendResponse: (r: unknown) => void) => {
    if ((message as { target?: string } | null)?.target !== 'background') return undefined;
    const parsed = UiBackgroundRequest.safeParse(message);
    if (!parsed.success || sender.id !== browser.runtime.id) { sendResponse({ ok: false, error: 'bad message' }); return undefined; }
    // The profile is written by the engine's home only (a content script shares our extension id).
    if (parsed.data.type === 'keep-profile' && (sender as { url?: string }).url !== browser.runtime.getURL('/offscreen.html')) { sendResponse({ ok: false, error: 'bad message' }); return undefined; }
    void (handlers[parsed.data.type] as (m: UiBackgroundRequest) => Promise<unknown>)(parsed.data).then((value) => sendResponse(value), (e: unknown) => sendResponse({ ok: false, error: String(e) }));
    return true;
  }) as never);
});
