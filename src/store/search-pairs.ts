import type { CollectionName as Collection } from '../domain/collection-names.ts';

/**
 * The read model's `pairs` index (read model 10): what proves that two common words never meet
 * ("grace lovelace") without reading either word's `*words` entries. Each record row holds, in
 * one multi-entry array, three kinds of entries:
 * - `P<type>:<a>\u0001<b>`: every ordered pair of two of its name words (the search words of its
 *   name alone, less a word that starts another of them or a number; at most MAX_PAIRED words: a
 *   record with more has one `X<type>:` entry instead and is always a candidate). A query word
 *   that no longer name word starts (no `P` key past `<w>\u0001` under it) is a whole name word
 *   wherever it is one, so its pairs with the other query word are a range;
 * - `O<l>|<type>:<o>`: each of its other indexed words (title, company, e-mail, tags…) not
 *   starting with a digit or "+" (phone terms: a query word starting so never takes this path),
 *   where `l` is how many first characters it shares with one of the record's name words at most
 *   (capped at MAX_SHARED): a query word starting the word but no longer than `l` starts a name
 *   word too, so only a query word longer than `l` needs this record checked by its row.
 *
 * A query of words p and q (neither a prefix of the other) then matches a record exactly when:
 * its name words hold both (a `P` entry of p or q as a whole name word with a name word starting
 * the other), or p or q starts one of its other words and no name word of it (an `O` entry of
 * the query word in a bucket below its length): those few records are read and tested.
 * See docs/architecture.md, "Two words that never meet".
 */

/**
 * The collections whose records are searched by name: an opportunity's or a task's name ("Acme
 * 12 deal") is searched by its own words, and its rows have no `pairs` (empty: no entry), so
 * their two-word queries take the other paths.
 */
export const PAIRED: ReadonlySet<Collection> = new Set(['leads', 'people', 'companies']);
/** Name words paired per record at most (5 words: 20 ordered pairs). */
export const MAX_PAIRED = 5;
/** The shared-prefix bucket of other words is capped here: a query word longer than it checks them all (a few more rows read, never fewer matches). */
export const MAX_SHARED = 8;

const SEP = '\u0001';
/** Phone terms and numbers: a query word starting so takes the other paths. */
export const UNPAIRED_START = /^[0-9+]/;

export const pairKey = (type: Collection, a: string, b: string) => `P${type}:${a}${SEP}${b}`;
/** The `P` keys of name words longer than `word` that start with it (a character past it sorts above the separator). */
export const longerNames = (type: Collection, word: string): [string, string] => [`P${type}:${word}\u0002`, `P${type}:${word}\uffff`];
export const otherKey = (type: Collection, shared: number, word: string) => `O${shared}|${type}:${word}`;
export const unpairedKey = (type: Collection) => `X${type}:`;

const lcp = (a: string, b: string) => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

/**
 * A row's `pairs` entries from its indexed words (`words`, as the row holds them: typed, a word
 * starting another left out) and the search words of its name alone (typed the same way).
 */
export function pairEntries(type: Collection, words: readonly string[], names: readonly string[]): string[] {
  if (!PAIRED.has(type)) return [];
  const strip = `${type}:`.length;
  const indexed = words.map((w) => w.slice(strip));
  // Name words the index holds (as themselves or as the start of a longer word), less one that
  // starts another; a number ("Acme 12") is left out: no query word this path takes starts one.
  const held = [...new Set(names.map((n) => n.slice(strip)))].filter((n) => n && !UNPAIRED_START.test(n) && indexed.some((w) => w.startsWith(n))).sort();
  const named = held.filter((n, i) => !held[i + 1]?.startsWith(n));
  const out: string[] = [];
  if (named.length > MAX_PAIRED) out.push(unpairedKey(type));
  else for (const a of named) for (const b of named) if (a !== b) out.push(pairKey(type, a, b));
  const isName = new Set(held);
  for (const o of indexed) {
    if (isName.has(o) || UNPAIRED_START.test(o)) continue;
    const shared = named.reduce((m, n) => Math.max(m, lcp(o, n)), 0);
    if (shared >= o.length) continue; // the word starts a name word: any query word starting it starts that name word
    out.push(otherKey(type, Math.min(shared, MAX_SHARED), o));
  }
  return out;
}
