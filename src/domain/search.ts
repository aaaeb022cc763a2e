import { fullName, type Name } from './common.ts';
import type { Collection } from './records.ts';

/**
 * Words of a record for the read model's search index: name parts, emails (whole and split),
 * company, phone digits, title, tags. Each word is prefixed with the collection so one
 * multi-entry index serves type-scoped prefix search ("leads:ada").
 */
export function searchWords(collection: Collection, r: Record<string, unknown>): string[] {
  const words = new Set<string>();
  const add = (text: unknown) => {
    if (typeof text !== 'string') return;
    for (const w of tokenize(text)) words.add(w);
  };
  const name = r.name;
  if (typeof name === 'string') add(name);
  else if (name && typeof name === 'object') add(fullName(name as Name));
  add(r.title);
  add(r.companyName);
  add(r.emailDomain);
  for (const e of emailsOf(r)) { words.add(e); add(e.replace(/[@.]/g, ' ')); }
  for (const p of (r.phones as { number: string }[] | undefined) ?? []) {
    const digits = p.number.replace(/\D/g, '');
    if (digits.length >= 3) { words.add(digits); if (digits.length > 7) words.add(digits.slice(-7)); }
  }
  for (const t of (r.tags as string[] | undefined) ?? []) add(t);
  return [...words].slice(0, 200).map((w) => `${collection}:${w}`);
}

export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}@]+/u)
    .filter((w) => w.length > 0 && w.length <= 60);
}

export function emailsOf(r: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof r.email === 'string') out.push(r.email.toLowerCase());
  for (const e of (r.emails as { email: string }[] | undefined) ?? []) out.push(e.email.toLowerCase());
  return out;
}

/** A display name for any record. */
export function displayName(r: Record<string, unknown>): string {
  if (typeof r.name === 'string') return r.name;
  const n = fullName(r.name as Name | undefined);
  if (n) return n;
  return emailsOf(r)[0] ?? (typeof r.companyName === 'string' ? r.companyName : '') ?? '';
}
