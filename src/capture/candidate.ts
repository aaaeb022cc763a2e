import { z } from '../domain/zod.ts';

import { MAX_CANDIDATES, MAX_FIELD, MAX_VALUES, SOURCES } from './limits.ts';

export { MAX_CANDIDATES, MAX_FIELD, MAX_VALUES, SOURCES };

export const Source = z.enum(SOURCES);
export type Source = z.infer<typeof Source>;

export const ContactType = z.enum(['work', 'mobile', 'home', 'fax', 'other']);
export type ContactType = z.infer<typeof ContactType>;

const Text = z.string().max(MAX_FIELD);
/** Where a value came from and how sure the extractor is (0..1). */
const provenance = { source: Source, confidence: z.number().min(0).max(1) };
export type Provenance = { source: Source; confidence: number };

export const SourcedText = z.object({ value: Text, ...provenance });
export type SourcedText = z.infer<typeof SourcedText>;

export const CandidateName = z.object({
  prefix: Text.optional(),
  first: Text.optional(),
  middle: Text.optional(),
  last: Text.optional(),
  suffix: Text.optional(),
  full: Text,
  ...provenance,
});
export type CandidateName = z.infer<typeof CandidateName>;

export const CandidateEmail = z.object({ value: Text, type: ContactType.optional(), ...provenance });
/** `value` is E.164 when libphonenumber-js can normalise it, else the cleaned original. */
export const CandidatePhone = z.object({
  value: Text,
  original: Text,
  /** "ext. 204", "x204", "Durchwahl 204": the digits to dial after the number, kept apart from it. */
  extension: z.string().regex(/^\d{1,8}$/).optional(),
  type: ContactType.optional(),
  ...provenance,
});
export const CandidateWebsite = z.object({ value: Text, ...provenance });
export const CandidateSocial = z.object({ network: Text, url: Text, ...provenance });
export const CandidateAddress = z.object({
  street: Text.optional(),
  city: Text.optional(),
  region: Text.optional(),
  postalCode: Text.optional(),
  country: Text.optional(),
  ...provenance,
});
export type CandidateEmail = z.infer<typeof CandidateEmail>;
export type CandidatePhone = z.infer<typeof CandidatePhone>;
export type CandidateWebsite = z.infer<typeof CandidateWebsite>;
export type CandidateSocial = z.infer<typeof CandidateSocial>;
export type CandidateAddress = z.infer<typeof CandidateAddress>;

export const CandidateKind = z.enum(['person', 'organization']);
export type CandidateKind = z.infer<typeof CandidateKind>;

/** Where a candidate was captured: the page's URL, the dropped file's name, the email's Message-ID.
 *  With each value's `source` (the method) it tells the user where every value came from. */
export const CandidateOrigin = z.object({
  page: Text.optional(),
  file: Text.optional(),
  messageId: Text.optional(),
});
export type CandidateOrigin = z.infer<typeof CandidateOrigin>;

export const Candidate = z.object({
  kind: CandidateKind,
  name: CandidateName.optional(),
  title: SourcedText.optional(),
  companyName: SourcedText.optional(),
  emails: z.array(CandidateEmail).max(MAX_VALUES),
  phones: z.array(CandidatePhone).max(MAX_VALUES),
  websites: z.array(CandidateWebsite).max(MAX_VALUES),
  socials: z.array(CandidateSocial).max(MAX_VALUES),
  address: CandidateAddress.optional(),
  /** The best confidence among its values: how likely this is a real contact. */
  confidence: z.number().min(0).max(1),
  /** Every source that contributed, for display ("from JSON-LD + h-card"). */
  sources: z.array(Source).max(SOURCES.length),
  origin: CandidateOrigin.optional(),
});
export type Candidate = z.infer<typeof Candidate>;

export const CandidateList = z.array(Candidate).max(MAX_CANDIDATES);

/**
 * What a scanned page answered, as candidates: each one checked against the schema (one that
 * fails is dropped, the others kept), at most MAX_CANDIDATES. Null when the answer is not a list.
 */
export function validCandidates(answer: unknown): Candidate[] | null {
  if (!Array.isArray(answer)) return null;
  const out: Candidate[] = [];
  for (const c of answer) {
    if (out.length === MAX_CANDIDATES) break;
    const parsed = Candidate.safeParse(c);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** Options shared by every extractor. */
export type ExtractOptions = {
  /** Resolves relative links (h-card url, JSON-LD "/about"). */
  baseUrl?: string;
  /** ISO 3166 country used to normalise national phone numbers ("713-345-8008"). */
  defaultCountry?: string;
};
