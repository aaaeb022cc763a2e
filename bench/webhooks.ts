/**
 * Webhook figure of issue 15.
 *   A3 webhook delivery latency: a record event emitted on the relay's bus → the receiver has the
 *      whole signed request (p50, ms; A3.p99 too). The relay persists the delivery in its SQLite
 *      queue (WAL, synchronous=FULL) before sending, checks the target against the allow-list,
 *      signs and POSTs it. Baseline, same run, same receiver: a plain HTTP POST of the same body
 *      from this process (node:http, new connection each time, as the relay does).
 * Relay, receiver and baseline client share this process; events are sequential.
 */
import { createServer, request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay } from '../sync-server/server.ts';
import type { RecordEvent } from '../sync-server/events/record-events.ts';
import type { BenchResult } from './types.ts';
import { pct } from './relay.ts';

/** Between events, so each is measured alone (the relay records the previous outcome after the receiver answered). */
const GAP_MS = 25;
const round = (v: number) => Math.round(v * 100) / 100;

async function receiver() {
  let onRequest: (body: string) => void = () => {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      onRequest(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
    next: () => new Promise<string>((resolve) => (onRequest = resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function plainPost(url: string, body: string) {
  return new Promise<void>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const samples = quick ? 50 : 300;
  const dir = await mkdtemp(join(tmpdir(), 'outpost-bench-webhooks-'));
  const relay = await startRelay({ port: 0, dataDir: dir, log: () => {}, webhooks: { allow: ['127.0.0.1'] } });
  const recv = await receiver();
  try {
    const { workspace, invite } = await relay.registry.createWorkspace('Bench');
    const admin = (await relay.registry.exchange(invite.token)).token;
    const res = await fetch(`${relay.httpUrl}/admin/workspaces/${workspace.id}/webhooks`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: recv.url }) });
    if (res.status !== 201) throw new Error(`subscribe failed: ${res.status} ${await res.text()}`);
    const event = (i: number): RecordEvent => ({ id: `bench-${i}`, workspaceId: workspace.id, type: 'updated', collection: 'leads', recordId: `lead-${i}`, at: Date.now(), record: { id: `lead-${i}`, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', statusId: 'open' }, previous: { id: `lead-${i}`, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', statusId: 'new' }, changedFields: ['statusId'], origin: 'local' });

    const measure = async (send: (i: number) => unknown) => {
      const times: number[] = [];
      for (let i = 0; i < samples + 5; i++) {
        const got = recv.next();
        const t0 = performance.now();
        void send(i);
        const body = await got;
        if (!body) throw new Error('empty delivery');
        if (i >= 5) times.push(performance.now() - t0); // the first few warm up the JIT and SQLite
        await new Promise((r) => setTimeout(r, GAP_MS));
      }
      return times.sort((a, b) => a - b);
    };
    const hook = await measure((i) => relay.events.emit(event(i)));
    const body = JSON.stringify({ ...event(0), workspace: workspace.id });
    const base = await measure(() => plainPost(recv.url, body));
    const note = `${samples} events ${GAP_MS} ms apart, one subscription, receiver on 127.0.0.1 answering 204; relay: SQLite queue (WAL, synchronous=FULL) then signed POST; baseline: plain POST of a same-size body (p50 ${round(pct(base, 0.5))} ms, p99 ${round(pct(base, 0.99))} ms)`;
    return [
      { id: 'A3', value: round(pct(hook, 0.5)), unit: 'ms', baseline: round(pct(base, 0.5)), ratio: round(pct(hook, 0.5) / pct(base, 0.5)), goal: 'p50, reported', note },
      { id: 'A3.p99', value: round(pct(hook, 0.99)), unit: 'ms', baseline: round(pct(base, 0.99)), ratio: round(pct(hook, 0.99) / pct(base, 0.99)), note },
    ];
  } finally {
    await recv.close();
    await relay.close();
    await rm(dir, { recursive: true, force: true });
  }
}
