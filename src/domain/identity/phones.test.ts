import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import mobileExamples from 'libphonenumber-js/examples.mobile.json';
import { cannotBeValid, forgetPhones, formatPhone, parsePhone, rememberedPhones, phoneIndexKey, phoneInputProblem, phoneKey, phoneSearchTerms, samePhone, searchTermsOf } from './phones.ts';

describe('parsePhone', () => {
  it.each([
    ['international', '+1 415 555 0100', undefined, { value: '+14155550100', valid: true, key: '4155550100' }],
    ['national with a default country', '(415) 555-0100', 'US', { value: '+14155550100', valid: true }],
    ['"ext." kept', '+1 415 555 0100 ext. 23', undefined, { value: '+14155550100;ext=23', extension: '23', key: '4155550100x23' }],
    ['"x" kept', '+1 (415) 555-0100 x23', undefined, { extension: '23', key: '4155550100x23' }],
    ['German "Durchwahl"', '+49 30 1234567 Durchwahl 89', undefined, { extension: '89', value: '+49301234567;ext=89' }],
    ['an extension in brackets', '+81 3 5555 0123 (ext. 204)', undefined, { extension: '204', key: '355550123x204' }],
    ['Italian "int." after a dash', '+39 02 5555 0142 - int. 23', undefined, { extension: '23', key: '0255550142x23' }],
    ['Chinese "转"', '+86 755 5555 0142 转8012', undefined, { extension: '8012' }],
    ['"00" for +', '0044 20 7946 0958', undefined, { value: '+442079460958' }],
    ['"(0)" trunk in an international number', '+49 (0)30 1234567', undefined, { value: '+49301234567' }],
    ['label and tel:', 'tel:+1-415-555-0100', undefined, { value: '+14155550100' }],
    ['RFC 3966 extension', 'tel:+1-418-656-9254;ext=102', undefined, { value: '+14186569254;ext=102', extension: '102' }],
    ['signature label', 'Mobile: +44 7911 123456', undefined, { value: '+447911123456' }],
    ['separators left at the end', '205246;;,;', undefined, { value: '205246;;,;', valid: false, key: '205246' }],
    ['unplaceable, kept as written', '555 0100 22', undefined, { value: '555 0100 22', valid: false }],
  ])('%s: %s', (_, input, country, expected) => expect(parsePhone(input, country)).toMatchObject(expected as object));
  it.each([['words', 'call me maybe'], ['too short', '12'], ['too long', '1234567890123456789'], ['empty', '']])('refuses %s', (_, input) => {
    expect(parsePhone(input)).toBeNull();
  });
});

describe('one key for one number', () => {
  it.each([
    ['+1 415 555 0100', '(415) 555-0100'], ['+1 415 555 0100', '415.555.0100'], ['+44 20 7946 0958', '020 7946 0958'],
  ])('%s = %s', (a, b) => {
    expect(phoneKey(a)).toBe(phoneKey(b));
    expect(samePhone(a, b)).toBe(true);
  });
  it('keeps two extensions of one switchboard apart', () => {
    expect(samePhone('+1 415 555 0100 x23', '+1 415 555 0100 x24')).toBe(false);
    expect(samePhone('+1 415 555 0100 x23', '+1 415 555 0100')).toBe(true);
  });
  it('gives the index the last 7 digits of the main number', () => expect(phoneIndexKey('+1 415 555 0100 x23')).toBe('5550100'));
  it.each(['+1 (415) 555-0100', '+44 20 7946 0958', '0044 20 7946 0958', '+49 (0)30 1234567', 'tel:+1-418-656-9254;ext=102', 'Mobile: +44 7911 123456', '555 0100 22'])(
    'the cheap index key of %s is the tail of its full key', (n) => expect(phoneIndexKey(n)).toBe(phoneKey(n)!.split('x')[0].slice(-7)),
  );
  it('has no key for a non-number', () => expect(phoneKey('12')).toBeUndefined());
  it('matches the country given for national numbers', () => expect(phoneKey('020 7946 0958', 'GB')).toBe('2079460958'));
});

