import { ensureOffscreen } from './offscreen.ts';

export { ensureOffscreen };

/** Closes the engine's offscreen document (Chrome), so the next ensureOffscreen starts a fresh engine. */
export async function closeOffscreen(): Promise<void> {
  const chromeApi = (globalThis as unknown as { chrome: { offscreen: { closeDocument(): Promise<void> } } }).chrome;
  await chromeApi.offscreen.closeDocument().catch(() => {}); // none open: nothing to close
}
