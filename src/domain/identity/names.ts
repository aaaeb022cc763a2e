/**
 * Person names: one parser for every place a name enters (capture, CSV, vCard, forms), so the
 * same string always gives the same parts.
 */
import { foldText } from '../search-text.ts';
import {
  eastAsianParts, foldVietnamese, formatName, isEastAsianName, isEastAsianParts, VIETNAMESE_FAMILY, VIETNAMESE_LETTER, VIETNAMESE_SYLLABLE, type NameParts,
} from './format-name.ts';

export { formatName, isEastAsianName, type NameParts };

/** Honorifics before a name, across languages (compared without dots, lower-case). */
const PREFIXES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'rev', 'revd', 'fr', 'hon', 'capt', 'col', 'gen', 'lt', 'maj', 'sgt',
  'herr', 'frau', 'hr', 'fr', 'mme', 'mlle', 'm', 'me', 'pr', 'sr', 'sra', 'srta', 'sres', 'don', 'dona', 'doña', 'dña', 'dn',
  'sig', 'sigra', 'signor', 'signora', 'dott', 'dottssa', 'dottoressa', 'ing', 'avv', 'arch', 'mag', 'dipling', 'dipl-ing', 'univprof',
  'dhr', 'mevr', 'drs', 'ir', 'pan', 'pani', 'sheikh', 'shri', 'smt',
]);
/** Generational and professional suffixes after a name. */
const SUFFIXES = new Set([
  'jr', 'sr', 'snr', 'jnr', 'ii', 'iii', 'iv', 'v', 'vi', 'phd', 'md', 'dds', 'dmd', 'esq', 'mba', 'cpa', 'jd', 'rn', 'pe', 'msc', 'bsc', 'ma', 'ba',
  'llm', 'mp', 'qc', 'kc', 'obe', 'mbe', 'cbe', 'frcs', 'facs', 'cfa', 'pmp', 'dvm', 'edd', 'retd', 'ret',
]);
/**
 * Words that begin a family name ("van der Linde", "de la Cruz", "von Neumann", "bin Salman").
 * "di", "da", "de" etc. only count when a name follows them, so "Da Silva" still parses.
 */
const PARTICLES = new Set([
  'van', 'von', 'der', 'den', 'de', 'del', 'della', 'delle', 'dei', 'degli', 'di', 'da', 'das', 'dos', 'do', 'du', 'des', 'la', 'le', 'lo', 'los', 'las',
  'ter', 'ten', 'het', "'t", 'zu', 'zum', 'zur', 'am', 'vom', 'bin', 'binti', 'ibn', 'bint', 'al', 'el', 'ap', 'af', 'av',
]);
/** Suffixes written in capitals ("MBA", "MD"), unlike "Jr." and "Esq.". */
const UPPER_SUFFIXES = new Set(['md', 'dds', 'dmd', 'mba', 'cpa', 'jd', 'rn', 'pe', 'llm', 'mp', 'qc', 'kc', 'obe', 'mbe', 'cbe', 'frcs', 'facs', 'cfa', 'pmp', 'dvm']);

const bare = (w: string) => w.toLowerCase().replace(/[.,]/g, '');
const isPrefix = (w: string) => PREFIXES.has(bare(w));
const isSuffix = (w: string) => SUFFIXES.has(bare(w));
const isParticle = (w: string) => PARTICLES.has(w.toLowerCase());
/** "A.", "A", "J.R." */
export const isInitial = (w: string) => /^(?:\p{Lu}\.?){1,3}$/u.test(w) && w.replace(/\./g, '').length <= 3 && (w.includes('.') || w.length === 1);

/**
 * A word's own mixed-case head before capitals: "McALLISTER", "MacDONALD", "DeVITO", "LeBLANC",
 * "d'ARTAGNAN". People type a family name in capitals and keep the head as they always write it;
 * the capitals are a way of writing, not the name's spelling.
 */
