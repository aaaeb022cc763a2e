import { MAX_LIST, MAX_SHORT } from '../domain/common.ts';
import type { Candidate, Source } from './candidate.ts';
import { entryKey, type Origin, type WriteProvenance } from '../domain/provenance.ts';
import { normalizeEmail } from '../domain/identity/emails.ts';
import { phoneKey as identityPhoneKey } from '../domain/identity/phones.ts';
import { socialKey, websiteKey } from '../domain/identity/web.ts';
import { normalizeAddress } from '../domain/identity/addresses.ts';

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
  // A page that gives the whole address as one string gets it split: never all of it in Street.
  const address = c.address && normalizeAddress({
    street: short(c.address.street), city: short(c.address.city), state: short(c.address.region),
    postalCode: short(c.address.postalCode), country: short(c.address.country),
  });
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

/** One entry per number, site, profile or address: the identity keys decide ("(415) 555-0100" = "+1 415 555 0100"). */
const phoneKey = (p: PhoneInput) => identityPhoneKey(p.number) ?? p.number.trim();
const websiteEntryKey = (u: UrlInput) => websiteKey(u.url) ?? u.url.trim();
const socialEntryKey = (u: UrlInput) => socialKey(u.url) ?? u.url.trim();
const emailKey = (e: EmailInput) => normalizeEmail(e.email) ?? e.email.trim().toLowerCase();

