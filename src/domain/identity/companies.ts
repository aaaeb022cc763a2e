/**
 * Company names: legal forms across countries ("Inc.", "GmbH", "S.A.", "Ltd", "Sp. z o.o."),
 * and one comparison key, so "Acme Inc." = "ACME" = "The Acme Company, Ltd." everywhere
 * (import, conversion, capture, duplicates).
 */

import { foldText } from '../search-text.ts';

/**
 * Legal forms, written without dots or spaces inside abbreviations ("S.A." → "sa", "Sp. z o.o."
 * → "spzoo"): the key compares the tail of a name in that form.
 */
const LEGAL_FORMS: readonly string[] = [
  // English-speaking
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc', 'pllc', 'pc', 'pty', 'ptyltd',
  'pvtltd', 'pvt', 'pteltd', 'pte', 'cic', 'lllp', 'ltda',
  // German-speaking
  'gmbh', 'ag', 'kg', 'ohg', 'gbr', 'ug', 'ughaftungsbeschrankt', 'kgaa', 'se', 'ev', 'eg', 'gmbhcokg', 'cokg', 'mbh',
  // French, Spanish, Portuguese, Italian
  'sa', 'sas', 'sasu', 'sarl', 'eurl', 'snc', 'sca', 'sl', 'slu', 'sll', 'sc', 'scs', 'sdeclv', 'sadecv', 'srl', 'spa', 'sapa', 'snc', 'ss', 'ltda', 'eireli', 'lda',
  // Italian partnerships written with their partners: "Rossi & C. s.n.c." (the initials close up to "csnc").
  'srls', 'csnc', 'csas',
  // Benelux, Nordics
  'bv', 'nv', 'vof', 'cv', 'bvba', 'sprl', 'asbl', 'vzw', 'ab', 'abp', 'as', 'asa', 'aps', 'oy', 'oyj', 'hf', 'ehf',
  // Central and Eastern Europe
  'spzoo', 'sa', 'sro', 'as', 'kft', 'zrt', 'nyrt', 'bt', 'doo', 'dd', 'ad', 'ood', 'eood', 'ooo', 'ao', 'zao', 'oao', 'pao', 'pjsc', 'jsc', 'tov',
  // Turkish: "A.Ş.", "Ltd. Şti.", with the trade words before them ("San. ve Tic. A.Ş.": industry and trade)
  'ltdsti', 'sti', 'ticas', 'ticltdsti', 'sanveticas', 'sanveticltdsti',
  // Asia-Pacific
  'kk', 'yk', 'gk', 'bhd', 'sdnbhd', 'tbk', 'cokltd', 'coltd', 'ltdco',
];
const FORMS = new Set(LEGAL_FORMS);
/** Filler around a name: "The Acme Company", "Acme & Co.", "Acme and Sons" stays. */
const FILLERS = new Set(['the', '&', 'and', 'und', 'et', 'y', 'e']);


/**
 * The words of a name with abbreviations closed up: "S. A. de C.V." → ["sa", "de", "cv"],
 * "Sp. z o.o." → ["sp", "z", "oo"] (multi-word forms are matched over joined tails).
 */
function words(name: string): string[] {
  return foldText(name)
    .replace(/\b(\p{L})\.\s?(?=\p{L}\.)/gu, '$1') // "s. a." → "sa."
    .replace(/(\p{L})\.(?=\p{L}\b)/gu, '$1') // "s.a" → "sa"
    .split(/[^\p{L}\p{N}&]+/u)
    .filter(Boolean);
}

/** How many trailing words form a legal form (0 when none), trying up to 5 words joined ("San. ve Tic. Ltd. Şti."). */
function legalTail(ws: string[]): number {
  for (let n = Math.min(5, ws.length - 1); n >= 1; n--) {
    const tail = ws.slice(ws.length - n).filter((w) => w !== '&' && w !== 'and').join('');
    if (tail && FORMS.has(tail)) return n;
  }
  return 0;
}

/** Arabic forms after the name ("شركة نجم ذ.م.م": LLC; "ش.م.ع", "ش.م.م"); Chinese, Japanese and Korean legal forms, written without a space: at the end ("龙软科技有限公司",
 *  "ソニー株式会社", "한빛소프트(주)") or, in Japan and Korea, at the start ("株式会社ソニー", "(주)한빛소프트"). */
