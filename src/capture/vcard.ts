import ICAL from 'ical.js';
import type { Candidate, ContactType, ExtractOptions, Provenance } from './candidate.ts';
import { addEmail, addPhone, addUrl, emptyCandidate, finish, readNationalNumbers, setAddress, setName, setText } from './draft.ts';
import { normalizeAddress } from '../domain/identity/addresses.ts';
import { agreedCountry } from '../domain/identity/country-signals.ts';
import { isCompanyCard, normalizeVcards, structuredName, vcardKind, vcardPart, vcardString, vcardText } from './vcard-normalize.ts';

const P: Provenance = { source: 'vcard', confidence: 0.95 };
/** A .vcf export of a whole address book can hold thousands; a capture needs a handful. */
const MAX_CARDS = 200;

type JProp = [string, Record<string, string | string[]>, string, ...unknown[]];

/** vCard 2.1 / 3.0 / 4.0 text (one or many cards) → one candidate per card. A card that
 *  still fails to parse is skipped, never thrown. */
export function extractFromVcf(text: string, opts: ExtractOptions = {}): Candidate[] {
  const out: Candidate[] = [];
  for (const card of normalizeVcards(text).slice(0, MAX_CARDS)) {
    let jcard: unknown;
    try {
      jcard = ICAL.parse(card);
    } catch {
      continue;
    }
    const props = (Array.isArray(jcard) && jcard[0] === 'vcard' ? jcard[1] : []) as JProp[];
    const c = toCandidate(props, opts);
    if (c) out.push(c);
  }
  return out;
}

/** URI-typed values (URL, and TEL/EMAIL in some exports) come back from ical.js still escaped
 *  as text is written ("http\\://x.com", "a\\,b"): vCard 3.0 clients escape every value. */
const unescaped = (v: unknown) => vcardString(v).replace(/\\n/gi, ' ').replace(/\\([\\;,:])/g, '$1');
const [str, text, part] = [vcardString, vcardText, vcardPart];

function toCandidate(props: JProp[], opts: ExtractOptions): Candidate | null {
  const get = (name: string) => props.filter((p) => p[0] === name);
  const one = (name: string) => get(name)[0]?.[3];
  const n = one('n');
  const fn = text(one('fn'));
  // A company's card (Google's company contacts, Apple's "show as company") is the company's.
  const kind = isCompanyCard({ n, fn, org: part(one('org'), 0), kind: str(one('kind')), showAs: str(one('x-abshowas')) }) ? 'organization' : 'person';
  const c = emptyCandidate(kind);
  // Apple's and Google's grouped labels ("item2.X-ABLabel:Biuro") type the property of their group.
  const labels = new Map(get('x-ablabel').map((p) => [str(p[1].group), str(p[3])]));
  const typeOf = (p: JProp): ContactType | undefined => vcardKind(str(p[1].type), labels.get(str(p[1].group)));
  if (kind === 'person') {
    setName(c, n && structuredName(n, fn)
      ? { last: part(n, 0), first: part(n, 1), middle: part(n, 2), prefix: part(n, 3), suffix: part(n, 4), full: fn }
      : fn, P);
  }
  setText(c, 'companyName', part(one('org'), 0) || (kind === 'organization' ? fn : ''), P);
  setText(c, 'title', text(one('title')) || text(one('role')), P);
  for (const p of get('email')) addEmail(c, unescaped(p[3]), P, typeOf(p));
  for (const p of [...get('tel'), ...get('x-ms-tel')]) addPhone(c, unescaped(p[3]), P, { type: typeOf(p), country: opts.defaultCountry });
  for (const p of [...get('url'), ...get('x-socialprofile')]) addUrl(c, unescaped(p[3]), P);
  // The work address when the card types one (a CRM keeps one address), else the first.
  const adrs = get('adr');
  const chosen = adrs.find((p) => typeOf(p) === 'work') ?? adrs[0];
  const adr = chosen?.[3];
  if (adr) {
    const street = [part(adr, 2, ', '), part(adr, 1), part(adr, 0)].filter(Boolean).join(', ');
    // identity's rule, as the import reads a card: a whole address in the street ("大阪府大阪市北区梅田3-1-1") is split.
    const a = normalizeAddress({ street: street.replace(/\\n|\n/g, ', '), city: part(adr, 3), state: part(adr, 4), postalCode: part(adr, 5), country: part(adr, 6) });
    setAddress(c, { street: a.street, city: a.city, region: a.state, postalCode: a.postalCode, country: a.country }, P);
  }
  // National numbers ("0131 555 0142") read as the country of the card's own address (its name, or
  // Apple's X-ABADR code in the address's group) when that names one country; else as typed.
  const abadr = chosen && get('x-abadr').find((p) => str(p[1].group) === str(chosen[1].group));
  const country = agreedCountry({ addressCountries: [c.address?.country, abadr ? str(abadr[3]) : undefined] });
  if (country) readNationalNumbers(c, country);
  return finish(c);
}
