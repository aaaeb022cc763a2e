import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { fullName, type Name } from '../common.ts';
import type { Collection } from '../records.ts';

/**
 * Dedupe keys: the normalized values two records of the same contact share. Pure, so the
 * in-memory index, the read-model lookup and the tests all agree on what "the same" means.
 */

/** Mail providers whose domain says nothing about the company (never a company's domain). */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'ymail.com',
  'rocketmail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'aim.com', 'gmx.com', 'gmx.net', 'gmx.de',
  'gmx.at', 'gmx.ch', 'web.de', 't-online.de', 'freenet.de', 'proton.me', 'protonmail.com', 'protonmail.ch',
  'pm.me', 'tutanota.com', 'tuta.io', 'zoho.com', 'zohomail.com', 'mail.com', 'email.com', 'fastmail.com',
  'hey.com', 'mail.ru', 'bk.ru', 'inbox.ru', 'list.ru', 'yandex.ru', 'yandex.com', 'ya.ru', 'rambler.ru',
  'qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sohu.com', 'aliyun.com',
  'naver.com', 'daum.net', 'hanmail.net', 'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr',
  'libero.it', 'virgilio.it', 'tiscali.it', 'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl', 'onet.pl',
  'btinternet.com', 'sky.com', 'virginmedia.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net',
  'cox.net', 'charter.net', 'bigpond.com', 'rediffmail.com', 'uol.com.br', 'bol.com.br', 'terra.com.br',
]);
/** Providers with a domain per country (yahoo.co.uk, hotmail.fr, gmx.ch, outlook.de…). */
const FREE_MAIL_BRANDS = ['yahoo', 'hotmail', 'outlook', 'live', 'gmx', 'aol', 'msn', 'yandex', 'windowslive'];

export function isFreeMailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  if (FREE_MAIL_DOMAINS.has(d)) return true;
  const brand = d.split('.')[0];
  return FREE_MAIL_BRANDS.includes(brand) && /^[a-z]+\.(?:[a-z]{2,3}\.)?[a-z]{2,3}$/.test(d);
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function domainOfEmail(email: string | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at > 0 ? email.slice(at + 1).trim().toLowerCase() : undefined;
}

/** The company domain an email tells, or undefined for free mail (ada@gmail.com says nothing). */
export function companyDomainOf(email: string | undefined): string | undefined {
  const d = domainOfEmail(email);
  return d && !isFreeMailDomain(d) ? d : undefined;
}

/**
 * A phone's dedupe key: its national significant number, so "+1 415 555 0100" and
 * "(415) 555-0100" match even when the second was typed without a country code.
 */
export function normalizePhone(number: string, defaultCountry?: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(number, defaultCountry);
  const digits = parsed?.isPossible() ? parsed.nationalNumber : number.replace(/^\s*\+\d{1,3}[\s.-]+/, '').replace(/\D/g, '').replace(/^0+/, '');
  return digits.length >= 6 ? digits : undefined;
}

