import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { extractFromPage } from '../src/capture/page.ts';

/**
 * Injected on demand into the active tab (activeTab + scripting):
 *   browser.scripting.executeScript({ target: { tabId }, files: ['/extract-page.js'] })
 * The value main() returns is the injection's result: a plain-JSON Candidate[] (validated,
 * capped). It stores nothing and touches no storage — web storage here belongs to the page.
 */
export default defineUnlistedScript(() => {
  try {
    return extractFromPage(document, {
      baseUrl: location.href,
      host: location.hostname,
      selection: window.getSelection()?.toString() ?? '',
    });
  } catch {
    return []; // the caller shows "nothing found"; a page must not be able to crash the panel
  }
});
