import type { ConfigEntity } from '../config.ts';
import { emailDomain } from '../identity/emails.ts';
import { hostOf, parseWebUrl, socialNetworkOf, socialProfile } from '../identity/web.ts';
import { labelCategory } from './targets.ts';

/** Google Contacts joins several values of one cell with " ::: ". */
export const MULTI_SEP = ' ::: ';

/** Values of a multi-value cell: Google's " ::: ", and `,`/`;` where a value can't hold them. */
export function splitMulti(cell: string, alsoPunctuation = false): string[] {
  const parts = cell.split(/\s*:::\s*/);
  const out = alsoPunctuation ? parts.flatMap((p) => p.split(/\s*[,;]\s*/)) : parts;
  return out.map((v) => v.trim()).filter(Boolean);
}

/** Google marks the primary value's label and system groups with "* ". */
export const unstar = (label: string) => label.replace(/^\*\s*/, '').trim();

export type Category = 'work' | 'personal' | 'mobile' | 'home' | 'fax' | 'other';

/** A contact category from a free label ("* Work", "Home Fax", "Mobile", "Pager"). */
export function categoryOf(label: string | undefined): Category | undefined {
  if (!label) return undefined;
  const l = unstar(label).toLowerCase();
  if (!l) return undefined;
  if (l.includes('fax')) return 'fax';
  if (/mobile|cell|handy|portable/.test(l)) return 'mobile';
  if (/home|privat|domicile/.test(l)) return 'home';
  if (/work|business|office|company|main|dienst|bureau|primary/.test(l)) return 'work';
  if (l.includes('personal')) return 'personal';
  // A label in another language ("Mobil", "Arbeit", "Biuro", "Trabajo"): the header words' rule.
  return (labelCategory(label) as Category | undefined) ?? 'other';
}

/** "$1,200.50", "1.200,50 €", "1200" → a number; undefined when it isn't one. */
export function parseNumber(text: string): number | undefined {
  let t = text.replace(/[^\d.,-]/g, '');
  if (!/\d/.test(t)) return undefined;
  const lastComma = t.lastIndexOf(',');
  const lastDot = t.lastIndexOf('.');
  // The later of `,`/`.` is the decimal mark when followed by 1–2 digits; the other groups thousands.
  if (lastComma > lastDot && t.length - lastComma - 1 <= 2) t = t.replace(/\./g, '').replace(',', '.');
  else t = t.replace(/,/g, '');
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'on', 'checked', 'ja', 'oui']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off', '', 'nein', 'non']);

/** A date as YYYY-MM-DD from ISO, "2024-07-01T…", or anything Date.parse reads. */
export function parseDate(text: string): string | undefined {
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(text.trim());
  if (iso) return iso[1];
  const t = Date.parse(text);
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

type Def = ConfigEntity<'customFields'>;
export type Converted = { ok: true; value: unknown } | { ok: false; message: string };

/** A custom field value from a cell, by the field's data type; a clear message when it can't be. */
export function customValue(def: Def, text: string): Converted {
  const bad = (what: string): Converted => ({ ok: false, message: `"${def.name}" ${what} (got "${text}")` });
  switch (def.dataType) {
    case 'number':
    case 'currency':
    case 'percentage': {
      const n = parseNumber(text);
      return n === undefined ? bad('must be a number') : { ok: true, value: n };
    }
    case 'checkbox': {
      const l = text.trim().toLowerCase();
      if (TRUE.has(l)) return { ok: true, value: true };
      if (FALSE.has(l)) return { ok: true, value: false };
      return bad('must be yes or no');
    }
    case 'date': {
      const d = parseDate(text);
      return d ? { ok: true, value: d } : bad('must be a date');
    }
    case 'dropdown': {
      const o = optionOf(def, text);
      return o ? { ok: true, value: o } : bad(`must be one of ${def.options.map((x) => x.name).join(', ')}`);
    }
    case 'multiSelect': {
      const ids = splitMulti(text, true).map((v) => optionOf(def, v));
      return ids.every(Boolean) ? { ok: true, value: ids } : bad(`must be among ${def.options.map((x) => x.name).join(', ')}`);
    }
    default:
      return { ok: true, value: text };
  }
}

function optionOf(def: Def, text: string): string | undefined {
  const l = text.trim().toLowerCase();
  return def.options.find((o) => o.id === text.trim() || o.name.toLowerCase() === l)?.id;
}

/** "https://www.acme.com/x" → "acme.com", "ada@acme.io" → "acme.io"; undefined when it is neither. */
export function domainOf(urlOrEmail: string): string | undefined {
  const s = urlOrEmail.trim();
  if (s.includes('@') && !s.includes('/')) return emailDomain(s);
  return parseWebUrl(s) ? hostOf(s) : undefined;
}

/** The social network of a profile address, used as its category. */
export function networkOf(url: string): string {
  return socialProfile(url)?.network ?? socialNetworkOf(url) ?? 'social';
}
