import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  CONFIG_LISTS, NotFoundError, PermissionError, RuleError, ValidationError, normalizeEmail, type Collection, type ConfigList,
} from '../../src/domain/index.ts';
import { HttpError, bearer, readJsonBody, sendJson } from '../http/respond.ts';
import { requireMethod, routeMethod } from '../http/methods.ts';
import { createRateLimiter } from '../forms/rate-limit.ts';
import { ProjectionQueryError, type Projection } from '../projection/projection.ts';
import type { ApiKeys } from './keys.ts';
import type { RecordWriter } from './records.ts';
import { buildOpenApi } from './openapi.ts';
import { ActivityListParams, ConvertOptions, ListParams, UpsertLead, isApiCollection } from './schemas.ts';

export type ApiDeps = {
  keys: ApiKeys;
  records: RecordWriter;
  projection: Projection;
  /** Requests per API key per minute (token bucket). */
  requestsPerMinute: number;
  /** Largest JSON body accepted. */
  maxBodyBytes: number;
  now?: () => number;
};

/**
 * `/api/v1/...`: the REST API (see sync-server/README.md, and the OpenAPI document at
 * `/api/v1/openapi.json`). Reads come from the query projection; writes go through
 * `records.ts` into the live rooms. Errors are `{error, fields?: [{path, message}]}`.
 */
export function createApiHandler(deps: ApiDeps) {
  const limiter = createRateLimiter({ perMinute: deps.requestsPerMinute, maxAddresses: 100_000 });
  let openapi: string | undefined;

  return async function handleApi(req: IncomingMessage, res: ServerResponse, path: string[]) {
    const method = routeMethod(req);
    try {
      // The method is checked before the key: what a route answers is public (the OpenAPI document).
      const route = apiRoute(path);
      if (route) requireMethod(req, route.methods, route.hint);
      if (path.length === 1 && path[0] === 'openapi.json') {
        openapi ??= JSON.stringify(buildOpenApi());
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        return void res.end(openapi);
      }
      const [ws, collection, id, action, ...extra] = path;
      if (!ws || !collection || extra.length) throw new HttpError(404, 'No such API route: see /api/v1/openapi.json.');
      const access = await deps.keys.access(bearer(req), ws);
      if (!access.ok) throw new HttpError(access.status, access.reason);
      const key = access.key;
      if (limiter.hit(key.id, deps.now?.() ?? Date.now())) {
        res.setHeader('retry-after', String(Math.ceil(60 / deps.requestsPerMinute) || 1));
        throw new HttpError(429, `Too many requests for this API key (${deps.requestsPerMinute} a minute); try again shortly.`);
      }
      const actor = { id: key.actorId, role: key.role, memberId: key.memberId };
      await deps.projection.ensureWorkspace(ws, { awaited: true });
      const body = async () => readJsonBody(req, deps.maxBodyBytes);

      if (collection === 'config') {
        if (!id || action) throw new HttpError(404, 'The workspace settings are read-only through the API: GET /config/<list>.');
        if (!(CONFIG_LISTS as string[]).includes(id)) throw new HttpError(404, `No config list "${id}": one of ${CONFIG_LISTS.join(', ')}.`);
        const { view } = await deps.records.config(ws);
        return sendJson(res, 200, { items: view[id as ConfigList] });
      }
      if (!isApiCollection(collection)) throw new HttpError(404, `No collection "${collection}": one of leads, people, companies, opportunities, tasks, activities, config.`);

      if (collection === 'leads' && id === 'upsert' && !action) return await upsert(res, ws, actor, parse(UpsertLead, await body()));
      if (collection === 'activities') {
        if (!id && method === 'GET') return sendJson(res, 200, deps.projection.listActivities(ws, parse(ActivityListParams, query(req))));
        if (!id && method === 'POST') return sendJson(res, 201, await deps.records.logActivity(ws, actor, await body()));
        if (id && !action && method === 'GET') {
          const a = deps.projection.getActivity(ws, id);
          if (!a) throw new NotFoundError('activities', id);
          return sendJson(res, 200, a);
        }
        throw new HttpError(404, 'No such API route: see /api/v1/openapi.json.');
      }
      const c = collection as Collection;
      if (!id) {
        if (method === 'GET') {
          const p = parse(ListParams, query(req));
          const { search, tag, scope, sort, order, limit, cursor, ...filters } = p;
          return sendJson(res, 200, deps.projection.list(ws, { collection: c, search, tag, scope, sort, order, limit, cursor, filters: filters as Record<string, string> }));
        }
        return sendJson(res, 201, await deps.records.create(ws, actor, c, await body()));
      }
      if (action === 'restore') return sendJson(res, 200, await deps.records.restore(ws, actor, c, id));
      if (action === 'convert' && c === 'leads') return sendJson(res, 200, await deps.records.convert(ws, actor, id, parse(ConvertOptions, await body())));
      if (action) throw new HttpError(404, 'No such API route: see /api/v1/openapi.json.');
      if (method === 'GET') {
        const r = deps.projection.get(ws, c, id);
        if (!r) throw new NotFoundError(c, id);
        return sendJson(res, 200, r);
      }
      if (method === 'PATCH') return sendJson(res, 200, await deps.records.update(ws, actor, c, id, await body()));
      return sendJson(res, 200, await deps.records.remove(ws, actor, c, id));
    } catch (error) {
      return fail(res, error);
    }
  };

  /**
   * Matching on email uses the identity rule (normalizeEmail); on a custom field, its value
   * (text compared trimmed and case-blind). One live match is updated, none creates, several
   * answer 409 with the candidates: the caller decides, nothing is guessed.
   */
  async function upsert(res: ServerResponse, ws: string, actor: { id: string; role: 'admin' | 'member' | 'viewer' }, input: z.infer<typeof UpsertLead>) {
    const fields = input.fields;
    let matches;
    if (input.on === 'email') {
      const email = normalizeEmail(typeof fields.email === 'string' ? fields.email : undefined);
      if (!email) throw new ValidationError([{ path: 'fields.email', message: 'an upsert on email needs a valid email address' }], 'upsert');
      matches = deps.projection.leadsByEmail(ws, email);
    } else {
      const fieldId = input.on.slice('custom.'.length);
      const value = (fields.custom as Record<string, unknown> | undefined)?.[fieldId];
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new ValidationError([{ path: `fields.custom.${fieldId}`, message: `an upsert on ${input.on} needs that custom field's value` }], 'upsert');
      const { view } = await deps.records.config(ws);
      if (!view.customFields.some((d) => d.id === fieldId && d.availableOn.includes('leads'))) throw new ValidationError([{ path: 'on', message: `no custom field "${fieldId}" on leads` }], 'upsert');
      matches = deps.projection.byCustomValue(ws, 'leads', fieldId, value);
    }
    if (matches.length > 1) return sendJson(res, 409, { error: `${matches.length} leads match ${input.on}: update one of them by id.`, candidates: matches });
    if (matches.length === 0) return sendJson(res, 201, { result: 'created', record: await deps.records.create(ws, actor, 'leads', fields) });
    return sendJson(res, 200, { result: 'updated', record: await deps.records.update(ws, actor, 'leads', matches[0].id, fields) });
  }
}

