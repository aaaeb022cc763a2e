import type { CountryCode } from 'libphonenumber-js';
import { fullName, type Name } from '../common.ts';
import type { Collection } from '../records.ts';
import { companyDomainOfEmail, mailboxKey } from '../identity/emails.ts';
import { phoneKey } from '../identity/phones.ts';
import { socialKey } from '../identity/web.ts';
import { companyKey } from '../identity/companies.ts';
import { nameSimilarity, SIMILAR_NAME } from '../identity/names.ts';

/**
 * The duplicate matcher: one rule for "these two records are the same contact", used before a
 * capture is saved, during import, on conversion and for "possible duplicates". Its keys all
 * come from src/domain/identity (email, company domain, phone, social handle, name at company).
 */

/** What a record offers for duplicate matching. */
export type DedupeProfile = {
  collection: Collection;
  id?: string;
  /** Mailbox keys (identity's `mailboxKey`: Jane.Doe@googlemail.com and janedoe@gmail.com are one). */
  emails: string[];
  /** Each mailbox key's first spelling in the record, as written: what a reason shows the user. */
  emailSpelling?: Record<string, string>;
  phones: string[];
  socials: string[];
  /** Company email domains: a company's own, else those of its people's work emails. */
  domains: string[];
  name: string;
  /** Where this contact works: a company id and/or its company key (identity/companies). */
  companyId?: string;
  companyName?: string;
};

type R = Record<string, unknown>;
const list = <T>(v: unknown) => (Array.isArray(v) ? (v as T[]) : []);
const uniq = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];

export function profileOf(collection: Collection, r: R, opts: { defaultCountry?: CountryCode } = {}): DedupeProfile {
  const emailSpelling: Record<string, string> = {};
  for (const e of [r.email, ...list<{ email?: unknown }>(r.emails).map((x) => x?.email)]) {
    const key = typeof e === 'string' ? mailboxKey(e) : undefined;
    if (key && !(key in emailSpelling)) emailSpelling[key] = (e as string).trim();
  }
  const emails = Object.keys(emailSpelling);
  const name = typeof r.name === 'string' ? r.name : fullName(r.name as Name | undefined);
  const isCompany = collection === 'companies';
  return {
    collection,
    id: typeof r.id === 'string' ? r.id : undefined,
    emails,
    emailSpelling,
    phones: uniq(list<{ number: string }>(r.phones).map((p) => (typeof p?.number === 'string' ? phoneKey(p.number, opts.defaultCountry) : undefined))),
    socials: uniq(list<{ url: string }>(r.socials).map((s) => (typeof s?.url === 'string' ? socialKey(s.url) : undefined))),
    domains: isCompany ? uniq([typeof r.emailDomain === 'string' ? r.emailDomain.toLowerCase() : undefined]) : uniq(emails.map(companyDomainOfEmail)),
    name,
    companyId: isCompany ? (r.id as string | undefined) : (r.companyId as string | undefined),
    companyName: companyKey(isCompany ? name : (r.companyName as string | undefined)),
  };
}

export type DuplicateReason =
  /** `value`: the matched record's own spelling of the address ("Jane.Doe+crm@gmail.com"), not its mailbox key. */
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
  for (const e of a.emails) if (b.emails.includes(e)) out.push({ kind: 'email', value: b.emailSpelling?.[e] ?? e });
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
  const na = a.companyName ?? (a.companyId ? companyKey(companyNameOf(a.companyId)) : undefined);
  const nb = b.companyName ?? (b.companyId ? companyKey(companyNameOf(b.companyId)) : undefined);
  return !!na && na === nb;
}
