/** Text written in capitals only ("REGIONAL SALES MANAGER"), as some signatures and cards are.
 *  (Names in capitals are proper-cased by src/domain/identity's name rule.) */
export const isAllCaps = (s: string) => /\p{Lu}.*\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

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
