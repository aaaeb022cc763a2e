import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress, TargetPolicy } from './target-policy.ts';

export type SendLimits = {
  /** Whole attempt (connect, send, status line): a receiver that hangs cannot hold a worker. */
  timeoutMs: number;
  /** Response bytes read (kept as a snippet for the admin); the rest is dropped unread. */
  maxResponseBytes: number;
  /** Redirects followed, each target checked like the first. */
  maxRedirects: number;
};

export type SendResult = { ok: boolean; status: number | null; error: string | null; responseSnippet: string; retryAfterMs: number | null };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A lookup that answers with the addresses the policy already checked (no DNS rebinding). */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  }) as unknown as LookupFunction;
}

function retryAfter(res: IncomingMessage): number | null {
  const value = res.headers['retry-after'];
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function postOnce(url: URL, addresses: ResolvedAddress[], headers: Record<string, string>, body: string, limits: SendLimits, signal: AbortSignal) {
  return new Promise<{ status: number; location: string | undefined; snippet: string; retryAfterMs: number | null }>((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: pinnedLookup(addresses), signal, agent: false });
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, snippet: Buffer.concat(chunks).toString('utf8').slice(0, limits.maxResponseBytes), retryAfterMs: retryAfter(res) });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (size < limits.maxResponseBytes) chunks.push(chunk.subarray(0, limits.maxResponseBytes - size));
        size += chunk.length;
        // Past the cap, stop reading: a receiver cannot make the relay download a large body.
        if (size >= limits.maxResponseBytes) done();
      });
      res.once('end', done);
      res.once('error', done);
    });
    req.end(body);
  });
}

/** Posts one signed delivery; never throws (every failure is a result the queue records). */
export async function sendWebhook(target: string, headers: Record<string, string>, body: string, policy: TargetPolicy, limits: SendLimits, cancel?: AbortSignal): Promise<SendResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${limits.timeoutMs} ms`)), limits.timeoutMs);
  const onCancel = () => controller.abort(new Error('relay shutting down'));
  cancel?.addEventListener('abort', onCancel, { once: true });
  const fail = (error: string, status: number | null = null): SendResult => ({ ok: false, status, error, responseSnippet: '', retryAfterMs: null });
  try {
    let url = new URL(target);
    for (let hop = 0; ; hop++) {
      const checked = await policy.check(url);
      if (!checked.ok) return fail(hop ? `Redirect refused: ${checked.reason}` : checked.reason);
      const answer = await postOnce(url, checked.addresses, headers, body, limits, controller.signal);
      if (REDIRECTS.has(answer.status) && answer.location) {
        if (hop >= limits.maxRedirects) return fail(`More than ${limits.maxRedirects} redirects.`, answer.status);
        const next = new URL(answer.location, url);
        if (url.protocol === 'https:' && next.protocol !== 'https:') return fail(`Redirect refused: from https to ${next.protocol}`, answer.status);
        url = next;
        continue;
      }
      const ok = answer.status >= 200 && answer.status < 300;
      return { ok, status: answer.status, error: ok ? null : `HTTP ${answer.status}`, responseSnippet: answer.snippet, retryAfterMs: answer.retryAfterMs };
    }
  } catch (error) {
    const reason = controller.signal.aborted ? (controller.signal.reason as Error).message : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
    return fail(reason);
  } finally {
    clearTimeout(timer);
    cancel?.removeEventListener('abort', onCancel);
  }
}
