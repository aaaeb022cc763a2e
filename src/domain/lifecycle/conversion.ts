import { z } from '../zod.ts';
import { RuleError, ValidationError } from '../errors.ts';
import { parseCreate, pickEditable } from '../validate.ts';
import type { ConfigEntity } from '../config.ts';
import type { Collection } from '../records.ts';
import { derivedId } from '../ids.ts';
import { fullName, type Name } from '../common.ts';
import { customValuesFor } from '../custom-fields.ts';
import { CONVERTED_STATUS_ID } from '../config.ts';
import type { Lead } from '../records.ts';
import { activeIn, defaultPipeline, stagesOf, type ConfigView } from './config-view.ts';
import { companyDomainOfEmail } from '../identity/emails.ts';
import { companyKey } from '../identity/companies.ts';
import { opportunityCreateRules } from './opportunity.ts';
import { carryProvenance, type ProvenanceMap } from '../provenance.ts';

type Fields = Record<string, unknown>;

const OptId = z.string().min(1).max(100);
/** The options as they arrive from outside (the bridge, the relay's API): parsed before planning. */
export const ConvertOptionsSchema = z.object({
  contactTypeId: OptId.optional(),
  ownerId: OptId.optional(),
  company: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('auto') }),
    z.object({ mode: z.literal('new'), name: z.string().max(300).optional() }),
    z.object({ mode: z.literal('existing'), id: OptId }),
    z.object({ mode: z.literal('none') }),
  ]).optional(),
  opportunity: z.union([z.literal(false), z.object({
    name: z.string().max(300).optional(),
    pipelineId: OptId.optional(),
    stageId: OptId.optional(),
    monetaryValue: z.number().finite().nonnegative().optional(),
    currency: z.string().max(3).optional(),
    closeDate: z.string().max(10).optional(),
    priority: z.enum(['none', 'low', 'medium', 'high']).optional(),
  })]).optional(),
}).strict();

/** What the person converting chose. Everything is optional: defaults follow Copper. */
export type ConvertOptions = {
  /** Contact type of the new person; default: the workspace's (Potential Customer). */
  contactTypeId?: string;
  /** Owner of what is created; default: the lead's owner. */
  ownerId?: string;
  /**
   * The company: 'auto' (default) links the best existing match by email domain or name, else
   * creates one from the lead's company name (or corporate email domain); 'new' always creates;
   * 'existing' links the given id; 'none' leaves the person without a company.
   */
  company?: { mode: 'auto' } | { mode: 'new'; name?: string } | { mode: 'existing'; id: string } | { mode: 'none' };
  /** Create an opportunity too (absent or false: no opportunity). */
  opportunity?: false | {
    name?: string;
    pipelineId?: string;
    stageId?: string;
    monetaryValue?: number;
    currency?: string;
    closeDate?: string;
    priority?: 'none' | 'low' | 'medium' | 'high';
  };
};

/** A company that matches the lead, offered to the person converting. */
export type CompanyCandidate = { id: string; name: string; emailDomain?: string; reason: 'domain' | 'name' };

/** Finds companies by id, email domain or normalized name (the store answers from an index). */
export type CompanyLookup = {
  byId(id: string): { id: string; name: string; emailDomain?: string } | undefined;
  byDomain(domain: string): CompanyCandidate[];
  byName(normalizedName: string): CompanyCandidate[];
};

export type ConversionPlan = {
  leadId: string;
  /** `provenance`: where the lead's values came from, carried to the fields they fill. */
  person: { id: string; fields: Fields; provenance: ProvenanceMap };
  /** `create: false` links an existing company. */
  company?: { id: string; create: boolean; fields?: Fields; provenance?: ProvenanceMap };
  opportunity?: { id: string; fields: Fields; provenance: ProvenanceMap };
  leadPatch: Fields;
  candidates: CompanyCandidate[];
};

/**
 * The conversion of a lead: what to create and link, decided from the lead, the options and
 * the config alone (pure: the store writes the plan in one transaction). Ids are derived from
 * the lead's id, so two replicas converting the same lead offline write the same records.
 * Throws RuleError (naming the option) for a converted lead, a retired choice, a stage outside
 * its pipeline or a lead without a name.
 */
