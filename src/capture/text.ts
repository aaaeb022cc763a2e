import { MAX_FIELD } from './limits.ts';

// C0/C1 controls, zero-width and bidi override characters: invisible text a hostile page can
// use to spoof a name or smuggle line breaks into a single-line field.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

/** One line of plain text: invisible characters removed, whitespace collapsed, capped. */
export function cleanText(input: unknown, max = MAX_FIELD): string {
  if (input == null) return '';
  const s = typeof input === 'string' ? input : typeof input === 'number' ? String(input) : '';
  // Cap before the regexes too, so a 10 MB attribute costs nothing.
  return s.slice(0, max * 4).replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim().slice(0, max);
}

const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** A lower-cased address, or '' when it is not one ("mailto:" and "?subject=" removed). */
export function cleanEmail(input: unknown): string {
  let s = cleanText(input, 320).replace(/^mailto:/i, '');
  s = s.split('?')[0];
  try {
    s = decodeURIComponent(s);
  } catch {
    /* keep as written */
  }
  s = s.trim().replace(/^<|>$/g, '').toLowerCase();
  return EMAIL.test(s) ? s : '';
}

/** An absolute http(s) URL, or '' — never javascript:, data: or anything a click could run. */
export function cleanUrl(input: unknown, baseUrl?: string): string {
  const s = cleanText(input, 2048);
  if (!s) return '';
  let url: URL;
  try {
    url = baseUrl ? new URL(s, baseUrl) : new URL(/^[a-z][a-z0-9+.-]*:/i.test(s) ? s : `https://${s}`);
  } catch {
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
  if (!url.hostname.includes('.')) return '';
  return url.href.slice(0, MAX_FIELD);
}
