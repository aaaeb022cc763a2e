import { cleanText } from './text.ts';

export type NameParts = {
  prefix?: string;
  first?: string;
  middle?: string;
  last?: string;
  suffix?: string;
  full: string;
};

const PREFIXES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev', 'hon', 'herr', 'frau', 'mme', 'mlle', 'm']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v', 'phd', 'md', 'esq', 'mba', 'cpa', 'dds', 'jd', 'pe', 'rn']);
const bare = (w: string) => w.toLowerCase().replace(/[.,]/g, '');

/** Splits "Dr. Ada B. Lovelace Jr." or "Lovelace, Ada" into parts; `full` reads naturally. */
export function parseName(input: unknown): NameParts | null {
  const s = cleanText(input, 200).replace(/^["']+|["']+$/g, '').trim();
  if (!s) return null;
  let words: string[];
  const comma = s.match(/^([^,]+),\s*([^,]+?)(?:,\s*([^,]+))?$/);
  if (comma && !SUFFIXES.has(bare(comma[2]))) {
    // "Last, First [Middle][, Suffix]" — the form Outlook/Exchange puts in From headers.
    words = [...comma[2].split(' '), ...comma[1].split(' '), ...(comma[3] ? [comma[3]] : [])];
  } else {
    words = s.replace(/,/g, ' ').split(' ');
  }
  words = words.filter(Boolean);
  const parts: NameParts = { full: '' };
  if (words.length > 1 && PREFIXES.has(bare(words[0]))) parts.prefix = words.shift();
  const suffixes: string[] = [];
  while (words.length > 1 && SUFFIXES.has(bare(words[words.length - 1]))) suffixes.unshift(words.pop()!);
  if (suffixes.length) parts.suffix = suffixes.join(' ');
  if (words.length === 1) parts.first = words[0];
  else if (words.length > 1) {
    parts.first = words[0];
    parts.last = words[words.length - 1];
    if (words.length > 2) parts.middle = words.slice(1, -1).join(' ');
  }
  parts.full = fullFromParts(parts);
  return parts.full ? parts : null;
}

export function fullFromParts(p: Omit<NameParts, 'full'>): string {
  return [p.prefix, p.first, p.middle, p.last, p.suffix].filter(Boolean).join(' ');
}

/** A key for "same person": case, accents, punctuation, titles and suffixes ignored. */
export function nameKey(p: NameParts | undefined): string {
  if (!p) return '';
  const words = (p.first || p.last ? [p.first, p.last] : [p.full]).filter(Boolean).join(' ');
  return words
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w && !PREFIXES.has(w) && !SUFFIXES.has(w))
    .join(' ');
}

/** Does this look like a person's name (2–5 capitalised words, no digits or @)? */
export function looksLikeName(s: string): boolean {
  if (!s || s.length > 60 || /[\d@:/<>|]/.test(s)) return false;
  const words = s.split(/\s+/);
  return words.length >= 1 && words.length <= 5 && words.every((w) => /^[\p{Lu}][\p{L}'’.-]*,?$/u.test(w) || /^(de|van|von|der|da|di|la|le|del|bin|al)$/i.test(w));
}