const HEAD_THEN_CAPITALS = /^(\p{Lu}\p{Ll}{1,2}|\p{Ll}{1,2}['’])(\p{Lu}{2}[\p{Lu}'’-]*\p{Lu})$/u;
/** A word typed in capitals: "LOVELACE", "O'BRIEN", "SMITH-JONES", "DR.", and "McALLISTER" (a head, then capitals). */
function typedInCapitals(w: string): boolean {
  const letters = w.replace(/[^\p{L}]/gu, '');
  return (!!letters && /^\p{Lu}+$/u.test(letters)) || HEAD_THEN_CAPITALS.test(w.replace(/[.,]+$/, ''));
}
/** Every word with letters typed in capitals, two letters or more in all ("ADA LOVELACE", "SEAN McALLISTER"). */
function allInCapitals(s: string): boolean {
  const words = s.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  return s.replace(/[^\p{L}]/gu, '').length >= 2 && words.length > 0 && words.every(typedInCapitals);
}

/**
 * Proper case for one word: "LOVELACE" → "Lovelace", "O'BRIEN" → "O'Brien", "MCDONALD" →
 * "McDonald", "JEAN-LUC" → "Jean-Luc"; particles stay lower ("VAN" → "van"), roman numerals and
 * degrees keep their usual form ("III", "PhD").
 */
