import { MAX_LIST, type Address, type Name } from '../common.ts';
import type { ConfigEntity } from '../config.ts';
import type { FieldIssue } from '../errors.ts';
import { categoryOf, customValue, domainOf, networkOf, parseNumber, splitMulti, unstar } from './cells.ts';
import { EXTENSION_CATEGORY, type ColumnMapping, type ImportAs } from './targets.ts';
import { familyAndSuffix, parseName, properCaseParts } from '../identity/names.ts';
import { companyDomainOfEmail, isExchangeAddress, normalizeEmail } from '../identity/emails.ts';
import { legalFormOf } from '../identity/companies.ts';
import { phoneInputProblem, phoneKey } from '../identity/phones.ts';
import { profileFromHandle, socialKey, socialProfile, webUrlProblem, websiteKey } from '../identity/web.ts';
import { countryCode, formatAddress, normalizeAddress, parseAddress } from '../identity/addresses.ts';
import { isoCountry } from '../identity/country-codes.ts';

export type Fields = Record<string, unknown>;

/** Names in a row that the import resolves against the workspace (config, companies). */
export type RowRefs = { source?: string; status?: string; owner?: string; company?: string };

/** One CSV row turned into record input, before the workspace's names are resolved. */
export type RowDraft = {
  input: Fields;
  refs: RowRefs;
  /** Kept going, but the user should know (a second address that a lead can't hold…). */
  warnings: string[];
  /** Values that could not be converted; the row is invalid. */
  issues: FieldIssue[];
  /** Every cell is empty: the row is skipped without a word. */
  blank: boolean;
};

type AddressParts = { street: string[]; street2: string[]; city?: string; state?: string; postalCode?: string; country?: string; formatted?: string; label?: string };
type Valued = { value: string; category?: string; group?: string };

type CustomDef = ConfigEntity<'customFields'>;

/**
 * Turns a row's cells into the input of a lead, person or company, following the mapping.
 * Pure; validation against the schema is `checkDraft`'s job.
 */
