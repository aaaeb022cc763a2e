import type { Candidate, CandidateAddress, CandidateKind, ContactType, Provenance } from './candidate.ts';
import { MAX_FIELD, MAX_VALUES } from './limits.ts';
import { parsePhone } from '../domain/identity/phones.ts';
import { properCase, properCaseParts } from '../domain/identity/names.ts';
import { socialNetwork } from './social.ts';
import { fullFromParts, parseName, type NameParts } from './name.ts';
import { phoneDigits } from './phone.ts';
import { cleanEmail, cleanText, cleanUrl } from './text.ts';

/**
 * The only way extractors build a candidate: every setter cleans, caps and dedupes, so no
 * extractor can hand back HTML-sized strings, 10 000 phones or a javascript: link.
 */
export function emptyCandidate(kind: CandidateKind): Candidate {
  return { kind, emails: [], phones: [], websites: [], socials: [], confidence: 0, sources: [] };
}

const better = (old: { confidence: number } | undefined, p: Provenance) => !old || p.confidence > old.confidence;

/** Sets the name from parts or from a full name string; keeps the more confident one. */
export function setName(c: Candidate, input: Partial<NameParts> | string | undefined, p: Provenance): void {
  if (!input || !better(c.name, p)) return;
  let parts: NameParts | null;
  // A name in capitals ("JEAN-LUC MCALLISTER") is stored as people write it (identity's rule, the import's too).
  const text = (v: unknown) => cleanText(v) || undefined;
  if (typeof input === 'string') parts = parseName(input);
  else {
    const clean = properCaseParts({ prefix: text(input.prefix), first: text(input.first), middle: text(input.middle), last: text(input.last), suffix: text(input.suffix) });
    const full = casedFull(properCase(cleanText(input.full)), clean) || fullFromParts(clean);
    parts = clean.first || clean.last ? { ...clean, full } : parseName(full);
  }
  if (!parts) return;
  c.name = { ...dropEmpty(parts), ...p };
}

/** The same words in any order and case: "Mr. Lei WANG" and "Mr. Lei Wang", "WANG Lei" and "Lei Wang". */
const sameWords = (a: string, b: string) => a.toLowerCase().split(/\s+/).sort().join(' ') === b.toLowerCase().split(/\s+/).sort().join(' ');
/** A formatted name (a card's FN, a page's name) beside its parts: as written, unless it is the parts'
 *  name with a family name in capitals ("Mr. Lei WANG"): then as the parts read ("Mr. Lei Wang"). */
function casedFull(written: string, parts: Partial<NameParts>): string {
  const read = written ? parseName(written) : null;
  return read && read.full !== written && sameWords(read.full, written) && sameWords(read.full, fullFromParts(parts)) ? read.full : written;
}

export function setText(c: Candidate, field: 'title' | 'companyName', input: unknown, p: Provenance): void {
  const value = cleanText(input);
  if (value && better(c[field], p)) c[field] = { value, ...p };
}

export function addEmail(c: Candidate, input: unknown, p: Provenance, type?: ContactType): string {
  const value = cleanEmail(input);
  if (value) pushUnique(c.emails, { value, ...(type && { type }), ...p }, (e) => e.value === value);
  return value;
}

export function addPhone(c: Candidate, input: unknown, p: Provenance, opts: { type?: ContactType; country?: string } = {}): void {
  // identity's phone rule: E.164 (";ext=N" kept) when valid, else as written; null when not a phone.
  const phone = parsePhone(cleanText(input, 80), opts.country);
  if (!phone) return;
  const digits = phoneDigits(phone.value);
  const entry = {
    value: phone.value.slice(0, MAX_FIELD), original: phone.original.slice(0, MAX_FIELD), ...(phone.extension && { extension: phone.extension }),
    ...(opts.type && { type: opts.type }), ...p,
  };
  // "+1 713 345 8008" and "713-345-8008" are one number: compare the trailing digits.
  pushUnique(c.phones, entry, (e) => sameDigits(phoneDigits(e.value), digits));
}

/**
 * The numbers kept as typed (no "+", no country known when they were read: "0711 5555 0142") read
 * as `country`'s where they are valid numbers there; the others stay as typed. Two spellings of
 * one number that this makes the same are kept once.
 */
