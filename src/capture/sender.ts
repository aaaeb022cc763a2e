import { isRoleMailbox, isTeamName } from '../domain/identity/emails.ts';
import { parseName, type NameParts } from './name.ts';

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
  if (teamMailbox(raw, address)) return null;
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
 * A team or role mailbox ("Quarry Labs Sales <sales@…>", "The Acme Team", "support@…" with no
 * name), not a person (identity's email rules decide): returns the company it names — the
 * display name without its team words — or null for a person's mailbox ("Ada Lovelace
 * <info@ada.example>" is Ada).
 */
export function teamMailbox(displayName: string | undefined, address: string | undefined): { company?: string } | null {
  const name = (displayName ?? '').replace(/^["'\s]+|["'\s]+$/g, '').trim();
  const team = name ? isTeamName(name, address) : !!address && isRoleMailbox(address);
  if (!team) return null;
  const words = name.replace(/^the\s+/i, '').split(/\s+/).filter(Boolean);
  while (words.length && isTeamName(words[words.length - 1])) words.pop();
  const company = words.join(' ');
  return { company: company && !company.includes('@') ? company : undefined };
}
