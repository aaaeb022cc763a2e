import type { Candidate, ExtractOptions, Provenance } from './candidate.ts';
import { addPhone, addUrl, emptyCandidate, finish, setName, setText } from './draft.ts';

const META: Provenance = { source: 'meta', confidence: 0.5 };
const SITE: Provenance = { source: 'meta', confidence: 0.3 };
const LINK: Provenance = { source: 'link', confidence: 0.5 };

/**
 * The page's own subject, from what every page carries: Open Graph / Twitter / <meta> tags,
 * `tel:` links and `rel=me` profile links. A profile page (og:type=profile) gives a person —
 * "Ada Lovelace - CTO - Analytical Engines | LinkedIn" is split into name, title and company —
 * any other page gives its site as a low-confidence organization.
 */
export function extractPageContact(root: ParentNode, opts: ExtractOptions = {}): Candidate[] {
  const meta = readMeta(root);
  const profile = meta['og:type'] === 'profile' || !!meta['profile:first_name'];
  const c = emptyCandidate(profile ? 'person' : 'organization');
  if (profile) {
    const [head, ...rest] = (meta['og:title'] ?? '').split(/\s+\|\s+/)[0].split(/\s+[-–—]\s+/);
    setName(c, meta['profile:first_name'] || meta['profile:last_name']
      ? { first: meta['profile:first_name'], last: meta['profile:last_name'] }
      : head, META);
    if (rest.length >= 1) setText(c, 'title', rest[0], { ...META, confidence: 0.4 });
    if (rest.length >= 2) setText(c, 'companyName', rest[1], { ...META, confidence: 0.4 });
    addUrl(c, meta['og:url'], META, opts.baseUrl);
  } else {
    setText(c, 'companyName', meta['og:site_name'] ?? meta['application-name'], SITE);
  }
  // One walk of the DOM for both kinds of link.
  for (const a of root.querySelectorAll('a[href^="tel:"], a[href^="TEL:"], a[rel~="me"], link[rel~="me"]')) {
    const href = a.getAttribute('href') ?? '';
    if (/^tel:/i.test(href)) addPhone(c, href, LINK, { country: opts.defaultCountry });
    else addUrl(c, href, LINK, opts.baseUrl);
  }
  const done = finish(c);
  return done ? [done] : [];
}

/** Open Graph (property=) and named (name=) meta tags, first value wins, keys lower-cased. */
function readMeta(root: ParentNode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of root.querySelectorAll('meta[content]')) {
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? '').toLowerCase();
    if (key && !(key in out)) out[key] = m.getAttribute('content') ?? '';
  }
  return out;
}
