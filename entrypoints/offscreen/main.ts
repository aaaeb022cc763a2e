import { browser } from 'wxt/browser';
import { startEngine } from '@/src/ext/engine-runtime';
import type { Profile } from '@/src/ext/profile';

// Offscreen documents may only use runtime messaging: the background hands us the profile.
async function main() {
  const profile = (await browser.runtime.sendMessage({ target: 'background', type: 'profile' })) as Profile;
  const { engine } = startEngine(profile);
  await engine.ready;
}
void main();
