import { MAX_LIST, MAX_SHORT } from '../domain/common.ts';
import type { Candidate } from './candidate.ts';

type Category = 'work' | 'personal' | 'mobile' | 'home' | 'fax' | 'other';
export type PhoneInput = { number: string; category: Category };
export type UrlInput = { url: string; category: string };
export type EmailInput = { email: string; category: Category };
export type AddressInput = { street?: string; city?: string; state?: string; postalCode?: string; country?: string };

/**
 * What a candidate says beyond the few fields the capture form shows (name, one email, one
 * phone, one website, title, company): the other phones, websites and emails, the social
 * profiles and the postal address. Saved with the lead so that a capture loses nothing the
 * page said; the form's own fields always win over these.
 */
export type CaptureExtras = { phones: PhoneInput[]; websites: UrlInput[]; socials: UrlInput[]; emails: EmailInput[]; address?: AddressInput };

export const noExtras = (): CaptureExtras => ({ phones: [], websites: [], socials: [], emails: [] });

const short = (s: string | undefined) => (s ? s.trim().slice(0, MAX_SHORT) : undefined);
const category = (t: string | undefined): Category => (t === 'mobile' || t === 'home' || t === 'fax' || t === 'other' ? t : 'work');

/** The candidate's values the form does not show (its first email, phone and website it does). */
export function candidateExtras(c: Candidate): CaptureExtras {
  const address = c.address && {
    street: short(c.address.street), city: short(c.address.city), state: short(c.address.region),
    postalCode: short(c.address.postalCode), country: short(c.address.country),
  };
  const defined = address && Object.fromEntries(Object.entries(address).filter(([, v]) => v));
  return {
    phones: c.phones.slice(1).map((p) => ({ number: (p.original || p.value).slice(0, 40), category: category(p.type) })),
    websites: c.websites.slice(1).map((w) => ({ url: w.value, category: 'other' })),
    socials: c.socials.map((s) => ({ url: s.url, category: s.network.slice(0, 40) })),
    emails: c.emails.slice(1).map((e) => ({ email: e.value, category: e.type === 'home' ? 'personal' : category(e.type) })),
    ...(defined && Object.keys(defined).length ? { address: defined } : {}),
  };
}

/** "2 more phones · address · LinkedIn": what the card says it will save besides the form. */
export function describeExtras(x: CaptureExtras): string {
  const parts: string[] = [];
  const n = (count: number, one: string, many: string) => count && parts.push(`${count} more ${count === 1 ? one : many}`);
  n(x.emails.length, 'email', 'emails');
  n(x.phones.length, 'phone', 'phones');
  n(x.websites.length, 'website', 'websites');
  if (x.socials.length) parts.push(x.socials.map((s) => s.category).join(', '));
  if (x.address) parts.push(`address (${[x.address.city, x.address.country].filter(Boolean).join(', ') || x.address.street})`);
  return parts.join(' · ');
}

/** "+1 415 555 0100" and "(415) 555-0100" are one number: compare the last nine digits. */
const phoneKey = (p: PhoneInput) => p.number.replace(/\D/g, '').slice(-9);
const urlKey = (u: UrlInput) => u.url;

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9+@.]/g, '').replace(/\/$/, '');

/** Appends the entries of `more` that `list` lacks (by `key`), up to the schema's list cap. */
export function appendNew<T>(list: T[], more: T[], key: (t: T) => string): T[] {
  const seen = new Set(list.map((t) => norm(key(t))));
  const out = [...list];
  for (const m of more) {
    const k = norm(key(m));
    if (!k || seen.has(k) || out.length >= MAX_LIST) continue;
    seen.add(k);
    out.push(m);
  }
  return out;
}

/**
 * Adds the extras to a record input made from the form. A lead has one email field: its other
 * addresses go into the details text rather than being dropped.
 */
export function withExtras(input: Record<string, unknown>, x: CaptureExtras, collection: 'leads' | 'people'): Record<string, unknown> {
  const out = { ...input };
  if (x.phones.length) out.phones = appendNew((out.phones as PhoneInput[] | undefined) ?? [], x.phones, phoneKey);
  if (x.websites.length) out.websites = appendNew((out.websites as UrlInput[] | undefined) ?? [], x.websites, urlKey);
  if (x.socials.length) out.socials = appendNew((out.socials as UrlInput[] | undefined) ?? [], x.socials, urlKey);
  if (x.address && !out.address) out.address = x.address;
  if (x.emails.length) {
    if (collection === 'people') out.emails = appendNew((out.emails as EmailInput[] | undefined) ?? [], x.emails, (e) => e.email);
    else {
      const others = x.emails.map((e) => e.email).filter((e) => e.toLowerCase() !== String(out.email ?? '').toLowerCase());
      if (others.length) out.details = [out.details, `Other emails: ${others.join(', ')}`].filter(Boolean).join('\n');
    }
  }
  return out;
}

/**
 * "Add the new details to it": the patch that gives an existing lead or person what a capture
 * found and the record lacks. Nothing the record already has is overwritten; lists gain the
 * entries they miss. Returns null when the capture adds nothing.
 */
export function newDetailsPatch(existing: Record<string, unknown>, input: Record<string, unknown>, collection: 'leads' | 'people'): Record<string, unknown> | null {
  const patch: Record<string, unknown> = {};
  const has = (v: unknown) => v !== undefined && v !== null && v !== '' && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
  for (const field of ['name', 'title', 'companyName', 'email', 'address'] as const) {
    if (field in input && has(input[field]) && !has(existing[field]) && (collection === 'leads' || (field !== 'companyName' && field !== 'email'))) patch[field] = input[field];
  }
  const lists = { phones: phoneKey, websites: urlKey, socials: urlKey, emails: (e: EmailInput) => e.email } as const;
  for (const [field, key] of Object.entries(lists) as [keyof typeof lists, (t: never) => string][]) {
    const mine = (existing[field] as never[] | undefined) ?? [];
    const theirs = (input[field] as never[] | undefined) ?? [];
    const merged = appendNew(mine, theirs, key);
    if (merged.length > mine.length) patch[field] = merged;
  }
  if (collection === 'leads' && has(input.email) && has(existing.email) && String(input.email).toLowerCase() !== String(existing.email).toLowerCase()) {
    patch.details = [existing.details, `Other emails: ${String(input.email)}`].filter(Boolean).join('\n');
  }
  return Object.keys(patch).length ? patch : null;
}
