import { stripLegalForm } from '../../domain/identity/companies.ts';

/** Whose initials: a person's are their first and last names'; a company's skip its legal form and a leading article. */
export type AvatarKind = 'person' | 'company';
/** A record type's avatar kind (not in records/labels.ts: the side panel's first chunk holds that file). */
export const avatarKind = (collection: string): AvatarKind => (collection === 'companies' ? 'company' : 'person');

const LETTER = /\p{L}|\p{N}/u;
/** Articles that open a company's name ("The Boring Company", "Die Zeit", "La Poste"), skipped when a word follows. */
const ARTICLES = new Set(['the', 'a', 'an', 'der', 'die', 'das', 'le', 'la', 'les', 'el', 'los', 'las', 'il', 'lo']);
/** Short words inside a name ("Bank of America", "Marks & Spencer"), skipped for the last letter. */
const JOINERS = new Set(['of', 'and', 'for', 'de', 'du', 'del', 'da', 'di', 'von', 'van', 'und', 'et', 'y']);
/** "3M", "IBM", "HP": a short name in capitals or digits is its own initials. */
const ACRONYM = /^[\p{Lu}\p{N}]{2,3}$/u;

const firstLetter = (w: string) => [...w].find((c) => LETTER.test(c)) ?? '';

/**
 * Initials for an avatar. A person: the first letters of the first and last words ("Ada King
 * Lovelace" → "AL"). A company: the same after its legal form and a leading article are taken
 * off ("ACME GmbH" → "A", "The Boring Company" → "B", "株式会社トヨタ" → "ト"), and a short
 * capitalised name whole ("3M" → "3M"). "?" when the name has no letter or digit.
 */
export function initials(name: string, kind: AvatarKind = 'person'): string {
  let words = (kind === 'company' ? stripLegalForm(name) : name).trim().split(/[\s@._-]+/u).filter((w) => LETTER.test(w));
  if (kind === 'company') {
    if (words.length > 1 && ARTICLES.has(words[0].toLowerCase())) words = words.slice(1);
    if (words.length === 1 && ACRONYM.test(words[0])) return words[0];
    const core = words.filter((w, i) => i === 0 || !JOINERS.has(w.toLowerCase()));
    words = core.length ? core : words;
  }
  if (!words.length) return '?';
  const first = firstLetter(words[0]);
  const last = words.length > 1 ? firstLetter(words[words.length - 1]) : '';
  return (first + last).toUpperCase();
}

/** Backgrounds for initials: each carries white text at ≥ 4.5:1. */
export const AVATAR_COLOURS = ['#0b5cad', '#8250df', '#1a7f37', '#b3261e', '#8a5a00', '#0e6e78', '#bf3989', '#57606a'] as const;

/** The same name always gets the same colour (FNV-1a over its UTF-16 units). */
export function avatarColour(seed: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) { h ^= seed.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return AVATAR_COLOURS[(h >>> 0) % AVATAR_COLOURS.length];
}

/**
 * An image an avatar may show: only a data: image captured with the record (never a URL the
 * page would fetch from a third party), and not absurdly large.
 */
export const MAX_AVATAR_DATA_URL = 64 * 1024;
export function safeAvatarImage(src: unknown): string | undefined {
  if (typeof src !== 'string' || src.length > MAX_AVATAR_DATA_URL) return undefined;
  return /^data:image\/(png|x-icon|vnd\.microsoft\.icon|gif|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(src) ? src : undefined;
}
