import type { Candidate, ExtractOptions } from './candidate.ts';
import { mergeInto, readNationalNumbers, sameDigits, withOrigin } from './draft.ts';
import { phoneDigits } from './phone.ts';
import { extractHCards } from './hcard.ts';
import { extractJsonLd } from './jsonld.ts';
import { extractMailtoLinks } from './mailto.ts';
import { mergeCandidates } from './merge.ts';
import { extractPageContact } from './meta.ts';
import { extractMicrodata } from './microdata.ts';
import { extractRdfa } from './rdfa.ts';
import { scannedRoot } from './scan.ts';
import { registrableDomain } from './social.ts';
import { isRoleMailbox } from '../domain/identity/emails.ts';
import { agreedCountry } from '../domain/identity/country-signals.ts';

type Extractor = (root: ParentNode, opts: ExtractOptions) => Candidate[];

/** Most trusted first: on a merge the first, more confident value is kept. */
const PAGE_EXTRACTORS: Extractor[] = [extractJsonLd, extractMicrodata, extractRdfa, extractHCards, extractMailtoLinks, extractPageContact];

/** Every page extractor on one document (or subtree), merged into one candidate per contact. */
export function extractFromDocument(root: ParentNode, opts: ExtractOptions & { singlePass?: boolean } = {}): Candidate[] {
  const baseUrl = opts.baseUrl ?? documentUrl(root);
  // A browser's native selectors are fast; a DOM without them (linkedom in Node) is read in one pass.
  const scanned = opts.singlePass ? scannedRoot(root) : root;
  const all: Candidate[] = [];
  for (const extract of PAGE_EXTRACTORS) {
    try {
      all.push(...extract(scanned, { ...opts, baseUrl }));
    } catch {
      // One syntax's failure on a hostile page must not hide what the others found.
    }
  }
  const merged = withPageOrganisation(absorbPageLinks(mergeCandidates(all)), baseUrl);
  withPageCountry(merged, root, baseUrl);
  return baseUrl ? merged.map((c) => withOrigin(c, { page: baseUrl })) : merged;
}

/**
 * A page's national numbers ("0711 5555 0142", no +country) read as its country's, when its
 * language, its domain and the countries its addresses name agree on one (identity's
 * `agreedCountry`); as typed when they don't, or when nothing names a country. The user's own
 * default country (`defaultCountry`) already read the numbers it could.
 */
function withPageCountry(list: Candidate[], root: ParentNode, baseUrl: string | undefined): void {
  if (!list.some((c) => c.phones.some((p) => !p.value.startsWith('+')))) return;
  const doc = ((root as Node).ownerDocument ?? root) as Document;
  const meta = (selector: string) => doc.querySelector?.(selector)?.getAttribute('content');
  const country = agreedCountry({
    languages: [doc.documentElement?.getAttribute?.('lang'), meta('meta[property="og:locale"]'), meta('meta[http-equiv="content-language" i]')],
    host: baseUrl,
    addressCountries: list.map((c) => c.address?.country),
  });
  if (country) for (const c of list) readNationalNumbers(c, country);
}

/**
 * A team page's people work for the page's organisation: a person whose address is at the page's
 * own domain gets the organisation the page names (schema.org, else og:site_name) as their
 * company when they have none (an h-card with no p-org), or when it was only a line of their card
 * (a mailto link and the lines around it: "Bristol Studio"). A person whose address is elsewhere
 * (a speakers' page, a directory) keeps what their card says: the site is not their employer.
 */
function withPageOrganisation(list: Candidate[], baseUrl: string | undefined): Candidate[] {
  const host = baseUrl && registrableDomain(baseUrl);
  const orgs = list.filter((c) => c.kind === 'organization' && c.companyName);
  if (!host || !orgs.length) return list;
  // The page's own markup before its meta tags (the legal name before the site's short name).
  const org = orgs.find((c) => !c.sources.every((s) => s === 'meta' || s === 'link')) ?? orgs[0];
  const out: Candidate[] = [];
  for (const c of list) {
    const byCard = c.kind === 'person' && c.sources.every((s) => s === 'link' || s === 'meta');
    const atHost = c.emails.some((e) => registrableDomain(e.value.split('@')[1] ?? '') === host);
    // "kanzlei@", "info@" with no one's name: the organisation's own address, not a person.
    if (byCard && atHost && !c.name && c.emails.every((e) => isRoleMailbox(e.value))) {
      mergeInto(org, { ...c, kind: 'organization', companyName: undefined });
      continue;
    }
    // Anyone with an address there and no company of their own (an h-card with no p-org) too.
    const unplaced = c.kind === 'person' && !c.companyName;
    if (atHost && (unplaced || (byCard && c.companyName?.source === 'link'))) c.companyName = { ...org.companyName!, confidence: 0.4 };
    out.push(c);
  }
  return out;
}

/** What only the page's own links say (tel:, rel=me) with no name, email or company of its own. */
const linksOnly = (c: Candidate) =>
  !c.name && !c.companyName && !c.emails.length && c.sources.every((s) => s === 'link' || s === 'meta');

/**
 * One candidate per person per page: `tel:` and `rel=me` links repeating a contact's phone or
 * profile are not a second, phone-only candidate. The links' values already on a candidate are
 * dropped; the rest go to the page's only contact when there is exactly one, else stay as
 * the page's own (unnamed) contact.
 */
function absorbPageLinks(list: Candidate[]): Candidate[] {
  // A tel: link inside someone's card is theirs: the page's own contact (og:site_name with the
  // page's links) does not keep a number another candidate holds.
  for (const c of list) {
    if (!c.sources.includes('link')) continue;
    // A named person's card (a mailto link and its lines, also 'link') holds its own number too.
    const held = (v: string) => list.some((o) => o !== c && o.phones.some((q) => (q.source !== 'link' || !!o.name) && sameNumber(q.value, v)));
    c.phones = c.phones.filter((p) => p.source !== 'link' || !held(p.value));
  }
  const links = list.filter(linksOnly);
  if (!links.length) return list;
  const others = list.filter((c) => !linksOnly(c));
  const out: Candidate[] = [...others];
  for (const l of links) {
    const rest: Candidate = {
      ...l,
      phones: l.phones.filter((p) => !others.some((o) => o.phones.some((q) => sameNumber(q.value, p.value)))),
      websites: l.websites.filter((w) => !others.some((o) => o.websites.some((v) => v.value === w.value))),
      socials: l.socials.filter((s) => !others.some((o) => o.socials.some((t) => t.url === s.url))),
    };
    if (!rest.phones.length && !rest.socials.length) continue;
    if (others.length === 1) mergeInto(others[0], rest);
    else out.push(rest);
  }
  return out;
}
const sameNumber = (a: string, b: string) => sameDigits(phoneDigits(a), phoneDigits(b));

function documentUrl(root: ParentNode): string | undefined {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  const base = doc?.querySelector?.('base[href]')?.getAttribute('href');
  const url = (doc as Document)?.URL;
  if (base && /^https?:/i.test(base)) return base;
  return url && /^https?:/i.test(url) ? url : undefined;
}