describe('typed input', () => {
  it.each([
    ['call me maybe', /not words/], ['12', /3 to 15 digits/], ['12345678901234567890', /3 to 15 digits/], ['', /empty/],
  ])('refuses %s', (input, message) => expect(phoneInputProblem(input)).toMatch(message));
  it.each(['+1 415 555 0100', '(415) 555-0100 ext. 12', '1-800-FLOWERS', '030 1234567', '555'])('accepts %s', (input) => expect(phoneInputProblem(input)).toBeNull());
});

describe('phoneSearchTerms', () => {
  it('finds a number however it is typed', () => {
    const terms = phoneSearchTerms('+44 20 7946 0958');
    for (const t of ['442079460958', '2079460958', '02079460958', '9460958']) expect(terms).toContain(t);
  });
  // Numbers whose first parse stands for the second ("+" and the digits as they are) and numbers
  // that are parsed again: national, "00", trunk "(0)", a prefix libphonenumber drops (Mexico's
  // old mobile "1", Argentina's "9"), extensions, shared calling codes (NANP, +7, +44's islands).
  const spellings = [
    '+1 415 555 0100', '+1 (415) 555-0100', '+1.415.555.0100', '+1 415 555 0100 ext. 23', '+1 (415) 555-0100 x23', 'tel:+1-418-656-9254;ext=102',
    '+1 800 555 0199', '+1 876 555 0123', '+1 604 555 0142', '+1 242 357 1234', '+7 701 123 4567', '+7 495 123 45 67', '+44 20 7946 0958',
    '+44 1481 256789', '+44 7781 123456', '+44 1624 123456', '+49 30 1234567', '+49 (0)30 1234567', '+49 30 1234567 Durchwahl 89', '+33 1 23 45 67 89',
    '+39 06 6982 1234', '+39 347 123 4567', '+52 1 55 1234 5678', '+52 55 1234 5678', '+54 9 11 1234 5678', '+61 2 9876 5432', '+81 3-1234-5678',
    '+86 10 1234 5678', '+91 98765 43210', '+358 40 1234567', '+1-800-FLOWERS', '+1 415 555 0100 / 0101', '+1 415 555 0100', '+1 415–555–0100',
    '0044 20 7946 0958', '020 7946 0958', '(415) 555-0100', '415.555.0100', '030 1234567', '06 6982 1234', 'Mobile: +44 7911 123456',
    '555 0100 22', '205246;;,;', '+999 123 4567', '+1 555', '+12', '12', '', '   ', 'call me maybe', '1234567890123456789', '+0 123 456 789',
  ];
  it.each([undefined, 'US', 'GB', 'DE', 'IT', 'RU'])('makes the same terms from one parse as from two (default country %s)', (country) => {
    for (const input of spellings) {
      forgetPhones();
      const once = phoneSearchTerms(input, country);
      expect(once, input).toEqual(searchTermsOf(input, parsePhone(input, country)));
    }
    expect(phoneSearchTerms('+1 415 555 0100')).toEqual(['14155550100', '4155550100', '5550100', '0100']);
  });
  it('formats stored values', () => {
    expect(formatPhone('+14155550100;ext=23')).toBe('+1 415 555 0100 ext. 23');
    expect(formatPhone('555 0100 22')).toBe('555 0100 22');
  });
});

