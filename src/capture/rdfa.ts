import type { Candidate, ExtractOptions } from './candidate.ts';
import { RDFA, readItems } from './items.ts';
import { schemaNodesToCandidates } from './schemaorg.ts';

/** RDFa Lite with the schema.org vocabulary (vocab/typeof/property) → candidates. */
export function extractRdfa(root: ParentNode, opts: ExtractOptions = {}): Candidate[] {
  const items = readItems(root, RDFA);
  return items.length ? schemaNodesToCandidates(items, 'rdfa', opts) : [];
}