export function planConversion(lead: Lead, options: ConvertOptions, config: ConfigView, companies: CompanyLookup, ctx: { now: number; by: string }): ConversionPlan {
  if (lead.convertedAt !== undefined || lead.statusId === CONVERTED_STATUS_ID) throw new RuleError('This lead is already converted', 'convertedAt');
  const name = fullName(lead.name as Name);
  if (!name && !lead.email) throw new RuleError('Give the lead a name or an email before converting it', 'name');
  const contactTypeId = options.contactTypeId ?? config.settings.defaultContactTypeId;
  activeIn(config.contactTypes, contactTypeId, 'contact type', 'contactTypeId');
  const ownerId = options.ownerId ?? lead.ownerId;

  const candidates = companyCandidates(lead, companies);
  const company = chooseCompany(lead, options, companies, candidates, { contactTypeId, ownerId });
  const companyName = company?.create ? (company.fields!.name as string) : company && companies.byId(company.id)?.name;

  const person: Fields = {
    name: lead.name?.first || lead.name?.last ? lead.name : { first: name || lead.email },
    ...pick(lead, ['title', 'phones', 'socials', 'websites', 'address', 'tags', 'details']),
    emails: lead.email ? [{ email: lead.email, category: 'work' }] : [],
    contactTypeId,
    ...(ownerId ? { ownerId } : {}),
    ...(company ? { companyId: company.id } : {}),
    custom: customValuesFor('people', lead.custom ?? {}, config.customFields),
    convertedFromLeadIds: [lead.id],
  };
  const same = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, k]));
  const customKeys = (f: Fields) => Object.keys((f.custom ?? {}) as Fields).map((id) => `custom.${id}`);
  const personProvenance = carryProvenance(lead.provenance, { ...same(['name', 'title', 'phones', 'socials', 'websites', 'address', 'tags', 'details', ...customKeys(person)]), emails: 'email' }, person);
  const plan: ConversionPlan = { leadId: lead.id, person: { id: derivedId(lead.id, 'person'), fields: person, provenance: personProvenance }, leadPatch: {}, candidates };
  // What the person converting typed in the dialog is "typed by" them, now.
  const typedBy = (keys: string[], fields: Fields): ProvenanceMap =>
    Object.fromEntries(keys.filter((k) => fields[k] !== undefined).map((k) => [k, { method: 'typed' as const, at: ctx.now, by: ctx.by }]));
  if (company) {
    // The company's name is the lead's only when nobody typed another one for it.
    const fromLead = company.fields && company.fields.name === lead.companyName;
    const typedName = options.company?.mode === 'new' && options.company.name?.trim() && !fromLead ? ['name'] : [];
    plan.company = company.fields ? { ...company, provenance: { ...carryProvenance(lead.provenance, { ...(fromLead ? { name: 'companyName' } : {}), emailDomain: 'email', websites: 'websites', address: 'address' }, company.fields), ...typedBy(typedName, company.fields) } } : company;
  }
  if (options.opportunity) {
    const o = options.opportunity;
    const fields = opportunityFields(lead, o, config, { name: name || lead.email!, companyName, companyId: company?.id, personId: plan.person.id, ownerId, now: ctx.now });
    const valueFromLead = o.monetaryValue === undefined;
    const typed = [...(o.name?.trim() ? ['name'] : []), ...(valueFromLead ? [] : ['monetaryValue']), ...(o.currency ? ['currency'] : []), ...(o.closeDate ? ['closeDate'] : [])];
    plan.opportunity = { id: derivedId(lead.id, 'opportunity'), fields, provenance: { ...carryProvenance(lead.provenance, { ...(valueFromLead ? { monetaryValue: 'monetaryValue', currency: 'currency' } : {}), ...same(customKeys(fields)) }, fields), ...typedBy(typed, fields) } };
  }
  plan.leadPatch = {
    statusId: CONVERTED_STATUS_ID,
    convertedAt: ctx.now,
    convertedBy: ctx.by,
    convertedTo: { personId: plan.person.id, ...(company ? { companyId: company.id } : {}), ...(plan.opportunity ? { opportunityId: plan.opportunity.id } : {}) },
  };
  return plan;
}

/** Existing companies matching the lead: by corporate email domain first, then by name. */
export function companyCandidates(lead: Pick<Lead, 'email' | 'companyName'>, companies: CompanyLookup): CompanyCandidate[] {
  const out = new Map<string, CompanyCandidate>();
  const domain = companyDomainOfEmail(lead.email);
  if (domain) for (const c of companies.byDomain(domain)) out.set(c.id, c);
  const norm = companyKey(lead.companyName);
  if (norm) for (const c of companies.byName(norm)) if (!out.has(c.id)) out.set(c.id, c);
  return [...out.values()];
}

