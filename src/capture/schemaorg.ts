import type { Candidate, ContactType, ExtractOptions, Provenance, Source } from './candidate.ts';
import { MAX_CANDIDATES } from './limits.ts';
import { parseAddress } from '../domain/identity/addresses.ts';
import { companyKey } from '../domain/identity/companies.ts';
import { addEmail, addPhone, addUrl, emptyCandidate, finish, setAddress, setName, setText } from './draft.ts';

/** A schema.org node as JSON-LD shapes it; microdata and RDFa are read into the same shape. */
export type SchemaNode = { [key: string]: unknown };

const CONFIDENCE: Partial<Record<Source, number>> = { 'json-ld': 0.95, microdata: 0.9, rdfa: 0.85 };
// Organization and its subtypes that matter for leads; LocalBusiness has hundreds of subtypes,
// so a business-sounding type name counts too.
const ORG = /(Organi[sz]ation|Business|Corporation|^NGO$|Store|Restaurant|Hotel|Agency|Office|Clinic|Dentist|Physician|Attorney|Bank|Group$|Team$|School|College|University|Airline|Establishment|Consortium|Cafe|Bar$|Shop|Center$|Practice|Winery|Brewery|Distillery|Bakery|Florist|LegalService|FinancialService|Dealer|Salon|Gym|Notary|Electrician|Plumber|Locksmith|Contractor|AccountingService|ProfessionalService|RealEstateAgent|AutoRepair)/;
// Properties through which an organization lists its people: they work there.
const STAFF = new Set(['employee', 'employees', 'member', 'members', 'founder', 'founders', 'contactPoint', 'alumni']);
/** Walk limits: a hostile page can nest or repeat JSON far beyond any real graph. */
const MAX_DEPTH = 24;
const MAX_NODES = 5000;

export function typesOf(node: SchemaNode): string[] {
  const t = node['@type'] ?? node.type;
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#:]/, ''));
}
const isPerson = (types: string[]) => types.includes('Person');
// A type this list misses (LocalBusiness has hundreds) is still an organization when it lists its people.
const isOrg = (types: string[], node?: SchemaNode) =>
  !isPerson(types) && (types.some((t) => ORG.test(t)) || (!!node && types.length > 0 && Object.keys(node).some((k) => STAFF.has(k) && k !== 'contactPoint')));

const asArray = (v: unknown): unknown[] => (v == null ? [] : Array.isArray(v) ? v : [v]);
const isNode = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Strings of a property: plain strings, {"@value"}, or a node's name. */
function texts(v: unknown): string[] {
  return asArray(v).flatMap((x) => {
    if (typeof x === 'string' || typeof x === 'number') return [String(x)];
    if (isNode(x)) return texts(x['@value'] ?? x.name ?? x['@id'] ?? x.url);
    return [];
  });
}
const text = (v: unknown) => texts(v)[0];

/** "http://schema.org/name", "https://schema.org/name", "schema:name": the property "name". */
const SCHEMA_IRI = /^(?:https?:\/\/schema\.org\/|schema:)/;

/** Nodes with their properties written as schema.org IRIs (expanded JSON-LD, some CMSs) read
 *  with the short names the rest of this file knows; other values are returned as they are. */
function shortKeys(v: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return v;
  if (Array.isArray(v)) return v.map((x) => shortKeys(x, depth + 1));
  if (!isNode(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(SCHEMA_IRI, ''), shortKeys(x, depth + 1)]));
}

