/**
 * A count in words, one rule for every place that says one: the import's preview and errors, the
 * command line and the dashboard ("1 row", "2,400 rows", "1 valid card").
 */

/** Digits grouped in threes ("12,345"), without Intl: a page's first number format loads ICU's
 *  locale data (~18 ms of the side panel's first render). */
export const groupDigits = (n: number): string => (Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : n.toLocaleString('en-US'));

/** A word for what is counted, in the singular and the plural ("row"/"rows", "lead"/"leads"). */
export type Noun = { one: string; many: string };
export const ROWS: Noun = { one: 'row', many: 'rows' };
const CARDS: Noun = { one: 'card', many: 'cards' };

/** "1 row", "2,400 rows". */
export const counted = (count: number, noun: Noun): string => `${groupDigits(count)} ${count === 1 ? noun.one : noun.many}`;

/** What a file's entries are called: a CSV's rows, a vCard file's cards. */
export const unitsOf = (format: 'csv' | 'vcard'): Noun => (format === 'vcard' ? CARDS : ROWS);

/** The same noun with a word before it: "valid row"/"valid rows". */
export const qualified = (word: string, noun: Noun): Noun => ({ one: `${word} ${noun.one}`, many: `${word} ${noun.many}` });
