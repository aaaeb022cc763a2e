import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { Activity, newId, WebForm, type FieldIssue } from '../../src/domain/index.ts';
import { newRecordUpdate } from '../../src/store/records-doc.ts';
import type { RoomManager } from '../rooms/room-manager.ts';
import { Origin, type Room } from '../rooms/room.ts';
import type { DurableWriter } from '../storage/durable-writer.ts';
import type { Metrics } from '../metrics.ts';
import { parseFormBody, readSubmission, type WebFormConfig } from '../forms/submission.ts';
import { createRateLimiter } from '../forms/rate-limit.ts';
import { HttpError, readBody, sendJson, sendText } from './respond.ts';

export type FormDeps = { rooms: RoomManager; writer: DurableWriter; metrics: Metrics; postsPerMinute: number; addressTableSize: number; now?: () => number };

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
    if (req.method !== 'POST') return fail(405, 'Forms accept POST only.');
    const [workspaceId, formId] = path;
    if (!workspaceId || !formId || path.length !== 2) return fail(404, 'Unknown form.');
    if (rateLimited(req.socket.remoteAddress ?? 'unknown')) return fail(429, 'Too many submissions from this address; try again in a minute.');
    let body: string;
    try {
      body = await readBody(req, 32 * 1024);
    } catch (error) {
      return fail(error instanceof HttpError ? error.status : 400, (error as Error).message);
    }
    const values = parseFormBody(req.headers['content-type'], body);
    if (!values) return fail(415, 'Send the form as application/x-www-form-urlencoded or JSON.');

    const config = await withRoom(deps.rooms, workspaceId, 'config', (room) => readForm(room.doc, formId));
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
    await withRoom(deps.rooms, workspaceId, 'records', (room) => Y.applyUpdate(room.doc, newRecordUpdate('leads', leadId, result.submission.lead, by, at), Origin.form));
    if (result.submission.message) {
      const activity = Activity.parse({ id: newId(), typeId: 'note', parent: { type: 'leads', id: leadId }, details: result.submission.message, date: at, authorId: by, createdAt: at, createdBy: by, updatedAt: at, updatedBy: by });
      await withRoom(deps.rooms, workspaceId, 'activities', (room) => room.doc.transact(() => room.doc.getMap('activities').set(activity.id, activity), Origin.form));
    }
    await deps.writer.whenFlushed();
    deps.metrics.inc('outpost_form_posts_total', 1, { result: 'created' });
    return thanks(res, form, wantsJson, leadId);
  };
}

/** Runs `use` on a loaded room; a room loaded only for this is released so it can unload. */
async function withRoom<T>(rooms: RoomManager, workspaceId: string, doc: 'config' | 'records' | 'activities', use: (room: Room) => T): Promise<T> {
  const room = await rooms.get(workspaceId, doc);
  try {
    return use(room);
  } finally {
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
