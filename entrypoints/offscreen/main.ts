import { backgroundProfile, startEngineHome } from '@/src/ext/engine-home';

// Offscreen documents may only use runtime messaging: the background hands us the profile and
// keeps the engine's writes of it; we hand it to the engine's Worker (which has no `browser.*`).
function main() {
  startEngineHome(backgroundProfile.get(), backgroundProfile);
}
main();
