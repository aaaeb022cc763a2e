import { parseHTML } from 'linkedom';
import type { Candidate, ExtractOptions } from './candidate.ts';
import { extractFromDocument } from './document.ts';
import { MAX_HTML_DEPTH, tooDeep } from './html-depth.ts';
import { CaptureFileError } from './bytes.ts';

// Node-side only (CLI, tests, bench): in the extension the page's own document is used, and
// keeping linkedom out of document.ts keeps it out of the injected script.
/** Parses HTML (a saved page, a fixture) with linkedom and extracts from it, in one pass over
 *  the elements (linkedom matches each CSS selector over the whole tree). A page nested deeper
 *  than a browser would build it is refused first (CaptureFileError naming `name`): linkedom
 *  would take seconds on it. */
export function extractFromHtml(html: string, opts: ExtractOptions = {}, name = 'This page'): Candidate[] {
  if (tooDeep(html)) {
    throw new CaptureFileError(`${name} nests its elements more than ${MAX_HTML_DEPTH} deep, deeper than a browser builds a page: it is not a page Outpost can read. Open it in the browser and capture it from there, or paste its text.`);
  }
  const { document } = parseHTML(html.includes('<html') ? html : `<!doctype html><html><body>${html}</body></html>`);
  return extractFromDocument(document, { ...opts, singlePass: true });
}
