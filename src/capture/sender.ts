import { parseName, type NameParts } from './name.ts';

/**
 * A person's name from a From header's display name, in the forms mail clients write it:
 * "Ada Lovelace", "Lovelace, Ada", Exchange's "Lovelace  Ada B." (two spaces after the last
 * name), "Ward  Kim S (Houston)", "Dean Drozdiak@ECT". Falls back to the address's local part
 * when it reads "first.last". Returns null for role names it cannot split.
 */
export function senderName(displayName: string | undefined, address?: string): { parts: NameParts; fromAddress: boolean } | null {
  const raw = (displayName ?? '')
    .slice(0, 300)
    .replace(/^["'\s]+|["'\s]+$/g, '')
    .replace(/\s*(\([^)]*\)|\[[^\]]*\])/g, '')
    .replace(/@\S*$/, '')
    .trim();
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

// TODO(2026-11-30, issue 11): role/team mailboxes belong to src/domain/identity's email rules
// once that module lands; capture should call its test instead of these lists.
const TEAM_LOCAL = /^(sales|info|information|support|help|helpdesk|service|services|customerservice|customercare|team|hello|contact|contactus|office|admin|billing|accounts|accounting|invoices?|finance|marketing|press|media|news|newsletter|jobs|careers|hr|recruiting|orders?|bookings?|reservations?|events?|partners?|partnerships|security|legal|privacy|noreply|no-reply|donotreply|do-not-reply|notifications?|alerts?|postmaster|webmaster|enquiries|inquiries|kontakt|vertrieb|verkauf|buchhaltung|ventas|contacto|ventes)$/i;
const TEAM_WORDS = /(?:^|\s+)(?:sales|support|team|service|customer service|customer success|customer care|billing|marketing|press|careers|jobs|recruiting|partnerships?|accounts|help ?desk|notifications|info|newsletter|community|vertrieb|kundenservice)(?:\s+team)?$/i;

/**
 * A team or role mailbox ("Quarry Labs Sales <sales@…>", "The Acme Team", "support@…" with the
 * company as its name), not a person: returns the company it names (team words removed), or
 * null for a person's mailbox — "Ada Lovelace <info@ada.example>" is Ada.
 */
export function teamMailbox(displayName: string | undefined, address: string | undefined): { company?: string } | null {
  const name = (displayName ?? '').replace(/^["'\s]+|["'\s]+$/g, '').trim();
  const local = (address ?? '').split('@')[0] ?? '';
  const teamName = TEAM_WORDS.test(name) || /^the\s.+\steam$/i.test(name);
  const personName = !!name && !teamName && !!parseName(name) && /\s/.test(name) && !/[&@]/.test(name);
  if (!teamName && !(TEAM_LOCAL.test(local) && !personName)) return null;
  const company = name.replace(TEAM_WORDS, '').replace(/^the\s+/i, '').replace(/\s+team$/i, '').trim();
  return { company: company && !company.includes('@') ? company : undefined };
}
