import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.ts';

/**
 * The method a route matches a request by: HEAD is GET without the body (RFC 9110 §9.3.2), so
 * every route that answers GET answers HEAD with the same status and headers. Node's response
 * to a HEAD request drops whatever body is written.
 */
export const routeMethod = (req: IncomingMessage): string => (req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET'));

/** The `Allow` header of a route answering `methods`: HEAD wherever GET is. */
export function allowHeader(methods: readonly string[]): string {
  const all = methods.includes('GET') && !methods.includes('HEAD') ? [...methods, 'HEAD'] : [...methods];
  return all.join(', ');
}

/**
 * Throws 405 with `Allow` (RFC 9110 §15.5.6) unless the route answers the request's method:
 * a client told only "405" cannot know what to send instead.
 */
export function requireMethod(req: IncomingMessage, methods: readonly string[], message: string): void {
  if (methods.includes(routeMethod(req))) return;
  throw new HttpError(405, message, undefined, { allow: allowHeader(methods) });
}