/** "https://www.LinkedIn.com/in/ada/?trk=x" → "linkedin.com/in/ada"; x.com counts as twitter.com. */
export function normalizeSocialUrl(url: string): string | undefined {
  const s = url.trim();
  let u: URL;
  try { u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`); } catch { return undefined; }
  let host = u.hostname.toLowerCase().replace(/^(?:www|m|mobile)\./, '');
  if (host === 'x.com') host = 'twitter.com';
  const path = decodeURIComponent(u.pathname).toLowerCase().replace(/\/+$/, '');
  return path ? `${host}${path}` : undefined;
}

const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
export const nameTokens = (s: string) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

const COMPANY_SUFFIXES = new Set(['inc', 'incorporated', 'llc', 'ltd', 'limited', 'gmbh', 'ag', 'sa', 'sas', 'sarl', 'bv', 'nv', 'plc', 'co', 'corp', 'corporation', 'company', 'srl', 'spa', 'oy', 'ab', 'as', 'kg', 'pty', 'the']);
/** "The Acme Corp., Inc." → "acme": what two spellings of one company share. */
export function normalizeCompanyName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const t = nameTokens(name);
  const core = t.filter((w) => !COMPANY_SUFFIXES.has(w));
  const out = (core.length ? core : t).join(' ');
  return out || undefined;
}

/** Similarity of two person names from 0 to 1 ("A. Lovelace" ~ "Ada Lovelace" ~ "Ada Lovelace"). */
export function nameSimilarity(a: string, b: string): number {
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (!ta.length || !tb.length) return 0;
  if (ta.join(' ') === tb.join(' ')) return 1;
  const lastA = ta[ta.length - 1];
  const lastB = tb[tb.length - 1];
  if (ta.length > 1 && tb.length > 1 && lastA === lastB) {
    const [fa, fb] = [ta[0], tb[0]];
    if (fa.startsWith(fb) || fb.startsWith(fa)) return 0.92; // "Al" / "Albert", "A" / "Ada"
  }
  return jaroWinkler(ta.join(' '), tb.join(' '));
}
export const SIMILAR_NAME = 0.9;

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const ma = new Array<boolean>(a.length).fill(false);
  const mb = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (mb[j] || a[i] !== b[j]) continue;
      ma[i] = mb[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let t = 0;
  for (let i = 0, k = 0; i < a.length; i++) {
    if (!ma[i]) continue;
    while (!mb[k]) k++;
    if (a[i] !== b[k++]) t++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** What a record offers for duplicate matching. */
export type DedupeProfile = {
  collection: Collection;
  id?: string;
  emails: string[];
  phones: string[];
  socials: string[];
  /** Company email domains: a company's own, else those of its people's work emails. */
  domains: string[];
  name: string;
  /** Where this contact works: a company id and/or a normalized company name. */
  companyId?: string;
  companyName?: string;
};

type R = Record<string, unknown>;
const list = <T>(v: unknown) => (Array.isArray(v) ? (v as T[]) : []);
const uniq = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];

export function profileOf(collection: Collection, r: R, opts: { defaultCountry?: CountryCode } = {}): DedupeProfile {
  const emails = uniq([typeof r.email === 'string' ? r.email : undefined, ...list<{ email: string }>(r.emails).map((e) => e.email)].map((e) => e && normalizeEmail(e)));
  const name = typeof r.name === 'string' ? r.name : fullName(r.name as Name | undefined);
  const isCompany = collection === 'companies';
  return {
    collection,
    id: typeof r.id === 'string' ? r.id : undefined,
    emails,
    phones: uniq(list<{ number: string }>(r.phones).map((p) => normalizePhone(p.number, opts.defaultCountry))),
    socials: uniq(list<{ url: string }>(r.socials).map((s) => normalizeSocialUrl(s.url))),
    domains: isCompany ? uniq([typeof r.emailDomain === 'string' ? r.emailDomain.toLowerCase() : undefined]) : uniq(emails.map(companyDomainOf)),
    name,
    companyId: isCompany ? (r.id as string | undefined) : (r.companyId as string | undefined),
    companyName: normalizeCompanyName(isCompany ? name : (r.companyName as string | undefined)),
  };
}

export type DuplicateReason =
  | { kind: 'email'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'social'; value: string }
  | { kind: 'domain'; value: string }
  | { kind: 'name'; value: string; similarity: number }
  | { kind: 'companyName'; value: string };

/** How much each reason weighs when ranking (an email is near proof, a domain a hint). */
export const REASON_WEIGHT: Record<DuplicateReason['kind'], number> = { email: 100, social: 90, phone: 80, companyName: 70, name: 60, domain: 40 };

/**
 * Why `b` looks like a duplicate of `a` (empty: it doesn't). Contacts (leads, people) match on
 * email, phone, social profile, or a similar name at the same company; companies on email
 * domain, normalized name or phone. `sameCompany` says whether the two contacts work at the
 * same company (the caller resolves company ids and names).
 */
export function duplicateReasons(a: DedupeProfile, b: DedupeProfile, sameCompany: boolean): DuplicateReason[] {
  const out: DuplicateReason[] = [];
  for (const e of a.emails) if (b.emails.includes(e)) out.push({ kind: 'email', value: e });
  for (const p of a.phones) if (b.phones.includes(p)) out.push({ kind: 'phone', value: p });
  for (const s of a.socials) if (b.socials.includes(s)) out.push({ kind: 'social', value: s });
  if (a.collection === 'companies' || b.collection === 'companies') {
    if (a.collection === b.collection) {
      for (const d of a.domains) if (b.domains.includes(d)) out.push({ kind: 'domain', value: d });
      if (a.companyName && a.companyName === b.companyName) out.push({ kind: 'companyName', value: a.companyName });
    }
    return out;
  }
  if (sameCompany && a.name && b.name) {
    const similarity = nameSimilarity(a.name, b.name);
    if (similarity >= SIMILAR_NAME) out.push({ kind: 'name', value: b.name, similarity });
  }
  return out;
}

export function score(reasons: DuplicateReason[]): number {
  return reasons.reduce((s, r) => s + REASON_WEIGHT[r.kind] * (r.kind === 'name' ? r.similarity : 1), 0);
}

/** Two contacts work at the same company: same company id, or same normalized company name. */
export function sameCompany(a: DedupeProfile, b: DedupeProfile, companyNameOf: (id: string) => string | undefined = () => undefined): boolean {
  if (a.companyId && a.companyId === b.companyId) return true;
  const na = a.companyName ?? (a.companyId ? normalizeCompanyName(companyNameOf(a.companyId)) : undefined);
  const nb = b.companyName ?? (b.companyId ? normalizeCompanyName(companyNameOf(b.companyId)) : undefined);
  return !!na && na === nb;
}
