import type { Name } from '../common.ts';

const PREFIXES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev', 'fr', 'herr', 'frau', 'mme', 'mlle', 'm', 'sr', 'sra', 'srta']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v', 'phd', 'md', 'esq', 'mba', 'dds', 'cpa', 'jd', 'rn', 'pe']);
const bare = (w: string) => w.toLowerCase().replace(/[.,]/g, '');

/**
 * Splits a full name into parts, for files that have only a "Name" column: "Dr. Ada B. Lovelace
 * Jr." → prefix, first, middle, last, suffix; "Lovelace, Ada" → last, first. Prefixes other than
 * the usual ones stay in the first name: guessing wrong there is worse than not guessing.
 */
export function splitFullName(full: string): Name {
  const text = full.replace(/\s+/g, ' ').trim();
  if (!text) return {};
  const comma = text.split(',').map((s) => s.trim()).filter(Boolean);
  // "Lovelace, Ada" (but not "Ada Lovelace, Jr.")
  if (comma.length === 2 && !SUFFIXES.has(bare(comma[1])) && !comma[0].includes(' ')) {
    const rest = splitFullName(comma[1]);
    return stripEmpty({ prefix: rest.prefix, first: [rest.first, rest.middle, rest.last].filter(Boolean).join(' ') || undefined, last: comma[0], suffix: rest.suffix });
  }
  const words = text.replace(/,/g, ' ').split(' ').filter(Boolean);
  const out: Name = {};
  const prefix: string[] = [];
  while (words.length > 1 && PREFIXES.has(bare(words[0])) && !(bare(words[0]) === 'sr' && prefix.length === 0 && words.length === 2)) prefix.push(words.shift()!);
  const suffix: string[] = [];
  while (words.length > 1 && SUFFIXES.has(bare(words[words.length - 1]))) suffix.unshift(words.pop()!);
  if (prefix.length) out.prefix = prefix.join(' ');
  if (suffix.length) out.suffix = suffix.join(' ');
  if (words.length === 1) out.first = words[0];
  else if (words.length > 1) {
    out.first = words[0];
    out.last = words[words.length - 1];
    if (words.length > 2) out.middle = words.slice(1, -1).join(' ');
  }
  return out;
}

function stripEmpty(n: Name): Name {
  for (const k of Object.keys(n) as (keyof Name)[]) if (!n[k]) delete n[k];
  return n;
}