function chooseCompany(lead: Lead, options: ConvertOptions, companies: CompanyLookup, candidates: CompanyCandidate[], extra: { contactTypeId: string; ownerId?: string }): ConversionPlan['company'] {
  const mode = options.company ?? { mode: 'auto' as const };
  if (mode.mode === 'none') return undefined;
  if (mode.mode === 'existing') {
    if (!companies.byId(mode.id)) throw new RuleError(`No company with id ${mode.id} to link`, 'company.id');
    return { id: mode.id, create: false };
  }
  if (mode.mode === 'auto' && candidates[0]) return { id: candidates[0].id, create: false };
  const domain = companyDomainOfEmail(lead.email);
  const name = (mode.mode === 'new' && mode.name?.trim()) || lead.companyName || domain;
  if (!name) {
    if (mode.mode === 'new') throw new RuleError('The lead has no company name: give one for the new company', 'company.name');
    return undefined;
  }
  const fields: Fields = {
    name,
    ...(domain ? { emailDomain: domain } : {}),
    ...pick(lead, ['websites', 'address']),
    contactTypeId: extra.contactTypeId,
    ...(extra.ownerId ? { ownerId: extra.ownerId } : {}),
    convertedFromLeadIds: [lead.id],
  };
  return { id: derivedId(lead.id, 'company'), create: true, fields };
}

function opportunityFields(lead: Lead, o: Exclude<ConvertOptions['opportunity'], false | undefined>, config: ConfigView, x: { name: string; companyName?: string; companyId?: string; personId: string; ownerId?: string; now: number }): Fields {
  const pipelineId = o.pipelineId ?? defaultPipeline(config).id;
  const stageId = o.stageId ?? stagesOf(config, pipelineId)[0]?.id;
  if (!stageId) throw new RuleError('That pipeline has no active stage', 'opportunity.stageId');
  const monetaryValue = o.monetaryValue ?? lead.monetaryValue;
  const fields: Fields = {
    name: o.name?.trim() || (x.companyName ? `${x.companyName} - ${x.name}` : x.name),
    primaryPersonId: x.personId,
    ...(x.companyId ? { companyId: x.companyId } : {}),
    pipelineId,
    stageId,
    status: 'open',
    ...(monetaryValue !== undefined ? { monetaryValue, currency: o.currency ?? lead.currency ?? config.settings.defaultCurrency } : {}),
    ...(o.closeDate ? { closeDate: o.closeDate } : {}),
    priority: o.priority ?? 'none',
    ...(lead.sourceId ? { sourceId: lead.sourceId } : {}),
    ...(x.ownerId ? { ownerId: x.ownerId } : {}),
    tags: [],
    custom: customValuesFor('opportunities', lead.custom ?? {}, config.customFields),
    convertedFromLeadIds: [lead.id],
  };
  try {
    opportunityCreateRules(fields, { ...config, sources: config.sources.map((s) => ({ ...s, retired: false })) }, x.now);
  } catch (e) {
    if (e instanceof RuleError) throw new RuleError(e.message, `opportunity.${e.path}`);
    throw e;
  }
  return fields;
}

function pick(r: Fields, keys: string[]): Fields {
  const out: Fields = {};
  for (const k of keys) if (r[k] !== undefined) out[k] = r[k];
  return out;
}

/** The plan with each planned record's input fields validated (zod + custom fields), its system fields kept. */
export function validatePlan(plan: ConversionPlan, defs: ConfigEntity<'customFields'>[]): ConversionPlan {
  plan.person.fields = validated('people', plan.person.fields, defs);
  if (plan.company?.fields) plan.company.fields = validated('companies', plan.company.fields, defs);
  if (plan.opportunity) plan.opportunity.fields = validated('opportunities', plan.opportunity.fields, defs);
  return plan;
}

function validated(collection: Collection, fields: Fields, defs: ConfigEntity<'customFields'>[]) {
  const editable = pickEditable(collection, fields);
  const system = Object.fromEntries(Object.entries(fields).filter(([k]) => !(k in editable)));
  try {
    return { ...parseCreate(collection, editable, defs), ...system };
  } catch (e) {
    if (e instanceof ValidationError) throw new ValidationError(e.issues.map((i) => ({ ...i, path: `${LABEL[collection]}.${i.path}` })), 'conversion');
    throw e;
  }
}
const LABEL: Partial<Record<Collection, string>> = { people: 'person', companies: 'company', opportunities: 'opportunity' };