describe('parsePhone remembers what it parsed', () => {
  it('gives the same answer each time, as a copy the caller may change', () => {
    const first = parsePhone('(415) 555-0100', 'US')!;
    first.value = 'changed';
    expect(parsePhone('(415) 555-0100', 'US')).toMatchObject({ value: '+14155550100', valid: true });
    expect(parsePhone('(415) 555-0100')).toEqual(parsePhone('(415) 555-0100', undefined));
    expect(parsePhone('(415) 555-0100', 'GB')).not.toEqual(parsePhone('(415) 555-0100', 'US'));
    for (let i = 0; i < 26_000; i++) parsePhone(`+1 415 ${String(i).padStart(7, '0')}`); // past the bound: oldest out, still right
    expect(parsePhone('(415) 555-0100', 'US')).toMatchObject({ value: '+14155550100' });
    expect(parsePhone('call me maybe')).toBeNull();
  });

  it('lets what it remembers go once nothing was parsed for 30 s, not while parsing goes on', () => {
    vi.useFakeTimers();
    try {
      forgetPhones();
      expect(rememberedPhones()).toBe(0);
      parsePhone('+1 415 555 0101');
      vi.advanceTimersByTime(20_000);
      parsePhone('+1 415 555 0102');
      vi.advanceTimersByTime(20_000); // 40 s after the first, 20 s after the last
      expect(rememberedPhones()).toBe(2);
      vi.advanceTimersByTime(11_000);
      expect(rememberedPhones()).toBe(0);
      expect(parsePhone('+1 415 555 0101')).toMatchObject({ value: '+14155550101', valid: true });
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives a phone\'s search terms from the same parse, as a copy, before and after it is forgotten', () => {
    const terms = phoneSearchTerms('+44 20 7946 0958');
    expect(terms).toEqual(expect.arrayContaining(['442079460958', '2079460958', '79460958', '9460958']));
    terms.length = 0;
    expect(phoneSearchTerms('+44 20 7946 0958')).toEqual(phoneSearchTerms('+44 20 7946 0958 '));
    const again = phoneSearchTerms('+44 20 7946 0958');
    for (let i = 0; i < 26_000; i++) parsePhone(`+1 415 ${String(i).padStart(7, '0')}`);
    expect(phoneSearchTerms('+44 20 7946 0958')).toEqual(again);
    expect(again.length).toBeGreaterThan(3);
  });

  it('a date written with numbers is no phone ("W dniu 30.11.2026 …", "2026-11-30"); a number shaped like one still is', () => {
    for (const date of ['30.11.2026', '2026-11-30', '11/30/2026', '1.12.2026', '2026/12/01']) expect(parsePhone(date), date).toBeNull();
    expect(parsePhone('030 1234 5678', 'DE')?.value).toBe('+493012345678');
    expect(parsePhone('12.34.5678')).not.toBeNull(); // no month 34, no day 34: not a date
  });
});

describe('numbers no country could hold are refused before libphonenumber\'s country search (cannotBeValid)', () => {
  const digitsOf = (s: string) => s.replace(/\D/g, '');
  it('never refuses a number valid in some country: every country\'s example numbers, written as users write them', () => {
    let checked = 0;
    for (const [country, national] of Object.entries(mobileExamples as Record<string, string>)) {
      const e164 = parsePhoneNumberFromString(national, country as CountryCode)?.number;
      if (!e164) continue;
      for (const written of [e164, `+${e164.slice(1, 3)} ${e164.slice(3)}`, parsePhoneNumberFromString(e164)!.formatInternational()]) {
        expect(cannotBeValid(written, digitsOf(written)), `${country} ${written}`).toBe(false);
        expect(parsePhone(written)?.valid, `${country} ${written}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(600);
  });

  it('refuses only what libphonenumber finds invalid, and parsePhone agrees with libphonenumber either way', () => {
    const codes = ['1', '7', '20', '33', '39', '44', '49', '52', '54', '55', '61', '62', '81', '86', '91', '234', '351', '358', '380', '420', '852', '971', '800', '979', '47', '262', '290', '590', '599'];
    let refused = 0;
    fc.assert(fc.property(fc.constantFrom(...codes), fc.stringMatching(/^\d{2,14}$/), fc.constantFrom(' ', '-', ''), (code, national, sep) => {
      const written = `+${code}${sep}${national}`;
      const valid = !!parsePhoneNumberFromString(written)?.isValid();
      if (cannotBeValid(written, digitsOf(written))) { refused++; expect(valid, written).toBe(false); }
      expect(parsePhone(written)?.valid ?? false, written).toBe(valid);
    }), { numRuns: 6000 });
    expect(refused).toBeGreaterThan(400);
  });

  it('refuses impossible lengths of +1 (every NANP country tried otherwise), leaves national numbers and prefixes to libphonenumber', () => {
    for (const n of ['+1 555 000123', '+1 666 42', '+44 20 7946 09581234']) expect(cannotBeValid(n, digitsOf(n)), n).toBe(true);
    // A valid length; a national number; a national prefix; a non-geographic code; the leading
    // digits of a country whose plan has no types (Antigua: checked by its pattern alone).
    for (const n of ['+1 415 555 0100', '415 555 0100', '+44 020 7946 0958', '+800 1234 5678', '+1 268 46412']) expect(cannotBeValid(n, digitsOf(n)), n).toBe(false);
    expect(parsePhone('+1 555 000123')).toMatchObject({ value: '+1 555 000123', valid: false, key: '555000123' });
  });
});
