import { displayName, type Name } from '../domain/index.ts';
import type { Repository } from '../store/repository.ts';
import { selectRecords, type ExportFilter } from './export.ts';

type Fields = Record<string, unknown>;
type Entry = { category?: string } & Fields;

/** RFC 6350 §3.4 text escaping: backslash, comma, semicolon, newline. */
const esc = (v: unknown) => String(v ?? '').replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '').replace(/,/g, '\\,').replace(/;/g, '\\;');

const encoder = new TextEncoder();
/** Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character. */
function fold(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (bytes + n > (out.length ? 74 : 75)) { out.push(cur); cur = ''; bytes = 0; }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const TEL_TYPE: Record<string, string> = { mobile: 'cell', fax: 'fax', home: 'home', work: 'work', personal: 'home', other: 'voice' };
const EMAIL_TYPE: Record<string, string> = { home: 'home', personal: 'home', work: 'work', mobile: 'internet', fax: 'internet', other: 'internet' };

/** One vCard 3.0 per lead or person (what Apple Contacts, Google and Outlook all read). */
export function recordToVcard(type: 'leads' | 'people', r: Fields, companyName?: string): string {
  const n = (r.name as Name | undefined) ?? {};
  const lines = ['BEGIN:VCARD', 'VERSION:3.0'];
  lines.push(`FN:${esc(displayName(r) || companyName || 'Unnamed')}`);
  lines.push(`N:${[n.last, n.first, n.middle, n.prefix, n.suffix].map(esc).join(';')}`);
  const org = type === 'leads' ? r.companyName : companyName;
  if (org) lines.push(`ORG:${esc(org)}`);
  if (r.title) lines.push(`TITLE:${esc(r.title)}`);
  const emails: Entry[] = type === 'leads' ? (r.email ? [{ email: r.email, category: 'work' }] : []) : ((r.emails as Entry[]) ?? []);
  for (const e of emails) lines.push(`EMAIL;TYPE=${EMAIL_TYPE[e.category ?? 'work'] ?? 'internet'}:${esc(e.email)}`);
  for (const p of (r.phones as Entry[]) ?? []) lines.push(`TEL;TYPE=${TEL_TYPE[p.category ?? 'work'] ?? 'voice'}:${esc(p.number)}`);
  for (const w of (r.websites as Entry[]) ?? []) lines.push(`URL:${esc(w.url)}`);
  for (const s of (r.socials as Entry[]) ?? []) lines.push(`X-SOCIALPROFILE;TYPE=${esc(s.category ?? 'social')}:${esc(s.url)}`);
  const a = r.address as Fields | undefined;
  if (a) lines.push(`ADR;TYPE=work:;;${[a.street, a.city, a.state, a.postalCode, a.country].map(esc).join(';')}`);
  if (r.details) lines.push(`NOTE:${esc(r.details)}`);
  const tags = (r.tags as string[] | undefined) ?? [];
  if (tags.length) lines.push(`CATEGORIES:${tags.map(esc).join(',')}`);
  lines.push(`UID:outpost-${esc(r.id)}`);
  if (typeof r.updatedAt === 'number') lines.push(`REV:${new Date(r.updatedAt).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}`);
  lines.push('END:VCARD');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** A .vcf of people or leads, all or the current filter. */
export function exportVcard(repo: Repository, type: 'leads' | 'people', filter: ExportFilter = {}): string {
  return selectRecords(repo, type, filter)
    .map((r) => recordToVcard(type, r, typeof r.companyId === 'string' ? repo.get('companies', r.companyId)?.name : undefined))
    .join('');
}
