import type { IncomingMessage, ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

export function sendText(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8', headers: Record<string, string> = {}) {
  // A body too large was left unread on the socket: it cannot carry another request.
  if (status === 413) headers = { ...headers, connection: 'close' };
  // The relay's pages (a web form's answer) are text: no script, style or frame may load in them.
  if (contentType.startsWith('text/html')) headers = { 'content-security-policy': "default-src 'none'", ...headers };
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(body);
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    /** Sent with the answer (`allow` of a 405, say). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Reads a request body with a cap, so a huge post cannot exhaust memory. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, `Request body is larger than ${maxBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Arrays and objects nested in each other that a JSON body may hold: a record, a form or an
 * admin request nests a few levels. Past about 3,000 the `__proto__` check (a reviver, recursive
 * in V8) ran out of stack and the answer was "Body is not valid JSON", which it was.
 */
export const MAX_JSON_DEPTH = 64;

export async function readJson(req: IncomingMessage, maxBytes = 64 * 1024): Promise<unknown> {
  const text = await readBody(req, maxBytes);
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `Body is not valid JSON${error instanceof SyntaxError ? ` (${error.message})` : ''}.`);
  }
  checkJsonShape(parsed);
  return parsed;
}

/**
 * Walks a parsed body without recursion: nesting past `MAX_JSON_DEPTH`, and any `__proto__` key
 * (no field of anything the relay takes; spread or merged, it would reach a prototype), are refused.
 */
function checkJsonShape(value: unknown) {
  const open: Array<[unknown, number]> = [[value, 0]];
  while (open.length) {
    const [v, depth] = open.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_JSON_DEPTH) throw new HttpError(400, `The body is nested too deeply: arrays and objects more than ${MAX_JSON_DEPTH} levels inside each other, which no request needs.`);
    const entries = Array.isArray(v) ? v : Object.keys(v).map((key) => {
      if (key === '__proto__') throw new HttpError(400, 'The body has a "__proto__" key, which no field may have.');
      checkText(key);
      return (v as Record<string, unknown>)[key];
    });
    for (const child of entries) {
      if (typeof child === 'string') checkText(child);
      else if (typeof child === 'object' && child !== null) open.push([child, depth + 1]);
    }
  }
}

/** Half of a UTF-16 pair without its other half: JSON may say `"\ud800"`, no text holds it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text that is not Unicode was stored as U+FFFD, silently: what was read back was not what was sent. */
function checkText(s: string) {
  if (LONE_SURROGATE.test(s)) throw new HttpError(400, 'The body has text that is not valid Unicode (half of a surrogate pair, such as \\ud800 alone): send the character whole.');
}

/** A JSON request body: refused with 415 unless the request says it is JSON (`application/json`, `…+json`) or has none. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const json = type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
  // No body at all (a POST …/convert with the defaults) needs no type.
  if (!json && (type || Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'])) throw new HttpError(415, 'Send the body as JSON, with content-type: application/json.');
  return readJson(req, maxBytes);
}

/**
 * The request's URL, or null when its target is no valid path (`//`, `http://[::1`, a bad port
 * or escape in a host): `new URL` throws on those, and a throw in a request handler ended the process.
 */
export function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://relay');
  } catch {
    return null;
  }
}

export const BAD_TARGET_REASON = 'The request target is not a valid path.';

export const bearer = (req: IncomingMessage) => /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];

export function originAllowed(origin: string | undefined, allowed: string[]): boolean {
  if (!origin) return true; // non-browser clients send none; browsers always do
  return allowed.some((pattern) => (pattern.endsWith('*') ? origin.startsWith(pattern.slice(0, -1)) : origin === pattern));
}
