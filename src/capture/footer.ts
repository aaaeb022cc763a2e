import { namesCompany } from './org-words.ts';

/**
 * A company's legal footer and disclaimers, which mail servers append below the sender's own
 * signature: register entries, VAT ids, managing directors, registered office, confidentiality
 * notices. Their numbers are not phones and their names are not the sender.
 */

// Register courts and numbers, company numbers, per country ("HRB 12345", "KvK", "SIRET", "company number 0812…").
const REGISTER = /\b(HRB|HRA|Handelsregister|Registergericht|Amtsgericht|Registernummer|Firmenbuch(?:nummer)?|FN\s?\d|Companies House|registered (?:in|office|address|number|at)|company (?:registration |reg\.? )?(?:no|number)|registration (?:no|number)|reg\.? no|KvK|RCS|SIRE[NT]|RSIN|CIF|NIF|Partita IVA|P\.\s?IVA|REA|KRS|REGON|Org\.?\s?nr|CVR|ABN|ACN|EIN|Sitz(?: der Gesellschaft)?|share capital|Stammkapital|Grundkapital|capital social|si[eè]ge social)\b/i;
// Tax ids: "VAT No. GB 123 4567 89", "USt-IdNr.: DE…", "TVA intracommunautaire".
const TAX = /\b(VAT|USt|UID|MwSt|TVA|IVA|BTW|Steuer-?nummer|St\.?-?Nr|tax id|Umsatzsteuer)\b/i;
// Who runs the company, as the law makes the footer say.
// A colon after it: "Geschäftsführer" alone is the sender's own title, "Geschäftsführer: A, B" is the footer.
const OFFICERS = /\b(Gesch[äa]ftsf[üu]hr(?:er|erin|ung|ende)|Vorstand|Aufsichtsrat(?:svorsitz(?:ender)?)?|managing directors?|directors?|board of directors|g[ée]rants?|administrateurs?|amministratore|bestuurder|directie)\s*:/i;
// Confidentiality and other notices (several languages).
const NOTICE = /\b(confidential|intended (?:solely |only )?for|intended recipient|addressee|received (?:this|it) (?:message |e-?mail )?in error|privileged|disclaimer|unauthori[sz]ed|legally binding|think before (?:you )?print|consider the environment|vertraulich|Adressat|irrt[üu]mlich|Empf[äa]nger|destinataire|confidentiel|riservat[oa]|vertrouwelijk)\b/i;

/** One line of a legal footer or disclaimer. */
export function isFooterLine(line: string): boolean {
  const t = line.trim();
  return !!t && (REGISTER.test(t) || TAX.test(t) || OFFICERS.test(t) || NOTICE.test(t));
}

/**
 * Where a trailing legal footer starts: from the last paragraph (blank-line delimited) up,
 * every paragraph that opens with a footer line (or with a "Company GmbH · address" line over
 * one) is footer; a paragraph with footer lines further down is the sender's block with the
 * footer glued on, cut at its first footer line. Returns lines.length when there is none.
 */
export function footerStart(lines: string[]): number {
  let cut = lines.length;
  let end = lines.length - 1;
  while (end >= 0) {
    while (end >= 0 && !lines[end].trim()) end--;
    if (end < 0) break;
    let start = end;
    while (start > 0 && lines[start - 1].trim()) start--;
    const para = lines.slice(start, end + 1);
    const first = para.findIndex(isFooterLine);
    if (first < 0) break;
    const companyOnTop = first === 1 && (namesCompany(para[0]) || /[·|•]/.test(para[0]));
    if (first > 0 && !companyOnTop) return start + first;
    cut = start;
    end = start - 1;
  }
  return cut;
}

/** The company a footer names: the leading "Name GmbH" / "Name Ltd." part of one of its lines. */
export function footerCompany(lines: string[]): string | undefined {
  for (const line of lines) {
    const head = line.trim().split(/\s*[·|•]\s*|\.\s+|,\s+/)[0].replace(/\s*[,;:]$/, '');
    if (head && namesCompany(head) && head.split(/\s+/).length <= 6 && !isFooterLine(head)) return head;
  }
  return undefined;
}
