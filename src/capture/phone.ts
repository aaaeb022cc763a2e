import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { cleanText } from './text.ts';

export type NormalizedPhone = { value: string; original: string };

/** Fewer digits than this is an extension or a room number, not a phone ("x-37059" stays). */
const MIN_DIGITS = 5;

/** E.164 when libphonenumber-js can make sense of the number, else the cleaned original. */
export function normalizePhone(input: unknown, defaultCountry?: string): NormalizedPhone | null {
  const original = cleanText(input, 60).replace(/^tel:/i, '').trim();
  const digits = original.replace(/\D/g, '');
  if (digits.length < MIN_DIGITS || digits.length > 17) return null;
  const country = defaultCountry?.toUpperCase() as CountryCode | undefined;
  try {
    const parsed = parsePhoneNumberFromString(original.replace(/^00/, '+'), country);
    if (parsed?.isPossible()) return { value: parsed.number, original };
  } catch {
    /* fall through: keep as written */
  }
  return { value: original, original };
}

/** The digits of a phone, for comparing two spellings of the same number. */
export const phoneDigits = (s: string) => s.replace(/\D/g, '');
