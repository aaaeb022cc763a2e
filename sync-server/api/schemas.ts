import { z } from 'zod';
import {
  Activity, ActivityFields, COLLECTIONS, CONFIG_LISTS, Company, Lead, Opportunity, Person, collections, configLists,
  type Collection,
} from '../../src/domain/index.ts';
import { ConvertOptionsSchema } from '../../src/domain/lifecycle/conversion.ts';
import { FILTER_FIELDS, SORT_FIELDS } from '../projection/projection.ts';

/**
 * The API's request and response shapes: the domain's zod schemas (the one definition of each
 * record), plus the few envelopes the API adds. Requests are parsed with these and the OpenAPI
 * document (openapi.ts) is generated from the same objects: there is no second definition.
 */
export const API_COLLECTIONS = [...COLLECTIONS, 'activities'] as const;
export type ApiCollection = (typeof API_COLLECTIONS)[number];
export const isApiCollection = (s: string): s is ApiCollection => (API_COLLECTIONS as readonly string[]).includes(s);

export const FieldIssue = z.object({ path: z.string(), message: z.string() });
export const ApiError = z.object({ error: z.string(), fields: z.array(FieldIssue).optional(), candidates: z.array(z.record(z.string(), z.unknown())).optional() });

export const MAX_PAGE = 200;
export const ListParams = z
  .object({
    search: z.string().max(200).optional(),
    ...Object.fromEntries(FILTER_FIELDS.map((f) => [f, z.string().min(1).max(320).optional()])),
    tag: z.string().max(60).optional(),
    scope: z.enum(['live', 'trash', 'all']).default('live'),
    sort: z.enum(SORT_FIELDS).default('name'),
    order: z.enum(['asc', 'desc']).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();
export const ActivityListParams = z
  .object({
    parentType: z.enum(COLLECTIONS).optional(),
    parentId: z.string().min(1).max(100).optional(),
    typeId: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

export const recordSchema = (c: ApiCollection): z.ZodType => (c === 'activities' ? Activity : collections[c].record);
export const createSchema = (c: ApiCollection): z.ZodType => (c === 'activities' ? ActivityFields : collections[c].fields);
/** A partial update: any input field; `null` clears an optional one. */
export function patchSchema(c: Collection): z.ZodType {
  const shape = (collections[c].fields as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  return z.object(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.nullable().optional()]))).strict();
}
export const pageSchema = (c: ApiCollection) => z.object({ items: z.array(recordSchema(c)), nextCursor: z.string().nullable() });

/** `PUT /leads/upsert`: match on the lead's email (identity rules) or on a custom field's value. */
export const UpsertLead = z
  .object({
    on: z.union([z.literal('email'), z.string().regex(/^custom\.[A-Za-z0-9._~:-]{1,100}$/, 'must be "email" or "custom.<field id>"')]).default('email'),
    fields: z.record(z.string(), z.unknown()),
  })
  .strict();
export const UpsertResult = z.object({ result: z.enum(['created', 'updated']), record: Lead });

export const ConvertOptions = ConvertOptionsSchema;
export const ConversionResult = z.object({
  lead: Lead,
  person: Person,
  company: Company.optional(),
  companyCreated: z.boolean(),
  opportunity: Opportunity.optional(),
  candidates: z.array(z.object({ id: z.string(), name: z.string(), emailDomain: z.string().optional(), reason: z.enum(['domain', 'name']) })),
  batchId: z.string(),
});

export const configListSchema = (list: (typeof CONFIG_LISTS)[number]) => z.object({ items: z.array(configLists[list]) });
