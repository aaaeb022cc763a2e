import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { RecordEvent } from '../../../sync-server/events/record-events.ts';
import { waitFor } from '../relay/helpers.ts';

export type Received = { headers: IncomingHttpHeaders; body: string; path: string };
/** `hang`: never answer; `endless`: a 2xx status, then a body that never ends. */
export type Reply = { status: number; headers?: Record<string, string>; body?: string; hang?: boolean; endless?: boolean };

/** A webhook receiver on 127.0.0.1: records every request as received; answers as told. */
export async function startReceiver() {
  const received: Received[] = [];
  let reply: (index: number, r: Received) => Reply = () => ({ status: 200 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '/' };
      received.push(r);
      const answer = reply(received.length - 1, r);
      if (answer.hang) return;
      res.writeHead(answer.status, answer.headers ?? {});
      if (!answer.endless) return void res.end(answer.body ?? '');
      const chunk = 'x'.repeat(16 * 1024);
      const timer = setInterval(() => res.write(chunk), 1);
      res.on('close', () => clearInterval(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    replyWith(fn: (index: number, r: Received) => Reply) {
      reply = fn;
    },
    async waitForCount(n: number, timeoutMs = 15_000) {
      await waitFor(() => received.length >= n, timeoutMs, `${n} webhook requests (got ${received.length})`);
      return received.slice(0, n);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

let seq = 0;
/** A record event as the API projection emits it (until that projection is merged, tests emit on the bus). */
export function recordEvent(workspaceId: string, over: Partial<RecordEvent> = {}): RecordEvent {
  seq++;
  const recordId = over.recordId ?? `lead-${seq}`;
  return {
    id: `evt-${process.pid}-${Date.now()}-${seq}`,
    workspaceId,
    type: 'created',
    collection: 'leads',
    recordId,
    at: Date.now(),
    record: { id: recordId, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    previous: null,
    changedFields: [],
    origin: 'local',
    ...over,
  };
}

/** An admin HTTP call with a bearer token; answers status and JSON. */
export async function adminCall(httpUrl: string, token: string | undefined, method: string, path: string, body?: unknown) {
  const res = await fetch(`${httpUrl}/admin/workspaces/${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
