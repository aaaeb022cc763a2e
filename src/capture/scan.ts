/**
 * One walk over a page for every page extractor. linkedom (Node, the CLI, tests) matches each
 * CSS selector element by element, so eight `querySelectorAll` calls cost eight walks of a 2 MB
 * page; here one walk sorts the elements into the lists those exact selectors ask for, reading
 * each element's attributes once. Any other selector goes to the real root.
 */

/** What one element carries that the indexed selectors look at. */
type Seen = { tag: string; attrs: Map<string, string> };
type Test = (e: Seen) => boolean;

const has = (e: Seen, name: string) => e.attrs.has(name);
/** Is `word` one of the whitespace-separated words of `s` (a class or rel list)? No split: this
 *  runs on every element with a class. */
const hasWord = (s: string | undefined, word: RegExp) => !!s && word.test(s);
const H_CARD = /(?:^|\s)(?:h-card|vcard)(?:\s|$)/;
const ME = /(?:^|\s)me(?:\s|$)/;
const hrefStarts = (e: Seen, ...prefixes: string[]) => prefixes.some((p) => (e.attrs.get('href') ?? '').startsWith(p));

/** The selectors the extractors use, with the same meaning as CSS (prefix matches are case-sensitive). */
const INDEXED: Record<string, Test> = {
  'script[type]': (e) => e.tag === 'SCRIPT' && has(e, 'type'),
  '[itemscope]': (e) => has(e, 'itemscope'),
  '[itemprop]': (e) => has(e, 'itemprop'),
  '[typeof]': (e) => has(e, 'typeof'),
  '[property]': (e) => has(e, 'property'),
  '.h-card, .vcard': (e) => hasWord(e.attrs.get('class'), H_CARD),
  'a[href^="mailto:"], a[href^="MAILTO:"]': (e) => e.tag === 'A' && hrefStarts(e, 'mailto:', 'MAILTO:'),
  'meta[content]': (e) => e.tag === 'META' && has(e, 'content'),
  'a[href^="tel:"], a[href^="TEL:"], a[rel~="me"], link[rel~="me"]': (e) =>
    (e.tag === 'A' && hrefStarts(e, 'tel:', 'TEL:')) || ((e.tag === 'A' || e.tag === 'LINK') && hasWord(e.attrs.get('rel'), ME)),
};
const SELECTORS = Object.entries(INDEXED);
export const INDEXED_SELECTORS = Object.keys(INDEXED);
/** Attributes none of the selectors looks at: an element with only these is skipped at once. */
const LOOKED_AT = new Set(['type', 'itemscope', 'itemprop', 'typeof', 'property', 'class', 'href', 'content', 'rel']);

/** Every element under `root` (not `root` itself: a walker starts there and moves on), in
 *  document order. A TreeWalker is one pass over linkedom's node list; `querySelectorAll('*')`
 *  runs its selector engine on each element. Browsers and linkedom both have one. */
function* elementsUnder(root: ParentNode): Iterable<Element> {
  const walker = ((root as Node).ownerDocument ?? (root as Document)).createTreeWalker(root as Node, 1 /* NodeFilter.SHOW_ELEMENT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) yield n as Element;
}

/** A stand-in for `root` whose `querySelectorAll` answers the indexed selectors from one walk. */
export function scannedRoot(root: ParentNode): ParentNode {
  const lists = new Map<string, Element[]>(SELECTORS.map(([s]) => [s, []]));
  // One Seen reused for every element: a 2 MB page has ~15k elements, and a Map (or linkedom's
  // Proxy of `attributes`) per element was most of the scan's time, in garbage collection.
  const seen: Seen = { tag: '', attrs: new Map() };
  for (const el of elementsUnder(root)) {
    if (!el.hasAttributes()) continue;
    seen.attrs.clear();
    for (const name of el.getAttributeNames()) {
      const lower = name.toLowerCase();
      if (LOOKED_AT.has(lower)) seen.attrs.set(lower, el.getAttribute(name) ?? '');
    }
    if (!seen.attrs.size) continue;
    seen.tag = el.tagName.toUpperCase();
    for (const [selector, test] of SELECTORS) if (test(seen)) lists.get(selector)!.push(el);
  }
  return {
    querySelectorAll: (selector: string) => (lists.get(selector) ?? [...root.querySelectorAll(selector)]) as unknown as NodeListOf<Element>,
    querySelector: (selector: string) => (lists.has(selector) ? lists.get(selector)![0] ?? null : root.querySelector(selector)),
  } as ParentNode;
}
