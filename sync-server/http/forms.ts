import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { Activity, fieldKeys, newId, WebForm, type FieldIssue } from '../../src/domain/index.ts';
import { createRecord, freshUpdate, putActivity, putHistory } from '../../src/layout/record-write.ts';
import type { HistoryEntry } from '../../src/layout/history-doc.ts';
import { activityDocKey, recordDocKey } from '../../src/domain/routing.ts';
import type { RoomManager } from '../rooms/room-manager.ts';
import type { DurableWriter } from '../storage/durable-writer.ts';
import type { Metrics } from '../metrics.ts';
import { parseFormBody, readSubmission, type WebFormConfig } from '../forms/submission.ts';
import { createRateLimiter } from '../forms/rate-limit.ts';
import { HttpError, readBody, sendJson, sendText } from './respond.ts';

export type FormDeps = {
  /** Whether the workspace exists: a post to an unknown one must not load (or create) any room. */
  workspaceExists: (workspaceId: string) => Promise<boolean>;
  rooms: RoomManager;
  writer: DurableWriter;
  metrics: Metrics;
  postsPerMinute: number;
  addressTableSize: number;
  now?: () => number;
  /** What per-address limits count for the poster (through trusted proxies: sync-server/http/client-address.ts). */
  clientKey: (req: IncomingMessage) => string;
};

/**
 * `POST /forms/<workspaceId>/<formId>`: a public web-to-lead form. Any site may post (CORS *).
 * The lead and its message are written into the live rooms (so connected clients see them at
 * once) and answered only after they are on disk.
 */
export function createFormHandler(deps: FormDeps) {
  const limiter = createRateLimiter({ perMinute: deps.postsPerMinute, maxAddresses: deps.addressTableSize });
  const rateLimited = (ip: string) => limiter.hit(ip, deps.now?.() ?? Date.now());

  return async function handleForm(req: IncomingMessage, res: ServerResponse, path: string[]) {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type');
    const wantsJson = (req.headers.accept ?? '').includes('application/json') || (req.headers['content-type'] ?? '').includes('json');
    const fail = (status: number, error: string, fields?: FieldIssue[]) => {
      deps.metrics.inc('outpost_form_posts_total', 1, { result: String(status) });
      if (wantsJson) return sendJson(res, status, { error, fields });
      return sendText(res, status, page('The form could not be sent', error, fields), 'text/html; charset=utf-8');
    };
    if (req.method === 'OPTIONS') return sendText(res, 204, '');
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST, OPTIONS');
      return fail(405, 'Forms accept POST only.');
    }
    const [workspaceId, formId] = path;
    if (!workspaceId || !formId || path.length !== 2) return fail(404, 'Unknown form.');
    if (rateLimited(deps.clientKey(req))) return fail(429, 'Too many submissions from this address; try again in a minute.');
    if (!(await deps.workspaceExists(workspaceId))) return fail(404, 'Unknown form.');
    let body: string;
    try {
      body = await readBody(req, 32 * 1024);
    } catch (error) {
      return fail(error instanceof HttpError ? error.status : 400, (error as Error).message);
    }
    const values = parseFormBody(req.headers['content-type'], body);
    if (!values) return fail(415, 'Send the form as application/x-www-form-urlencoded or JSON.');

    const config = await withConfig(deps.rooms, workspaceId, (doc) => readForm(doc, formId));
    if (!config) return fail(404, 'Unknown form.');
    const { form, defaultStatusId } = config;
    const result = readSubmission(form, values, { statusId: defaultStatusId });
    if (!result.ok) return fail(400, 'Some fields need attention.', result.issues);
    if (result.spam) {
      deps.metrics.inc('outpost_form_posts_total', 1, { result: 'spam' });
      return thanks(res, form, wantsJson, null); // look successful: a bot learns nothing
    }
    const leadId = newId();
    const at = Date.now();
    const by = `form:${form.id}`;
    // The lead goes to its own shard, its message to the lead's activity shard (routing.ts).
    const lead = result.submission.lead;
    // Where each value came from: this form, on the page that posted it (when the browser says).
    const postedFrom = formPage(req.headers.referer);
    // The same write as the extension's and the API's (src/layout/record-write.ts): keys, provenance, history.
    const w = { by, at };
    const write = { origin: { method: 'web-form' as const, formId: form.id, ...(postedFrom ? { url: postedFrom } : {}) } };
    let created: HistoryEntry | undefined;
    await deps.rooms.write(workspaceId, recordDocKey(leadId), freshUpdate((d) => { created = createRecord(d, 'leads', leadId, lead, w, { write, asked: fieldKeys(lead) }); }));
    const message = result.submission.message
      ? Activity.parse({ id: newId(), typeId: 'note', parent: { type: 'leads', id: leadId }, details: result.submission.message, date: at, authorId: by, createdAt: at, createdBy: by, updatedAt: at, updatedBy: by })
      : undefined;
    await deps.rooms.write(workspaceId, activityDocKey(leadId), freshUpdate((d) => {
      putHistory(d, [created!]);
      if (message) putActivity(d, message);
    }));
    await deps.writer.whenFlushed();
    deps.metrics.inc('outpost_form_posts_total', 1, { result: 'created' });
    return thanks(res, form, wantsJson, leadId);
  };
}

/** Reads the workspace's config from its stored updates (a small doc, built for this read only). */
async function withConfig<T>(rooms: RoomManager, workspaceId: string, use: (doc: Y.Doc) => T): Promise<T> {
  const room = await rooms.get(workspaceId, 'config');
  const doc = new Y.Doc();
  try {
    const stored = await rooms.readStored(room);
    if (stored.length) Y.applyUpdate(doc, Y.mergeUpdates(stored));
    return use(doc);
  } finally {
    doc.destroy();
    rooms.released(room);
  }
}

function readForm(doc: Y.Doc, formId: string): { form: WebFormConfig; defaultStatusId: string } | null {
  const parsed = WebForm.safeParse(doc.getMap('forms').get(formId));
  if (!parsed.success || !parsed.data.enabled) return null;
  const status = doc.getMap('settings').get('defaultLeadStatusId');
  return { form: parsed.data, defaultStatusId: typeof status === 'string' ? status : 'new' };
}

function thanks(res: ServerResponse, form: WebFormConfig, wantsJson: boolean, leadId: string | null) {
  if (wantsJson) return sendJson(res, 201, { ok: true, leadId });
  if (form.redirectUrl) {
    res.writeHead(303, { location: form.redirectUrl });
    return res.end();
  }
  return sendText(res, 200, page('Thank you', 'Your message was sent. We will be in touch.'), 'text/html; charset=utf-8');
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, text: string, fields: FieldIssue[] = []) {
  const list = fields.length ? `<ul>${fields.map((f) => `<li>${escape(f.path)}: ${escape(f.message)}</li>`).join('')}</ul>` : '';
  return `<!doctype html><meta charset="utf-8"><title>${escape(title)}</title><h1>${escape(title)}</h1><p>${escape(text)}</p>${list}`;
}

/** The posting page from the Referer header: an http(s) URL without its query (which may carry personal data), else none. */
function formPage(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    const u = new URL(referer);
    return u.protocol === 'http:' || u.protocol === 'https:' ? `${u.origin}${u.pathname}`.slice(0, 2048) : undefined;
  } catch {
    return undefined;
  }
}
