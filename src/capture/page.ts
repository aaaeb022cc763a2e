import type { Candidate, ExtractOptions } from './candidate.ts';
import { extractFromDocument } from './document.ts';
import { withOrigin } from './draft.ts';
import { mergeCandidates } from './merge.ts';
import { extractFromText } from './selection.ts';
import { extractFromWebmail } from './webmail/index.ts';

export type PageInput = ExtractOptions & { host?: string; selection?: string };

/** What the user pointed at comes first: their selection, then the open email, then the page. */
const PRIORITY = (c: Candidate) => (c.sources.includes('selection') ? 0 : c.sources.includes('webmail') ? 1 : 2);

/**
 * Everything the content script reports for a tab: page extractors, the webmail adapter when
 * the host is one, and the selection, as plain JSON (every value capped by the extractors). The
 * page is untrusted, so the side panel validates the answer (`validCandidates`); the page script
 * carries no schema library (it is injected, and compiled, at every scan).
 */
export function extractFromPage(doc: Document, input: PageInput = {}): Candidate[] {
  const selection = input.selection?.trim() ? extractFromText(input.selection, input) : [];
  const webmail = input.host ? extractFromWebmail(doc, input.host, input) : [];
  const merged = mergeCandidates([...selection, ...webmail, ...extractFromDocument(doc, input)]);
  const ordered = merged.map((c, i) => ({ c, i })).sort((a, b) => PRIORITY(a.c) - PRIORITY(b.c) || a.i - b.i).map(({ c }) => c);
  // Every candidate says which page it was captured on (the selection's and the open email's too).
  const page = input.baseUrl ?? (/^https?:/i.test(doc.URL ?? '') ? doc.URL : undefined);
  return page ? ordered.map((c) => withOrigin(c, { page })) : ordered;
}
