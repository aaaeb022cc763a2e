import { browser } from 'wxt/browser';
import { startEngineHome } from '@/src/ext/engine-home';

// Offscreen documents may only use runtime messaging: the background hands us the profile,
// and we hand it to the engine's Worker (which has no `browser.*` at all).
function main() {
  startEngineHome(browser.runtime.sendMessage({ target: 'background', type: 'profile' }));
}
main();
