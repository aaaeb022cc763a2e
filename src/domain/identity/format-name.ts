/**
 * How a person's name reads, apart from the parser (names.ts) so that a page that only shows
 * names (the side panel's first list, through src/domain/full-name.ts) loads none of the
 * parser's word lists: its first-load chunk stays under 20 KB (test/e2e/sidepanel-first-paint).
 */
export type NameParts = { prefix?: string; first?: string; middle?: string; last?: string; suffix?: string };

/**
 * Chinese, Japanese and Korean names written in their own script put the family name first
 * ("山田 太郎": family 山田, given 太郎; "王小明": 王 + 小明; "김민수": 김 + 민수). A name in
 * katakana with a middle dot ("ジョン・スミス") is a foreign name transliterated in given-first
 * order, and Latin transliterations ("Wang Xiaoming", "Yamada Taro") vary, so both stay
 * given-first.
 */
const EAST_ASIAN_LETTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
export function isEastAsianName(s: string | undefined): boolean {
  if (!s || /[・･]/.test(s)) return false;
  const letters = [...s.replace(/[\s\u3000]/g, '')];
  return letters.length > 0 && letters.every((c) => EAST_ASIAN_LETTER.test(c) || c === '々' || c === 'ー');
}

/** The parts of an East Asian name, family first, as they are written: "山田太郎", "김민수". */
export const eastAsianParts = (n: NameParts) => [n.last, n.first, n.middle].filter(Boolean) as string[];
export const isEastAsianParts = (n: NameParts) => (!!n.first || !!n.last) && eastAsianParts(n).every(isEastAsianName);

/**
 * "Dr. Ada Byron Lovelace Jr." from parts (reading order); an East Asian name family name first
 * without a space ("山田太郎"), as it is written in its script.
 */
export function formatName(n: NameParts | undefined): string {
  if (!n) return '';
  if (isEastAsianParts(n)) return [n.prefix, eastAsianParts(n).join(''), n.suffix].filter(Boolean).join(' ');
  return [n.prefix, n.first, n.middle, n.last, n.suffix].filter(Boolean).join(' ');
}
