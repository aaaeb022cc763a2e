import type { Candidate, ExtractOptions } from './candidate.ts';
import { MICRODATA, readItems } from './items.ts';
import { schemaNodesToCandidates } from './schemaorg.ts';

/** schema.org microdata (itemscope/itemtype/itemprop) → candidates. */
export function extractMicrodata(root: ParentNode, opts: ExtractOptions = {}): Candidate[] {
  const items = readItems(root, MICRODATA);
  return items.length ? schemaNodesToCandidates(items, 'microdata', opts) : [];
}
