import { z } from './zod.ts';
import { COLLECTION_NAMES, isCollection, type CollectionName } from './collection-names.ts';
import {
  Address, Currency, CustomValues, Email, EmailEntry, Id, IsoDate, LongText, Meta, Money, Name,
  PhoneEntry, ShortText, Tags, Timestamp, UrlEntry, MAX_LIST,
} from './common.ts';
import { ProvenanceMap } from './provenance.ts';

/**
 * The one definition of each record. Each top-level field is one key of the record's Y.Map in
 * the `records` doc (see src/store/codec.ts), so two teammates editing different top-level
 * fields both win; fields that are edited together (name parts, address, a contact list) are
 * one value, which keeps the number of Yjs items per record — and so memory — small.
 */
const Phones = z.array(PhoneEntry).max(MAX_LIST).default([]);
const Urls = z.array(UrlEntry).max(MAX_LIST).default([]);

export const LeadFields = z
  .object({
    name: Name.default({}),
    title: ShortText.optional(),
    companyName: ShortText.optional(),
    email: Email.optional(),
    phones: Phones,
    socials: Urls,
    websites: Urls,
    address: Address.optional(),
    sourceId: Id.optional(),
    statusId: Id.optional(), // filled with the workspace's default status when absent
    ownerId: Id.optional(),
    tags: Tags,
    monetaryValue: Money.optional(),
    currency: Currency.optional(),
    details: LongText.optional(),
    custom: CustomValues,
  })
  .strict();

/** Set by a merge: the loser points at the record it was merged into, the winner lists what it absorbed. */
const MergeSystemFields = { mergedInto: Id.optional(), mergedFromIds: z.array(Id).optional() };

export const LeadSystemFields = {
  ...MergeSystemFields,
  convertedAt: Timestamp.optional(),
  convertedBy: z.string().optional(),
  convertedTo: z
    .object({ personId: Id, companyId: Id.optional(), opportunityId: Id.optional() })
    .strict()
    .optional(),
};

/** What people and companies both hold: how to reach them, who owns them, how they're filed. */
const ContactFields = {
  websites: Urls,
  phones: Phones,
  address: Address.optional(),
  contactTypeId: Id.optional(),
  ownerId: Id.optional(),
  tags: Tags,
  details: LongText.optional(),
  custom: CustomValues,
};

export const PersonFields = z
  .object({
    name: Name.default({}),
    title: ShortText.optional(),
    companyId: Id.optional(),
    emails: z.array(EmailEntry).max(MAX_LIST).default([]),
    socials: Urls,
    ...ContactFields,
  })
  .strict();
export const PersonSystemFields = { convertedFromLeadIds: z.array(Id).default([]), ...MergeSystemFields };

export const CompanyFields = z
  .object({
    name: ShortText.min(1, 'a company needs a name'),
    emailDomain: z.string().trim().toLowerCase().max(253).regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain like example.com').optional(),
    ...ContactFields,
  })
  .strict();
export const CompanySystemFields = { convertedFromLeadIds: z.array(Id).default([]), ...MergeSystemFields };

export const OpportunityStatus = z.enum(['open', 'won', 'lost', 'abandoned']);
export const Priority = z.enum(['none', 'low', 'medium', 'high']);

export const OpportunityFields = z
  .object({
    name: ShortText.min(1, 'an opportunity needs a name'),
    primaryPersonId: Id.optional(),
    companyId: Id.optional(),
    pipelineId: Id,
    stageId: Id,
    status: OpportunityStatus.default('open'),
    monetaryValue: Money.optional(),
    currency: Currency.optional(),
    winProbability: z.number().int().min(0).max(100).optional(),
    /** Set when a person typed the win probability; a stage change then leaves it alone. */
    winProbabilityManual: z.boolean().optional(),
    closeDate: IsoDate.optional(),
    lossReasonId: Id.optional(),
    priority: Priority.default('none'),
    sourceId: Id.optional(),
    ownerId: Id.optional(),
    tags: Tags,
    details: LongText.optional(),
    custom: CustomValues,
  })
  .strict();
export const OpportunitySystemFields = {
  stageChangedAt: Timestamp.optional(),
  convertedFromLeadIds: z.array(Id).default([]),
  ...MergeSystemFields,
};

export const RecordRef = z.object({ type: z.enum(['leads', 'people', 'companies', 'opportunities', 'tasks']), id: Id }).strict();
export type RecordRef = z.infer<typeof RecordRef>;

export const TaskFields = z
  .object({
    name: ShortText.min(1, 'a task needs a name'),
    related: RecordRef.optional(),
    assigneeId: Id.optional(),
    dueAt: Timestamp.optional(),
    reminderAt: Timestamp.optional(),
    status: z.enum(['open', 'done']).default('open'),
    priority: Priority.default('none'),
    details: LongText.optional(),
    tags: Tags,
    custom: CustomValues,
  })
  .strict();
export const TaskSystemFields = { completedAt: Timestamp.optional() };

function record<F extends z.ZodRawShape, S extends z.ZodRawShape>(fields: z.ZodObject<F>, system: S) {
  // provenance: where each field's value came from, set by the store (never by input).
  return fields.extend({ id: Id, ...Meta, ...system, provenance: ProvenanceMap.optional() }).strict();
}

export const Lead = record(LeadFields, LeadSystemFields);
export const Person = record(PersonFields, PersonSystemFields);
export const Company = record(CompanyFields, CompanySystemFields);
export const Opportunity = record(OpportunityFields, OpportunitySystemFields);
export const Task = record(TaskFields, TaskSystemFields);
export type Lead = z.infer<typeof Lead>;
export type Person = z.infer<typeof Person>;
export type Company = z.infer<typeof Company>;
export type Opportunity = z.infer<typeof Opportunity>;
export type Task = z.infer<typeof Task>;

/** The record collections of the `records` doc, with their schemas. */
export const collections = {
  leads: { record: Lead, fields: LeadFields, label: 'lead' },
  people: { record: Person, fields: PersonFields, label: 'person' },
  companies: { record: Company, fields: CompanyFields, label: 'company' },
  opportunities: { record: Opportunity, fields: OpportunityFields, label: 'opportunity' },
  tasks: { record: Task, fields: TaskFields, label: 'task' },
} as const satisfies Record<CollectionName, unknown>;
export type Collection = keyof typeof collections;
/** The same list as COLLECTION_NAMES (one list; `collections` is checked to define exactly these). */
export const COLLECTIONS: Collection[] = [...COLLECTION_NAMES];
export type RecordOf<C extends Collection> = z.infer<(typeof collections)[C]['record']>;
export type InputOf<C extends Collection> = z.input<(typeof collections)[C]['fields']>;
export type AnyRecord = RecordOf<Collection>;

export { isCollection };

export { Email };
