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
const words = (s: string | undefined) => (s ?? '').split(/\s+/);
const hrefStarts = (e: Seen, ...prefixes: string[]) => prefixes.some((p) => (e.attrs.get('href') ?? '').startsWith(p));

/** The selectors the extractors use, with the same meaning as CSS (prefix matches are case-sensitive). */
const INDEXED: Record<string, Test> = {
  'script[type]': (e) => e.tag === 'SCRIPT' && has(e, 'type'),
  '[itemscope]': (e) => has(e, 'itemscope'),
  '[itemprop]': (e) => has(e, 'itemprop'),
  '[typeof]': (e) => has(e, 'typeof'),
  '[property]': (e) => has(e, 'property'),
  '.h-card, .vcard': (e) => words(e.attrs.get('class')).some((c) => c === 'h-card' || c === 'vcard'),
  'a[href^="mailto:"], a[href^="MAILTO:"]': (e) => e.tag === 'A' && hrefStarts(e, 'mailto:', 'MAILTO:'),
  'meta[content]': (e) => e.tag === 'META' && has(e, 'content'),
  'a[href^="tel:"], a[href^="TEL:"], a[rel~="me"], link[rel~="me"]': (e) =>
    (e.tag === 'A' && hrefStarts(e, 'tel:', 'TEL:')) || ((e.tag === 'A' || e.tag === 'LINK') && words(e.attrs.get('rel')).includes('me')),
};
const SELECTORS = Object.entries(INDEXED);
export const INDEXED_SELECTORS = Object.keys(INDEXED);
/** Attributes none of the selectors looks at: an element with only these is skipped at once. */
const LOOKED_AT = new Set(['type', 'itemscope', 'itemprop', 'typeof', 'property', 'class', 'href', 'content', 'rel']);

/** A stand-in for `root` whose `querySelectorAll` answers the indexed selectors from one walk. */
export function scannedRoot(root: ParentNode): ParentNode {
  const lists = new Map<string, Element[]>(SELECTORS.map(([s]) => [s, []]));
  for (const el of root.querySelectorAll('*')) {
    let attrs: Map<string, string> | null = null;
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (LOOKED_AT.has(name)) (attrs ??= new Map()).set(name, a.value);
    }
    if (!attrs) continue;
    const seen = { tag: el.tagName.toUpperCase(), attrs };
    for (const [selector, test] of SELECTORS) if (test(seen)) lists.get(selector)!.push(el);
  }
  return {
    querySelectorAll: (selector: string) => (lists.get(selector) ?? [...root.querySelectorAll(selector)]) as unknown as NodeListOf<Element>,
    querySelector: (selector: string) => (lists.has(selector) ? lists.get(selector)![0] ?? null : root.querySelector(selector)),
  } as ParentNode;
}
