import type { Name } from './common.ts';
import { fullName } from './full-name.ts';
import type { Collection } from './records.ts';
import { emailSearchTerms } from './identity/emails.ts';
import { phoneSearchTerms } from './identity/phones.ts';
import { MAX_WORD, emailsOf, tokenize } from './search-text.ts';

export { displayName, emailsOf, tokenize } from './search-text.ts';

/** Characters that join the pieces of one term ("first.last@acme.io", "Jean-Luc", "ada+crm"). */
const JOINERS = /[@._+-]/;

/**
 * Words of a record for the read model's search index: name parts, every email (whole, the part
 * before @, its pieces, the domain: see emailSearchTerms), company, every phone as any way it
 * may be typed (see phoneSearchTerms), title, tags. Each word is prefixed with the collection so
 * one multi-entry index serves type-scoped prefix search ("leads:ada"). A query word matches
 * when it is the start of a word (see tokenize).
 */
export function searchWords(collection: Collection, r: Record<string, unknown>): string[] {
  const words = new Set<string>();
  const add = (text: unknown) => {
    if (typeof text !== 'string') return;
    for (const w of indexTerms(text)) words.add(w);
  };
  const name = r.name;
  if (typeof name === 'string') add(name);
  else if (name && typeof name === 'object') add(fullName(name as Name));
  add(r.title);
  add(r.companyName);
  add(r.emailDomain);
  for (const e of emailsOf(r)) for (const t of emailSearchTerms(e)) if (t.length <= MAX_WORD) words.add(t);
  for (const p of (r.phones as { number: string }[] | undefined) ?? []) {
    if (typeof p?.number === 'string') for (const t of phoneSearchTerms(p.number)) words.add(t);
  }
  for (const t of (r.tags as string[] | undefined) ?? []) add(t);
  return [...words].slice(0, 300).map((w) => `${collection}:${w}`);
}

/**
 * The words a record's read-model row indexes: `searchWords` without any word that begins
 * another word of the same record ("ann" beside "ann.lee", "example" beside "example.com").
 * Every lookup of the `words` index is a prefix match (search, and the pre-save duplicate check:
 * `startsWith`), so a word that starts a kept word finds nothing more, and each index entry is
 * a write (a multi-entry entry costs about as much as a row's other indexes together in
 * Chromium: see docs/architecture.md, "The read model's write cost").
 */
export function indexWords(collection: Collection, r: Record<string, unknown>): string[] {
  const sorted = searchWords(collection, r).sort();
  // Sorted, a word that starts another is directly followed by one it starts (if any does).
  return sorted.filter((w, i) => !(sorted[i + 1]?.startsWith(w)));
}

/** Index words of free text: each term, its pieces ("jean-luc" → "jean", "luc") and its tails. */
function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text, { phones: false })) {
    out.push(t);
    if (!JOINERS.test(t)) continue;
    for (const piece of t.split(/[@._+-]+/)) if (piece) out.push(piece);
    for (let i = 1; i < t.length; i++) if (JOINERS.test(t[i - 1]) && !JOINERS.test(t[i])) out.push(t.slice(i));
  }
  return out;
}
