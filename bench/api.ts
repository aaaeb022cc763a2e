/**
 * REST API figures of issue 15, each with a baseline measured in the same run (relay in this
 * process, LevelDB in a temp folder, requests over HTTP on 127.0.0.1):
 *   A1 create a lead, 50 requests in flight at once: p50 and p99 ms (baseline: GET /healthz at
 *      the same concurrency: what HTTP and the event loop cost before any CRM work)
 *   A2 search over a 50,000-record workspace (leads, people, companies, opportunities): p95 ms
 *      of GET /leads?search=… (baseline: a no-op HTTP request just before each search)
 *   A2-query the same searches on the projection in process (baseline: the raw SQLite prefix
 *      lookup on the word index, no rows read)
 *   A2-rebuild the projection built from the stored shards of that workspace (no baseline)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay } from '../sync-server/server.ts';
import { buildWorkspace, encodeWorkspace, SIZE_50K, SIZE_10K } from './support/workspace.ts';
import type { BenchResult } from './types.ts';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(2);
};

/** Runs `total` requests with `inFlight` at once; the latency of each, in ms. */
async function load(inFlight: number, total: number, request: (i: number) => Promise<Response>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const res = await request(i);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`request ${i} failed: ${res.status}`);
      times.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return times;
}

export async function run({ quick }: { quick: boolean }): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'outpost-bench-api-'));
  const relay = await startRelay({ port: 0, dataDir: dir, log: () => {}, limits: { apiRequestsPerMinute: 1e9, roomIdleMs: 600_000 } });
  const out: BenchResult[] = [];
  try {
    const mint = async (workspaceId: string, adminToken: string) => {
      const res = await fetch(`${relay.httpUrl}/admin/workspaces/${workspaceId}/api-keys`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', role: 'member' }) });
      return ((await res.json()) as { token: string }).token;
    };

    // A1: creates at 50 in flight, in an empty workspace.
    {
      const { workspace, invite } = await relay.registry.createWorkspace('Bench A1');
      const token = await mint(workspace.id, (await relay.registry.exchange(invite.token)).token);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const total = quick ? 200 : 1000;
      await load(10, 50, () => fetch(`${relay.httpUrl}/healthz`)); // warm-up
      const baseline = await load(50, total, () => fetch(`${relay.httpUrl}/healthz`));
      await load(10, 50, (i) => fetch(`${relay.httpUrl}/api/v1/${workspace.id}/leads`, { method: 'POST', headers, body: JSON.stringify({ name: { first: 'Warm', last: String(i) } }) }));
      const creates = await load(50, total, (i) => fetch(`${relay.httpUrl}/api/v1/${workspace.id}/leads`, { method: 'POST', headers, body: JSON.stringify({ name: { first: 'Ada', last: `Bench${i}` }, email: `ada${i}@bench.example`, companyName: 'Bench Ltd', tags: ['bench'] }) }));
      const note = `${total} creates of a lead, 50 in flight, each answered once on disk and in the projection; baseline: GET /healthz at the same concurrency`;
      out.push({ id: 'A1-p50', value: pct(creates, 50), unit: 'ms', baseline: pct(baseline, 50), ratio: +(pct(creates, 50) / pct(baseline, 50)).toFixed(2), note });
      out.push({ id: 'A1-p99', value: pct(creates, 99), unit: 'ms', baseline: pct(baseline, 99), ratio: +(pct(creates, 99) / pct(baseline, 99)).toFixed(2), note });
    }

    // A2: search over a 50k-record workspace written straight into storage, then projected.
    {
      const size = quick ? { ...SIZE_10K, activities: 0 } : { ...SIZE_50K, activities: 0 };
      const records = size.leads + size.people + size.companies + size.opportunities;
      const { workspace, invite } = await relay.registry.createWorkspace('Bench A2');
      const token = await mint(workspace.id, (await relay.registry.exchange(invite.token)).token);
      const docs = buildWorkspace(size);
      const updates = encodeWorkspace(docs);
      docs.destroy();
      await relay.storage.append([...updates].map(([key, update]) => ({ room: `${workspace.id}/${key}`, update })));
      const t0 = performance.now();
      await relay.projection.ensureWorkspace(workspace.id);
      const rebuild = performance.now() - t0;
      out.push({ id: 'A2-rebuild', value: Math.round(rebuild), unit: 'ms', baseline: null, ratio: null, note: `the projection of ${records} records built from their stored shards` });

      const FIRST = ['ada', 'grace', 'alan', 'edsger', 'barbara', 'donald', 'margaret', 'ken', 'radia', 'linus'];
      const LAST = ['lovelace', 'hop', 'turing', 'dijk', 'lisk', 'knuth', 'hamil', 'thomp', 'perl', 'torv'];
      const queries = Array.from({ length: quick ? 100 : 400 }, (_, i) => (i % 3 === 0 ? FIRST[i % FIRST.length] : i % 3 === 1 ? `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}` : `lead${(i * 37) % size.leads}`));
      const headers = { authorization: `Bearer ${token}` };
      const search = (i: number) => fetch(`${relay.httpUrl}/api/v1/${workspace.id}/leads?search=${encodeURIComponent(queries[i])}&limit=50`, { headers });
      await load(1, 20, search); // warm-up
      // Each search is paired with a no-op request just before it, so both see the same machine load.
      const times: number[] = [];
      const noop: number[] = [];
      for (let i = 0; i < queries.length; i++) {
        noop.push(...(await load(1, 1, () => fetch(`${relay.httpUrl}/healthz`))));
        times.push(...(await load(1, 1, () => search(i))));
      }
      const inProcess: number[] = [];
      const raw = relay.projection.db.prepare(`SELECT id FROM words WHERE ws = ? AND word >= ? AND word < ? AND collection = 'leads' LIMIT 50`);
      const rawTimes: number[] = [];
      for (const q of queries) {
        let t = performance.now();
        relay.projection.list(workspace.id, { collection: 'leads', search: q, limit: 50 });
        inProcess.push(performance.now() - t);
        const w = q.split(' ')[0];
        t = performance.now();
        raw.all(workspace.id, w, w + '\uffff');
        rawTimes.push(performance.now() - t);
      }
      out.push({ id: 'A2', value: pct(times, 95), unit: 'ms', baseline: pct(noop, 95), ratio: +(pct(times, 95) / pct(noop, 95)).toFixed(2), goal: '<= 50 ms', note: `p95 of ${queries.length} searches over HTTP (one word, two words, an email prefix) over ${records} records, one at a time, first page of 50 in name order; baseline: a no-op HTTP request (GET /healthz) made just before each search` });
      out.push({ id: 'A2-query', value: pct(inProcess, 95), unit: 'ms', baseline: pct(rawTimes, 95), ratio: +(pct(inProcess, 95) / Math.max(pct(rawTimes, 95), 0.01)).toFixed(1), note: 'the same searches on the projection in process (no HTTP); baseline: the raw SQLite prefix lookup of the first word (ids only)' });
    }
  } finally {
    await relay.close();
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}