const CJK_FORMS = /(?:(?<=\s)(?:ذ\.?\s?م\.?\s?م|ش\.?\s?م\.?\s?[مع]|ش\.?\s?ذ\.?\s?م\.?\s?م)\.?|股份有限公司|有限责任公司|有限責任公司|有限公司|股份公司|集团公司|集團公司|株式会社|有限会社|合同会社|合資会社|合名会社|\(株\)|（株）|\(有\)|（有）|주식회사|유한회사|\(주\)|㈜|（주）)$/u;
// Russian, Ukrainian and Kazakh forms lead a quoted name too: "ООО «Севторг»", "АО \"Мотор\"", "ТОВ «Світанок»".
const CJK_FORM_FIRST = /^(?:株式会社|有限会社|合同会社|\(株\)|（株）|주식회사|유한회사|\(주\)|㈜|（주）|(?:ООО|ОАО|ЗАО|ПАО|НАО|АО|ИП|ТОО|ТОВ|ПрАТ|ПАТ)(?=\s*[«"„“]))/u;

/** The legal form at the end of a name ("Acme GmbH & Co. KG" → "GmbH & Co. KG"), or undefined. */
export function legalFormOf(name: string): string | undefined {
  const cjk = name.trim().match(CJK_FORMS) ?? name.trim().match(CJK_FORM_FIRST);
  if (cjk && cjk[0].length < name.trim().length) return cjk[0];
  const raw = name.trim().split(/[\s,]+/).filter(Boolean);
  const ws = words(name);
  let n = 0;
  let rest = ws;
  for (let k = legalTail(rest); k > 0 && rest.length - k >= 1; k = legalTail(rest)) {
    n += k;
    rest = rest.slice(0, rest.length - k);
  }
  if (!n) return undefined;
  // Give back the same number of written words (abbreviations may have been joined).
  const joined = rest.join('');
  let i = 0;
  let acc = '';
  while (i < raw.length && acc.length < joined.length) acc += words(raw[i++]).join('');
  return raw.slice(i).join(' ').replace(/^[,&\s]+/, '') || undefined;
}

/**
 * The name without its legal forms, for display: "Acme Inc." → "Acme", "Acme Holdings GmbH &
 * Co. KG" → "Acme Holdings". A name that is only a legal form ("Inc") is kept.
 */
export function stripLegalForm(name: string): string {
  const form = legalFormOf(name);
  if (!form) return name.trim();
  const t = name.trim();
  // "株式会社ソニー": a Japanese form may lead.
  const cut = (CJK_FORM_FIRST.test(t) && !t.endsWith(form) ? t.slice(form.length) : t.slice(0, t.length - form.length)).replace(/^[\s,&]+|[\s,&]+$/g, '').trim();
  return cut || t;
}

/**
 * The comparison key of a company: accents, case, punctuation, "the", "and"/"&" and every
 * trailing legal form ignored. "Acme Inc." = "ACME" = "The Acme Corp., Inc." = "acme gmbh".
 * Undefined for an empty name.
 */
export function companyKey(name: string | undefined | null): string | undefined {
  if (typeof name !== 'string') return undefined;
  // A Chinese or Japanese form is glued to the name ("龙软科技有限公司"): taken off before the words.
  let ws = words(CJK_FORMS.test(name.trim()) || CJK_FORM_FIRST.test(name.trim()) ? stripLegalForm(name) : name);
  if (!ws.length) return undefined;
  for (let k = legalTail(ws); k > 0 && ws.length - k >= 1; k = legalTail(ws)) ws = ws.slice(0, ws.length - k);
  const core = ws.filter((w) => !FILLERS.has(w));
  const out = (core.length ? core : ws).join(' ');
  return out || undefined;
}

/** Same company by name? */
export const sameCompanyName = (a: string | undefined, b: string | undefined) => {
  const ka = companyKey(a);
  return !!ka && ka === companyKey(b);
};

/**
 * A company name from an email domain when nothing better is known ("acme-widgets.co.uk" →
 * "Acme Widgets"). Takes the registrable domain's first label.
 */
export function companyNameFromDomain(registrableDomain: string): string {
  const label = registrableDomain.split('.')[0] ?? '';
  return label.split('-').filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}
