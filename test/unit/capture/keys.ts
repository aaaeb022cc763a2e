import { parseLenientJson } from '../../../src/capture/lenient-json.ts';
import type { Fact, Field } from './scoring.ts';

/**
 * Readers of the corpus answer keys (JSON-LD, mf2 JSON, jCard, #sig# line labels) into facts.
 * Independent oracles: none of them calls the extractors under test.
 */

const CONTACT_TYPE = /^(Person|Organization|Corporation|NGO|LocalBusiness|.*(Business|Store|Restaurant|Hotel|Organization|Dentist|Airline))$/;
const s = (x: unknown) => (typeof x === 'string' ? x : Array.isArray(x) && typeof x[0] === 'string' ? x[0] : undefined);
const typesOf = (node: Record<string, unknown>) =>
  [node['@type'] ?? node.type].flat().filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/#:]/, ''));
export const isContactNode = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && typesOf(v as Record<string, unknown>).some((t) => CONTACT_TYPE.test(t));

/** Person/Organization/LocalBusiness facts of a JSON-LD (or extruct) answer key. With
 *  `detailed`, also name parts, websites and the employer's name; `depthLimit` 0 reads only
 *  the top-level contact nodes. */
export function contactFacts(v: unknown, opts: { detailed?: boolean; nested?: boolean } = {}, out: Fact[] = [], depth = 0): Fact[] {
  if (depth > 30 || v === null || typeof v !== 'object') return out;
  if (Array.isArray(v)) {
    for (const x of v) contactFacts(x, opts, out, depth + 1);
    return out;
  }
  const node = v as Record<string, unknown>;
  const props = (node.properties ?? node) as Record<string, unknown>;
  const types = typesOf(node);
  const contact = types.some((t) => CONTACT_TYPE.test(t));
  if (contact) {
    const person = types.includes('Person');
    const name = s(props.name) ?? (person && s(props.givenName) && s(props.familyName) ? `${s(props.givenName)} ${s(props.familyName)}` : undefined);
    if (name) out.push({ field: person ? 'name' : 'org', value: name });
    const email = s(props.email);
    if (email) out.push({ field: 'email', value: email });
    const tel = s(props.telephone);
    if (tel && tel.replace(/\D/g, '').length >= 5) out.push({ field: 'tel', value: tel });
    const title = s(props.jobTitle);
    if (person && title) out.push({ field: 'title', value: title });
    if (opts.detailed) {
      // Every value the key gives, not just the first: more phones, a fax, more addresses, profiles.
      const all = (x: unknown) => [x].flat().filter((v): v is string => typeof v === 'string');
      for (const t of [...all(props.telephone).slice(1), ...all(props.faxNumber)]) if (t.replace(/\D/g, '').length >= 5) out.push({ field: 'tel', value: t });
      for (const e of all(props.email).slice(1)) out.push({ field: 'email', value: e });
      for (const u of all(props.sameAs)) if (/^https?:/.test(u)) out.push({ field: 'url', value: u });
      // A company's contact points (sales line, support address) are its own phones and emails.
      for (const cp of [props.contactPoint].flat()) {
        if (!cp || typeof cp !== 'object') continue;
        const point = cp as Record<string, unknown>;
        for (const t of all(point.telephone)) if (t.replace(/\D/g, '').length >= 5) out.push({ field: 'tel', value: t });
        for (const e of all(point.email)) out.push({ field: 'email', value: e });
      }
      if (person && s(props.givenName)) out.push({ field: 'first', value: s(props.givenName)! });
      if (person && s(props.familyName)) out.push({ field: 'last', value: s(props.familyName)! });
      const url = s(props.url);
      if (url && /^https?:/.test(url)) out.push({ field: 'url', value: url });
      const employer = props.worksFor ?? props.affiliation;
      const employerName = s(employer) ?? (typeof employer === 'object' && employer ? s((employer as Record<string, unknown>).name) : undefined);
      if (person && employerName) out.push({ field: 'org', value: employerName });
    }
  }
  if (contact && opts.nested === false) return out;
  for (const x of Object.values(props)) contactFacts(x, opts, out, depth + 1);
  return out;
}

/** The JSON-LD answer key of a schema.org example (its `<script>` wrapper removed). */
export const jsonLdKey = (jsonld: string) => parseLenientJson(jsonld.replace(/<\/?script[^>]*>/g, ''));