export function readNationalNumbers(c: Candidate, country: string): void {
  const out: Candidate['phones'] = [];
  for (const ph of c.phones) {
    const read = ph.value.startsWith('+') ? null : parsePhone(ph.original, country);
    const entry = read?.valid ? { ...ph, value: read.value.slice(0, MAX_FIELD), ...(read.extension && { extension: read.extension }) } : ph;
    if (!out.some((o) => sameDigits(phoneDigits(o.value), phoneDigits(entry.value)))) out.push(entry);
  }
  c.phones = out;
}

/** Two spellings of one number: "+1 713 345 8008" and "713-345-8008" share their trailing digits. */
// A national number's trunk "0" ("0117 355 0142") is not part of its international form ("+44 117 355 0142").
export const sameDigits = (a: string, b: string) => {
  const [x, y] = [a.replace(/^0+/, ''), b.replace(/^0+/, '')];
  return a === b || (Math.min(x.length, y.length) >= 7 && (x.endsWith(y) || y.endsWith(x)));
};

/** Adds a URL to socials when it is a profile on a known network, else to websites. */
export function addUrl(c: Candidate, input: unknown, p: Provenance, baseUrl?: string): void {
  const url = cleanUrl(input, baseUrl);
  if (!url) return;
  const network = socialNetwork(url);
  const same = (u: string) => u.replace(/\/$/, '') === url.replace(/\/$/, '');
  if (network) pushUnique(c.socials, { network, url, ...p }, (s) => same(s.url));
  else pushUnique(c.websites, { value: url, ...p }, (w) => same(w.value));
}

export function setAddress(c: Candidate, input: Omit<CandidateAddress, 'source' | 'confidence'>, p: Provenance): void {
  const address = dropEmpty({
    street: cleanText(input.street) || undefined,
    city: cleanText(input.city) || undefined,
    region: cleanText(input.region) || undefined,
    postalCode: cleanText(input.postalCode) || undefined,
    country: cleanText(input.country) || undefined,
  });
  if (Object.keys(address).length && better(c.address, p)) c.address = { ...address, ...p };
}

/** Keeps the existing entry when it is at least as confident; caps the list. */
function pushUnique<T extends { confidence: number }>(list: T[], entry: T, same: (e: T) => boolean): void {
  const i = list.findIndex(same);
  if (i >= 0) {
    if (entry.confidence > list[i].confidence) list[i] = { ...list[i], ...entry };
  } else if (list.length < MAX_VALUES) list.push(entry);
}

function dropEmpty<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** Adds where a candidate was captured (page URL, file name, Message-ID), capped like every
 *  other string: a 3 000-character tracking URL must not make the candidate invalid. */
export function withOrigin(c: Candidate, origin: { page?: string; file?: string; messageId?: string }): Candidate {
  const capped = Object.fromEntries(Object.entries(origin).map(([k, v]) => [k, cleanText(v)]).filter(([, v]) => v));
  return Object.keys(capped).length ? { ...c, origin: { ...c.origin, ...capped } } : c;
}

/** Fills `confidence` and `sources`; null when nothing identifies a contact. */
export function finish(c: Candidate): Candidate | null {
  const values = [c.name, c.title, c.companyName, c.address, ...c.emails, ...c.phones, ...c.websites, ...c.socials].filter(
    (v): v is NonNullable<typeof v> => !!v,
  );
  const identifies = c.name || c.companyName || c.emails.length || c.phones.length;
  if (!identifies) return null;
  c.sources = [...new Set(values.map((v) => v.source))];
  c.confidence = Math.max(0, ...values.map((v) => v.confidence));
  return c;
}

/** Merges b into a (field by field, the more confident value wins). */
export function mergeInto(a: Candidate, b: Candidate): Candidate {
  // A bare mailto address ("speakers@", no name) found as a "person" does not make an organization one.
  if (b.kind === 'person' && (a.kind !== 'organization' || b.name)) a.kind = 'person';
  if (b.name && better(a.name, b.name)) a.name = b.name;
  if (b.title && better(a.title, b.title)) a.title = b.title;
  if (b.companyName && better(a.companyName, b.companyName)) a.companyName = b.companyName;
  if (b.address && better(a.address, b.address)) a.address = b.address;
  for (const e of b.emails) pushUnique(a.emails, e, (x) => x.value === e.value);
  for (const ph of b.phones) pushUnique(a.phones, ph, (x) => sameDigits(phoneDigits(x.value), phoneDigits(ph.value)));
  for (const w of b.websites) pushUnique(a.websites, w, (x) => x.value === w.value);
  for (const s of b.socials) pushUnique(a.socials, s, (x) => x.url === s.url);
  if (b.origin) a.origin = { ...b.origin, ...a.origin };
  return finish(a) ?? a;
}
