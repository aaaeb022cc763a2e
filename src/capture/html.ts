import { parseHTML } from 'linkedom';
import type { Candidate, ExtractOptions } from './candidate.ts';
import { extractFromDocument } from './document.ts';

// Node-side only (CLI, tests, bench): in the extension the page's own document is used, and
// keeping linkedom out of document.ts keeps it out of the injected script.
/** Parses HTML (a saved page, a fixture) with linkedom and extracts from it, in one pass over
 *  the elements (linkedom matches each CSS selector over the whole tree). */
export function extractFromHtml(html: string, opts: ExtractOptions = {}): Candidate[] {
  const { document } = parseHTML(html.includes('<html') ? html : `<!doctype html><html><body>${html}</body></html>`);
  return extractFromDocument(document, { ...opts, singlePass: true });
}