type Mf = { type?: string[]; properties?: Record<string, unknown[]>; children?: Mf[] };
const isMf = (v: unknown): v is Mf => typeof v === 'object' && v !== null && 'properties' in v;
const mfStr = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : isMf(v) ? mfStr(v.properties?.name?.[0]) ?? mfStr((v as { value?: unknown }).value) : typeof v === 'object' && v && 'value' in v ? mfStr((v as { value: unknown }).value) : undefined;

const MF_PROPS: [string, Field][] = [
  ['name', 'name'], ['given-name', 'first'], ['family-name', 'last'], ['org', 'org'], ['job-title', 'title'], ['role', 'title'], ['email', 'email'], ['tel', 'tel'], ['url', 'url'],
  ['street-address', 'street'], ['locality', 'city'], ['region', 'region'], ['postal-code', 'postalCode'], ['country-name', 'country'],
];

/** Facts of every h-card in an mf2 answer key (top level, children, nested property values). */
export function hcardFacts(items: Mf[], out: Fact[] = [], opts: { allValues?: boolean } = {}): Fact[] {
  for (const item of items) {
    if (item.type?.includes('h-card')) {
      for (const [prop, field] of MF_PROPS) {
        const values = item.properties?.[prop] ?? [];
        for (const raw of opts.allValues && ['tel', 'email', 'url'].includes(prop) ? values : values.slice(0, 1)) {
          const v = mfStr(raw);
          if (v?.trim()) out.push({ field, value: v });
        }
      }
      const adr = item.properties?.adr?.find(isMf);
      if (adr) hcardFacts([{ ...adr, type: ['h-card'], properties: { ...adr.properties, name: [] } }], out, opts);
    }
    hcardFacts(item.children ?? [], out, opts);
    for (const [key, values] of Object.entries(item.properties ?? {})) if (key !== 'org' && key !== 'adr') hcardFacts(values.filter(isMf), out, opts);
  }
  return out;
}

type JProp = [string, Record<string, unknown>, string, ...unknown[]];
const flat = (v: unknown): string => (Array.isArray(v) ? v.map(flat).filter(Boolean).join(' ') : v == null ? '' : String(v));

/** Facts of a jCard answer key (RFC 7095), one list per card: FN, N parts, ORG, TITLE, EMAIL, TEL, URL. */
export function jcardFacts(json: unknown): Fact[][] {
  const cards = Array.isArray(json) && json[0] === 'vcard' ? [json] : (json as unknown[]);
  return cards.map((card) => {
    const props = (card as [string, JProp[]])[1];
    const facts: Fact[] = [];
    for (const p of props) {
      const v = p[3];
      const text = flat(v).trim();
      if (p[0] === 'fn' && text) facts.push({ field: 'name', value: text });
      if (p[0] === 'n' && Array.isArray(v)) {
        if (flat(v[1]).trim()) facts.push({ field: 'first', value: flat(v[1]) });
        if (flat(v[0]).trim()) facts.push({ field: 'last', value: flat(v[0]) });
      }
      if (p[0] === 'org' && flat(Array.isArray(v) ? v[0] : v).trim()) facts.push({ field: 'org', value: flat(Array.isArray(v) ? v[0] : v) });
      if (p[0] === 'title' && text) facts.push({ field: 'title', value: text });
      if (p[0] === 'email' && text) facts.push({ field: 'email', value: text });
      if (p[0] === 'tel' && text.replace(/\D/g, '').length >= 5) facts.push({ field: 'tel', value: text });
      if (p[0] === 'url' && /^https?:|^www\./i.test(text)) facts.push({ field: 'url', value: text });
    }
    return facts;
  });
}

/** Emails, phones (7+ digits) and links written on labelled signature lines. */
export function signatureLineFacts(lines: string[]): Fact[] {
  const out: Fact[] = [];
  for (const line of lines) {
    for (const m of line.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) ?? []) out.push({ field: 'email', value: m });
    for (const m of line.replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ').match(/\b(?:https?:\/\/|www\.)[^\s<>"]+/gi) ?? []) out.push({ field: 'url', value: m.replace(/[.,;)]+$/, '') });
    for (const m of line.match(/\+?\(?\d[\d\s().\/-]{6,}\d/g) ?? []) if (m.replace(/\D/g, '').length >= 7) out.push({ field: 'tel', value: m });
  }
  return out.filter((f, i) => out.findIndex((g) => g.field === f.field && g.value.toLowerCase() === f.value.toLowerCase()) === i);
}