/** Appends the entries of `more` that `list` lacks (by `key`), up to the schema's list cap. */
export function appendNew<T>(list: T[], more: T[], key: (t: T) => string): T[] {
  const seen = new Set(list.map(key));
  const out = [...list];
  for (const m of more) {
    const k = key(m);
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
  if (x.websites.length) out.websites = appendNew((out.websites as UrlInput[] | undefined) ?? [], x.websites, websiteEntryKey);
  if (x.socials.length) out.socials = appendNew((out.socials as UrlInput[] | undefined) ?? [], x.socials, socialEntryKey);
  if (x.address && !out.address) out.address = x.address;
  if (x.emails.length) {
    if (collection === 'people') out.emails = appendNew((out.emails as EmailInput[] | undefined) ?? [], x.emails, emailKey);
    else {
      const own = normalizeEmail(String(out.email ?? ''));
      const others = x.emails.map((e) => e.email).filter((e) => normalizeEmail(e) !== own);
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
  const lists = { phones: phoneKey, websites: websiteEntryKey, socials: socialEntryKey, emails: emailKey } as const;
  for (const [field, key] of Object.entries(lists) as [keyof typeof lists, (t: never) => string][]) {
    const mine = (existing[field] as never[] | undefined) ?? [];
    const theirs = (input[field] as never[] | undefined) ?? [];
    const merged = appendNew(mine, theirs, key);
    if (merged.length > mine.length) patch[field] = merged;
  }
  if (collection === 'leads' && has(input.email) && has(existing.email) && normalizeEmail(String(input.email)) !== normalizeEmail(String(existing.email))) {
    patch.details = [existing.details, `Other emails: ${String(input.email)}`].filter(Boolean).join('\n');
  }
  return Object.keys(patch).length ? patch : null;
}

/**
 * Where the values of a record input made from a capture came from: each field the candidate
 * filled (and the user left as found) takes the method of the extractor that found it and the
 * capture's page, file or Message-ID; list entries keep their own extractor ("the second phone
 * came from h-card"). Whatever the user typed or changed is "typed".
 */
export function captureProvenance(c: Candidate, input: Record<string, unknown>): WriteProvenance {
  const where = {
    ...(c.origin?.page ? { url: c.origin.page } : {}),
    ...(c.origin?.file ? { file: c.origin.file } : {}),
    ...(c.origin?.messageId ? { messageId: c.origin.messageId } : {}),
  };
  const from = (source: Source): Origin => ({ method: source, ...where });
  const fields: Record<string, Origin> = {};
  const items: Record<string, Record<string, Origin>> = {};
  const same = (a: unknown, b: unknown) => String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();

  const name = input.name as Record<string, string> | undefined;
  if (c.name && name && (name.first || name.last)) {
    const found = c.name.first || c.name.last ? [c.name.first, c.name.last] : [c.name.full, undefined];
    if (same(name.first, found[0]) && same(name.last, found[1])) fields.name = from(c.name.source);
  }
  for (const f of ['title', 'companyName'] as const) if (c[f] && same(input[f], c[f]!.value)) fields[f] = from(c[f]!.source);
  if (c.address && input.address) fields.address = from(c.address.source);

  // Lists: per entry, the extractor that found that value (identity's key decides "the same").
  const lists: [string, { key: string; source: Source }[]][] = [
    ['emails', c.emails.map((e) => ({ key: entryKey('emails', e.value), source: e.source }))],
    ['phones', c.phones.flatMap((p) => [p.original, p.value].map((v) => ({ key: entryKey('phones', v), source: p.source })))],
    ['websites', c.websites.map((w) => ({ key: entryKey('websites', w.value), source: w.source }))],
    ['socials', c.socials.map((s) => ({ key: entryKey('socials', s.url), source: s.source }))],
  ];
  for (const [field, found] of lists) {
    const entries = input[field];
    if (!Array.isArray(entries)) continue;
    const mine: Record<string, Origin> = {};
    for (const e of entries) {
      const k = entryKey(field, e);
      const hit = found.find((x) => x.key === k);
      if (k && hit) mine[k] = from(hit.source);
    }
    if (Object.keys(mine).length) { items[field] = mine; fields[field] = Object.values(mine)[0]; }
  }
  // A lead has one email field.
  if (typeof input.email === 'string') {
    const hit = c.emails.find((e) => entryKey('emails', e.value) === entryKey('emails', input.email));
    if (hit) fields.email = from(hit.source);
  }
  return { origin: { method: 'typed' }, fields, ...(Object.keys(items).length ? { items } : {}) };
}

/** One field a new capture says differently from the record it matches ("new title: VP Sales — accept?"). */
export type CaptureChange = {
  field: string;
  /** 'new': the record has no value; 'changed': the page says another one; 'more': list entries it lacks. */
  kind: 'new' | 'changed' | 'more';
  /** The record's value and the capture's, as text. */
  before: string;
  after: string;
  /** What accepting writes. */
  patch: Record<string, unknown>;
};

const LIST_ENTRY: Record<string, [string, (t: never) => string]> = {
  emails: ['email', emailKey as (t: never) => string], phones: ['number', phoneKey as (t: never) => string],
  websites: ['url', websiteEntryKey as (t: never) => string], socials: ['url', socialEntryKey as (t: never) => string],
};
const nameText = (n: unknown) => { const v = (n ?? {}) as Record<string, string>; return [v.prefix, v.first, v.middle, v.last, v.suffix].filter(Boolean).join(' '); };
const addressText = (a: unknown) => Object.values((a ?? {}) as Record<string, string>).filter(Boolean).join(', ');
const sameText = (a: string, b: string) => a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * What changed since a record was captured, field by field: values it lacks, values the page
 * now says differently (a new title), list entries it does not have. Accepting a change writes
 * its `patch`; nothing is written without it. Lists only ever gain entries.
 */
export function captureChanges(existing: Record<string, unknown>, input: Record<string, unknown>, collection: 'leads' | 'people'): CaptureChange[] {
  const out: CaptureChange[] = [];
  const scalars: [string, (v: unknown) => string][] = [['name', nameText], ['title', (v) => String(v ?? '')], ['address', addressText]];
  if (collection === 'leads') scalars.push(['companyName', (v) => String(v ?? '')], ['email', (v) => String(v ?? '')]);
  for (const [field, text] of scalars) {
    const after = text(input[field]);
    if (!after.trim()) continue;
    const before = text(existing[field]);
    if (!before.trim()) out.push({ field, kind: 'new', before: '', after, patch: { [field]: input[field] } });
    else if (!sameText(before, after) && !(field === 'email' && normalizeEmail(before) === normalizeEmail(after))) {
      out.push({ field, kind: 'changed', before, after, patch: { [field]: input[field] } });
    }
  }
  for (const [field, [prop, key]] of Object.entries(LIST_ENTRY)) {
    const mine = (existing[field] as never[] | undefined) ?? [];
    const merged = appendNew(mine, (input[field] as never[] | undefined) ?? [], key);
    if (merged.length === mine.length) continue;
    const text = (list: never[]) => list.map((e) => String((e as Record<string, unknown>)[prop])).join(', ');
    out.push({ field, kind: 'more', before: text(mine), after: text(merged.slice(mine.length)), patch: { [field]: merged } });
  }
  return out;
}