/** Turns schema.org nodes (any nesting, @graph, arrays, @id references) into candidates. */
export function schemaNodesToCandidates(roots: unknown[], source: Source, opts: ExtractOptions = {}): Candidate[] {
  const byId = new Map<string, SchemaNode>();
  const all: SchemaNode[] = [];
  roots = roots.map((r) => shortKeys(r, 0));
  collect(roots, 0, all);
  for (const n of all) if (typeof n['@id'] === 'string' && Object.keys(n).length > 1) byId.set(n['@id'], n);
  const resolve = (v: unknown): unknown => (isNode(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1 ? byId.get(v['@id']) ?? v : v);

  const p: Provenance = { source, confidence: CONFIDENCE[source] ?? 0.8 };
  const out: Candidate[] = [];
  const done = new Set<SchemaNode>();
  // A person's employer met only as their employer: their company, offered once the page lists it too.
  const employers = new Map<SchemaNode, Candidate>();
  const visit = (value: unknown, company: string | undefined, depth: number, employerOf?: { person: Candidate; school: boolean }) => {
    const v = resolve(value);
    if (Array.isArray(v)) return v.forEach((x) => visit(x, company, depth + 1, employerOf));
    // Beyond MAX_CANDIDATES the merged result is cut anyway: stop paying for more.
    if (!isNode(v) || depth > MAX_DEPTH || done.size > MAX_NODES || out.length >= MAX_CANDIDATES) return;
    if (done.has(v)) {
      const held = employerOf ? undefined : employers.get(v);
      if (held) { out.push(held); employers.delete(v); }
      return;
    }
    done.add(v);
    const types = typesOf(v);
    const org = isOrg(types, v);
    const c = isPerson(types) || org ? toCandidate(v, org, company, resolve, p, opts) : null;
    if (c && org && employerOf && heldBack(c, employerOf)) employers.set(v, c);
    else if (c) out.push(c);
    const orgName = org ? text(v.name ?? v.legalName) : undefined;
    const self = c && !org ? c : undefined;
    for (const [key, child] of Object.entries(v)) {
      if (key.startsWith('@') && key !== '@graph') continue;
      const of = self && (EMPLOYER.has(key) || key === 'alumniOf') ? { person: self, school: key === 'alumniOf' } : undefined;
      visit(unwrapRole(resolve(child), key), STAFF.has(key) ? orgName ?? company : undefined, depth + 1, of);
    }
  };
  visit(roots, undefined, 0);
  return out;
}

/** Properties through which a person names where they work. */
const EMPLOYER = new Set(['worksFor', 'affiliation', 'memberOf']);
/**
 * A person's employer ({"@type":"Person","worksFor":{"@type":"Organization","name":"Acme"}}) is
 * the person's company, not a second contact: one person at a company, not "2 contacts"; the
 * school a person went to (alumniOf) is no contact either. Either is offered on its own when it
 * says more than its name and web address (its own phone, email or address, which the person's
 * record would not keep), or when the page lists it by itself too (a top-level node, or an @graph
 * entry the person points at); an employer that is not the person's company (a second one) is.
 */
function heldBack(org: Candidate, of: { person: Candidate; school: boolean }): boolean {
  const company = org.companyName && of.person.companyName && companyKey(org.companyName.value) === companyKey(of.person.companyName.value);
  return (of.school || !!company) && !org.emails.length && !org.phones.length && !org.address;
}

function collect(v: unknown, depth: number, into: SchemaNode[]): void {
  if (depth > MAX_DEPTH || into.length > MAX_NODES) return;
  if (Array.isArray(v)) for (const x of v) collect(x, depth + 1, into);
  else if (isNode(v)) {
    into.push(v);
    for (const x of Object.values(v)) collect(x, depth + 1, into);
  }
}

/** A Role ({"@type":"OrganizationRole","worksFor":{...},"roleName":"CTO"}) stands in for its value. */
function unwrapRole(v: unknown, key: string): unknown {
  if (!isNode(v) || !typesOf(v).some((t) => t.endsWith('Role'))) return v;
  const inner = v[key];
  return inner && isNode(inner) ? { ...inner, roleName: text(v.roleName) } : inner ?? v;
}

function toCandidate(
  n: SchemaNode, org: boolean, company: string | undefined, resolve: (v: unknown) => unknown, p: Provenance, opts: ExtractOptions,
): Candidate | null {
  const c = emptyCandidate(org ? 'organization' : 'person');
  if (org) setText(c, 'companyName', text(n.name) ?? text(n.legalName), p);
  else {
    const given = text(n.givenName);
    const family = text(n.familyName);
    if (given || family) {
      setName(c, { prefix: text(n.honorificPrefix), first: given, middle: text(n.additionalName), last: family, suffix: text(n.honorificSuffix), full: text(n.name) }, p);
    } else setName(c, text(n.name), p);
    setText(c, 'title', text(n.jobTitle) ?? text(n.roleName) ?? text(n.hasOccupation), p);
    const employer = [n.worksFor, n.affiliation, n.memberOf].map((x) => text(unwrapRole(resolve(asArray(x)[0]), 'worksFor'))).find(Boolean);
    setText(c, 'companyName', employer ?? company, employer ? p : { ...p, confidence: p.confidence - 0.1 });
  }
  addContactProps(c, n, p, opts);
  for (const cp of asArray(n.contactPoint).map(resolve).filter(isNode)) addContactProps(c, cp, { ...p, confidence: p.confidence - 0.05 }, opts);
  for (const u of [...texts(n.url), ...texts(n.sameAs)]) addUrl(c, u, p, opts.baseUrl);
  const addr = resolve(asArray(n.address)[0] ?? (isNode(n.location) ? resolve(n.location) as SchemaNode : undefined)?.address);
  if (typeof addr === 'string') {
    // "12 High Street, Bristol BS1 2AB, UK": one string, read into its parts by identity's rule.
    const a = parseAddress(addr, { country: opts.defaultCountry });
    setAddress(c, { street: a.street, city: a.city, region: a.state, postalCode: a.postalCode, country: a.country }, { ...p, confidence: p.confidence - 0.2 });
  }
  else if (isNode(addr)) {
    setAddress(c, {
      street: text(addr.streetAddress),
      city: text(addr.addressLocality),
      region: text(addr.addressRegion),
      postalCode: text(addr.postalCode),
      country: text(addr.addressCountry),
    }, p);
  }
  return finish(c);
}

function addContactProps(c: Candidate, n: SchemaNode, p: Provenance, opts: ExtractOptions): void {
  const type = contactType(text(n.contactType));
  for (const e of texts(n.email)) addEmail(c, e, p, type);
  for (const t of texts(n.telephone)) addPhone(c, t, p, { type, country: opts.defaultCountry });
  for (const f of texts(n.faxNumber)) addPhone(c, f, p, { type: 'fax', country: opts.defaultCountry });
}

function contactType(s: string | undefined): ContactType | undefined {
  if (!s) return undefined;
  if (/mobile|cell/i.test(s)) return 'mobile';
  if (/fax/i.test(s)) return 'fax';
  if (/home/i.test(s)) return 'home';
  return 'work';
}
