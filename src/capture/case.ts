// TODO(2026-11-30, issue 11): name casing belongs to src/domain/identity (names: capitals →
// proper case) once it lands; capture should call that rule and this file should go.

/** Text written in capitals only ("JEAN-LUC MCALLISTER"), as some signatures and cards are. */
export const isAllCaps = (s: string) => /\p{Lu}.*\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'la', 'le', 'bin', 'al', 'y', 'zu', 'ter', 'ten']);
const KEEP_UPPER = new Set(['II', 'III', 'IV', 'VI', 'VII', 'VIII', 'IX', 'MD', 'PHD', 'MBA', 'CPA', 'DDS', 'JD', 'RN', 'PE']);

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** "JEAN-LUC MCALLISTER" → "Jean-Luc McAllister", "ANNE VAN DER BERG" → "Anne van der Berg",
 *  "SEAN O'NEIL" → "Sean O'Neil"; text with any lower-case letter is returned as written. */
export function properCaseName(s: string): string {
  if (!isAllCaps(s)) return s;
  return s.split(/(\s+)/).map((word, i) => {
    if (/^\s+$/.test(word) || !word) return word;
    const bare = word.replace(/[.,]/g, '');
    if (KEEP_UPPER.has(bare)) return bare === 'PHD' ? word.replace('PHD', 'PhD') : word;
    const lower = word.toLowerCase();
    if (i > 0 && PARTICLES.has(lower)) return lower;
    return lower
      .split(/([-'’])/)
      .map((part) => (/^mc\p{L}{2,}/u.test(part) ? 'Mc' + capitalise(part.slice(2)) : capitalise(part)))
      .join('');
  }).join('');
}

const ACRONYMS = new Set(['CEO', 'CTO', 'CFO', 'COO', 'CIO', 'CMO', 'CISO', 'CRO', 'VP', 'SVP', 'EVP', 'AVP', 'GM', 'MD', 'HR', 'IT', 'PR', 'QA', 'UX', 'UI', 'EMEA', 'APAC', 'LATAM', 'R&D', 'B2B', 'SaaS', 'US', 'UK', 'EU']);
const SMALL = new Set(['of', 'and', 'for', 'the', 'to', 'in', 'at', 'on', 'a', 'an', '&', 'de', 'des', 'du', 'y', 'und', 'für']);

/** "REGIONAL SALES MANAGER" → "Regional Sales Manager"; short words that are acronyms
 *  ("VP", "CEO", "EMEA") keep their capitals. */
export function properCaseTitle(s: string): string {
  if (!isAllCaps(s)) return s;
  return s.split(/(\s+)/).map((word, i) => {
    const lower = word.toLowerCase();
    if (/^\s*$/.test(word)) return word;
    if (i > 0 && SMALL.has(lower)) return lower;
    if (ACRONYMS.has(word.replace(/[.,]/g, ''))) return word;
    return lower.split(/([-/])/).map(capitalise).join('');
  }).join('');
}
