import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import '../src/domain/zod.ts'; // z.config({ jitless: true }) before any schema parses: MV3 CSP
import { serveEngine } from '../src/ext/engine-runtime.ts';

/**
 * The engine's dedicated Worker, started by its home (src/ext/engine-home.ts) as
 * `new Worker('/engine-worker.js')`. WXT builds an unlisted script as one classic script, which
 * any extension page (offscreen document, Firefox background page) may run as a Worker; Vite's
 * `new Worker(new URL(…, import.meta.url))` is not bundled by WXT (wxt-dev/wxt#2032).
 */
export default defineUnlistedScript(() => {
  serveEngine(self as unknown as Parameters<typeof serveEngine>[0]);
});
