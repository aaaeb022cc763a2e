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
 * Common Vietnamese family names (accents off): about nine in ten Vietnamese people bear one.
 * "Van" is not among them (it is a middle name, and "Van Morrison" is given first).
 */
export const VIETNAMESE_FAMILY = new Set([
  'nguyen', 'tran', 'le', 'pham', 'hoang', 'huynh', 'phan', 'vu', 'vo', 'dang', 'bui', 'do', 'ho', 'ngo', 'duong', 'ly', 'dinh', 'trinh',
  'truong', 'doan', 'luong', 'lam', 'mai', 'cao', 'ha', 'ta', 'quach', 'luu', 'thai', 'chau', 'phung', 'vuong', 'trieu', 'kieu', 'tang', 'khuc', 'ton', 'lai',
]);
/** One Vietnamese syllable, accents off: an initial consonant, one to three vowels, a final consonant. */
export const VIETNAMESE_SYLLABLE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$/;
/** Letters only Vietnamese writes (ă â đ ê ô ơ ư and the tone marks on them: "ễ", "ầ", "ị"). */
export const VIETNAMESE_LETTER = /[ăâđêôơưĩũ\u1EA0-\u1EF9]/iu;
export const foldVietnamese = (w: string) => w.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();

/** A name written in Vietnamese letters whose family name is a Vietnamese one ("Nguyễn", given "An",
 *  middle "Văn"): it reads family name first, as it is written ("Nguyễn Văn An"). */
function isVietnameseParts(n: NameParts): boolean {
  if (!n.last || !n.first) return false;
  // The letter test first: it rules out nearly every name without folding (normalize is ~5× slower).
  const words = [n.last, n.middle, n.first].filter(Boolean).join(' ').split(/\s+/);
  return words.some((w) => VIETNAMESE_LETTER.test(w)) && VIETNAMESE_FAMILY.has(foldVietnamese(n.last)) &&
    words.every((w) => VIETNAMESE_SYLLABLE.test(foldVietnamese(w)));
}

/**
 * "Dr. Ada Byron Lovelace Jr." from parts (reading order); an East Asian name family name first
 * without a space ("山田太郎"), as it is written in its script; a name in Vietnamese letters
 * family name first ("Nguyễn Văn An"; "Nguyen Van An" without them reads given first, "An Van Nguyen").
 */
export function formatName(n: NameParts | undefined): string {
  if (!n) return '';
  if (isEastAsianParts(n)) return [n.prefix, eastAsianParts(n).join(''), n.suffix].filter(Boolean).join(' ');
  if (isVietnameseParts(n)) return [n.prefix, n.last, n.middle, n.first, n.suffix].filter(Boolean).join(' ');
  return [n.prefix, n.first, n.middle, n.last, n.suffix].filter(Boolean).join(' ');
}
