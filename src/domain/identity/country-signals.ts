/**
 * Which country a page's (or a file's) national numbers belong to, read from what it says about
 * itself: "0711 5555 0142" on a German directory is +49 711 5555 0142, on an Austrian one another
 * number. A number with no "+" is read as a country's only when every signal names that country;
 * when they don't, it stays as typed (a wrong country is worse than none: the number would look
 * right and dial elsewhere).
 */
import { getCountries, type CountryCode } from 'libphonenumber-js';
import { parse as parseHost } from 'tldts';
import { countryCode } from './addresses.ts';

export type CountrySignals = {
  /** Language tags the page declares (`<html lang>`, og:locale, Content-Language): "de", "de-AT", "pt_BR". */
  languages?: (string | null | undefined)[];
  /** The page's address (URL or host name): its country-code domain (".de", ".co.uk"). */
  host?: string;
  /** Countries its addresses name, as written ("Deutschland", "IE"). */
  addressCountries?: (string | null | undefined)[];
};

const KNOWN = new Set<string>(getCountries());
/**
 * Country-code domains sold to everyone as generic names (".io", ".co", ".me", ".ai", ".tv"…):
 * they say nothing of where a business is.
 */
const GENERIC_CC = new Set(['io', 'co', 'me', 'ai', 'tv', 'ly', 'fm', 'gg', 'to', 'cc', 'ws', 'sh', 'ac', 'la', 'nu', 'so', 'vc', 'gl', 'im', 'am', 'tk', 'ml', 'ga', 'cf', 'gq']);

/** The region a language tag names ("de-AT" → AT, "pt_BR" → BR), or undefined ("de", "und"). */
function regionOf(tag: string): string | undefined {
  try {
    return new Intl.Locale(tag.replace(/_/g, '-')).region?.toUpperCase();
  } catch {
    return undefined;
  }
}
/** The language of a tag ("de-AT" → de), or undefined. */
function languageOf(tag: string): string | undefined {
  try {
    const lang = new Intl.Locale(tag.replace(/_/g, '-')).language;
    return lang && lang !== 'und' ? lang : undefined;
  } catch {
    return undefined;
  }
}
/**
 * A language spoken in a country, by CLDR's likely subtags (the runtime's Intl.Locale): its most
 * likely country is this one ("de" → DE), or it is this country's most likely language ("de" for
 * AT and CH). French in Belgium, English in India are not matched: such pages stay as typed.
 */
function spokenIn(language: string, country: string): boolean {
  try {
    return new Intl.Locale(language).maximize().region === country || new Intl.Locale(`und-${country}`).maximize().language === language;
  } catch {
    return false;
  }
}

/** The country of a country-code domain (".de", ".co.uk" → GB), or undefined for a generic one. */
function countryOfHost(host: string): string | undefined {
  const suffix = parseHost(host).publicSuffix?.split('.').pop()?.toLowerCase();
  if (!suffix || suffix.length !== 2 || GENERIC_CC.has(suffix)) return undefined;
  const code = suffix === 'uk' ? 'GB' : suffix.toUpperCase();
  return KNOWN.has(code) ? code : undefined;
}

/**
 * The one country the signals agree on, or undefined. At least one names a country (a language
 * tag's region, a country-code domain, an address's country): a language alone does not ("de" is
 * Germany's, Austria's and Switzerland's, "en" a dozen countries'). Every country named must be
 * the same, and every language declared must be spoken there.
 */
export function agreedCountry(s: CountrySignals): CountryCode | undefined {
  const tags = (s.languages ?? []).filter((t): t is string => !!t && !!t.trim()).map((t) => t.trim());
  const named = [
    ...tags.map(regionOf),
    s.host ? countryOfHost(s.host) : undefined,
    // schema.org's addressCountry is most often the ISO code ("TR"), which the names table may lack.
    ...(s.addressCountries ?? []).map((c) => (c && /^[A-Z]{2}$/.test(c.trim()) && KNOWN.has(c.trim()) ? c.trim() : c ? countryCode(c) : undefined)),
  ].filter((c): c is string => !!c);
  const countries = new Set(named);
  if (countries.size !== 1) return undefined;
  const [country] = countries;
  if (!KNOWN.has(country)) return undefined;
  const languages = tags.map(languageOf).filter((l): l is string => !!l);
  return languages.every((l) => spokenIn(l, country)) ? (country as CountryCode) : undefined;
}
