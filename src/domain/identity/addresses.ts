/**
 * Postal addresses: parts from one line ("1 Main St, Springfield, IL 62701, USA") or a block
 * (lines), reading postal code and city by each country's format where it is known (US/CA
 * "City, ST 12345", UK "City\nSW1A 1AA", continental "10115 Berlin", NL "1012 AB Amsterdam",
 * AU "Sydney NSW 2000"; Japan's and Turkey's shapes in address-shapes.ts). Street gets the street
 * lines only, never the whole address.
 */
import { districtThenProvince, readJapanese, readRussian, splitDistrictProvince } from './address-shapes.ts';

export type AddressParts = { street?: string; city?: string; state?: string; postalCode?: string; country?: string };

const US_STATES = new Set('AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI'.split(' '));
const CA_PROVINCES = new Set('AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' '));
const AU_STATES = new Set('NSW VIC QLD SA WA TAS ACT NT'.split(' '));
const US_STATE_NAMES = new Set([
  'alabama', 'alaska', 'arizona', 'arkansas', 'california', 'colorado', 'connecticut', 'delaware', 'florida', 'georgia', 'hawaii', 'idaho',
  'illinois', 'indiana', 'iowa', 'kansas', 'kentucky', 'louisiana', 'maine', 'maryland', 'massachusetts', 'michigan', 'minnesota',
  'mississippi', 'missouri', 'montana', 'nebraska', 'nevada', 'new hampshire', 'new jersey', 'new mexico', 'new york', 'north carolina',
  'north dakota', 'ohio', 'oklahoma', 'oregon', 'pennsylvania', 'rhode island', 'south carolina', 'south dakota', 'tennessee', 'texas',
  'utah', 'vermont', 'virginia', 'washington', 'west virginia', 'wisconsin', 'wyoming', 'district of columbia',
]);

/** Country names and codes as written on letters and cards (lower case, dots removed) → ISO code. */
const COUNTRIES: Record<string, string> = {
  'usa': 'US', 'us': 'US', 'united states': 'US', 'united states of america': 'US', 'america': 'US',
  'uk': 'GB', 'gb': 'GB', 'united kingdom': 'GB', 'great britain': 'GB', 'england': 'GB', 'scotland': 'GB', 'wales': 'GB', 'northern ireland': 'GB',
  'germany': 'DE', 'deutschland': 'DE', 'de': 'DE', 'allemagne': 'DE', 'alemania': 'DE',
  'france': 'FR', 'fr': 'FR', 'frankreich': 'FR', 'francia': 'FR',
  'spain': 'ES', 'españa': 'ES', 'espana': 'ES', 'es': 'ES', 'spanien': 'ES',
  'italy': 'IT', 'italia': 'IT', 'it': 'IT', 'italien': 'IT',
  'netherlands': 'NL', 'the netherlands': 'NL', 'nederland': 'NL', 'holland': 'NL', 'nl': 'NL', 'niederlande': 'NL',
  'belgium': 'BE', 'belgië': 'BE', 'belgie': 'BE', 'belgique': 'BE', 'belgien': 'BE', 'be': 'BE',
  'switzerland': 'CH', 'schweiz': 'CH', 'suisse': 'CH', 'svizzera': 'CH', 'ch': 'CH',
  'austria': 'AT', 'österreich': 'AT', 'osterreich': 'AT', 'at': 'AT',
  'canada': 'CA', 'ca': 'CA', 'australia': 'AU', 'au': 'AU', 'new zealand': 'NZ', 'nz': 'NZ', 'ireland': 'IE', 'éire': 'IE', 'ie': 'IE',
  'sweden': 'SE', 'sverige': 'SE', 'se': 'SE', 'norway': 'NO', 'norge': 'NO', 'no': 'NO', 'denmark': 'DK', 'danmark': 'DK', 'dk': 'DK',
  'finland': 'FI', 'suomi': 'FI', 'fi': 'FI', 'iceland': 'IS', 'poland': 'PL', 'polska': 'PL', 'pl': 'PL', 'portugal': 'PT', 'pt': 'PT',
  'brazil': 'BR', 'brasil': 'BR', 'br': 'BR', 'mexico': 'MX', 'méxico': 'MX', 'mx': 'MX', 'argentina': 'AR', 'chile': 'CL', 'colombia': 'CO', 'peru': 'PE',
  'japan': 'JP', 'jp': 'JP', 'china': 'CN', 'cn': 'CN', 'india': 'IN', 'singapore': 'SG', 'sg': 'SG', 'hong kong': 'HK', 'south korea': 'KR', 'korea': 'KR', 'taiwan': 'TW',
  'czech republic': 'CZ', 'czechia': 'CZ', 'česko': 'CZ', 'cz': 'CZ', 'slovakia': 'SK', 'hungary': 'HU', 'magyarország': 'HU', 'greece': 'GR',
  'turkey': 'TR', 'türkiye': 'TR', 'israel': 'IL', 'south africa': 'ZA', 'luxembourg': 'LU', 'lu': 'LU', 'russia': 'RU', 'ukraine': 'UA',
  'romania': 'RO', 'bulgaria': 'BG', 'croatia': 'HR', 'slovenia': 'SI', 'estonia': 'EE', 'latvia': 'LV', 'lithuania': 'LT',
  'united arab emirates': 'AE', 'uae': 'AE', 'saudi arabia': 'SA', 'egypt': 'EG', 'nigeria': 'NG', 'kenya': 'KE', 'philippines': 'PH',
  '日本': 'JP', '日本国': 'JP', '中国': 'CN', '中华人民共和国': 'CN', '대한민국': 'KR', '한국': 'KR', '台灣': 'TW', '台湾': 'TW',
  'indonesia': 'ID', 'malaysia': 'MY', 'thailand': 'TH', 'vietnam': 'VN', 'viet nam': 'VN', 'việt nam': 'VN', 'pakistan': 'PK', 'bangladesh': 'BD',
};

const STATE_NAMES_LONGEST_FIRST = [...US_STATE_NAMES].sort((a, b) => b.length - a.length);
/** The US state ending `head` as written ("IL", "New York", "West Virginia"), or null: the
 *  longest name that ends it, so "New York" is not read as a city "New" in "York". */
function usStateAtEnd(head: string): string | null {
  const code = head.match(/(?:^|[\s,])([A-Z]{2})$/)?.[1];
  if (code && US_STATES.has(code)) return code;
  const lower = head.toLowerCase();
  const name = STATE_NAMES_LONGEST_FIRST.find((n) => lower === n || (lower.endsWith(n) && /[\s,]/.test(lower[lower.length - n.length - 1])));
  return name ? head.slice(head.length - name.length) : null;
}

/** The ISO code of a written country ("Deutschland" → "DE", "Morocco" → "MA"), or undefined. */
export function countryCode(written: string | undefined): string | undefined {
  if (!written) return undefined;
  const key = written.trim().toLowerCase().replace(/\./g, '');
  // Two letters with dots are a country only as "U.S." and "U.K." are written: "N.L." is Nuevo León, not NL.
  if (/^(?:\p{L}\.\s?){2}$/u.test(written.trim()) && key !== 'us' && key !== 'uk') return undefined;
  if (Object.hasOwn(COUNTRIES, key)) return COUNTRIES[key];
  // Only words can be a country's name ("Casablanca 20250" is not): the runtime's names are a fallback.
  // Three letters or fewer are a code in Latin letters, a name in other scripts ("مصر").
  return (key.length > 3 || /[^\p{Script=Latin}]/u.test(key)) && /^[\p{L}\p{M} '’()-]+$/u.test(key) ? countryByName(key) : undefined;
}

/** Languages whose names of countries addresses written in Latin script most often use, most used first. */
const NAME_LANGUAGES = ['en', 'fr', 'de', 'es', 'pt', 'it', 'nl', 'sv', 'pl', 'ar'];
/** Region codes that are no country (the EU, the UN, "unknown region") or retired ones (CLDR's
 *  aliases: "VD" reads "Vietnam", "UK" "United Kingdom"): the current code names each country. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'AN', 'BU', 'CS', 'CT', 'DD', 'DY', 'FQ', 'FX', 'HV', 'JT', 'MI', 'NH', 'NQ', 'NT', 'PC', 'PU', 'PZ', 'QU', 'RH', 'SU', 'TP', 'UK', 'VD', 'WK', 'YD', 'YU', 'ZR']);
const countryNames: Map<string, string>[] = [];
/**
 * A country by its name in one of those languages, from the runtime's own data (Intl.DisplayNames),
 * so a country the short table above lacks ("Morocco", "Líbano") is the country, not read as a
 * state. US state names are left out ("Georgia" ends US addresses). One language's names are
 * built at a time, the next only when a name is not found (each costs a few milliseconds).
 */
function countryByName(key: string): string | undefined {
  if (typeof Intl === 'undefined' || !('DisplayNames' in Intl)) return undefined;
  for (let i = 0; i < NAME_LANGUAGES.length; i++) {
    countryNames[i] ??= namesIn(NAME_LANGUAGES[i]);
    const code = countryNames[i].get(key);
    if (code) return code;
  }
  return undefined;
}
function namesIn(lang: string): Map<string, string> {
  const out = new Map<string, string>();
  const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) {
    const code = String.fromCharCode(a, b);
    const name = NOT_COUNTRIES.has(code) ? undefined : names.of(code)?.toLowerCase().replace(/\./g, '');
    if (name && name !== code.toLowerCase() && !US_STATE_NAMES.has(name) && !out.has(name)) out.set(name, code);
  }
  return out;
}

type Found = { postalCode: string; city?: string; state?: string; country?: string };
/** One postal format: reads a line that holds postal code (and city/state) in that country's order. */
type Format = { countries: string[]; read: (line: string) => Found | null };

const FORMATS: Format[] = [
  { // "Mountain View, CA 94043" / "Mountain View CA 94043-1351" / "CA 94043"
    countries: ['US'],
    read: (l) => {
      const m = l.match(/^(.*?)\.?\s+(\d{5}(?:-\d{4})?)$/);
      const state = m && usStateAtEnd(m[1]);
      if (!m || !state) return null;
      const city = m[1].slice(0, m[1].length - state.length).replace(/[\s,]+$/, '').trim();
      return { postalCode: m[2], state, city: city || undefined, country: 'US' };
    },
  },
  { // "Toronto, ON M5V 2T6"
    countries: ['CA'],
    read: (l) => {
      const m = l.match(/^(?:(.*?)[\s,]+)?([A-Z]{2})\s+([A-Z]\d[A-Z]\s?\d[A-Z]\d)$/i);
      if (!m || !CA_PROVINCES.has(m[2].toUpperCase())) return null;
      return { postalCode: m[3].toUpperCase(), state: m[2].toUpperCase(), city: m[1]?.trim() || undefined, country: 'CA' };
    },
  },
  { // "Sydney NSW 2000"
    countries: ['AU'],
    read: (l) => {
      const m = l.match(/^(?:(.*?)[\s,]+)?([A-Z]{2,3})\s+(\d{4})$/);
      if (!m || !AU_STATES.has(m[2])) return null;
      return { postalCode: m[3], state: m[2], city: m[1]?.trim() || undefined, country: 'AU' };
    },
  },
  { // "London SW1A 1AA", "SW1A 1AA", "SW1A 1AA London"
    countries: ['GB'],
    read: (l) => {
      const pc = /([A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})/i;
      const m = l.match(new RegExp(`^(?:(.*?)[\\s,]+)?${pc.source}(?:[\\s,]+(.*))?$`, 'i'));
      if (!m || !/\d[A-Z]{2}$/i.test(m[2]) || /^\d/.test(m[2])) return null;
      const city = (m[1] || m[3])?.trim();
      return { postalCode: m[2].toUpperCase(), city: city || undefined, country: 'GB' };
    },
  },
  { // "1012 AB Amsterdam"
    countries: ['NL'],
    read: (l) => {
      const m = l.match(/^(?:NL-)?(\d{4}\s?[A-Z]{2})\s+(.+)$/);
      return m ? { postalCode: m[1], city: m[2].trim(), country: 'NL' } : null;
    },
  },
  { // "00-950 Warszawa"
    countries: ['PL'],
    read: (l) => {
      const m = l.match(/^(\d{2}-\d{3})\s+(.+)$/);
      return m ? { postalCode: m[1], city: m[2].trim(), country: 'PL' } : null;
    },
  },
  { // "111 22 Praha", "811 01 Bratislava", "114 55 Stockholm"
    countries: ['CZ', 'SK', 'SE', 'GR'],
    read: (l) => {
      const m = l.match(/^(?:[A-Z]{1,2}-)?(\d{3}\s\d{2})\s+(.+)$/);
      return m ? { postalCode: m[1], city: m[2].trim() } : null;
    },
  },
  { // "10115 Berlin", "D-10115 Berlin", "75001 Paris", "8001 Zürich", "1010 Wien", "28013 Madrid"
    countries: ['DE', 'FR', 'ES', 'IT', 'AT', 'CH', 'BE', 'LU', 'DK', 'NO', 'FI', 'PT', 'BR', 'MX'],
    read: (l) => {
      const m = l.match(/^(?:([A-Z]{1,2})-)?(\d{4,5}(?:-\d{3})?)\s+(\p{L}.*)$/u);
      return m ? { postalCode: m[2], city: m[3].trim(), ...(m[1] && countryCode(m[1]) ? { country: countryCode(m[1]) } : {}) } : null;
    },
  },
  { // "Tokyo 100-0005", "〒100-0005", "〒100-0005 Tokyo": Japan's three and four digits
    countries: ['JP'],
    read: (l) => {
      const m = l.match(/^(?:(\p{L}[\p{L} .'-]*?)\s+)?(〒\s?)?(\d{3}-\d{4})(?:\s+(\p{L}.*))?$/u);
      if (!m || (!m[2] && !m[1])) return null;
      const city = (m[1] || m[4])?.trim();
      return { postalCode: m[3], ...(city && { city }), country: 'JP' };
    },
  },
  { // "01310-200", "CEP 01310-200": Brazil's CEP alone in its segment (the city is the segment before)
    countries: ['BR'],
    read: (l) => {
      const m = l.match(/^(?:CEP:?\s*)?(\d{5}-\d{3})$/i);
      return m ? { postalCode: m[1], country: 'BR' } : null;
    },
  },
  { // "Paris 75001", "Berlin 10115", "Lisboa 1100-053": city, then a bare postal code
    countries: [],
    read: (l) => {
      const m = l.match(/^(\p{L}[\p{L} .'-]*?)\s+(\d{4,6}|\d{4}-\d{3})$/u);
      return m ? { postalCode: m[2], city: m[1].trim() } : null;
    },
  },
];

/** Splits an address into segments: lines of a block, else the commas of one line. A block's
 *  first line (the street: "Vesterbrogade 12, 2. sal") stays whole; the lines under it are split
 *  at their commas ("Victoria Island, Lagos 101241": a district, then the city and its code).
 *  A tab or a run of two spaces parts lines as a line break does: Mailchimp's "Address" cell joins
 *  street, city, state, postal code and country so ("Nørregade 14  København K  1165  DK"). */
function segmentsOf(text: string): string[] {
  const lines = text.split(/\r?\n|\s*;\s*|[ ]*\t\s*| {2,}/).map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
  // Arabic writes its comma "،" ("ص.ب. 12345، دبي، الإمارات العربية المتحدة").
  if (lines.length > 1) return lines.flatMap((l, i) => (i > 0 || lines.length < 3 ? l.split(/\s*[,،]\s*/) : [l])).filter(Boolean);
  return (lines[0] ?? '').split(/\s*[,،]\s*/).filter(Boolean);
}

/** A street's name, by the word that ends it ("Market Street", "Elm Rd.") or starts it ("Via Roma",
 *  "Rue Cler"): no city is called that ("St. Gallen" and "St Albans" are). */
const namesStreet = (s: string) =>
  /(?<![\p{L}'’])(?:street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|terrace|parkway|pkwy|highway|hwy)\.?$/iu.test(s) ||
  /^(?:rue|via|viale|calle|avenida|ulica|ul\.|rua|corso|carrer|paseo)\s/i.test(s);

/** Tries the formats, the given country's first. */
function readPostal(seg: string, country?: string): Found | null {
  const ordered = country ? [...FORMATS.filter((f) => f.countries.includes(country)), ...FORMATS.filter((f) => !f.countries.includes(country))] : FORMATS;
  for (const f of ordered) {
    const r = f.read(seg);
    // "1200 Market Street" is a house number and its street, not a postal code and a city.
    if (r && !(r.city && namesStreet(r.city))) return r;
  }
  return null;
}

/** A postal code with nothing else in its segment: "1165", "10115", "114 55", "1100-053", "M5V 2T6". */
const BARE_CODE = /^(?:\d{4,6}|\d{3} \d{2}|\d{4,5}-\d{3,4}|[A-Z]\d[A-Z] ?\d[A-Z]\d)$/i;

const looksLikeStreet = (s: string) => /\d/.test(s) || /\b(?:st|street|rd|road|ave|avenue|blvd|lane|ln|dr|drive|way|straße|strasse|str|weg|platz|allee|gasse|rue|avenue|calle|via|viale|piazza|plaza|laan|straat|gracht|plein|ulica|ul|suite|floor|po box|p\.o\. box|postfach)\b\.?/i.test(s);

/**
 * Parts of an address from one line or a block. `country` (ISO code) says which format to try
 * first when the text does not name its country.
 */
export function parseAddress(text: string, opts: { country?: string } = {}): AddressParts {
  // Japan writes largest first ("〒100-0005 東京都千代田区丸の内1-1-1"): its own reading (address-shapes.ts).
  const japanese = readJapanese(text.slice(0, 1000)) ?? readRussian(text.slice(0, 1000));
  if (japanese) return clean(japanese);
  const segs = segmentsOf(text.slice(0, 1000));
  if (!segs.length) return {};
  const out: AddressParts = {};
  // Country: the last segment when it names one ("USA", "Deutschland"), or its last words.
  const last = segs[segs.length - 1];
  if (segs.length > 1 && countryCode(last) && !(US_STATES.has(last) && segs.length > 1 && !/\d/.test(segs[segs.length - 2] ?? ''))) {
    out.country = segs.pop()!;
  }
  let country = countryCode(out.country) ?? opts.country?.toUpperCase();
  // Turkey's district over its province ends the address ("34710 Kadıköy/İstanbul", "Şişli/İstanbul").
  const turkish = splitDistrictProvince(segs[segs.length - 1]);
  if (turkish) {
    segs.pop();
    const code = !turkish.postalCode && /^\d{5}$/.test(segs[segs.length - 1] ?? '') ? segs.pop() : turkish.postalCode;
    return clean({ ...turkish, street: [...segs, turkish.street].filter(Boolean).join(', '), postalCode: code, country: out.country });
  }
  const districtFirst = districtThenProvince(segs);
  if (districtFirst) return clean({ ...districtFirst, country: out.country });
  // Postal code and city: the last segment a format reads, searched from the end.
  let at = -1;
  for (let i = segs.length - 1; i >= 0 && at < 0; i--) {
    if (i === 0 && segs.length > 1) break; // the first segment is the street when there are others
    let found = readPostal(segs[i], country);
    // A postal code alone in its segment is read with its neighbour: the city after it ("10115",
    // "Berlin") or the city or state before it ("København K", "1165"; "GA", "30303").
    if (!found && BARE_CODE.test(segs[i])) {
      for (const j of [i + 1, i - 1]) {
        if (j < 1 || j >= segs.length) continue;
        const joined = j > i ? `${segs[i]} ${segs[j]}` : `${segs[j]} ${segs[i]}`;
        found = readPostal(joined, country);
        if (found) { segs.splice(Math.min(i, j), 2, joined); i = Math.min(i, j); break; }
      }
    }
    if (!found || (i === 0 && looksLikeStreet(segs[i].replace(found.postalCode, '')) && !found.city)) continue;
    at = i;
    out.postalCode = found.postalCode;
    if (found.state) out.state = found.state;
    if (found.country && !out.country) country = found.country;
    if (found.city) out.city = found.city;
    else if (i > 0 && !looksLikeStreet(segs[i - 1])) { out.city = segs[i - 1]; at = i - 1; segs.splice(i, 1); }
  }
  // Italy writes the province's code after the city: "Milano (MI)", "10121 Torino TO" ("Frankfurt
  // (Oder)" is a city's name; a country's code there is the country's).
  const province = out.city?.match(/^(.+?)\s*\(([A-Z]{2})\)$/) ?? (/^\d{5}$/.test(out.postalCode ?? '') ? out.city?.match(/^(.+?)\s+([A-Z]{2})$/) : null);
  if (province && countryCode(province[2])) { out.country ??= province[2]; out.city = province[1]; }
  else if (province && !out.state) { out.city = province[1]; out.state = province[2]; }
  // Brazil writes the state after the city: "São Paulo - SP", "Rio de Janeiro/RJ".
  const cityState = country === 'BR' || /^\d{5}-\d{3}$/.test(out.postalCode ?? '') ? out.city?.match(/^(.+?)\s*(?:[-–\/])\s*([A-Z]{2})$/) : null;
  if (cityState && !out.state) { out.city = cityState[1]; out.state = cityState[2]; }
  if (at >= 0) {
    // Anything after the postal line that is not a country (a state "CA", a region) is the state.
    const after = segs.slice(at + 1);
    // …unless it is a country's code after a postal line no US format read ("10115 Berlin, DE").
    if (after.length === 1 && !out.country && !out.state && country !== 'US' && countryCode(after[0])) out.country = after.pop();
    if (after.length && !out.state) out.state = after.join(', ');
    const before = segs.slice(0, at);
    if (before.length) out.street = before.join(', ');
    return clean(out);
  }
  // No postal code: "street, city[, state]".
  if (segs.length >= 2 && (US_STATES.has(segs[segs.length - 1]) || CA_PROVINCES.has(segs[segs.length - 1]) || US_STATE_NAMES.has(segs[segs.length - 1].toLowerCase()))) {
    out.state = segs.pop()!;
  }
  if (segs.length === 1) {
    if (looksLikeStreet(segs[0])) out.street = segs[0];
    else out.city = segs[0];
  } else {
    out.city = segs.pop()!;
    out.street = segs.join(', ');
  }
  return clean(out);
}

function clean(a: AddressParts): AddressParts {
  const out: AddressParts = {};
  for (const k of ['street', 'city', 'state', 'postalCode', 'country'] as const) {
    const v = a[k]?.replace(/^[\s,]+|[\s,]+$/g, '');
    if (v) out[k] = v;
  }
  return out;
}

/**
 * Parts from what another system gave: when only Street is filled and it holds a whole address
 * (a postal code, several lines or commas), it is split; otherwise the parts are kept as given.
 */
export function normalizeAddress(a: AddressParts, opts: { country?: string } = {}): AddressParts {
  const given = clean(a);
  const others = given.city || given.postalCode || given.state;
  // A street over lines beside its other parts ("Unit 4, Block B" / "Sandyford Business Park") is one line.
  if (given.street && others) given.street = given.street.split(/\s*[\r\n]+\s*/).filter(Boolean).join(', ');
  // A Japanese or Turkish street field holding its city and region ("東京都千代田区丸の内1-1-1" beside
  // its postal code; "Moda Cad. No: 12 Kadıköy/İstanbul"): they go to their fields.
  const shaped = given.street && !given.city && !given.state ? readJapanese(given.street) ?? splitDistrictProvince(given.street) : null;
  if (shaped?.city) return clean({ ...shaped, postalCode: given.postalCode ?? shaped.postalCode, country: given.country ?? shaped.country });
  if (!given.street || others) return given;
  const parsed = parseAddress(given.street, { country: countryCode(given.country) ?? opts.country });
  return parsed.city || parsed.postalCode ? clean({ ...parsed, country: given.country ?? parsed.country }) : given;
}

/** Lines of an address as a letter shows it (US-style order when the country is not known). */
export function formatAddress(a: AddressParts): string {
  const cityLine = a.state
    ? [a.city, [a.state, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ')
    : [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.street, cityLine, a.country].filter(Boolean).join(', ');
}
