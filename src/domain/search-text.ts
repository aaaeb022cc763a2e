import type { Name } from './common.ts';
import { fullName } from './full-name.ts';

/*
 * What a page needs to show names and read a search query, apart from search.ts (which builds a
 * record's index words with the identity rules, libphonenumber among them): the side panel's
 * first list uses these, and a module shares its chunk's imports with whoever else uses it
 * (docs/architecture.md, "The side panel's first paint").
 */

export const MAX_WORD = 60;
const ASCII = /^[\x00-\x7f]*$/;
/**
 * Lower-case, accents off. ASCII text has nothing to decompose: it skips `normalize`, whose
 * first call loads ICU's data (about a second in a fresh Worker) and which costs ~5× a
 * lower-casing per call (a join derives ~8 index texts per record).
 */
export const foldText = (s: string) => (ASCII.test(s) ? s.toLowerCase() : s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase());

/**
 * Words of a search query (and of text to index): lower-case, accents off, split on anything
 * but letters, digits and the joiners @ . _ + - inside a word; a phone written with spaces or
 * brackets ("+1 (415) 555-0100") becomes its digits, as the index holds them.
 */
export function tokenize(text: string, opts: { phones?: boolean } = {}): string[] {
  let s = foldText(text.slice(0, 2000));
  if (opts.phones !== false) {
    s = s.replace(/\+?\(?\d[\d\s().\/-]*\d/g, (run) => {
      const digits = run.replace(/\D/g, '');
      return digits.length >= 4 && /[\s().\/+-]/.test(run) ? ` ${digits} ` : run;
    });
  }
  return s
    .split(/[^\p{L}\p{N}@._+-]+/u)
    .map((w) => w.replace(/^[@._+-]+|[@._+-]+$/g, ''))
    .filter((w) => w.length > 0 && w.length <= MAX_WORD);
}

export function emailsOf(r: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof r.email === 'string') out.push(r.email.toLowerCase());
  for (const e of (r.emails as { email: string }[] | undefined) ?? []) out.push(e.email.toLowerCase());
  return out;
}

/** A display name for any record. */
export function displayName(r: Record<string, unknown>): string {
  if (typeof r.name === 'string') return r.name;
  const n = fullName(r.name as Name | undefined);
  if (n) return n;
  return emailsOf(r)[0] ?? (typeof r.companyName === 'string' ? r.companyName : '') ?? '';
}