/**
 * The methods an API path answers, by its shape alone (null: no such route, answered 404 after
 * the key is checked): the one place that says what each route takes, for 405's `Allow`.
 */
export function apiRoute(path: string[]): { methods: readonly string[]; hint: string } | null {
  if (path.length === 1 && path[0] === 'openapi.json') return { methods: ['GET'], hint: 'The OpenAPI document is read with GET.' };
  const [ws, collection, id, action, ...extra] = path;
  if (!ws || !collection || extra.length) return null;
  if (collection === 'config') return id && !action ? { methods: ['GET'], hint: 'The workspace settings are read-only through the API: GET /config/<list>.' } : null;
  if (!isApiCollection(collection)) return null;
  if (collection === 'leads' && id === 'upsert' && !action) return { methods: ['PUT'], hint: 'Upsert is PUT /leads/upsert.' };
  if (collection === 'activities') {
    if (action) return null;
    return id ? { methods: ['GET'], hint: 'An activity is read (GET) through the API; it is edited in Outpost.' } : { methods: ['GET', 'POST'], hint: 'Activities are listed (GET) and logged (POST) through the API.' };
  }
  if (!id) return { methods: ['GET', 'POST'], hint: `Use GET or POST on /${collection}.` };
  if (action === 'restore') return { methods: ['POST'], hint: 'Restore is POST /<collection>/<id>/restore.' };
  if (action === 'convert' && collection === 'leads') return { methods: ['POST'], hint: 'Convert is POST /leads/<id>/convert.' };
  if (action) return null;
  return { methods: ['GET', 'PATCH', 'DELETE'], hint: `Use GET, PATCH or DELETE on /${collection}/<id>.` };
}

/**
 * The query's parameters, each given once: `?limit=1&limit=500` was read as one of them, silently
 * (which one a proxy or a client library keeps differs), and a filter given twice as the last only.
 */
function query(req: IncomingMessage): Record<string, string> {
  // URLSearchParams reads a broken escape as written (`?email=%ZZ` searched for "%ZZ") and bytes
  // that are no UTF-8 (`%FF`) as U+FFFD: a filter that matched something else than what was sent.
  const raw = (req.url ?? '').split('?').slice(1).join('?');
  try {
    decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'The query has a % escape that is broken or not UTF-8: write % itself as %25.');
  }
  const params = new URL(req.url ?? '/', 'http://relay').searchParams;
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) throw new HttpError(400, `The query parameter "${name}" is given ${params.getAll(name).length} times: give it once.`, [{ path: name, message: 'given more than once' }]);
    seen.add(name);
  }
  return Object.fromEntries(params);
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw ValidationError.fromZod(r.error, 'request');
  return r.data;
}

function fail(res: ServerResponse, error: unknown) {
  if (error instanceof HttpError) return sendJson(res, error.status, { error: error.message, ...(error.details ? { fields: error.details } : {}) }, error.headers);
  if (error instanceof ValidationError) return sendJson(res, 400, { error: error.message, fields: error.issues });
  if (error instanceof RuleError) return sendJson(res, 422, { error: error.message, fields: error.path ? [{ path: error.path, message: error.message }] : [] });
  if (error instanceof NotFoundError) return sendJson(res, 404, { error: error.message });
  if (error instanceof PermissionError) return sendJson(res, 403, { error: error.message });
  if (error instanceof ProjectionQueryError) return sendJson(res, 400, { error: `${error.path} ${error.message}`, fields: [{ path: error.path, message: error.message }] });
  throw error;
}

