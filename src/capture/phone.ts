import { parsePhone } from '../domain/identity/phones.ts';
import { cleanText } from './text.ts';

export type NormalizedPhone = { value: string; original: string };

/** E.164 (with ";ext=N") when libphonenumber-js validates the number, else the cleaned original (identity/phones). */
export function normalizePhone(input: unknown, defaultCountry?: string): NormalizedPhone | null {
  const p = parsePhone(cleanText(input, 80), defaultCountry);
  return p && { value: p.value, original: p.original };
}

/** The digits of a phone's main number, for comparing two spellings of the same number. */
export const phoneDigits = (s: string) => s.split(';ext=')[0].replace(/\D/g, '');
