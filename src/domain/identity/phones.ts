import { Metadata, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js';

/**
 * Phone numbers: one parser (libphonenumber-js), extensions kept, one comparison key, and the
 * check typed input must pass. A number libphonenumber cannot place is kept as written: a CRM
 * must never lose a number because it is local or odd.
 */
export type Phone = {
  /** E.164 with ";ext=N" when libphonenumber-js validates it, else the cleaned original. */
  value: string;
  /** As written (label and "tel:" removed). */
  original: string;
  extension?: string;
  /** ISO 3166 country when known. */
  country?: string;
  /** True when libphonenumber-js says the number exists in its country's plan. */
  valid: boolean;
  /** What two spellings of one number share (see phoneKey). */
  key: string;
};

/** Fewer digits than this is an extension or a room number, not a phone. */
const MIN_DIGITS = 5;
/** A typed internal extension ("555") is a number too. */
const MIN_TYPED_DIGITS = 3;
/** E.164 allows 15 digits; a few more covers a trunk prefix and "00" written out. */
const MAX_DIGITS = 17;

/** "ext. 23", "x23", "#23", ";ext=23", "extension 23", "Durchwahl 23", "poste 23", "Dw. 23"; in
 *  brackets or after a dash too: "(ext. 204)", "- int. 23". */
const EXTENSION = /\s*(?:[,;(–-]?\s*(?:ext(?:ension)?\.?|доб\.?|x|#|durchwahl|dw\.?|poste|interno|int\.?|anexo|toestel|wewn?\.?|分机|分機|转|轉|内線|內線|내선)\s*[:=.]?\s*(\d{1,7}))\)?\s*$/i;
/** A leading label a signature or a card puts before a number ("Tel.:", "Mobile:", "M:", "Fax"). */
const LABEL = /^\s*(?:tel(?:ephone|efon|éfono)?|phone|ph|mob(?:ile)?|cell(?:ular)?|handy|mobil|fax|direct|dir|office|work|home|main|switchboard|[tmfpwhdo])\s*[.:]?\s*(?=[+(\d])/i;
/** Characters a phone is written with (digits, separators, a leading +). */
const PHONE_CHARS = /^\+?[\d\s().\-/\u00a0\u2010-\u2015]+$/;
/** A vanity number: digits, then a word in capitals ("1-800-FLOWERS"). */
/**
 * A date written with numbers ("30.11.2026", "2026-11-30", "11/30/2026"): a reply's attribution
 * line or a letter's date, never a phone, though its digits count as one's.
 */
const DATE = /^\s*(?:(\d{1,2})[./-](\d{1,2})[./-](?:19|20)\d{2}|(?:19|20)\d{2}[./-](\d{1,2})[./-](\d{1,2}))\s*$/;
function isDate(text: string): boolean {
  const m = text.match(DATE);
  if (!m) return false;
  const [a, b] = m[1] ? [+m[1], +m[2]] : [+m[3], +m[4]];
  return a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
}
const VANITY = /^\+?[\d\s().-]*\d[\d\s().-]*[\s-][A-Z]{3,}[A-Z\d-]*$/;

const digitsOf = (s: string) => s.replace(/\D/g, '');
/** The digit a letter of a vanity number dials (ITU E.161 keypad). */
const keypad = (c: string) => String('22233344455566677778889999'[c.charCodeAt(0) - 65]);

/** Splits off the label, "tel:" and the extension. */
function clean(input: string): { main: string; extension?: string; original: string } {
  const original = input.replace(/[\s\u00a0]+/g, ' ').replace(/^tel:/i, '').trim();
  // Separators left at the end by a card or a list ("205246;;,;", "555 0100,") are not part of it.
  let main = original.replace(LABEL, '').replace(/[\s;,.]+$/, '');
  const ext = main.match(EXTENSION);
  let extension: string | undefined;
  if (ext && digitsOf(main.slice(0, ext.index)).length >= MIN_DIGITS) {
    extension = ext[1];
    main = main.slice(0, ext.index).trim();
  }
  return { main: main.replace(/^00(?=\d)/, '+').replace(/\(0\)/, ''), extension, original };
}

/**
 * A phone from text, or null when it is not one ("call me maybe", "12", a date). Uses
 * `defaultCountry` for national numbers ("(415) 555-0100" with US).
 */
export function parsePhone(input: string | undefined | null, defaultCountry?: string): Phone | null {
  if (typeof input !== 'string') return null;
  const found = memoOf(input, defaultCountry).phone;
  return found && { ...found };
}

/**
 * The same number is parsed several times on its way in (an import row's draft, its duplicate
 * keys, the read model's search words): parsing is most of an import's CPU, nearly all of it in
 * libphonenumber's country search. Bounded, oldest first out; large enough for the 20,000 phones
 * of a 10,000-row import, which are all planned before the first is written (a cache cleared
 * when full parsed every one of them again for the read model). Full, it holds ~10 MB: it is
 * let go once nothing was parsed for IDLE_RELEASE_MS, so an engine that ran an import does not
 * keep it for the rest of the session.
 */
// Every entry has all three fields from the start and none is ever deleted: an object whose
// shape changes (a field deleted) becomes a dictionary in V8, ~60% more memory for 25,000 phones.
type PhoneMemo = {
  phone: Phone | null;
  terms: string | undefined;
  /**
   * The parse of a valid number written "+<calling code><national number>" (separators aside),
   * kept until its search terms are made: re-parsing its E.164 value gives the same parse (a
   * number with a "+" is read without the default country), and that second parse was a third of
   * a joined lead's libphonenumber time. See `reusable`. Until then an entry holds ~180 bytes
   * more (~4.6 MB if all 25,000 wait; an import's raw spellings wait until the memo lets go).
   */
  parsed: PhoneNumber | undefined;
};
const parsedPhones = new Map<string, PhoneMemo>();
const PARSED_PHONES_MAX = 25_000;
const IDLE_RELEASE_MS = 30_000;
let release: ReturnType<typeof setTimeout> | undefined;
let lastParsed = 0;

/** How many phones the memo holds (tests, benchmarks). */
export const rememberedPhones = () => parsedPhones.size;
/** Lets every remembered phone go now (tests, benchmarks). */
export function forgetPhones(): void {
  if (release !== undefined) clearTimeout(release);
  release = undefined;
  parsedPhones.clear();
}

/** Clears the memo once nothing was parsed for IDLE_RELEASE_MS (re-armed while parsing goes on). */
function armRelease(wait: number) {
  release = setTimeout(() => {
    const idle = Date.now() - lastParsed;
    if (idle < IDLE_RELEASE_MS) return armRelease(IDLE_RELEASE_MS - idle);
    forgetPhones();
  }, wait);
  (release as { unref?: () => void }).unref?.(); // never keeps a Node process (CLI, tests) alive
}

function memoOf(input: string, defaultCountry?: string): PhoneMemo {
  const memoKey = `${defaultCountry ?? ''}\u0000${input}`;
  let found = parsedPhones.get(memoKey);
  if (found === undefined) {
    if (parsedPhones.size >= PARSED_PHONES_MAX) parsedPhones.delete(parsedPhones.keys().next().value!);
    found = parseUncached(input, defaultCountry);
    parsedPhones.set(memoKey, found);
    lastParsed = Date.now();
    if (release === undefined) armRelease(IDLE_RELEASE_MS);
  }
  return found;
}

function parseUncached(input: string, defaultCountry?: string): PhoneMemo {
  const cleaned = clean(input.slice(0, 200));
  const { extension, original } = cleaned;
  let main = cleaned.main;
  if (!PHONE_CHARS.test(main)) {
    if (!VANITY.test(main)) return memoEntry(null);
    main = main.replace(/[A-Z]/g, keypad);
  }
  const digits = digitsOf(main);
  if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS || isDate(main)) return memoEntry(null);
  const country = defaultCountry?.toUpperCase() as CountryCode | undefined;
  let parsed;
  try {
    parsed = cannotBeValid(main, digits) ? undefined : parsePhoneNumberFromString(main, country);
  } catch {
    parsed = undefined;
  }
  if (parsed?.isValid()) {
    const ext = extension ?? parsed.ext;
    const phone = {
      value: ext ? `${parsed.number};ext=${ext}` : parsed.number, original, ...(ext && { extension: ext }),
      ...(parsed.country && { country: parsed.country }), valid: true, key: keyFrom(parsed.nationalNumber, ext),
    };
    return memoEntry(phone, reusable(main, digits, parsed) ? parsed : undefined);
  }
  return memoEntry({ value: original, original, ...(extension && { extension }), valid: false, key: keyFrom(fallbackNational(main), extension) });
}

const memoEntry = (phone: Phone | null, parsed?: PhoneNumber): PhoneMemo => ({ phone, terms: undefined, parsed });

/** What libphonenumber's numbering plans expose beyond its typings (its `Metadata` class). */
type Plan = {
  nationalPrefixForParsing(): string | undefined; hasTypes(): boolean; leadingDigits(): string | undefined;
  type(t: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
};
type Plans = { hasCallingCode(code: string): boolean; countryCallingCodes(): Record<string, string[]>; selectNumberingPlan(c: string): void; numberingPlan: Plan };
/** The types `isValid` tries (libphonenumber's getNumberType). */
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];
/**
 * What bounds the valid numbers of one calling code: the national lengths its countries' number
 * types allow, the main country's national prefix for parsing, and the leading digits of the
 * countries whose plan has no types (their numbers are checked by pattern alone). Null: nothing
 * bounds them (the main country has no types, a type has no lengths, a non-geographic code).
 */
type Bound = { lengths: Set<number>; prefix: RegExp | null; untyped: RegExp[] };
let plans: Plans | undefined;
const bounds = new Map<string, Bound | null>();

function boundOf(code: string): Bound | null {
  let known = bounds.get(code);
  if (known !== undefined) return known;
  plans ??= new Metadata() as unknown as Plans;
  known = null;
  const countries = plans.countryCallingCodes()[code];
  if (countries?.length && !countries.includes('001')) {
    const bound: Bound = { lengths: new Set(), prefix: null, untyped: [] };
    let bounded = true;
    for (const [i, c] of countries.entries()) {
      plans.selectNumberingPlan(c);
      const plan = plans.numberingPlan;
      if (!plan.hasTypes()) {
        // Valid by pattern alone, once chosen; chosen only by its leading digits (or as the main country).
        const leading = plan.leadingDigits();
        if (i === 0) bounded = false;
        else if (leading) bound.untyped.push(new RegExp(`^(?:${leading})`)); // libphonenumber: national.search(leading) === 0
        continue;
      }
      for (const t of NUMBER_TYPES) {
        const type = plan.type(t);
        if (!type?.pattern()) continue;
        const l = type.possibleLengths();
        if (!l) bounded = false;
        else for (const n of l) bound.lengths.add(n);
      }
    }
    plans.selectNumberingPlan(code); // the calling code's main country reads the national number
    const prefix = plans.numberingPlan.nationalPrefixForParsing();
    bound.prefix = prefix ? new RegExp(`^(?:${prefix})`) : null;
    if (bounded) known = bound;
  }
  bounds.set(code, known);
  return known;
}

/**
 * True when libphonenumber would find `main` ("+<calling code><national number>", separators
 * only) invalid whatever the country: spares its country search, which for an invalid number
 * tries every country of the code (~25 for +1) and each of their type patterns, most of an
 * import's phone time when a file's numbers are not valid. Exact, following libphonenumber's
 * parse: the national number is the digits after the code unless the main country's national
 * prefix for parsing matches them (left to libphonenumber then); the number's country is one
 * whose leading digits start it, or whose number types match it, else the main country; and
 * `isValid` needs a type whose possible lengths hold the national number, or, for a country
 * without types, its pattern (so a number such a country's leading digits start is left to
 * libphonenumber). Tested on every country's example numbers and against libphonenumber on
 * random numbers.
 */
export function cannotBeValid(main: string, digits: string): boolean {
  if (main[0] !== '+' || !PHONE_CHARS.test(main)) return false;
  for (let n = 1; n <= 3 && n < digits.length; n++) {
    const code = digits.slice(0, n);
    plans ??= new Metadata() as unknown as Plans;
    if (!plans.hasCallingCode(code)) continue;
    const bound = boundOf(code);
    const national = digits.slice(n);
    return !!bound && !bound.lengths.has(national.length) && !bound.prefix?.test(national) && !bound.untyped.some((l) => l.test(national));
  }
  return false;
}

/**
 * Whether parsing the number's E.164 form again would give this very parse: the text was "+",
 * then the calling code and the national number as they stand, with separators only (no digit
 * dropped as a national prefix or carrier code, no extension read by libphonenumber). A number
 * with a "+" is read without the default country, so both parses take the same steps on the same
 * digits. Anything else (national numbers, "00", a stripped prefix) is parsed again, as before.
 */
const reusable = (main: string, digits: string, parsed: PhoneNumber) =>
  main[0] === '+' && !parsed.ext && digits === `${parsed.countryCallingCode}${parsed.nationalNumber}`;

const keyFrom = (national: string, ext: string | undefined) => (ext ? `${national}x${ext}` : national);

/** Without a plan to read it by: drop a "+CC " written apart and trunk zeros. */
const fallbackNational = (s: string) => digitsOf(s.replace(/^\s*\+\d{1,3}[\s.-]+/, '')).replace(/^0+/, '');

/**
 * The comparison key of a phone: its national significant number, plus "x" and the extension
 * if any, so "+1 415 555 0100" = "(415) 555-0100" = "415.555.0100" even without a country, and
 * two extensions of one switchboard stay two people. Undefined when it is not a phone.
 */
export function phoneKey(input: string, defaultCountry?: string): string | undefined {
  const p = parsePhone(input, defaultCountry);
  const national = p?.key.split('x')[0] ?? '';
  return p && national.length >= 6 ? p.key : undefined;
}

/**
 * A coarse key for indexes: the last 7 digits of the main number (the full key decides on the
 * few hits). The written digits end with the national number, so this equals the tail of
 * phoneKey without parsing: an index over 50k records stays cheap to build.
 */
export function phoneIndexKey(input: string): string | undefined {
  const digits = digitsOf(clean(input.slice(0, 200)).main);
  return digits.length >= 6 ? digits.slice(-7) : undefined;
}

/** Same number? Compares keys; without an extension on one side, the main numbers. */
export function samePhone(a: string, b: string, defaultCountry?: string): boolean {
  const ka = parsePhone(a, defaultCountry);
  const kb = parsePhone(b, defaultCountry);
  if (!ka || !kb) return false;
  if (ka.key === kb.key) return true;
  const [na, ea] = ka.key.split('x');
  const [nb, eb] = kb.key.split('x');
  if (ea && eb) return false;
  return na === nb || (Math.min(na.length, nb.length) >= 7 && (na.endsWith(nb) || nb.endsWith(na)));
}

/** Why typed input is not a phone, or null when it is one. */
export function phoneInputProblem(input: string): string | null {
  const s = input.trim();
  if (!s) return 'must not be empty';
  // Cleaned once: every row of an import checks each of its phones here (zod's refine).
  const main = clean(s).main;
  if (/[a-z]/i.test(main) && !VANITY.test(main)) return 'must be a phone number (digits, spaces, + ( ) - . and an extension like "ext. 12"), not words';
  // Typed on purpose, a short internal number ("555") is one; in page text it would be noise.
  const digits = digitsOf(main).length;
  if (digits >= MIN_TYPED_DIGITS && digits <= MAX_DIGITS && (PHONE_CHARS.test(main) || VANITY.test(main))) return null;
  return `must be a phone number with ${MIN_TYPED_DIGITS} to 15 digits`;
}

/** How people search a phone: every digit run they might type (as written, international, national, from any group on, last 7). */
export function phoneSearchTerms(input: string, defaultCountry?: string): string[] {
  const memo = memoOf(input, defaultCountry);
  // Kept as one string: an array of strings per phone was most of the memo's memory.
  if (memo.terms === undefined) {
    memo.terms = searchTermsOf(input, memo.phone, memo.parsed).join('\n');
    memo.parsed = undefined;
  }
  return memo.terms ? memo.terms.split('\n') : [];
}

/**
 * The search terms of a number, from its first parse when that parse can stand for a second one
 * (`reusable`), else from parsing its E.164 value again (tests compare both ways on many numbers).
 */
export function searchTermsOf(input: string, p: Phone | null, parsed?: PhoneNumber): string[] {
  const out = new Set<string>();
  /** The digits of a written form, and of every tail starting at one of its groups ("7946 0958"). */
  const addWritten = (written: string) => {
    const groups = written.split(/\D+/).filter(Boolean);
    for (let i = 0; i < groups.length; i++) {
      const tail = groups.slice(i).join('');
      if (tail.length >= 4) out.add(tail);
    }
  };
  addWritten(clean(input).main);
  if (p?.valid) {
    parsed ??= parsePhoneNumberFromString(p.value.split(';')[0]);
    if (parsed) {
      addWritten(parsed.formatInternational());
      addWritten(parsed.formatNational());
      out.add(parsed.nationalNumber);
    }
  } else if (p) out.add(p.key.split('x')[0]);
  for (const d of [...out]) if (d.length > 7) out.add(d.slice(-7));
  if (p?.extension) out.add(p.extension);
  return [...out].filter(Boolean);
}

/** "+14155550100;ext=23" → "+1 415 555 0100 ext. 23"; anything unparsed as written. */
export function formatPhone(value: string): string {
  const [main, ext] = value.split(';ext=');
  const parsed = /^\+\d+$/.test(main) ? parsePhoneNumberFromString(main) : undefined;
  if (!parsed) return value;
  return ext ? `${parsed.formatInternational()} ext. ${ext}` : parsed.formatInternational();
}
