import type { SchemaNode } from './schemaorg.ts';
import { cleanText } from './text.ts';

/** How one inline syntax marks items: microdata (itemscope/itemprop) or RDFa Lite (typeof/property). */
export type ItemSyntax = { scope: string; prop: string; type: string; id: string };
export const MICRODATA: ItemSyntax = { scope: 'itemscope', prop: 'itemprop', type: 'itemtype', id: 'itemid' };
export const RDFA: ItemSyntax = { scope: 'typeof', prop: 'property', type: 'typeof', id: 'resource' };

const URL_ATTR: Record<string, string> = { A: 'href', AREA: 'href', LINK: 'href', IMG: 'src', AUDIO: 'src', VIDEO: 'src', SOURCE: 'src', IFRAME: 'src', EMBED: 'src', OBJECT: 'data' };

/**
 * Reads inline items into JSON-LD-shaped nodes in two selector queries: every property is
 * attached to its nearest enclosing scope (closest()), so the cost is linear in the marked-up
 * elements, not in scopes × descendants. Returns the top-level items.
 */
export function readItems(root: ParentNode, syntax: ItemSyntax): SchemaNode[] {
  const scopes = [...root.querySelectorAll(`[${syntax.scope}]`)];
  if (!scopes.length) return [];
  const nodes = new Map<Element, SchemaNode>();
  for (const el of scopes) {
    const node: SchemaNode = {};
    const type = el.getAttribute(syntax.type);
    if (type) node['@type'] = type.trim().split(/\s+/);
    const id = el.getAttribute(syntax.id);
    if (id) node['@id'] = id;
    nodes.set(el, node);
  }
  const tops: SchemaNode[] = [];
  for (const el of scopes) if (!el.hasAttribute(syntax.prop) || !owner(el, syntax)) tops.push(nodes.get(el)!);
  for (const el of root.querySelectorAll(`[${syntax.prop}]`)) {
    const scope = owner(el, syntax);
    const node = scope && nodes.get(scope);
    if (!node) continue;
    const value = nodes.get(el) ?? valueOf(el);
    for (const raw of (el.getAttribute(syntax.prop) ?? '').trim().split(/\s+/)) {
      const key = raw.replace(/^.*[/#:]/, '');
      if (!key) continue;
      const prev = node[key];
      node[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  }
  return tops;
}

const owner = (el: Element, syntax: ItemSyntax) => el.parentElement?.closest(`[${syntax.scope}]`) ?? null;

function valueOf(el: Element): string {
  const content = el.getAttribute('content');
  if (content != null) return cleanText(content);
  const urlAttr = URL_ATTR[el.tagName.toUpperCase()];
  if (urlAttr && el.hasAttribute(urlAttr)) return el.getAttribute(urlAttr) ?? '';
  for (const attr of ['value', 'datetime', 'resource']) if (el.hasAttribute(attr)) return cleanText(el.getAttribute(attr));
  return cleanText(el.textContent);
}
