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
