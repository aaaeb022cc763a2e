import type { Candidate, ContactType, ExtractOptions, Provenance } from './candidate.ts';
import { properCaseTitle } from './case.ts';
import { parse as parseDomain } from 'tldts';
import { countryCode, parseAddress } from '../domain/identity/addresses.ts';
import { isShapedAddressLine, readDistrictProvince } from '../domain/identity/address-shapes.ts';
import { companyDomainOfEmail } from '../domain/identity/emails.ts';
import { isEastAsianName, nameSimilarity, SIMILAR_NAME } from '../domain/identity/names.ts';
import { addEmail, addPhone, addUrl, emptyCandidate, finish, setAddress, setName, setText } from './draft.ts';
import { footerCompany, isFooterLine } from './footer.ts';
import { isSiteHeading, looksLikeName, nameKey, namesNoOne, parseName, type NameParts } from './name.ts';
import { hasLegalForm, looksLikeOrganization, namesCompany, namesDepartment } from './org-words.ts';
import { ADDRESS_LABEL, isProse, isTitleLine, signOff } from './signature.ts';

// "40 East Broadway", "1717 H Street NW": a number, then a street word (US and UK order).
const STREET = /^\s*\d+[\w-]*\s+.*\b(street|st\.?|ave\.?|avenue|road|rd\.?|blvd\.?|boulevard|drive|dr\.?|lane|ln\.?|way|suite|floor|broadway|plaza|place|pl\.?|court|ct\.?|nw|ne|sw|se)\b/i;
// "Industriestraße 12", "Via Roma 5", "12 rue de la Paix", "Keizersgracht 123": a street word, then or after a number;
// "Corso Vittorio Emanuele II, 45", "Calle Mayor, 5": the number after a comma at the end (in Brazil
// the neighbourhood after it: "Rua Coronel Pedro Alves, 210 - Centro", "Av. Paulista, 1000 - Bela Vista").
const STREET_EU = /(\p{L}(straße|strasse|str\.|weg|platz|gasse|allee|ring|damm|ufer|gracht|straat|laan|vej|gatan|gade|vägen|väg|gränd|torget|gata|gate|veien|vei|plass)|\b(rue|avenue|av\.|boulevard|bd|via|viale|piazza|corso|calle|avenida|carrer|plaza|paseo|rua|ulica|ul\.))\s*\.?\s+\d+|\b\d+\s*,?\s+(rue|avenue|bd|boulevard|chemin|place|allée)\b|^\s*(via|viale|corso|piazza|piazzale|largo|calle|avenida|avda\.|av\.|paseo|plaza|carrer|rua|travessa|alameda|rodovia)\s.*,\s*\d+\w?(?:\s*[-–]\s*\p{L}[\p{L} .'-]*)?\s*$/iu;
// "Butte, MT 59701", "70565 Stuttgart", "75002 Paris", "SW1A 1AA London", "1012 AB Amsterdam".
// "Chiyoda-ku, Tokyo 100-0005", "〒100-0005": Japan's postal code after its city, or marked;
// "80-827 Gdańsk": Poland's before it; "110 00 Praha 1", "811 01 Bratislava": Czechia's and Slovakia's. "São Paulo - SP, 01310-200", "01310-200 São Paulo": Brazil's CEP.
const CITY_LINE = /^\s*([\p{L} .'-]+?),?\s+([A-Z]{2})\.?\s+(\d{5}(?:-\d{4})?)\s*$|^\s*(?:[A-Z]{1,2}-)?\d{4,5}\s+\p{Lu}[\p{L} .'-]+$|^\s*\d{4}\s?[A-Z]{2}\s+\p{Lu}|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|,\s*\p{Lu}[\p{L}-]+\s+\d{3}-\d{4}\s*$|〒\s?\d{3}-\d{4}|(?:^|,)\s*\d{2}-\d{3}\s+\p{Lu}\p{L}|(?:^|,)\s*\d{3} \d{2}\s+\p{Lu}\p{L}|,\s*(?:CEP:?\s*)?\d{5}-\d{3}\s*$|(?:^|,)\s*\d{5}-\d{3}\s+\p{Lu}\p{L}/u;

/** A line of a postal address: a street, or a postal code with its city. `streetOnly` asks
 *  whether it is a street line with no city on it (then the next line may hold the city). */
function isAddressLine(line: string, streetOnly = false): boolean {
  // A part that names a street ("1200 Market Street", "Suite 400") is no postal code with its
  // city, whatever its number: "Suite 400, 1200 Market Street" is a street line, its city under it.
  const parts = line.split(/\s*,\s*/);
  const streetPart = (p: string) => STREET.test(p) || SUITE.test(p);
  const street = parts.some(streetPart) || STREET_EU.test(line) || STREET_TR.test(line) || STREET_ID.test(line) || streetCityCountry(line);
  const rest = parts.filter((p) => !streetPart(p)).join(', ');
  const city = CITY_LINE.test(rest) || /,\s*\d{4,5}\s+\p{Lu}/u.test(`,${rest}`) || /,\s*[A-Z]{2}\s+\d{5}\b/.test(rest);
  if (!streetOnly && isShapedAddressLine(line)) return true; // "〒108-0075 東京都港区港南2-16-3", "… 34394 Şişli/İstanbul"
  return streetOnly ? street && !city && !isShapedAddressLine(line) : street || city;
}
// "Caferağa Mah. Moda Cad. No: 12", "Bağdat Cd. No:45/3": a Turkish neighbourhood, avenue or street, then its number.
const STREET_TR = /(?:^|\s)(?:mah|mh|mahallesi|cad|cd|caddesi|sok|sk|sokak|sokağı|bulvarı|blv|bulv)\.?\s.*?\bno\s*[:.]?\s*\d+/iu;
// "Jl. Jend. Sudirman Kav. 52-53", "Jalan Ampang 12": an Indonesian or Malaysian street (jalan), its name after it.
const STREET_ID = /^(?:jl|jln|jalan)\.?\s+\p{Lu}/iu;
/** "Suite 1500", "Floor 3", "Unit 4B": the part of a street line that says where in the building. */
const SUITE = /^(?:suite|ste\.?|floor|fl\.?|unit|level|room|rm\.?|building|bldg\.?)\s+#?\w{1,6}$/i;

/** "Cra. 7 # 71-21, Bogotá, Colombia": numbered first part, a city, then a country by name — an
 *  address in any street convention (Colombia's carreras, Latin America's "#"). */
function streetCityCountry(line: string): boolean {
  const parts = line.split(/\s*[,،]\s*/);
  return parts.length >= 3 && parts.length <= 5 && /\d/.test(parts[0]) && !!countryCode(parts[parts.length - 1]) && !/@|https?:|\+\d/.test(line);
}

const country = (opts: ExtractOptions) => opts.defaultCountry?.toUpperCase();
const PHONE_RUN = /(?:\+?\(?\d[\d\s().\/-]{6,}\d)/g;
// What may follow a number on its line as its extension.
// "(ext. 204)", "- int. 23" (Italian "interno"), "转8012" and "内線 204" too.
const EXTENSION_AFTER = /^\s*[,(–-]?\s*(?:ext(?:ension)?\.?|доб\.?|x|#|durchwahl|dw\.?|app\.?|poste|interno|int\.?|anexo|toestel|wewn?\.?|分机|分機|转|轉|内線|內線|내선)\s*[:.]?\s*-?\s*(\d{1,8})\b\)?/i;
// A label is a word of its own: the "o" ending "Tokyo" is no "o(ffice)".
// "Cel." (celular), "Port." (portable), "Móv." are the abbreviations Portuguese, Spanish and French signatures use;
// "o: … | c: …" (office, cell) the American one.
const LABEL = /(?<!\p{L})(هاتف|تلفون|الهاتف|جوال|الجوال|موبايل|محمول|خلوي|فاكس|الفاكس|моб|сот|факс|тел|раб|telp|tlp|hp|wa|whatsapp|手机|手機|携帯|携帯電話|传真|傳真|电话|電話|휴대폰|휴대전화|핸드폰|팩스|전화|telem[óo]vel|telm|tlm|cep|dđ|di động|đt|điện thoại|v[äa]xel|sentral|vaihde|mobile|mobil|mobiel|handy|cell|cel|mob|kom|komórka|portable|port|móvil|movil|móv|mov|celular|cellulare|gsm|m|c|home|h|fax|telefax|f|t[ée]l|t[ée]l[ée]?phone|telefon|tel[ée]fono|telefoon|phone|ph|t|office|work|direct|direkte|direkt|main|switchboard|zentrale|centralino|durchwahl|w|o|p)[\s.:：]*$/iu;
// Layout separators between the parts of one line: "Name | Company", "Title · Company".
const LAYOUT_SEPARATOR = /\s*[|•·]\s*/;
// A spaced dash separates parts too, but only around a name or a company ("Title - Department" stays whole).
const DASH_SEPARATOR = /\s+[–—-]\s+/;

/**
 * Reads a signature's lines into the sender's candidate: phones (typed by "Fax:", "cell" …,
 * extensions kept), emails, websites, a "Title, Company" pair, a US-style address; the first
 * name-like line names the sender when the header did not (or spelled it "Last, First").
 * A line's parts separated by "|", "·", "•" (or a spaced dash around a name or company) are
 * read one by one; a company line on top (a business card) is the company, not the name;
 * legal-footer lines are left out, their company used only when the block names none.
 * Returns the other people of a shared signature, each with the contacts under their name.
 */
export function applySignature(c: Candidate, lines: string[], p: Provenance, opts: ExtractOptions = {}, legalFooter: string[] = []): Candidate[] {
  const text: string[] = [];
  const footer = [...legalFooter];
  const read = columns(lines.map(withoutPlaceholders));
  // A shared signature ("Julie Kearney / 464-7404 / Grace Rodriguez / 464-8321"): the sender's
  // name then only contacts, then another name with contacts of its own. That second name and
  // the contact lines right under it are another person (not the sender's company, not the
  // sender's number); what follows them is the block's again (a shared company or address).
  let sender: 'unseen' | 'name' | 'contacts' | 'more' = 'unseen';
  let senderKey = nameKey(c.name);
  const cosigners: Candidate[] = [];
  let cosigner: Candidate | null = null;
  for (let i = 0; i < read.length; i++) {
    const trimmed = read[i].trim();
    if (!trimmed) continue;
    if (cosigner && contactLine(trimmed)) {
      contactsIn(cosigner, trimmed, p, opts);
      continue;
    }
    cosigner = null;
    if (sender === 'contacts' && anotherPerson(senderKey, trimmed, read.slice(i + 1).find((l) => l.trim()))) {
      cosigner = emptyCandidate('person');
      setName(cosigner, trimmed, p);
      cosigners.push(cosigner);
      continue;
    }
    const contactOnly = !!contactLine(trimmed);
    // The sender's name line: the header's name, or (pasted text, no header) the first person's name.
    const key = nameKey(parseName(trimmed) ?? undefined);
    if (sender === 'unseen' && (c.name ? key === senderKey : personLine(trimmed))) [sender, senderKey] = ['name', key];
    else if (sender !== 'unseen') sender = contactOnly && sender !== 'more' ? 'contacts' : 'more';
    if (signOff(trimmed) || /^(--|-{2,}|_{2,})$/.test(trimmed) || /^sent (from|via|with)/i.test(trimmed)) continue;
    if (isFooterLine(trimmed)) {
      footer.push(trimmed);
      continue;
    }
    const rest = contactsIn(c, trimmed, p, opts);
    if (rest) text.push(...layoutParts(c, rest));
  }
  readLines(c, text, p, opts);
  const company = footerCompany(footer);
  if (!c.companyName && company) setText(c, 'companyName', company, { ...p, confidence: p.confidence - 0.2 });
  // The block's company is the desk's, so theirs too (less sure than the sender's own).
  for (const other of cosigners) if (c.companyName) setText(other, 'companyName', c.companyName.value, { ...p, confidence: p.confidence - 0.2 });
  return cosigners.map(finish).filter((x): x is Candidate => !!x);
}

/** A line of only a phone number or an email address (and a label): "503) 464-7404", "T: +1 …". */
const contactLine = (line: string) => /^[\p{L}.:]{0,12}\s*(?:\+?\(?\d[\d\s().\/-]{6,}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\s*(?:\([\p{L}]+\))?$/u.test(line);

/** A two- or three-word person's name line: not a company, title, department or heading. */
function personLine(line: string): boolean {
  const words = line.split(/\s+/).length;
  return words >= 2 && words <= 3 && looksLikeName(line) && !looksLikeOrganization(line) && !namesCompany(line) && !isTitleLine(line)
    && !namesDepartment(line) && !isSiteHeading(line);
}

/** Another person's name line in the sender's signature (whose name has `senderKey`), with a
 *  phone or an email of its own next. */
function anotherPerson(senderKey: string, line: string, next: string | undefined): boolean {
  if (!next || !contactLine(next.trim())) return false;
  return personLine(line) && nameKey(parseName(line) ?? undefined) !== senderKey;
}

/**
 * What mail clients leave of an inline picture in the plain text: Outlook's "[cid:image001.png@…]"
 * (whose "@" would read as an email), Gmail's "[image: Acme logo]", and a logo's file-like
 * alt text alone on its line ("AM_LOGO_CLR"). None is the sender's text.
 */
function withoutPlaceholders(line: string): string {
  const rest = line.replace(/\[(?:cid:[^\]]*|image:[^\]]*|image\d*\.(?:png|jpe?g|gif|bmp))\]|<?\bcid:\S+>?/gi, ' ');
  return /^\s*[\w-]*_[\w-]*\s*$/.test(rest) && !/\s/.test(rest.trim()) ? '' : rest;
}

// Between the columns of a plain-text layout: tabs, or three spaces or more, but not after a
// label's colon ("Fax:      406-497-2054" is one cell).
const COLUMN_GAP = /(?<=[^\s:])(?:\t+|\s{3,})(?=\S)/;

/**
 * A signature laid out in columns ("Enron North America\t\t503.464.5066" over "121 SW Salmon
 * Street\t\t503.701.1160 (cell)"): read each column top to bottom, the left one first, so a
 * street is followed by its city and not by the next row's phone. One line with a gap is just
 * its cells in order.
 */
function columns(lines: string[]): string[] {
  const cells = lines.map((l) => l.trim().split(COLUMN_GAP).map((x) => x.trim()).filter(Boolean));
  if (cells.filter((c) => c.length > 1).length < 2) return cells.flat();
  const out: string[] = [];
  const widest = Math.max(...cells.map((c) => c.length));
  for (let k = 0; k < widest; k++) for (const row of cells) if (row[k]) out.push(row[k]);
  return out;
}

/**
 * "Bert Meyers" under a From header that said only "Meyers" (or "Bert"): the signature spells
 * out the same person. The header's one name word must be a word of the line.
 */
function fullerName(current: NameParts | undefined, line: string): boolean {
  if (!current || !looksLikeName(line)) return false;
  const had = current.full.toLowerCase().split(/\s+/).filter(Boolean);
  const now = line.toLowerCase().split(/[\s,]+/).filter(Boolean);
  return had.length === 1 && now.length >= 2 && now.length <= 4 && now.includes(had[0]);
}

/**
 * "Bert" signing under a From header that said only "Meyers" (or "Williams III"): Exchange and
 * Notes directories show a person by the family name alone, and the one word signed is the
 * given name, so the person is "Bert Meyers". Only when the two words differ (not "Chris" under
 * "Christopher") and the address, when there is one, spells them together ("bmeyers@",
 * "bert.meyers@", "meyersb@"): "Bob" under "Robert" <robert@…> stays Robert, and a company's
 * one word ("Enron") is no given name.
 */
function givenUnderSurname(c: Candidate, line: string): string | null {
  const name = c.name;
  const signed = line.trim();
  if (!name || !HEADER_SOURCES.includes(name.source) || !/^\p{Lu}\p{Ll}+$/u.test(signed) || !looksLikeName(signed) || namesNoOne(signed)) return null;
  // The name's words without a prefix or a generation ("III"), by the one name rule.
  const had = [name.first, name.middle, name.last].filter((w): w is string => !!w).flatMap((w) => w.split(/\s+/));
  if (had.length !== 1) return null;
  const [w, s] = [had[0].toLowerCase(), signed.toLowerCase()];
  if (w.startsWith(s) || s.startsWith(w)) return null;
  const address = c.emails.find((e) => HEADER_SOURCES.includes(e.source))?.value;
  if (address) {
    const pieces = address.split('@')[0].toLowerCase().split(/[._-]+/);
    const together = (pieces.includes(w) && pieces.includes(s)) || [s + w, s[0] + w, w + s, w + s[0]].includes(pieces.join(''));
    if (!together) return null;
  }
  return `${signed} ${name.full}`;
}
const HEADER_SOURCES: readonly string[] = ['email-header', 'webmail'];

/** "Kim" signing under "Kim S. Theriot" (read from the address): a short form of the same name, not a better one. */
function shortFormOf(current: NameParts, line: string): boolean {
  const had = current.full.toLowerCase().split(/[\s.,]+/).filter(Boolean);
  return line.toLowerCase().split(/[\s.,]+/).filter(Boolean).every((w) => had.includes(w));
}

/**
 * "Product Manager, LusoTech" from ana@lusotech.example: the part after the title names the
 * sender's own company when its first word is the work email's domain name.
 */
function namesOwnCompany(c: Candidate, part: string): boolean {
  const first = part.trim().split(/\s+/)[0]?.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '') ?? '';
  const compact = part.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  return c.emails.some((e) => {
    const label = (companyDomainOfEmail(e.value) ?? '').split('.').slice(-2, -1)[0]?.replace(/-/g, '') ?? '';
    // "Baker & Co. Landscaping" from tom@bakerco.example: the part starts with the domain's name.
    return label.length >= 3 && (first === label || compact === label || (label.length >= 5 && compact.startsWith(label)));
  });
}

/**
 * Whether the part after a title ("Manager - Rate Systems", "Vice President, Enron North
 * America", "CTO, Acme Inc.") is a company rather than the rest of the title (a unit, an area).
 * A legal form or the work address's domain name says company. Without them, a company word
 * ("Systems", "Group") or a regional arm ("Enron North America": a name, then a region) says so
 * only when no work address does otherwise: from a company's address, an unnamed part is a unit
 * of that company ("Rate Systems" at williams.com).
 */
function companyAfterTitle(c: Candidate, part: string): boolean {
  if (hasLegalForm(part) || namesOwnCompany(c, part)) return true;
  if (c.emails.some((e) => companyDomainOfEmail(e.value))) return false;
  return namesCompany(part) || regionalArm(part);
}

/** "Enron North America", "Acme Europe", "Siemens USA": capitalised words, then a region; the
 *  region alone ("North America", "EMEA") is an area of a title, not a company. */
function regionalArm(part: string): boolean {
  const m = part.trim().match(REGION_TAIL);
  if (!m) return false;
  const head = part.trim().slice(0, m.index).trim().split(/\s+/).filter(Boolean);
  return head.length >= 1 && head.length <= 3 && head.every((w) => /^\p{Lu}/u.test(w)) && !head.every((w) => COMPASS.test(w))
    && !namesDepartment(head.join(' ')) && !isTitleLine(head.join(' '));
}
const COMPASS = /^(?:north(?:ern)?|south(?:ern)?|east(?:ern)?|west(?:ern)?|central|latin|greater)$/i;
const REGION_TAIL = /\s(?:North America|South America|Latin America|America|Americas|Europe|Asia(?: Pacific)?|Pacific|EMEA|APAC|Africa|Middle East|USA|U\.S\.A?\.?|UK|Canada|Australia|International)$/;

function readLines(c: Candidate, text: string[], p: Provenance, opts: ExtractOptions): void {
  let nameSeen = false;
  /** A company guessed without a legal form (a heading, "Acme Group"): a later "… Inc." line beats it. */
  let guess: { line: string; heading: boolean } | null = null;
  for (let i = 0; i < text.length; i++) {
    const line = text[i];
    // A sentence (a pasted paragraph, "Call Jane Doe, our sales manager, on …") is no field's value.
    if (isProse(line)) continue;
    // "김민준 과장", "张伟 销售总监": the sender's name and their title on one line.
    const titled = c.name && !c.title && line.startsWith(`${c.name.full} `) ? line.slice(c.name.full.length).trim() : '';
    if (titled && isTitleLine(titled) && !namesDepartment(titled)) {
      setText(c, 'title', properCaseTitle(titled), p);
      nameSeen = true;
      continue;
    }
    const org = looksLikeOrganization(line);
    const joined = nameSeen ? null : givenUnderSurname(c, line);
    if (joined) {
      const had = c.name!;
      c.name = undefined; // the header's word and the signed one together, at the header's confidence
      setName(c, joined, { source: had.source, confidence: had.confidence });
      c.name ??= had;
      nameSeen = true;
      continue;
    }
    // The sender's name, or its fuller spelling ("Samantha Lee" under "Sam Lee": the identity
    // rule's similar names), is the name line, not a company.
    const sameAsName = !!c.name && (nameKey(parseName(line) ?? undefined) === nameKey(c.name) || (looksLikeName(line) && nameSimilarity(line, c.name.full) >= SIMILAR_NAME));
    if ((!nameSeen && !org && looksLikeName(line) && !namesNoOne(line)) || sameAsName) {
      // "Sarah" over "Sarah O'Connell": the fuller spelling of the same person names them.
      const fuller = (sameAsName && line.length > c.name!.full.length && looksLikeName(line)) || (!nameSeen && fullerName(c.name, line));
      if (!c.name || ((c.name.confidence < p.confidence && !shortFormOf(c.name, line)) || fuller)) {
        const confidence = Math.max(p.confidence, c.name?.confidence ?? 0);
        const had = c.name;
        c.name = undefined; // replaced by the fuller spelling at the header's confidence
        setName(c, line, { ...p, confidence });
        c.name ??= had;
      }
      nameSeen = true;
      continue;
    }
    // "Address: …", "Adresse : …", "地址：…", "住所：…": the label says what the line is.
    const labelled = line.match(ADDRESS_LABEL);
    if (labelled && labelled[1].trim()) {
      const a = parseAddress(labelled[1], { country: country(opts) });
      setAddress(c, { street: a.street, city: a.city, region: a.state, postalCode: a.postalCode, country: a.country }, p);
      continue;
    }
    if (isAddressLine(line)) {
      // "40 East Broadway / Butte, MT 59701", "Industriestraße 12, 70565 Stuttgart": one line or
      // two, read by identity's address rule (per country where the format is known).
      // A street over two lines ("Acme Tower, 5th Floor / 200 Main Street / Boston, MA 02110") takes
      // its second street line too, so the city line under it is read with them.
      const block = [line.replace(/\s*[*|•·]\s*/g, ', ')];
      // A Turkish district over its province ("Şişli/İstanbul") under a street line is its city line.
      // A Japanese postal code alone on its line ("〒530-0001") is read with the line under it.
      const joins = (l: string) => isAddressLine(l, true) || /^〒\s?\d{3}-?\d{4}$/.test(l.trim());
      while (block.length < 3 && text[i + 1] && joins(text[i]) && (isAddressLine(text[i + 1]) || readDistrictProvince(text[i + 1]))) block.push(text[++i]);
      const a = parseAddress(block.join('\n'), { country: country(opts) });
      setAddress(c, { street: a.street, city: a.city, region: a.state, postalCode: a.postalCode, country: a.country }, p);
      continue;
    }
    // "株式会社ミナト精機 営業部 課長": a Japanese, Chinese or Korean card's company, then its unit and title on one line.
    const cjk = companyThenTitle(line);
    if (cjk && !c.title && companyOpen(c, p)) {
      setText(c, 'companyName', cjk[0], p);
      setText(c, 'title', cjk[1], p);
      continue;
    }
    // "Deputy General Manager, Overseas Sales Dept.": the title, then its department (no company).
    const [head, ...unit] = line.split(/\s*,\s*/);
    if (!c.title && unit.length && isTitleLine(head) && namesDepartment(unit.join(', ')) && !namesDepartment(head)) {
      setText(c, 'title', properCaseTitle(head), p);
      continue;
    }
    if (!c.title && isTitleLine(line) && !namesDepartment(line) && !namesCompany(line.split(/\s*,\s*|\s+[–—-]\s+|\s+(?:at|@)\s+/)[0])) {
      const at = line.match(/^(.+?)\s+(?:at|@)\s+(.+)$/);
      const comma = line.match(/^(.+?)\s*[,|–—-]\s+(.+)$/);
      if (at) {
        setText(c, 'title', properCaseTitle(at[1]), p);
        setText(c, 'companyName', at[2], p);
      } else if (comma && companyAfterTitle(c, comma[2])) {
        setText(c, 'title', properCaseTitle(comma[1]), p);
        setText(c, 'companyName', comma[2], p);
      } else setText(c, 'title', properCaseTitle(line), p);
    } else if (companyOpen(c, p) && !namesDepartment(line) && !isSiteHeading(line) && (org || (nameSeen && looksLikeHeading(line)) || (!nameSeen && i === 0 && looksLikeHeading(line) && nameFollows(text, i)))) {
      setText(c, 'companyName', line, { ...p, confidence: p.confidence - 0.1 });
      if (!hasLegalForm(line)) guess = { line, heading: !namesCompany(line) && !org };
    } else if (guess && c.companyName?.value === guess.line && (guess.heading ? namesCompany(line) : hasLegalForm(line)) && line.split(/\s+/).length <= 6) {
      // "Pat / Rear Admiral, Compilers / COBOL Systems Inc.": the line with a legal form is the
      // company; a heading-like line guessed before it is more likely the title.
      c.companyName = undefined;
      setText(c, 'companyName', line, { ...p, confidence: p.confidence - 0.1 });
      if (!c.title && guess.heading) setText(c, 'title', guess.line, { ...p, confidence: p.confidence - 0.2 });
      guess = null;
    }
  }
  // A block that names no one and opens with a heading: the heading is whose block it is
  // ("Fondue for Fun and Fantasy / Open daily … / Phone: …").
  if (!c.name && !c.companyName && text.length > 1 && looksLikeHeading(text[0]) && !isTitleLine(text[0]) && !isSiteHeading(text[0])) {
    setText(c, 'companyName', text[0], { ...p, confidence: p.confidence - 0.2 });
  }
}

/** No company yet, or only a guess less sure than this block's (a team mailbox's display name). */
const companyOpen = (c: Candidate, p: Provenance) => !c.companyName || c.companyName.confidence < p.confidence - 0.1;

/** A business card's heading over a person's name line. */
const nameFollows = (text: string[], i: number) => !!text[i + 1] && looksLikeName(text[i + 1]) && !looksLikeOrganization(text[i + 1]);

/** "Name | Company", "Title · Company", "Name – Company Inc.": one line's parts, in order. */
function layoutParts(c: Candidate, line: string): string[] {
  const parts = line.split(LAYOUT_SEPARATOR).map((s) => s.trim()).filter(Boolean).flatMap(nameThenTitle);
  return parts.flatMap((part) => {
    const dashed = part.split(DASH_SEPARATOR);
    // "Pouso Alegre - MG, 37550-000": Brazil's city and state, one address line, not a name and a company.
    if (dashed.length !== 2 || isAddressLine(part)) return [part];
    const [a, b] = dashed;
    const split = (looksLikeName(a) && !looksLikeOrganization(a) && !isTitleLine(a)) || (isTitleLine(a) ? companyAfterTitle(c, b) : looksLikeOrganization(b));
    return split ? [a, b] : [part];
  });
}

/** "Jane Doe, VP of Sales at Acme": a name, a comma, then a title are two parts ("Doe, Jane" stays one). */
function nameThenTitle(part: string): string[] {
  const comma = part.indexOf(',');
  if (comma < 0 || isProse(part)) return [part];
  const [name, rest] = [part.slice(0, comma).trim(), part.slice(comma + 1).trim()];
  const twoWords = name.split(/\s+/).length >= 2;
  return twoWords && looksLikeName(name) && !looksLikeOrganization(name) && !namesNoOne(name) && isTitleLine(rest) && !looksLikeName(rest) ? [name, rest] : [part];
}

/**
 * Emails, URLs and phones on one line go into the candidate; returns what else the line says
 * (labels and separators trimmed), or '' when nothing is left worth reading.
 */
function contactsIn(c: Candidate, line: string, p: Provenance, opts: ExtractOptions): string {
  let rest = line;
  for (const m of line.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) ?? []) {
    addEmail(c, m, p);
    rest = rest.replace(m, ' ');
  }
  for (const m of rest.match(/\b(?:https?:\/\/|www\.)[^\s<>"]+/gi) ?? []) {
    addUrl(c, m.replace(/[.,;)]+$/, ''), p);
    rest = rest.replace(m, ' ');
  }
  // "brightline.io", "linkedin.com/in/sarahoc": a bare domain whose suffix is a real one.
  for (const m of rest.match(BARE_DOMAIN) ?? []) {
    const url = m.replace(/[.,;)]+$/, '');
    if (!isKnownDomain(url)) continue;
    addUrl(c, url, p);
    rest = rest.replace(m, ' ');
  }
  rest = rest.replace(/<mailto:[^>]*>/gi, ' ');
  // Labels are read around each number in the line as it was, before numbers are taken out.
  const src = rest;
  for (const m of [...src.matchAll(PHONE_RUN)]) {
    const number = numberPart(m[0]);
    const digits = number.replace(/\D/g, '');
    // A US ZIP(+4) or a Brazilian CEP ("01310-200") is a postal code: no phone is written 5-3.
    if (digits.length < 7 || /^\d{5}(-\d{4}|-\d{3})?$/.test(number.trim())) continue;
    const at = m.index + m[0].indexOf(number);
    const before = src.slice(Math.max(0, at - 14), at);
    if (postalCodeBesideCity(number, before, src.slice(at + number.length), src)) continue;
    const tail = src.slice(at + number.length);
    const ext = tail.match(EXTENSION_AFTER);
    const after = tail.slice(0, 8);
    addPhone(c, ext ? `${number.trim()} ext. ${ext[1]}` : number.trim(), p, { type: phoneType(before, after), country: opts.defaultCountry });
    rest = rest.replace(number + (ext?.[0] ?? ''), ' ');
  }
  const leftover = rest
    .replace(/(?:手机|手機|携帯電話|携帯|传真|傳真|电话|電話|邮箱|郵箱|邮件|電郵|メール|网址|網址|휴대폰|휴대전화|핸드폰|팩스|전화|이메일|هاتف|تلفون|جوال|موبايل|محمول|فاكس|البريد الإلكتروني)\s*[:：]?/gu, ' ')
    .replace(/(?<![\p{L}])(phone|t[ée]l|t[ée]l[ée]?phone|telefon|tel[ée]fono|fax|telefax|mobile|mobil|mobiel|handy|kom|komórka|portable|port|cell|cel|email|e-mail|web|www|office|direct|switchboard|zentrale|centralino|durchwahl|home|work|skype|[tfmwhpoec])(?![\p{L}])\s*[.:]?/giu, ' ')
    .replace(/^[\s|•·,;:–—-]+|[\s|•·,;:–—-]+$/g, '')
    .trim();
  // A Japanese postal code alone on its line ("〒530-0001") is the address's first line, not nothing.
  if (!/[\p{L}]{2,}/u.test(leftover)) return /〒\s?\d{3}-?\d{4}/.test(rest) ? rest.trim() : '';
  if (rest === line) return line;
  // The labels go; what the line said besides its numbers stays ("Barry Tycholiz - 713…").
  const said = rest.replace(/^[\s|•·,;:–—.-]+|[\s|•·,;:–—-]+$/g, '').replace(/\s{2,}/g, ' ');
  return leftover.replace(/[\W\d_]/g, '').length < 3 ? '' : said.replace(/\b(phone|tel|fax|mobile|cell|e-?mail|web|office|direct)\s*[.:]\s*$/i, '').trim();
}

/** A line in East Asian script whose first words are a company (a legal form or a company word)
 *  and whose last are a title ("営業部 課長"): [company, title]; null otherwise. */
function companyThenTitle(line: string): [string, string] | null {
  const ws = line.trim().split(/[\s\u3000]+/);
  if (ws.length < 2 || ws.length > 4 || !isEastAsianName(ws.join(''))) return null;
  for (let k = 1; k < ws.length; k++) {
    const [company, title] = [ws.slice(0, k).join(' '), ws.slice(k).join(' ')];
    if (namesCompany(company) && !namesCompany(title) && isTitleLine(title)) return [company, title];
  }
  return null;
}

/**
 * A postal code written with a dash, not a local number: Japan's ("Chiyoda-ku, Tokyo 100-0005",
 * "〒100-0005": marked, or right after a city's name on an address line's commas) and Portugal's
 * ("Rua Augusta 100, 1100-053 Lisboa": four and three digits, its city after it). No phone label
 * stands before it.
 */
function postalCodeBesideCity(number: string, before: string, after: string, line: string): boolean {
  const n = number.trim();
  if (LABEL.test(before)) return false;
  if (/^\d{3}-\d{4}$/.test(n)) return /〒\s?$/.test(before) || (line.includes(',') && /\p{Lu}\p{L}+\s+$/u.test(before));
  return /^\d{4}-\d{3}$/.test(n) && /^\s+\p{Lu}\p{L}/u.test(after);
}

const BARE_DOMAIN = /(?<![\w@.\/-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?:\/[^\s<>"|]*)?(?![\w@-])/gi;

/** A host whose public suffix is a real one (tldts) and is written in lower case, as domains are
 *  ("Acme.Inc" or "S.p.A" are not). */
function isKnownDomain(s: string): boolean {
  const host = s.split('/')[0];
  if (host !== host.toLowerCase()) return false;
  const parsed = parseDomain(host);
  return !!parsed.domain && parsed.isIcann === true && !!parsed.domainWithoutSuffix;
}

/** "98052 (425) 123-4567": a run that glues a postal code to the number; the number starts at "(". */
function numberPart(run: string): string {
  const paren = run.indexOf('(');
  if (paren > 0 && !run.slice(0, paren).includes('+') && run.slice(0, paren).replace(/\D/g, '').length >= 4) return run.slice(paren);
  return run;
}

function phoneType(before: string, after: string): ContactType | undefined {
  const label = before.match(LABEL)?.[1] ?? after.trim().match(/^\(?(cell|mobile|home|fax|work|office)\b/i)?.[1] ?? '';
  if (/^(جوال|الجوال|موبايل|محمول|خلوي|моб|сот|hp|wa|whatsapp|mobile|mobil|mobiel|handy|cell|cel|mob|kom|komórka|portable|port|m[óo]vil|m[óo]v|celular|cellulare|gsm|m|c|telem[óo]vel|telm|tlm|cep|dđ|di động|手机|手機|携帯|携帯電話|휴대폰|휴대전화|핸드폰)$/i.test(label)) return 'mobile';
  if (/^(fax|telefax|f|факс|传真|傳真|팩스|فاكس|الفاكس)$/i.test(label)) return 'fax';
  if (/^(home|h)$/i.test(label)) return 'home';
  if (label) return 'work';
  return undefined;
}

/** "Enron Net Works", "Watson Wyatt Worldwide": a few capitalised words, not a sentence, and not
 *  opening hours ("Mon-Sat 11am - 2:30pm"). */
const looksLikeHeading = (line: string) =>
  line.split(/\s+/).length <= 5 && !/[.:!?]$/.test(line) && !/\d\s?(am|pm)\b|\d:\d\d|^\W*\d/i.test(line) &&
  line.split(/\s+/).every((w) => /^[\p{Lu}\d&]/u.test(w) || w.length <= 3);
