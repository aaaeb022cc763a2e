import { mf2 } from 'microformats-parser';
import type { Candidate, ExtractOptions, Provenance } from './candidate.ts';
import { addEmail, addPhone, addUrl, emptyCandidate, finish, setAddress, setName, setText } from './draft.ts';

type Mf = { type?: string[]; properties: Record<string, unknown[]>; children?: Mf[]; value?: unknown };

const ROOTS = '.h-card, .vcard';
const P: Provenance = { source: 'h-card', confidence: 0.9 };
const LEGACY: Provenance = { source: 'h-card', confidence: 0.85 };
/** Without a page URL, relative links resolve against this placeholder and are then kept. */
const FALLBACK_BASE = 'http://localhost/';

/**
 * Microformats h-card and legacy hCard (class="vcard") → candidates. Only the outermost card
 * elements are serialised and parsed, not the whole page: parsing 2 MB of HTML again would
 * cost more than everything else together.
 */
export function extractHCards(root: ParentNode, opts: ExtractOptions = {}): Candidate[] {
  const els = [...root.querySelectorAll(ROOTS)].filter((el) => !el.parentElement?.closest(ROOTS));
  if (!els.length) return [];
  return extractHCardsFromHtml(els.map((el) => withIncludes(el, root)).join('\n'), opts);
}

/** How many elements one card may borrow (a page could point every card at every element). */
const MAX_INCLUDES = 10;

/**
 * A card as markup, with what it borrows from elsewhere on the page by id copied in — the
 * hCard include pattern: `itemref="org adr"` on the card, `<a class="include" href="#org">` or
 * `<object class="include" data="#org">` inside it, a table cell's `headers="org"` (a team
 * table whose header cell names the company). A table cell is written as a `<div>`, since a
 * `<td>` parsed outside its table loses its tag (and its class with it).
 */
function withIncludes(el: Element, root: ParentNode): string {
  const ids = [el.getAttribute('itemref'), el.getAttribute('headers')].flatMap((v) => (v ?? '').split(/\s+/)).filter(Boolean);
  const includes = [...el.querySelectorAll('a.include[href^="#"], object.include[data^="#"]')];
  const cell = /^(td|th)$/i.test(el.tagName);
  if (!ids.length && !includes.length && !cell) return el.outerHTML;
  const byId = (id: string) => {
    const target = root.querySelector(`[id="${id.replace(/["\\]/g, '\\$&')}"]`);
    // Never the card itself or an element holding it: that would copy the card into itself.
    return target && !target.contains(el) ? target.outerHTML : '';
  };
  let inner = el.innerHTML;
  for (const inc of includes.slice(0, MAX_INCLUDES)) {
    const id = (inc.getAttribute('href') ?? inc.getAttribute('data') ?? '').slice(1);
    inner = inner.replace(inc.outerHTML, byId(id));
  }
  inner += ids.slice(0, MAX_INCLUDES).map(byId).join('');
  const attrs = [...el.attributes].filter((a) => !['itemref', 'headers'].includes(a.name)).map((a) => ` ${a.name}="${a.value.replace(/"/g, '&quot;')}"`).join('');
  const tag = cell ? 'div' : el.tagName.toLowerCase();
  return `<${tag}${attrs}>${inner}</${tag}>`;
}

export function extractHCardsFromHtml(html: string, opts: ExtractOptions = {}): Candidate[] {
  let items: Mf[];
  try {
    items = mf2(html, { baseUrl: opts.baseUrl ?? FALLBACK_BASE }).items as Mf[];
  } catch {
    return []; // a parser bug on hostile markup must not lose the other extractors' results
  }
  const out: Candidate[] = [];
  for (const item of items) walk(item, out, opts);
  return out;
}

function walk(item: Mf, out: Candidate[], opts: ExtractOptions): void {
  if (out.length > 500) return;
  if (item.type?.includes('h-card')) {
    const c = toCandidate(item, opts);
    if (c) out.push(c);
  }
  for (const child of item.children ?? []) walk(child, out, opts);
  for (const [key, values] of Object.entries(item.properties)) {
    if (key === 'org') continue;
    for (const v of values) if (isItem(v)) walk(v, out, opts);
  }
}

const isItem = (v: unknown): v is Mf => typeof v === 'object' && v !== null && 'properties' in v;

/** A property's strings: nested items give their name/value, e-* give their text. */
function strs(item: Mf, key: string): string[] {
  return (item.properties[key] ?? []).flatMap((v) => {
    if (typeof v === 'string') return [v];
    if (isItem(v)) return [first(v, 'name') ?? (typeof v.value === 'string' ? v.value : '')];
    if (typeof v === 'object' && v && 'value' in v) return [String((v as { value: unknown }).value ?? '')];
    return [];
  }).filter(Boolean);
}
const first = (item: Mf, key: string) => strs(item, key)[0];

function toCandidate(item: Mf, opts: ExtractOptions): Candidate | null {
  const p = item.type?.length === 1 ? P : LEGACY;
  const name = first(item, 'name');
  const org = first(item, 'org');
  const isOrg = !!org && !!name && org.trim() === name.trim();
  const c = emptyCandidate(isOrg ? 'organization' : 'person');
  if (!isOrg) {
    const given = first(item, 'given-name');
    const family = first(item, 'family-name');
    setName(c, given || family
      ? { prefix: first(item, 'honorific-prefix'), first: given, middle: first(item, 'additional-name'), last: family, suffix: first(item, 'honorific-suffix'), full: name }
      : name, p);
  }
  setText(c, 'companyName', org, p);
  setText(c, 'title', first(item, 'job-title') ?? first(item, 'role'), p);
  for (const e of strs(item, 'email')) addEmail(c, e, p);
  for (const t of strs(item, 'tel')) addPhone(c, t, p, { country: opts.defaultCountry });
  for (const u of [...strs(item, 'url'), ...strs(item, 'uid')]) addUrl(c, u, p, opts.baseUrl);
  const adr = (item.properties.adr ?? []).find(isItem) ?? item;
  setAddress(c, {
    street: first(adr, 'street-address'),
    city: first(adr, 'locality'),
    region: first(adr, 'region'),
    postalCode: first(adr, 'postal-code'),
    country: first(adr, 'country-name'),
  }, p);
  if (!c.address && typeof item.properties.adr?.[0] === 'string') setAddress(c, { street: item.properties.adr[0] as string }, p);
  return finish(c);
}
