import { displayWords, isRoleMailbox, isTeamName, namesService, serviceActingFor } from '../domain/identity/emails.ts';
import { legalFormOf } from '../domain/identity/companies.ts';
import { looksLikeName, parseName, type NameParts } from './name.ts';
import { hasCompanyWord, namesDepartment, namesTrade } from './org-words.ts';

/**
 * A person's name from a From header's display name, in the forms mail clients write it:
 * "Ada Lovelace", "Lovelace, Ada", Exchange's "Lovelace  Ada B." (two spaces after the last
 * name), "Ward  Kim S (Houston)", "Dean Drozdiak@ECT". Falls back to the address's local part
 * when it reads "first.last". Returns null for role names it cannot split, and for a team
 * ("Example Sales" <sales@example.com>, "The Acme Team"): a shared mailbox is not a person.
 */
export function senderName(displayName: string | undefined, address?: string): { parts: NameParts; fromAddress: boolean } | null {
  const raw = (displayName ?? '')
    .slice(0, 300)
    .replace(/^["'\s]+|["'\s]+$/g, '')
    .replace(/\s*(\([^)]*\)|\[[^\]]*\])/g, '')
    .replace(/@\S*$/, '')
    .trim();
  // The brackets go before the name is read ("Ward  Kim S (Houston)"), so a service named in them is looked for first.
  if (serviceActingFor(displayName ?? '') || teamMailbox(raw, address)) return null;
  if (raw && !raw.includes('@')) {
    const exchange = !raw.includes(',') && raw.match(/^(\S+(?: (?:Jr|Sr|III?|IV)\.?)?) {2,}(\S.*)$/);
    const parts = parseName(exchange ? `${exchange[1]}, ${exchange[2]}` : raw);
    if (parts) return { parts, fromAddress: false };
  }
  const local = (address ?? '').split('@')[0] ?? '';
  const pieces = local.split(/[._]/).filter((p) => /^[a-z]+$/i.test(p));
  if (pieces.length >= 2 && pieces.length <= 4) {
    const parts = parseName(pieces.map((p) => p[0].toUpperCase() + p.slice(1).toLowerCase() + (p.length === 1 ? '.' : '')).join(' '));
    if (parts) return { parts, fromAddress: true };
  }
  return null;
}

/** Lower-cased name words (≥ 2 letters) for spotting the sender's name in a signature. */
export function nameTokens(parts: NameParts | undefined): string[] {
  if (!parts) return [];
  return [parts.first, parts.middle, parts.last]
    .flatMap((w) => (w ?? '').toLowerCase().split(/[\s.-]+/))
    .filter((w) => w.length >= 2 && !['jr', 'sr', 'ii', 'iii'].includes(w));
}

/**
 * A mailbox that is not a person's, by identity's team rules (a team or role mailbox, a list, a
 * machine's), a department ("IT Department", "Accounts Payable") or a company's name ("Acme,
 * Inc.", "ACME CORP", "Amazon.com"): returns the company it names, or null for a person's
 * mailbox ("Ada Lovelace <info@ada.example>" is Ada).
 */
export function teamMailbox(displayName: string | undefined, address: string | undefined): { company?: string } | null {
  const name = (displayName ?? '').replace(/^["'\s]+|["'\s]+$/g, '').trim();
  if (SITE_NAME.test(name)) return { company: name };
  if (name && companyName(name)) return { company: name };
  if (name && namesDepartment(name)) return {};
  const team = name ? isTeamName(name, address) : !!address && isRoleMailbox(address);
  if (!team) return null;
  // "Ada Lovelace via Google Docs", "Ada Lovelace (Jira)": the service sends it.
  const named = (serviceActingFor(name) ?? name).replace(/^the\s+/i, '');
  // "Notices, WGPHOU": a list's directory entry ("Last, First" form) names no company.
  if (named.includes(',')) return {};
  // The service's or brand's own name stays ("GitHub", "Google Calendar"); team words go ("Acme Support").
  const teamWord = (w: string) => !namesService(w) && isTeamName(w);
  const words = named.split(/\s+/).filter((w) => w && !displayWords(w).some(teamWord));
  const company = words.join(' ');
  return { company: company && !company.includes('@') && !teamWord(company) ? company : undefined };
}

/**
 * A display name that puts a person and their company (or the mailbox sent from) together:
 * "Jane Doe | Acme", "Jane Doe - Acme Corp", "Doe, Jane (Acme Corp)", "Jane Doe on behalf of
 * Acme Sales" (Outlook's delegate). The person's part is read as the sender's name, the other part
 * as their company (a team mailbox's company, none for a department), never the other way round
 * ("Acme" was read as Jane's family name, "Doe, Jane (Acme Corp)" as a company). Null when the
 * name is not so split.
 */
export function personAndCompany(displayName: string | undefined, address?: string): { person: string; company?: string } | null {
  const raw = (displayName ?? '').replace(/^["'\s]+|["'\s]+$/g, '').trim();
  const m = raw.match(/^(.+?)\s+on behalf of\s+(.+)$/i) ?? raw.match(/^(.+?)\s+(?:[|–—-]|@)\s+(.+)$/) ?? raw.match(/^([^()]+?)\s*\(([^()]+)\)$/);
  if (!m) return null;
  const [person, other] = [m[1].trim(), m[2].trim()];
  const bracketed = raw.endsWith(')') && !/on behalf of|\s[|–—@-]\s/i.test(raw);
  const isPerson = looksLikeName(person) && !companyName(person) && person.replace(/,/g, '').split(/\s+/).length >= 2;
  if (!isPerson || other.split(/\s+/).length > 5 || (bracketed && !companyName(other))) return null;
  const team = teamMailbox(other, address);
  const company = team ? team.company : namesDepartment(other) ? undefined : other;
  return { person, ...(company && { company }) };
}

/** A site's name as a sender ("Amazon.com", "Booking.com"); "Kim.S.Theriot" or "john.doe" is no site. */
const SITE_NAME = /^\p{Lu}[\p{L}\d-]*\.(?:com|net|org|io|co|ai|app|biz|de|uk|fr|es|it|nl|ca|au|jp|eu)$/u;

/** A company's name on a From line: a company word, a trade ("Williams Gas Pipeline"), or a legal form of 3+ letters or with a dot
 *  ("Inc.", "GmbH", "S.A."); a two-letter one ("Kim Se", "Ana Sa") may be a person's name. */
function companyName(name: string): boolean {
  if (hasCompanyWord(name) || namesTrade(name)) return true;
  return (legalFormOf(name) ?? '').replace(/[\s,]/g, '').length >= 3;
}