export function draftFromRow(cells: string[], mapping: ColumnMapping[], as: ImportAs, customDefs: CustomDef[] = []): RowDraft {
  const draft: RowDraft = { input: {}, refs: {}, warnings: [], issues: [], blank: cells.every((c) => !c || !c.trim()) };
  if (draft.blank) return draft;
  const labels = new Map<string, string>();
  for (const m of mapping) if (m.target === 'label' && m.group && cells[m.index]?.trim()) labels.set(m.group, cells[m.index].trim());

  const name: Name = {};
  let fullName: string | undefined;
  const emails: Valued[] = [];
  const exchange: string[] = [];
  const phones: Valued[] = [];
  const websites: Valued[] = [];
  const socials: string[] = [];
  const addresses = new Map<string, AddressParts>();
  const tags: string[] = [];
  const details: string[] = [];
  const scalars: Fields = {};
  const custom: Fields = {};
  let headerCurrency: string | undefined;
  const defs = new Map(customDefs.map((d) => [d.id, d]));

  for (const m of mapping) {
    // A leading ' is how spreadsheets (and Outpost's export) defuse a formula-looking value.
    const cell = cells[m.index]?.trim().replace(/^'(?=[=+\-@])/, '');
    if (!cell || !m.target) continue;
    const category = (m.group && categoryOf(labels.get(m.group))) || categoryOf(m.category) || m.category;
    switch (m.target) {
      case 'name': fullName ??= cell; break;
      case 'prefix': name.prefix ??= cell; break;
      case 'firstName': name.first ??= cell; break;
      case 'middleName': name.middle ??= cell; break;
      case 'lastName': name.last ??= cell; break;
      case 'suffix': name.suffix ??= cell; break;
      case 'email':
        // An Exchange directory name is kept in the details, not refused as a bad email.
        if (isExchangeAddress(cell)) {
          exchange.push(cell);
          draft.warnings.push(`"${cell}" is an Exchange directory name, not an email address: kept in the details`);
        } else for (const v of splitMulti(cell, true)) emails.push({ value: v, category });
        break;
      case 'phone':
        if (m.category === EXTENSION_CATEGORY) withExtension(phones, m.group, cell, details);
        else for (const v of splitMulti(cell)) phones.push({ value: v, category, group: m.header });
        break;
      case 'website': {
        const label = m.group ? labels.get(m.group) : undefined;
        for (const v of splitMulti(cell)) websites.push({ value: v, category: label ? unstar(label).toLowerCase() : m.category });
        break;
      }
      // A bare handle under a network's name ("Twitter": "aylindemir") is that network's profile.
      case 'social': socials.push(...splitMulti(cell).map((v) => profileFromHandle(networkOfHeader(m.header), v) ?? v)); break;
      case 'street': case 'street2': case 'city': case 'state': case 'postalCode': case 'country': case 'addressFormatted': {
        const g = m.group ?? 'main';
        let a = addresses.get(g);
        if (!a) addresses.set(g, (a = { street: [], street2: [], label: labels.get(g) ?? g }));
        if (m.target === 'street' || m.target === 'street2') a[m.target].push(cell);
        else if (m.target === 'addressFormatted') a.formatted = cell;
        else if (m.target === 'country') a.country = countryOfColumn(a.country, cell);
        else a[m.target] = cell;
        break;
      }
      case 'tags': for (const t of splitMulti(cell, true)) tags.push(unstar(t)); break;
      case 'details': details.push(cell); break;
      case 'source': case 'status': case 'owner': draft.refs[m.target] ??= cell; break;
      case 'companyName': scalars.companyName ??= cell; break;
      case 'title': scalars.title ??= cell; break;
      case 'currency': scalars.currency ??= cell.toUpperCase(); break;
      case 'emailDomain': scalars.emailDomain ??= domainOf(cell) ?? cell; break;
      case 'monetaryValue': {
        const n = parseNumber(cell);
        if (n === undefined) draft.issues.push({ path: 'monetaryValue', message: `must be a number (got "${cell}")` });
        else { scalars.monetaryValue = n; if (m.category) headerCurrency ??= m.category; }
        break;
      }
      case 'custom': {
        const def = m.customId ? defs.get(m.customId) : undefined;
        if (!def) break;
        const v = customValue(def, cell);
        if (v.ok) custom[def.id] = v.value;
        else draft.issues.push({ path: `custom.${def.id}`, message: v.message });
        break;
      }
      case 'label': break;
    }
  }

  const input = draft.input;
  // A row named only by a company's name, legal form and all ("Boğaziçi Ambalaj A.Ş.": Capsule's and
  // other CRMs' organisation rows in one file with their people): the company, no person called so.
  if (as !== 'companies' && fullName && !Object.values(name).some(Boolean) && legalFormOf(fullName)) {
    if (!scalars.companyName) scalars.companyName = fullName;
    draft.warnings.push(`"${fullName}" names a company, not a person: imported as the company, with no person's name`);
    fullName = undefined;
  }
  if (as !== 'companies') {
    // "Okafor, CFA" in the family-name column: the credentials are the suffix.
    if (name.last) {
      const { last, suffix } = familyAndSuffix(name.last);
      if (suffix) { name.last = last; name.suffix = [name.suffix, suffix].filter(Boolean).join(' '); }
    }
    const n = nameOfRow(name, fullName);
    if (Object.keys(n).length) input.name = n;
    if (scalars.title) input.title = scalars.title;
  } else {
    const companyName = (fullName ?? scalars.companyName) as string | undefined;
    if (companyName) input.name = companyName;
    const domain = (scalars.emailDomain as string | undefined) ?? websites.map((w) => domainOf(w.value)).find(Boolean);
    if (domain) input.emailDomain = domain;
  }
  const uniqueEmails = dedupe(emails, (e) => normalizeEmail(e.value) ?? e.value.toLowerCase());
  if (as === 'leads') {
    if (uniqueEmails.length) input.email = uniqueEmails[0].value;
    // A lead has one email field: the others go into its details, never dropped.
    if (uniqueEmails.length > 1) {
      const others = uniqueEmails.slice(1).map((e) => e.value).join(', ');
      details.push(`Other emails: ${others}`);
      draft.warnings.push(`a lead has one email field: ${others} kept in its details`);
    }
    if (scalars.companyName) input.companyName = scalars.companyName;
  } else if (as === 'people') {
    if (uniqueEmails.length) input.emails = capped(draft, 'emails', uniqueEmails).map((e) => ({ email: e.value, category: listCategory(e.category) }));
    if (scalars.companyName) draft.refs.company = scalars.companyName as string;
  } else if (uniqueEmails.length && !input.emailDomain) {
    const d = uniqueEmails.map((e) => companyDomainOfEmail(e.value)).find(Boolean);
    if (d) input.emailDomain = d;
  }
  // A cell that is not a phone or a web address ("ask reception") is kept as text, not refused.
  const notValues: string[] = [];
  const keep = <T extends Valued>(list: T[], what: string, problem: (v: string) => string | null) => list.filter((v) => {
    if (!problem(v.value)) return true;
    notValues.push(`${what}: ${v.value}`);
    draft.warnings.push(`"${v.value}" is not a ${what === 'Phone' ? 'phone number' : 'web address'}: kept in the details`);
    return false;
  });
  const uniquePhones = dedupe(keep(phones, 'Phone', phoneInputProblem), (p) => phoneKey(p.value) ?? p.value);
  if (uniquePhones.length) input.phones = capped(draft, 'phones', uniquePhones).map((p) => ({ number: p.value, category: listCategory(p.category) }));
  // A profile on a social network in a web column (LinkedIn's "URL", Google's "Website") is a social profile.
  if (as !== 'companies') for (const w of websites.splice(0)) if (socialProfile(w.value)) socials.push(w.value); else websites.push(w);
  const uniqueSites = dedupe(keep(websites, 'Website', webUrlProblem), (w) => websiteKey(w.value) ?? w.value.toLowerCase());
  if (uniqueSites.length) input.websites = capped(draft, 'websites', uniqueSites).map((w) => ({ url: w.value, category: (w.category || 'other').slice(0, 40) }));
  if (as !== 'companies') {
    const uniqueSocials = dedupe(keep(socials.map((value) => ({ value })), 'Website', webUrlProblem), (s) => socialKey(s.value) ?? s.value.toLowerCase());
    if (uniqueSocials.length) input.socials = capped(draft, 'socials', uniqueSocials).map((s) => ({ url: s.value, category: networkOf(s.value) }));
  }
  const address = pickAddress(addresses, draft, details);
  if (address) input.address = address;
  const uniqueTags = dedupe(tags.filter(Boolean).map((value) => ({ value })), (t) => t.value.toLowerCase());
  if (uniqueTags.length) input.tags = capped(draft, 'tags', uniqueTags).map((t) => t.value);
  if (exchange.length) notValues.push(...exchange.map((x) => `Exchange address: ${x}`));
  if (notValues.length) details.push(notValues.join('\n'));
  if (details.length) input.details = details.join('\n\n');
  if (as === 'leads') {
    if (scalars.monetaryValue !== undefined) input.monetaryValue = scalars.monetaryValue;
    if (scalars.currency ?? headerCurrency) input.currency = scalars.currency ?? headerCurrency;
  }
  if (Object.keys(custom).length) input.custom = custom;
  return draft;
}

/**
 * The row's name. Name columns someone filled are taken as filled: a family name typed in the
 * First Name column ("Nguyễn" in LinkedIn's or Outlook's First Name, family name first) stays the
 * first name, and First and Last are never swapped. The columns say which part is which, and no
 * rule reading the words could be surer than them ("Kim", "Lee", "Le" are given names and family
 * names both); a part in capitals is only re-cased ("WANG" → "Wang"), as a capture does.
 * A whole name in one field is read by the name rule (family-first orders included: "Nguyễn Văn
 * An", "WANG Xiaoming"): a full-name column, or a First Name of several words with Middle and
 * Last empty (a sign-up form's one name field exported as FNAME).
 */
function nameOfRow(name: Name, fullName: string | undefined): Name {
  const wholeInFirst = !!name.first && !name.middle && !name.last && /\S\s+\S/.test(name.first);
  if (wholeInFirst || (!Object.values(name).some(Boolean) && fullName)) {
    const read = parseName(wholeInFirst ? name.first! : fullName!);
    return { ...read, ...(name.prefix && { prefix: properCaseParts({ prefix: name.prefix }).prefix }), ...(name.suffix && { suffix: name.suffix }) };
  }
  return properCaseParts(name);
}

/** The network a social column's header names ("Twitter Username" → twitter), '' when none. */
const networkOfHeader = (header: string) => header.toLowerCase().match(/linkedin|twitter|instagram|github|facebook|tiktok|\bx\b/)?.[0] ?? '';

function listCategory(c: string | undefined): string {
  return c && ['work', 'personal', 'mobile', 'home', 'fax', 'other'].includes(c) ? c : categoryOf(c) ?? 'work';
}

/** An extension column's digits joined to the number of its phone column ("+1 415 555 0100 ext. 204");
 *  with no number to join, the extension is kept in the details rather than lost. */
function withExtension(phones: Valued[], column: string | undefined, cell: string, details: string[]): void {
  const phone = phones.findLast((p) => p.group === column);
  const digits = cell.replace(/^\D+/, '').replace(/\D+$/, '');
  if (phone && /^\d{1,7}$/.test(digits) && !/ext|x\s*\d+$/i.test(phone.value)) phone.value = `${phone.value} ext. ${digits}`;
  else details.push(`${column ?? 'Phone'} extension: ${cell}`);
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = key(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function capped<T>(draft: RowDraft, what: string, items: T[]): T[] {
  if (items.length <= MAX_LIST) return items;
  draft.warnings.push(`only the first ${MAX_LIST} ${what} were kept (${items.length} in the row)`);
  return items.slice(0, MAX_LIST);
}

/**
 * A country column's cell: an ISO code in capitals ("us" → "US", "gbr" → "GBR"; "USA" stays as
 * written), a name as written; beside another country column of the same address ("Country" and
 * "Country Code") the name is kept over the code.
 */
function countryOfColumn(before: string | undefined, cell: string): string {
  if (before && !isoCountry(before)) return before;
  return isoCountry(cell) ? cell.toUpperCase() : cell;
}

/** A record holds one address: the work one when there is one, else the first filled in. */
/** An address kept as text: its parts, or the whole as written when it came in one cell; its lines joined by commas. */
const otherAddressText = (a: AddressParts) => ([...a.street, ...a.street2, a.city, a.state, a.postalCode, a.country].filter(Boolean).join(', ') || (a.formatted ?? '')).replace(/\s*\n\s*/g, ', ');

function pickAddress(groups: Map<string, AddressParts>, draft: RowDraft, details: string[]): Address | undefined {
  const filled = [...groups.values()].filter((a) => a.street.length || a.street2.length || a.city || a.state || a.postalCode || a.country || a.formatted);
  if (!filled.length) return undefined;
  const chosen = filled.find((a) => categoryOf(a.label) === 'work' || a.label === 'mailing' || a.label === 'billing') ?? filled[0];
  // The others go into the details as written, never dropped.
  const others = filled.filter((a) => a !== chosen);
  if (others.length) {
    details.push(others.map((a) => `Other address${a.label && a.label !== 'main' ? ` (${a.label})` : ''}: ${otherAddressText(a)}`).join('\n'));
    draft.warnings.push(`${others.length} more address${others.length > 1 ? 'es' : ''} kept in the details (a record keeps one)`);
  }
  const street = [...chosen.street, ...chosen.street2].join(', ');
  const given: Address = { street: street || undefined, city: chosen.city, state: chosen.state, postalCode: chosen.postalCode, country: chosen.country };
  const parts = street || chosen.city || chosen.state || chosen.postalCode || chosen.country ? normalizeAddress(given, { country: isoCountry(chosen.country) }) : {};
  if (!chosen.formatted) return Object.keys(parts).length ? parts : undefined;
  // A formatted address ("Address 1 - Formatted") beside parts: the parts win, the formatted one
  // fills what they lack (a street only it holds), never all of it into Street. What it says that
  // the result still lacks is kept in the details as written: nothing is lost.
  const written = parseAddress(chosen.formatted, { country: countryCode(chosen.country) ?? isoCountry(chosen.country) });
  // A street read from the formatted text does not end in the parts' city, state or country ("…, Bengaluru").
  const known = new Set([parts.city, parts.state, parts.postalCode, parts.country].filter(Boolean).map((v) => addressWords(v!).join(' ')));
  const streetParts = (written.street ?? '').split(/\s*,\s*/);
  while (streetParts.length > 1 && known.has(addressWords(streetParts[streetParts.length - 1]).join(' '))) streetParts.pop();
  const merged: Address = { ...written, ...(written.street ? { street: streetParts.join(', ') } : {}), ...parts };
  const kept = new Set(addressWords(formatAddress(merged)));
  if (addressWords(chosen.formatted).some((w) => !kept.has(w))) details.push(`Address as written: ${chosen.formatted.replace(/\s*\n\s*/g, ', ')}`);
  return Object.keys(merged).length ? merged : undefined;
}

/** Words of an address, case, accents and punctuation aside, for "is this part of it kept?". */
const addressWords = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
