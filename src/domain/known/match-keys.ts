import { companyDomainOfEmail, isFreeMailDomain, mailboxKey, normalizeEmail } from '../identity/emails.ts';
import { phoneIndexKey } from '../identity/phones.ts';
import { hostOf, registrableDomain, socialKey, socialNetworkOf, socialProfile } from '../identity/web.ts';
import type { Collection } from '../records.ts';

/**
 * "Known here": which records a web page is about. A record and a page are both reduced to
 * match keys, compared as plain strings (an index lookup, no scan):
 * - `d:<registrable domain>` — a company's email domain and websites, a person's or lead's work
 *   email domain and websites. Free-mail providers and social networks never give one
 *   (ada@gmail.com says nothing about gmail.com; a LinkedIn page is not LinkedIn the company).
 * - `e:<mailbox>` — an address's mailbox key (identity/emails `mailboxKey`, the duplicate
 *   matcher's key): a page showing "Jane.Doe+crm@gmail.com" names the record of janedoe@gmail.com.
 * - `p:<last 7 digits>` — a phone's coarse key (identity/phones); confirmed with samePhone.
 * - `s:<network:handle>` — a social profile (identity/web), x.com = twitter.com.
 * All normalising is identity's: this file only says which values of which records count.
 */

export type MatchKind = 'domain' | 'email' | 'phone' | 'social';
export type MatchKey = `${'d' | 'e' | 'p' | 's'}:${string}`;
const KIND: Record<string, MatchKind> = { d: 'domain', e: 'email', p: 'phone', s: 'social' };
export const kindOfKey = (key: string): MatchKind | undefined => KIND[key.slice(0, key.indexOf(':'))];

/** Record types a page can name directly (deals and tasks are reached through them). */
export const MATCHED_COLLECTIONS: readonly Collection[] = ['leads', 'people', 'companies'];

/** The domain key of a site, or undefined for free mail, social networks and hosts without one. */
export function domainKey(hostUrlOrEmail: string | undefined | null): MatchKey | undefined {
  if (!hostUrlOrEmail) return undefined;
  const host = hostUrlOrEmail.includes('@') ? hostUrlOrEmail : hostOf(hostUrlOrEmail) ?? hostUrlOrEmail;
  const d = registrableDomain(host);
  if (!d || isFreeMailDomain(d) || socialNetworkOf(`https://${d}/`)) return undefined;
  return `d:${d}`;
}

export const emailKey = (e: string | undefined | null): MatchKey | undefined => { const n = mailboxKey(e); return n ? `e:${n}` : undefined; };
export const phoneMatchKey = (p: string | undefined | null): MatchKey | undefined => { const k = typeof p === 'string' ? phoneIndexKey(p) : undefined; return k ? `p:${k}` : undefined; };
export const socialMatchKey = (u: string | undefined | null): MatchKey | undefined => {
  const k = typeof u === 'string' && socialProfile(u) ? socialKey(u) : undefined;
  return k ? `s:${k}` : undefined;
};

type R = Record<string, unknown>;
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Every match key a record offers (empty for deleted records and other types). */
export function recordMatchKeys(type: Collection, r: R): MatchKey[] {
  if (!MATCHED_COLLECTIONS.includes(type) || r.deletedAt !== undefined) return [];
  const keys = new Set<MatchKey | undefined>();
  const emails = [str(r.email), ...list<{ email?: unknown }>(r.emails).map((e) => str(e?.email))];
  for (const e of emails) {
    keys.add(emailKey(e));
    const company = companyDomainOfEmail(normalizeEmail(e));
    if (company) keys.add(domainKey(company));
  }
  if (type === 'companies' && str(r.emailDomain)) keys.add(domainKey(`x@${str(r.emailDomain)}`));
  for (const w of list<{ url?: unknown }>(r.websites)) keys.add(socialMatchKey(str(w?.url)) ?? domainKey(str(w?.url)));
  for (const s of list<{ url?: unknown }>(r.socials)) keys.add(socialMatchKey(str(s?.url)));
  for (const p of list<{ number?: unknown }>(r.phones)) keys.add(phoneMatchKey(str(p?.number)));
  keys.delete(undefined);
  return [...keys] as MatchKey[];
}

/** What the side panel knows of the page in front of the user (URL and what capture found on it). */
export type PageFacts = { url: string; emails?: string[]; phones?: string[]; socials?: string[]; websites?: string[] };
export type PageKey = { key: MatchKey; kind: MatchKind; value: string };

/** Hard cap on keys from one page: a directory page lists hundreds; the first ones are enough. */
export const MAX_PAGE_KEYS = 200;

/**
 * The keys a page offers: its own registrable domain (or the profile it is, on a social
 * network), then the emails, phones, social profiles and websites found on it.
 */
export function pageMatchKeys(page: PageFacts): PageKey[] {
  const out = new Map<MatchKey, PageKey>();
  const add = (key: MatchKey | undefined, value: string) => { if (key && !out.has(key) && out.size < MAX_PAGE_KEYS) out.set(key, { key, kind: kindOfKey(key)!, value }); };
  const own = socialMatchKey(page.url);
  if (own) add(own, page.url);
  else { const d = domainKey(page.url); add(d, d?.slice(2) ?? ''); }
  for (const e of page.emails ?? []) add(emailKey(e), normalizeEmail(e) ?? e);
  for (const p of page.phones ?? []) add(phoneMatchKey(p), p);
  for (const s of page.socials ?? []) add(socialMatchKey(s), s);
  for (const w of page.websites ?? []) { const d = socialMatchKey(w) ?? domainKey(w); add(d, d?.startsWith('d:') ? d.slice(2) : w); }
  return [...out.values()];
}
