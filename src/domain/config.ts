import { z } from './zod.ts';
import { Currency, Id, ShortText, Email } from './common.ts';

/**
 * Admin-only settings, kept in the `config` doc: one Y.Map per entity list below (one JSON value
 * per entity, so two admins editing different entities both win) and a `settings` map.
 * Default entities have fixed ids so that two replicas seeding defaults agree.
 */
const Ordered = { id: Id, name: ShortText.min(1, 'a name is needed'), order: z.number(), retired: z.boolean().default(false) };

export const LeadStatus = z.object(Ordered).strict();
export const ContactType = z.object(Ordered).strict();
export const Source = z.object(Ordered).strict();
export const LossReason = z.object(Ordered).strict();
/** `countsAsInteraction`: activities of this type are "contact" for last-contacted signals (absent: src/domain/signals defaults). */
export const ActivityType = z.object({ ...Ordered, category: z.enum(['user', 'system']).default('user'), countsAsInteraction: z.boolean().optional() }).strict();
export const Pipeline = z.object(Ordered).strict();
export const Stage = z
  .object({ ...Ordered, pipelineId: Id, winProbability: z.number().int().min(0).max(100) })
  .strict();

export const CUSTOM_FIELD_TYPES = ['text', 'longText', 'number', 'currency', 'percentage', 'date', 'checkbox', 'url', 'dropdown', 'multiSelect'] as const;
export const CustomFieldDef = z
  .object({
    ...Ordered,
    dataType: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.object({ id: Id, name: ShortText.min(1) }).strict()).max(500).default([]),
    availableOn: z.array(z.enum(['leads', 'people', 'companies', 'opportunities', 'tasks'])).min(1, 'choose at least one record type'),
  })
  .strict();

export const Role = z.enum(['admin', 'member', 'viewer']);
export type Role = z.infer<typeof Role>;
export const Member = z
  .object({ id: Id, name: ShortText.default(''), email: Email.optional(), role: Role, active: z.boolean().default(true) })
  .strict();

export const WebFormField = z.enum(['firstName', 'lastName', 'name', 'email', 'phone', 'companyName', 'title', 'website', 'message']);
export const WebForm = z
  .object({
    id: Id,
    name: ShortText.min(1),
    fields: z.array(WebFormField).min(1),
    required: z.array(WebFormField).default(['email']),
    sourceId: Id.default('web-form'),
    statusId: Id.optional(),
    ownerId: Id.optional(),
    redirectUrl: z.url().optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

export const configLists = {
  leadStatuses: LeadStatus,
  contactTypes: ContactType,
  sources: Source,
  lossReasons: LossReason,
  activityTypes: ActivityType,
  pipelines: Pipeline,
  stages: Stage,
  customFields: CustomFieldDef,
  members: Member,
  forms: WebForm,
} as const;
export type ConfigList = keyof typeof configLists;
export const CONFIG_LISTS = Object.keys(configLists) as ConfigList[];
export type ConfigEntity<L extends ConfigList> = z.infer<(typeof configLists)[L]>;

export const Settings = z
  .object({
    leadsEnabled: z.boolean().default(true),
    defaultLeadStatusId: Id.default('new'),
    defaultContactTypeId: Id.default('potential-customer'),
    defaultCurrency: Currency.default('USD'),
    workspaceName: ShortText.default('My workspace'),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

/** The Converted state of a lead: not a status in the list, so it can't be retired or deleted. */
export const CONVERTED_STATUS_ID = 'converted';

const list = <T extends object>(names: [string, string][], extra?: (i: number) => T) =>
  names.map(([id, name], i) => ({ id, name, order: i, retired: false, ...(extra?.(i) ?? ({} as T)) }));

export const DEFAULT_PIPELINE_ID = 'sales';
// No "No source" entry: an unset source is the picker's own empty choice (see no-source.ts).
export const defaults = {
  leadStatuses: list([['new', 'New'], ['open', 'Open'], ['unqualified', 'Unqualified'], ['junk', 'Junk']]),
  contactTypes: list([['potential-customer', 'Potential Customer'], ['current-customer', 'Current Customer'], ['uncategorized', 'Uncategorized'], ['other', 'Other']]),
  sources: list([['email', 'Email'], ['cold-call', 'Cold call'], ['advertising', 'Advertising'], ['conference', 'Conference'], ['web-form', 'Web form'], ['referral', 'Referral'], ['web-page', 'Web page'], ['import', 'Import']]),
  lossReasons: list([['price', 'Price'], ['features', 'Features'], ['competitor', 'Competitor']]),
  activityTypes: [
    ...list([['note', 'Note'], ['call', 'Phone call'], ['meeting', 'Meeting'], ['email', 'Email']], () => ({ category: 'user' as const })),
    { id: 'system', name: 'System', order: 99, retired: false, category: 'system' as const },
  ],
  pipelines: list([[DEFAULT_PIPELINE_ID, 'Sales']]),
  stages: (
    [['qualified', 'Qualified', 5], ['follow-up', 'Follow-up', 10], ['presentation', 'Presentation', 20], ['contract-sent', 'Contract Sent', 40], ['negotiation', 'Negotiation', 80]] as const
  ).map(([id, name, winProbability], order) => ({ id, name, order, retired: false, pipelineId: DEFAULT_PIPELINE_ID, winProbability })),
  customFields: [],
  members: [],
  forms: [],
} satisfies { [L in ConfigList]: ConfigEntity<L>[] };

export const defaultSettings: Settings = Settings.parse({});
