import type { Candidate, ExtractOptions } from './candidate.ts';
import { isTruncatedJson, parseLenientJson } from './lenient-json.ts';
import { schemaNodesToCandidates } from './schemaorg.ts';

/** A script bigger than this is not contact data; skipping it keeps a hostile page cheap. */
const MAX_SCRIPT = 1_000_000;

/**
 * A `</script>` inside a JSON string ends the element early: the HTML parser turns the rest of
 * the JSON into the text that follows. When the script's JSON is cut short and a text node
 * follows, the two are joined again (the lenient parser then takes what parses, and closes
 * what stays cut).
 */
function withCutOffRest(script: Element, text: string): string {
  if (!isTruncatedJson(text)) return text;
  let next = script.nextSibling;
  // In <head>, the parser moves that text into <body>: its first text is the rest.
  if (!next && script.parentElement?.tagName.toUpperCase() === 'HEAD') next = script.ownerDocument?.body?.firstChild ?? null;
  const rest = next?.nodeType === 3 ? next.textContent ?? '' : '';
  return rest ? `${text}</script>${rest.slice(0, MAX_SCRIPT)}` : text;
}

const NOT_JSON = Symbol('not JSON');
function strictJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** schema.org JSON-LD blocks of a page → candidates. Broken JSON is repaired or skipped. */
export function extractJsonLd(root: ParentNode, opts: ExtractOptions = {}): Candidate[] {
  const values: unknown[] = [];
  for (const script of root.querySelectorAll('script[type]')) {
    if (!/ld\+json/i.test(script.getAttribute('type') ?? '')) continue;
    const own = script.textContent ?? '';
    if (own.length > MAX_SCRIPT) continue;
    const whole = strictJson(own);
    if (whole !== NOT_JSON) values.push(whole); // a value that parses is not cut short: no repair
    else {
      const text = withCutOffRest(script, own);
      if (text.length <= MAX_SCRIPT) values.push(...parseLenientJson(text));
    }
  }
  return values.length ? schemaNodesToCandidates(values, 'json-ld', opts) : [];
}
