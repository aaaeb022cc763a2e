import { formatName, looksLikePersonName, nameKey as identityNameKey, parseName as parseIdentityName, type NameParts as Parts } from '../domain/identity/names.ts';
import { cleanText } from './text.ts';

/** A candidate's name: the parts (src/domain/identity/names.ts) and how it reads in full. */
export type NameParts = Parts & { full: string };

/** Parts of a name from page or mail text, by the one name rule; null when nothing is left. */
export function parseName(input: unknown): NameParts | null {
  const parts = parseIdentityName(cleanText(input, 200));
  const full = formatName(parts);
  return full ? { ...parts, full } : null;
}

export const fullFromParts = (p: Parts): string => formatName(p);

/** A key for "same person" (see identity nameKey). */
export const nameKey = (p: NameParts | undefined): string => (p ? identityNameKey(p.first || p.last ? p : p.full) : '');

export const looksLikeName = looksLikePersonName;

/** Words of a site's headings, greetings and instructions: "Contact Us", "About Our Company", "Dear Sam". */
const HEADING_WORDS = /^(?:contact|about|meet|our|your|dear|hi|hello|welcome|us|privacy|terms|careers|faq|menu|login|subscribe|newsletter)$/i;
/** …and words no person's name holds either ("Meet the Team", "Our Services"). */
const NOT_A_NAME = /^(?:team|services|products|home)$/i;

const words = (line: string) => line.split(/[\s,]+/);
/** A site heading or a greeting ("Contact Us", "Welcome to Acme"): neither a person nor a company. */
export const isSiteHeading = (line: string) => words(line).some((w) => HEADING_WORDS.test(w));
/** A name-like line that names no one ("Contact Us", "Meet Our Team", "Hello World"). */
export const namesNoOne = (line: string) => words(line).some((w) => HEADING_WORDS.test(w) || NOT_A_NAME.test(w));
