import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { publishEarlyList, startEarlyList } from '../src/ext/early-list.ts';
import { listWindow } from '../src/ui/models/list-window.ts';

/**
 * The side panel's first read, as a classic script its HTML runs before the page's modules load
 * (`/early-list.js`, in the head): the leads list's first page is read from the read model while
 * the browser fetches and links the panel's module graph (~70 ms here), instead of after it. The
 * panel's entry takes it (`takeEarlyList`; docs/architecture.md, "The side panel's first paint").
 */
export default defineUnlistedScript(() => {
  performance.mark('outpost:early-start'); // the first-paint e2e: before the entry
  publishEarlyList(startEarlyList('leads', listWindow(0).limit));
});
