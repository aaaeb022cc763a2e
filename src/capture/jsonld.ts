import type { Candidate, ExtractOptions } from './candidate.ts';
import { parseLenientJson } from './lenient-json.ts';
import { schemaNodesToCandidates } from './schemaorg.ts';

/** A script bigger than this is not contact data; skipping it keeps a hostile page cheap. */
const MAX_SCRIPT = 1_000_000;

/** schema.org JSON-LD blocks of a page → candidates. Broken JSON is repaired or skipped. */
export function extractJsonLd(root: ParentNode, opts: ExtractOptions = {}): Candidate[] {
  const values: unknown[] = [];
  for (const script of root.querySelectorAll('script[type]')) {
    if (!/ld\+json/i.test(script.getAttribute('type') ?? '')) continue;
    const text = script.textContent ?? '';
    if (text.length <= MAX_SCRIPT) values.push(...parseLenientJson(text));
  }
  return values.length ? schemaNodesToCandidates(values, 'json-ld', opts) : [];
}
