import { describe, expect, it } from 'vitest';
import { agreedCountry } from './country-signals.ts';

describe('agreedCountry: the country a page\'s national numbers belong to', () => {
  it('is the one country its domain, its language\'s region and its addresses name, with its language spoken there', () => {
    expect(agreedCountry({ languages: ['de'], host: 'https://branchen.de/stuttgart' })).toBe('DE');
    expect(agreedCountry({ languages: ['de'], host: 'https://kanzlei.ch/team' })).toBe('CH');
    expect(agreedCountry({ languages: ['en'], host: 'https://www.studio.co.uk/' })).toBe('GB');
    expect(agreedCountry({ languages: ['tr'], addressCountries: ['Türkiye'] })).toBe('TR');
    expect(agreedCountry({ languages: ['pt_BR'] })).toBe('BR');
    expect(agreedCountry({ languages: ['ja'], host: 'https://minato-seiki.example/', addressCountries: ['日本', undefined] })).toBe('JP');
  });
  it('is none when the signals disagree or name no country: the numbers stay as typed', () => {
    expect(agreedCountry({ languages: ['de'] })).toBeUndefined(); // Germany's, Austria's, Switzerland's
    expect(agreedCountry({ languages: ['de-DE'], host: 'https://firma.at/' })).toBeUndefined();
    expect(agreedCountry({ languages: ['de'], host: 'https://branchen.de/', addressCountries: ['Österreich'] })).toBeUndefined();
    expect(agreedCountry({ languages: ['fr'], host: 'https://cabinet.ch/' })).toBeUndefined(); // French in Switzerland is not matched
    expect(agreedCountry({ languages: ['en'], host: 'https://startup.io/' })).toBeUndefined(); // a generic use of a country's domain
    expect(agreedCountry({ host: 'https://example.com/', addressCountries: ['Germany', 'France'] })).toBeUndefined();
    expect(agreedCountry({ languages: ['not a tag!'], host: 'https://x.de/' })).toBe('DE'); // a broken tag is no signal
    expect(agreedCountry({})).toBeUndefined();
  });
});
