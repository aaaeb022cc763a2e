import { z } from 'zod';
import { COLLECTIONS, CONFIG_LISTS, collections } from '../../src/domain/index.ts';
import {
  API_COLLECTIONS, ActivityListParams, ApiError, ConversionResult, ConvertOptions, ListParams, UpsertLead, UpsertResult,
  configListSchema, createSchema, pageSchema, patchSchema, recordSchema, type ApiCollection,
} from './schemas.ts';

/**
 * The OpenAPI 3.1 document of the REST API, generated from the zod schemas in schemas.ts (which
 * are the domain's). Served at `/api/v1/openapi.json`; the tests validate it with an OpenAPI
 * validator and check every response against it.
 */
type Json = Record<string, unknown>;

const schema = (s: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);
const label = (c: ApiCollection) => pascal(c === 'activities' ? 'activity' : collections[c].label);

const json = (name: string, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), json('Error', ERROR_TEXT[c])]));
const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input: `fields` names each bad field',
  401: 'No API key, an unknown or revoked one',
  403: 'The key belongs to another workspace, or its role may not do this',
  404: 'No such record (or workspace)',
  405: 'Not allowed on this collection',
  409: 'Several records match (`candidates` lists them)',
  413: 'The request body is too large',
  422: 'A rule of the workspace refused the change: `fields` names the field',
  429: 'Too many requests for this key: wait `Retry-After` seconds',
};
const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const WS = pathParam('workspace', 'The workspace id');
const ID = pathParam('id', 'The record id');

function queryParams(s: z.ZodObject): Json[] {
  const js = schema(s, 'input') as { properties: Record<string, Json> };
  return Object.entries(js.properties).map(([name, p]) => ({ name, in: 'query', required: false, schema: p }));
}

export function buildOpenApi(serverUrl?: string): Json {
  const components: Record<string, Json> = { Error: schema(ApiError, 'output') };
  const paths: Record<string, Json> = {};
  for (const c of API_COLLECTIONS) {
    const L = label(c);
    components[L] = schema(recordSchema(c), 'output');
    components[`${L}Input`] = schema(createSchema(c), 'input');
    components[`${L}Page`] = schema(pageSchema(c), 'output');
    if (c !== 'activities') components[`${L}Patch`] = schema(patchSchema(c), 'input');
    const list: Json = {
      get: {
        operationId: `list${pascal(c)}`,
        summary: c === 'activities' ? 'Activities, newest first (filter by parent)' : `Lists or searches ${c} (filters and sorts of the tables, cursor pagination)`,
        tags: [c],
        parameters: [WS, ...queryParams(c === 'activities' ? ActivityListParams : ListParams)],
        responses: { 200: json(`${L}Page`, 'A page; pass `nextCursor` as `cursor` for the next'), ...errors(400, 401, 403, 404, 429) },
      },
      post: {
        operationId: `create${L}`,
        summary: `Creates a ${L.toLowerCase()}`,
        tags: [c],
        parameters: [WS],
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${L}Input`) } } },
        responses: { 201: json(L, 'Created'), ...errors(400, 401, 403, 404, 413, 422, 429) },
      },
    };
    paths[`/api/v1/{workspace}/${c}`] = list;
    const one: Json = {
      get: { operationId: `get${L}`, summary: `One ${L.toLowerCase()}`, tags: [c], parameters: [WS, ID], responses: { 200: json(L, 'The record (also when it is in the trash: `deletedAt` is set)'), ...errors(401, 403, 404, 429) } },
    };
    if (c !== 'activities') {
      one.patch = {
        operationId: `update${L}`,
        summary: `Changes fields of a ${L.toLowerCase()} (null clears one)`,
        tags: [c],
        parameters: [WS, ID],
        requestBody: { required: true, content: { 'application/json': { schema: ref(`${L}Patch`) } } },
        responses: { 200: json(L, 'The record after the change'), ...errors(400, 401, 403, 404, 413, 422, 429) },
      };
      one.delete = { operationId: `delete${L}`, summary: `Moves a ${L.toLowerCase()} to the trash`, tags: [c], parameters: [WS, ID], responses: { 200: json(L, 'The record, in the trash'), ...errors(401, 403, 404, 429) } };
      paths[`/api/v1/{workspace}/${c}/{id}/restore`] = {
        post: { operationId: `restore${L}`, summary: `Restores a ${L.toLowerCase()} from the trash`, tags: [c], parameters: [WS, ID], responses: { 200: json(L, 'The restored record'), ...errors(401, 403, 404, 429) } },
      };
    }
    paths[`/api/v1/{workspace}/${c}/{id}`] = one;
  }
  components.UpsertLead = schema(UpsertLead, 'input');
  components.UpsertResult = schema(UpsertResult, 'output');
  components.ConvertOptions = schema(ConvertOptions, 'input');
  components.ConversionResult = schema(ConversionResult, 'output');
  paths['/api/v1/{workspace}/leads/upsert'] = {
    put: {
      operationId: 'upsertLead',
      summary: 'Creates a lead, or updates the one whose email (or custom field) matches',
      tags: ['leads'],
      parameters: [WS],
      requestBody: { required: true, content: { 'application/json': { schema: ref('UpsertLead') } } },
      responses: { 200: json('UpsertResult', 'Updated the matching lead'), 201: json('UpsertResult', 'Created a lead'), ...errors(400, 401, 403, 409, 413, 422, 429) },
    },
  };
  paths['/api/v1/{workspace}/leads/{id}/convert'] = {
    post: {
      operationId: 'convertLead',
      summary: 'Converts a lead into a person (and company, opportunity), as the extension does',
      tags: ['leads'],
      parameters: [WS, ID],
      requestBody: { required: false, content: { 'application/json': { schema: ref('ConvertOptions') } } },
      responses: { 200: json('ConversionResult', 'What the conversion made'), ...errors(400, 401, 403, 404, 413, 422, 429) },
    },
  };
  for (const list of CONFIG_LISTS) {
    const name = `Config${pascal(list)}`;
    components[name] = schema(configListSchema(list), 'output');
    paths[`/api/v1/{workspace}/config/${list}`] = {
      get: { operationId: `config${pascal(list)}`, summary: `The workspace's ${list} (read-only)`, tags: ['config'], parameters: [WS], responses: { 200: json(name, 'Every entry, retired ones included'), ...errors(401, 403, 404, 429) } },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Outpost relay API', version: '1.0.0', description: 'The REST API of a team workspace on an Outpost relay. Authenticate with `Authorization: Bearer <API key>`; an admin mints keys.' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ apiKey: [] }],
    tags: [...COLLECTIONS, 'activities', 'config'].map((name) => ({ name })),
    paths,
    components: { schemas: components, securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An Outpost API key (opk_…)' } } },
  };
}
