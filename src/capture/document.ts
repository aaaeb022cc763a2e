import type { Candidate, ExtractOptions } from './candidate.ts';
import { extractHCards } from './hcard.ts';
import { extractJsonLd } from './jsonld.ts';
import { extractMailtoLinks } from './mailto.ts';
import { mergeCandidates } from './merge.ts';
import { extractPageContact } from './meta.ts';
import { extractMicrodata } from './microdata.ts';
import { extractRdfa } from './rdfa.ts';

type Extractor = (root: ParentNode, opts: ExtractOptions) => Candidate[];

/** Most trusted first: on a merge the first, more confident value is kept. */
const PAGE_EXTRACTORS: Extractor[] = [extractJsonLd, extractMicrodata, extractRdfa, extractHCards, extractMailtoLinks, extractPageContact];

/** Every page extractor on one document (or subtree), merged into one candidate per contact. */
export function extractFromDocument(root: ParentNode, opts: ExtractOptions = {}): Candidate[] {
  const baseUrl = opts.baseUrl ?? documentUrl(root);
  const all: Candidate[] = [];
  for (const extract of PAGE_EXTRACTORS) {
    try {
      all.push(...extract(root, { ...opts, baseUrl }));
    } catch {
      // One syntax's failure on a hostile page must not hide what the others found.
    }
  }
  return mergeCandidates(all);
}

function documentUrl(root: ParentNode): string | undefined {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  const base = doc?.querySelector?.('base[href]')?.getAttribute('href');
  const url = (doc as Document)?.URL;
  if (base && /^https?:/i.test(base)) return base;
  return url && /^https?:/i.test(url) ? url : undefined;
}