export function properCaseWord(w: string, position: 'first' | 'inner' = 'inner'): string {
  // "McALLISTER" → "McAllister", "MacDONALD" → "MacDonald": the head as typed, the capitals after it re-cased.
  const head = w.match(HEAD_THEN_CAPITALS);
  if (head) return head[1] + properCaseWord(head[2], 'first');
  const b = bare(w);
  if (/^(?:ii|iii|iv|vi|vii|viii)$/.test(b) || UPPER_SUFFIXES.has(b)) return w.toUpperCase();
  if (b === 'phd') return w.toLowerCase().replace('p', 'P').replace('d', 'D');
  if (position === 'inner' && PARTICLES.has(w.toLowerCase())) return w.toLowerCase();
  return w
    .toLowerCase()
    .replace(/(^|[-'’])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase())
    // "MCDONALD" → "McDonald"; "Mac…" is left alone ("Mack", "Macy", "Machado").
    .replace(/^Mc(\p{L})(?=\p{L})/u, (_, c: string) => `Mc${c.toUpperCase()}`);
}

/**
 * The one rule for a name typed in capitals, in capture and import alike: "ADA LOVELACE" → "Ada
 * Lovelace", "SEAN McALLISTER" → "Sean McAllister"; mixed case is kept as typed ("DeVito",
 * "danah boyd", "Sean McAllister").
 */
export function properCase(s: string): string {
  if (!allInCapitals(s)) return s;
  return s.split(/\s+/).map((w, i) => properCaseWord(w, i === 0 ? 'first' : 'inner')).join(' ');
}

/**
 * A family name typed in capitals in its usual case: "McALLISTER" → "McAllister", "O'BRIEN" →
 * "O'Brien", "SMITH-JONES" → "Smith-Jones"; particles that lead it are lower case when a name
 * follows them ("VAN DER BERG" → "van der Berg", "DE LA CRUZ" → "de la Cruz"), as "Jan van der
 * Berg" typed in mixed case is parsed, so the capitals and the mixed case give one stored name.
 */
function properCaseFamily(s: string): string {
  const words = s.split(/\s+/);
  const lead = words.findIndex((w) => !isParticle(w));
  // Particles alone ("LE VAN": Vietnamese Lê Văn) are names here, each capitalised.
  if (lead < 0) return words.map((w) => properCaseWord(w, 'first')).join(' ');
  return words.map((w, i) => (i < lead ? w.toLowerCase() : properCaseWord(w, i === 0 ? 'first' : 'inner'))).join(' ');
}

/** Initials rather than a name: "J.", "J.R.", "AJ" (two capitals that no short family name is). */
const initialsOnly = (v: string) => v.split(/\s+/).every((w) => isInitial(w) || (/^\p{Lu}{2}$/u.test(w) && !SHORT_FAMILY.test(w)));

/**
 * A name given in parts (a CSV's columns, a vCard's N, a page's givenName/familyName) as people
 * write it: a part in capitals is proper-cased ("WANG" → "Wang", "JEAN-LUC" → "Jean-Luc", "DR." →
 * "Dr.", "McALLISTER" → "McAllister", "VAN DER BERG" → "van der Berg"), initials stay ("AJ",
 * "J.R."), mixed case is kept as typed ("McAllister", "danah").
 * One rule for capture and import.
 */
export function properCaseParts<T extends NameParts>(n: T): T {
  const out = { ...n };
  for (const k of ['prefix', 'first', 'middle', 'last', 'suffix'] as const) {
    const v = out[k];
    if (!v || ((k === 'first' || k === 'middle' || k === 'last') && initialsOnly(v))) continue;
    out[k] = k === 'last' && allInCapitals(v) ? properCaseFamily(v) : properCase(v);
  }
  return out;
}

function stripEmpty(n: NameParts): NameParts {
  const out: NameParts = {};
  for (const k of ['prefix', 'first', 'middle', 'last', 'suffix'] as const) if (n[k]) out[k] = n[k];
  return out;
}

/** Splits "given names … family name" (no comma), after prefix/suffix are off. */
function splitGivenFamily(words: string[], hadPrefix: boolean): NameParts {
  if (words.length === 0) return {};
  if (words.length === 1) return hadPrefix ? { last: words[0] } : { first: words[0] };
  // The family name starts at the first particle that has a name after it (not the first word).
  let lastStart = words.length - 1;
  for (let i = 1; i < words.length - 1; i++) {
    if (isParticle(words[i]) && !isInitial(words[i])) { lastStart = i; break; }
  }
  const first = words[0];
  const middle = words.slice(1, lastStart).join(' ');
  return stripEmpty({ first, middle, last: words.slice(lastStart).join(' ') });
}

/**
 * Two-character family names (复姓 and Korean 복성): without them "欧阳娜娜" would read as 欧 +
 * 阳娜娜. Simplified and traditional spellings, and the Korean ones in Hangul.
 */
const COMPOUND_FAMILY = new Set([
  '欧阳', '歐陽', '司马', '司馬', '诸葛', '諸葛', '上官', '司徒', '东方', '東方', '慕容', '皇甫', '夏侯', '尉迟', '尉遲', '公孙', '公孫',
  '令狐', '长孙', '長孫', '宇文', '澹台', '轩辕', '軒轅', '端木', '西门', '西門', '南宫', '南宮', '独孤', '獨孤', '百里', '呼延', '申屠',
  '남궁', '황보', '제갈', '선우', '독고', '사공', '서문',
]);
/**
 * An East Asian name written without a space, split into family and given name: at a change from
 * Han to kana ("山田はなこ"); a known two-character family name; else one character of family
 * name for two or three characters (the common Chinese and Korean shape), two for four (Japanese
 * names and the Chinese compound ones). Five or more are not split: no rule would be honest.
 */
function splitEastAsian(word: string): NameParts {
  const chars = [...word];
  const kana = word.match(/^(\p{Script=Han}+)([\p{Script=Hiragana}\p{Script=Katakana}ー]+)$/u);
  if (kana) return { last: kana[1], first: kana[2] };
  const familyLength = COMPOUND_FAMILY.has(chars.slice(0, 2).join('')) && chars.length > 2 ? 2 : chars.length === 2 || chars.length === 3 ? 1 : chars.length === 4 ? 2 : 0;
  if (!familyLength) return { first: word };
  return { last: chars.slice(0, familyLength).join(''), first: chars.slice(familyLength).join('') };
}
function parseEastAsian(s: string): NameParts {
  const words = s.split(/[\s\u3000]+/).filter(Boolean);
  if (words.length === 1) return splitEastAsian(words[0]);
  return stripEmpty({ last: words[0], first: words[1], middle: words.slice(2).join(' ') });
}

/**
 * Parses a person's name into parts.
 * - "Dr. Ada B. Lovelace Jr." → prefix, first, middle, last, suffix; prefixes and suffixes
 *   across languages ("Herr", "Mme", "Sra.", "Dott.", "III", "PhD"), several in a row.
 * - "Lovelace, Ada Byron" → last Lovelace, first Ada, middle Byron (Outlook's From headers, CSV
 *   "Last, First"); "Lovelace Jr., Ada" → suffix Jr.; "Ada Lovelace, PhD" stays given-first.
 * - "Sr." decides by place: leading it is Spanish "Señor" (prefix), trailing it is "Senior".
 * - "Maarten van der Linde" → last "van der Linde"; "J. R. R. Tolkien" → first J., middle R. R.
 * - "ADA LOVELACE" → "Ada Lovelace" (all caps only; mixed case is kept).
 * Returns {} for empty input.
 */
export function parseName(input: string): NameParts {
  let s = input.replace(/[\s\u00a0]+/g, ' ').trim().replace(/^["'“‘]+|["'”’]+$/g, '').trim();
  if (!s) return {};
  if (isEastAsianName(s)) return parseEastAsian(s);
  s = properCase(s);
  const segments = s.split(',').map((x) => x.trim()).filter(Boolean);
  // "Last, First [Middle][, Suffix]" unless what follows the comma is only suffixes.
  if (segments.length >= 2 && !segments[1].split(' ').every(isSuffix)) {
    const family = segments[0].split(' ').filter(Boolean);
    const rest = segments.slice(1).join(' ').split(' ').filter(Boolean);
    const prefix: string[] = [];
    while (rest.length > 1 && isPrefix(rest[0])) prefix.push(rest.shift()!);
    while (family.length > 1 && isPrefix(family[0])) prefix.push(family.shift()!);
    const suffix: string[] = [];
    while (rest.length > 1 && isSuffix(rest[rest.length - 1])) suffix.unshift(rest.pop()!);
    // "McMichael Jr., Ed": a suffix written after the family name, before the comma.
    while (family.length > 1 && isSuffix(family[family.length - 1])) suffix.unshift(family.pop()!);
    return stripEmpty({ prefix: prefix.join(' '), ...givenAfterFamily(family, rest), last: family.join(' '), suffix: suffix.join(' ') });
  }
  const words = s.replace(/,/g, ' ').split(' ').filter(Boolean);
  const prefix: string[] = [];
  while (words.length > 1 && isPrefix(words[0]) && !(bare(words[0]) === 'm' && !words[0].endsWith('.'))) prefix.push(words.shift()!);
  const suffix: string[] = [];
  while (words.length > 1 && isSuffix(words[words.length - 1])) suffix.unshift(words.pop()!);
  const parts = capitalisedFamily(words) ?? vietnameseOrder(words) ?? splitGivenFamily(words, prefix.length > 0);
  return stripEmpty({ prefix: prefix.join(' '), ...parts, suffix: suffix.join(' ') });
}

/**
 * A word in capitals that reads as a name, not as initials: three letters or more, or two as the
 * short family names are written ("LI", "WU", "MA", and "NG", "OH", "AN", "AU", "IM"); "AJ", "TJ",
 * "JR" and "J.R." are initials.
 */
const SHORT_FAMILY = /^(?:[B-DF-HJ-NP-TV-Z][AEIOUY]|NG|OH|AN|AU|IM|OU)$/;
const isCapitalisedName = (w: string) => {
  if (HEAD_THEN_CAPITALS.test(w)) return true; // "McALLISTER", "MacDONALD"
  const letters = w.replace(/[-'’]/g, '');
  if (!/^\p{Lu}+$/u.test(letters) || letters === letters.toLowerCase()) return false;
  return letters.length >= 3 || SHORT_FAMILY.test(letters);
};

/**
 * The family name written in capitals among given names that are not: "WANG Xiaoming", "YAMADA
 * Taro", "KIM Min-jun", "DUPONT Jean-Pierre" (the way Chinese, Japanese, Korean and French
 * correspondence marks it), "María GARCÍA LÓPEZ". The capitals mark it wherever it stands, so the
 * parts are right in either order; "Taro Yamada" and "Wang Xiaoming" (no capitals) stay given
 * first. Only a run of such words at the start or the end counts, and only when some other word
 * is written in lower case: "ADA LOVELACE" is a name in capitals (properCase), not a mark.
 */
function capitalisedFamily(words: string[]): NameParts | null {
  if (words.length < 2 || !words.some((w) => /\p{Ll}/u.test(w))) return null;
  const marked = words.map(isCapitalisedName);
  const lead = marked.indexOf(false);
  const trail = marked.lastIndexOf(false);
  const proper = (run: string[]) => properCaseFamily(run.join(' '));
  if (lead > 0 && marked.slice(lead).every((m) => !m)) {
    return stripEmpty({ ...givenAfterFamily(words.slice(0, lead), words.slice(lead)), last: proper(words.slice(0, lead)) });
  }
  if (trail < words.length - 1 && trail >= 0 && marked.slice(0, trail + 1).every((m) => !m)) {
    const given = words.slice(0, trail + 1);
    return stripEmpty({ first: given[0], middle: given.slice(1).join(' '), last: proper(words.slice(trail + 1)) });
  }
  return null;
}

/** The most common of them: a name that ends in one is written given name first ("Mai Linh Pham", "An Nguyen"). */
const VIETNAMESE_MAJOR = new Set(['nguyen', 'tran', 'le', 'pham', 'hoang', 'huynh', 'phan', 'vu', 'vo', 'dang', 'bui', 'do', 'ho', 'ngo', 'duong', 'ly']);
/**
 * First and middle names of given names after a family name: the first word and the rest, but for
 * a Vietnamese name the last word and the words before it ("NGUYEN Van An", "Nguyen, Van An": the
 * given name is An, Văn its middle name), so it has the parts and the key of "Nguyen Van An".
 */
function givenAfterFamily(family: string[], given: string[]): { first?: string; middle?: string } {
  const vietnamese = family.length === 1 && given.length > 1 && VIETNAMESE_FAMILY.has(foldVietnamese(family[0])) &&
    [...family, ...given].every((w) => VIETNAMESE_SYLLABLE.test(foldVietnamese(w)));
  return vietnamese ? { first: given[given.length - 1], middle: given.slice(0, -1).join(' ') } : { first: given[0], middle: given.slice(1).join(' ') };
}

function vietnameseOrder(words: string[]): NameParts | null {
  if (words.length < 2 || words.length > 5) return null;
  const folded = words.map(foldVietnamese);
  if (!folded.every((w) => VIETNAMESE_SYLLABLE.test(w)) || !VIETNAMESE_FAMILY.has(folded[0]) || VIETNAMESE_MAJOR.has(folded[folded.length - 1])) return null;
  if (words.length < 3 && !words.some((w) => VIETNAMESE_LETTER.test(w))) return null;
  return stripEmpty({ last: words[0], first: words[words.length - 1], middle: words.slice(1, -1).join(' ') });
}

/**
 * A family-name cell that holds credentials too, as people write them on LinkedIn and CRMs export
 * them ("Okafor, CFA", "Smith MBA, PMP", "King Jr."): the family name and the suffixes apart. A
 * degree counts only written as one (in capitals, or "PhD") or after a comma, so the family names
 * "Ma", "Ba" and "Pe" stay.
 */
export function familyAndSuffix(cell: string): { last: string; suffix?: string } {
  const words = cell.trim().replace(/\s*,\s*/g, ' , ').split(/\s+/).filter(Boolean);
  const suffix: string[] = [];
  while (words.length > 1) {
    const w = words[words.length - 1];
    if (w === ',') { words.pop(); continue; }
    const afterComma = words[words.length - 2] === ',';
    const written = /^(?:[IVX]+|\p{Lu}[\p{Lu}.]+|Ph\.?D\.?|[JS]n?r\.)$/u.test(w);
    if (!isSuffix(w) || !(afterComma || written)) break;
    suffix.unshift(words.pop()!);
  }
  while (words[words.length - 1] === ',') words.pop();
  const last = words.join(' ').replace(/ , /g, ', ');
  return suffix.length && last ? { last, suffix: suffix.join(' ') } : { last: cell.trim() };
}

/** Words of a name for comparing: accents, case and punctuation ignored. */
export const nameTokens = (s: string) => foldText(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * "Same person" key: first and last name, accents, case, punctuation, titles and suffixes
 * ignored ("Dr. Ada Lovelace" = "ADA LOVELACE" = "Lovelace, Ada").
 */
export function nameKey(n: NameParts | string | undefined): string {
  if (!n) return '';
  const parts = typeof n === 'string' ? parseName(n) : n;
  if (isEastAsianParts(parts)) return eastAsianKey(parts);
  const words = parts.first || parts.last ? [parts.first, parts.last] : [formatName(parts)];
  return nameTokens(words.filter(Boolean).join(' ')).filter((w) => !PREFIXES.has(w) && !SUFFIXES.has(w)).join(' ');
}

/**
 * The key of an East Asian name, the same whichever part holds the family name: contacts stored
 * before names in these scripts were read family-first hold "山田 太郎" as first 山田, last 太郎,
 * and "王小明" whole as the first name. A one-word part is split by the rule above, and of the two
 * orders the smaller is the key. (Two people whose names are the same two parts swapped, 王明 and
 * 明王, share a key: rare, and the key only suggests a duplicate.)
 */
function eastAsianKey(n: NameParts): string {
  const parts = !n.first !== !n.last && !n.middle ? parseEastAsian((n.first || n.last)!) : n;
  const family = parts.last ?? '';
  const given = [parts.first, parts.middle].filter(Boolean).join('');
  return [family + given, given + family].sort()[0];
}
/** The same name in the other order ("太郎山田" for "山田太郎"): a rotation of the same characters. */
function sameEastAsianNameSwapped(a: string, b: string): boolean {
  const [x, y] = [a.replace(/[\s\u3000]/g, ''), b.replace(/[\s\u3000]/g, '')];
  return x.length === y.length && x.length >= 2 && (x + x).includes(y) && isEastAsianName(x) && isEastAsianName(y);
}

/**
 * A Chinese or Japanese name alone on its line: two to four Han characters, or family and given
 * name apart ("山田 太郎"); not one ending in a role or an organisation's word ("销售总监",
 * "龙软科技有限公司", "営業部").
 */
const CJK_NAME = /^(?:\p{Script=Han}{2,4}|\p{Script=Han}{1,3}[ \u3000]\p{Script=Han}{1,3})$/u;
const CJK_NOT_A_NAME = /(?:总监|總監|经理|經理|主管|总裁|總裁|董事|工程师|工程師|主任|顾问|顧問|专员|專員|助理|秘书|秘書|主席|部长|部長|課長|社長|会長|公司|集团|集團|会社|銀行|银行|大学|大學|学院|學院|中心|事務所|事务所|部|科|处|處|室|局|组|組|课|課|店|所|院|社|厂|廠)$/u;

/** Does this look like a person's name: 1–5 capitalised words (particles allowed), no digits or @? */
export function looksLikePersonName(s: string): boolean {
  if (CJK_NAME.test(s?.trim() ?? '')) return !CJK_NOT_A_NAME.test(s.trim());
  if (!s || s.length > 60 || /[\d@:/<>|]/.test(s)) return false;
  const words = s.split(/\s+/);
  // Honorifics written in lower case lead it ("prof. dr. Joris van der Berg", Dutch and German directories).
  while (words.length > 1 && /^\p{Ll}/u.test(words[0]) && isPrefix(words[0]) && words[0].endsWith('.')) words.shift();
  return words.length >= 1 && words.length <= 5 && words.every((w) => /^[\p{Lu}][\p{L}'’.-]*,?$/u.test(w) || isParticle(w));
}

/** Similarity of two person names from 0 to 1 ("A. Lovelace" ~ "Ada Lovelace"). */
export function nameSimilarity(a: string, b: string): number {
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (!ta.length || !tb.length) return 0;
  if (ta.join(' ') === tb.join(' ')) return 1;
  if (sameEastAsianNameSwapped(a, b)) return 1;
  // "Xiaoming Wang" and "Wang Xiaoming": one name read in both orders (a contact stored before the
  // capitals marked the family name, or a card and a mail that wrote it each way).
  if (ta.length === 2 && tb.length === 2 && ta[0] === tb[1] && ta[1] === tb[0]) return SWAPPED_NAME;
  const lastA = ta[ta.length - 1];
  const lastB = tb[tb.length - 1];
  if (ta.length > 1 && tb.length > 1 && lastA === lastB) {
    const [fa, fb] = [ta[0], tb[0]];
    if (fa.startsWith(fb) || fb.startsWith(fa)) return 0.92; // "Al" / "Albert", "A" / "Ada"
  }
  return jaroWinkler(ta.join(' '), tb.join(' '));
}
/** At or above this, two names at one company are the same person. */
export const SIMILAR_NAME = 0.9;
/** Two words swapped: likely the same person at one company, a little less sure than the same spelling. */
const SWAPPED_NAME = 0.95;

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const ma = new Array<boolean>(a.length).fill(false);
  const mb = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (mb[j] || a[i] !== b[j]) continue;
      ma[i] = mb[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let t = 0;
  for (let i = 0, k = 0; i < a.length; i++) {
    if (!ma[i]) continue;
    while (!mb[k]) k++;
    if (a[i] !== b[k++]) t++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && a[prefix] && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
