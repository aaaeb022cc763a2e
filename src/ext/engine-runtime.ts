import { browser } from 'wxt/browser';
import { Engine } from '../store/engine.ts';
import { carryWorkspace } from '../store/carry.ts';
import { handleEngineMessage } from '../bridge/host.ts';
import type { Profile } from './profile.ts';
import { connectRelay, type RelayConnection } from './relay.ts';
import { localStorageArea } from './browser-storage.ts';

/**
 * Starts the profile's one engine (offscreen document in Chrome, background page in Firefox)
 * and answers engine messages from our own extension pages.
 */
export function startEngine(profile: Profile): { engine: Engine; relay: RelayConnection | null; stop(): Promise<void> } {
  const engine = new Engine({
    workspaceId: profile.workspaceId,
    actor: { memberId: profile.memberId, role: profile.role, name: profile.name, email: profile.email },
    // A member joining a team gets the config from the relay; only a local or admin profile seeds.
    seed: profile.role === 'admin',
    // A team profile's old-layout docs wait for the relay's ack of their legacy push (issue 10).
    team: !!profile.relay,
  });
  const relay = profile.relay ? connectRelay(engine, profile, localStorageArea) : null;
  // Merging the same docs again adds nothing, so this may run at every start until the profile changes.
  if (profile.carryFrom) void carryWorkspace(engine, profile.carryFrom).catch((e: unknown) => console.error('Outpost: could not bring the records on this device over', e));
  const listener = (message: unknown, sender: { id?: string; url?: string; tab?: unknown }, sendResponse: (r: unknown) => void) => {
    if ((message as { target?: string } | null)?.target !== 'engine') return undefined;
    // Our own pages only: same extension id and a page of our origin. A content script's
    // sender.url is the web page's, so captured pages can never write through here.
    const trusted = sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
    void handleEngineMessage(engine, message, trusted, relay ? { syncStatus: relay.statusText, presence: relay.presence, configSynced: relay.configSynced } : {}).then(sendResponse);
    return true;
  };
  browser.runtime.onMessage.addListener(listener as never);
  return {
    engine,
    relay,
    async stop() {
      browser.runtime.onMessage.removeListener(listener as never);
      relay?.destroy();
      await engine.destroy();
    },
  };
}
