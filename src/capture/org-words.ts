import { legalFormOf } from '../domain/identity/companies.ts';

/** Ends in a legal form ("Inc.", "GmbH", "S.p.A.", "Ltd"), by identity's company rule: the
 *  surest sign a line is a company's name. */
export const hasLegalForm = (line: string) => !!legalFormOf(line.replace(/[\s.,;:]+$/, ''));

/** Words only companies carry in their name ("Company", "Group", "Holdings"). */
const COMPANY_WORDS = /(?:^|[\s,])(?:company|group|partners|technologies|solutions|systems|networks|worldwide|international|holdings|industries|enterprises|ventures|bank|university)(?=$|[\s.,)])/i;

/** A word only companies carry ("Group", "Holdings"). */
export const hasCompanyWord = (line: string) => COMPANY_WORDS.test(line);

/** A legal form or a company word: the line names a company. */
export const namesCompany = (line: string) => hasLegalForm(line) || hasCompanyWord(line);

/**
 * Capitalised words ending in a noun that closes the name of a company's site or of a line of
 * business and never a person's: "Houston Office", "Tokyo Branch Office", "Williams Gas
 * Pipeline", "Enron Net Works", "Gulf Coast Refinery". Family names that are also such nouns
 * ("Church", "Banks", "Mills", "Power") are left out on purpose, and the words before must
 * be capitalised, so a line of a sentence ("It works") is not one.
 */
const SITES = new Set(['office', 'offices', 'headquarters', 'hq']);
const TRADES = new Set([
  'pipeline', 'pipelines', 'refinery', 'refineries', 'refining', 'petroleum', 'utilities', 'works', 'telecom', 'pharmaceuticals', 'insurance',
  'airport', 'railway', 'railroad',
]);

/** Capitalised words ending in one of `nouns`. */
function endsIn(line: string, nouns: ReadonlySet<string>): boolean {
  const words = line.trim().split(/\s+/);
  return words.length >= 2 && words.length <= 5 && words.every((w) => /^[\p{Lu}\d]/u.test(w)) && nouns.has(words[words.length - 1].toLowerCase());
}
/** "Williams Gas Pipeline", "Enron Net Works": a business, never a person. */
export const namesTrade = (line: string) => endsIn(line, TRADES);
/** "Houston Office", "European Headquarters": a site of a company, which it does not name. */
const namesSite = (line: string) => endsIn(line, SITES);

/** Words that name a place of business or an institution, not a person ("Hotel", "Bakery", "Consulting"). */
const ORG_WORDS = /\b(hotel|motel|inn|caf[eé]|restaurant|bistro|bar|pub|bakery|brewery|winery|pharmacy|clinic|hospital|dental|school|college|academy|institute|university|library|museum|gallery|theat(?:er|re)|church|store|shop|supplies|market|boutique|salon|spa|studio|studios|agency|consulting|consultants|services|software|labs|laboratories|media|records|press|publishing|foundation|association|society|club|council|ministry|department|center|centre|trust|capital|realty|properties|logistics|freight|motors|airlines?|foods|farms?|trading|traders|law|attorneys)\b/i;

/** A line that names an organization rather than a person: legal form, business word,
 *  possessive ("Rosa's Bakery") or an ampersand ("Harbor & Finch"). */
export function looksLikeOrganization(line: string): boolean {
  return namesCompany(line) || ORG_WORDS.test(line) || namesTrade(line) || /\p{L}['’]s\s/u.test(line) || /\s&\s/.test(line) || brandCased(line);
}

/** "GreatFood", "PayPal": a capital inside a word, as brands write it; "McAllister", "DeVito",
 *  "MacLeod", "O'Neil" are names and do not count. */
const brandCased = (line: string) =>
  line.split(/\s+/).some((w) => /^\p{Lu}\p{Ll}+\p{Lu}/u.test(w) && !/^(Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz|St)\p{Lu}/u.test(w));

/** Business functions: a line made only of these is a department ("Human Resources", "Sales & Marketing"). */
const FUNCTIONS = /^(?:human|resources|hr|sales|marketing|finance|financial|accounting|accounts|payable|receivable|legal|operations|engineering|research|development|r&d|it|information|technology|customer|service|services|success|support|care|procurement|purchasing|administration|communications|public|relations|pr|business|product|planning|management|compliance|risk|treasury|facilities|security|vendor|origination|trading|and|&|of|the|\/|-)$/i;

/**
 * A department rather than a company: "Human Resources", "Sales & Marketing", "Vendor
 * Management", or a unit's name ending in Department, Dept., Division, Desk or Team
 * ("Portland Real Time Desk") or a site ("Houston Office"). "Department of Energy" is an
 * institution, not this.
 */
export function namesDepartment(line: string): boolean {
  const t = line.trim();
  if (hasLegalForm(t)) return false;
  if (/\s(?:department|dept\.?|division|desk|team)$/i.test(t)) return true;
  if (namesSite(t)) return true;
  const words = t.split(/\s+/);
  return words.length <= 5 && words.every((w) => FUNCTIONS.test(w)) && words.some((w) => /\p{L}{3,}/u.test(w));
}
