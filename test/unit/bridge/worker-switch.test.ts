import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { serveEngine, SWITCHING_MESSAGE } from '../../../src/ext/engine-runtime.ts';
import { EngineWorkerHome } from '../../../src/bridge/worker-home.ts';
import { BRIDGE_VERSION, WORKSPACE_CHANGED, type EngineCall, type EngineReply } from '../../../src/bridge/protocol.ts';
import type { Endpoint } from '../../../src/bridge/worker-protocol.ts';
import { ReadDB, readDbName } from '../../../src/store/read-db.ts';
import { queryList } from '../../../src/store/queries.ts';

/**
 * A workspace switch (joining a team, leaving one) inside the engine's one Worker: the old
 * engine closes and the new workspace's engine starts in the same Worker, over a real
 * MessageChannel with the real engine on fake-indexeddb. The page that asked sees one clean
 * switch: nothing of the old workspace in the new one, and every call answered by the engine of
 * the workspace it was meant for, or refused saying why.
 */
const opened: { home: EngineWorkerHome; ports: MessagePort[] }[] = [];
const dbs: ReadDB[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) { await o.home.stop(); for (const p of o.ports) p.close(); }
  for (const db of dbs.splice(0)) db.close();
});

function pair(profile: unknown, options: Parameters<typeof serveEngine>[1] = {}) {
  const { port1, port2 } = new MessageChannel();
  serveEngine(port2 as unknown as Endpoint, options);
  const home = new EngineWorkerHome(port1 as unknown as Endpoint, profile);
  port1.start(); port2.start();
  opened.push({ home, ports: [port1, port2] });
  return home;
}
const profile = (workspaceId: string) => ({ workspaceId, memberId: 'me', role: 'admin', name: 'Me' });
const fresh = () => `w-${Math.random().toString(36).slice(2)}`;
/** A call as a page sends it: `ws` names the workspace the page shows (EngineClient does this). */
const call = <T = unknown>(home: EngineWorkerHome, c: EngineCall, ws?: string) =>
  home.call({ target: 'engine', v: BRIDGE_VERSION, ...(ws ? { ws } : {}), call: c }, true) as Promise<EngineReply<T>>;
const createLead = (home: EngineWorkerHome, first: string, ws?: string) =>
  call<{ id: string }>(home, { op: 'create', collection: 'leads', input: { name: { first, last: 'Test' } } }, ws);
const idOf = (reply: EngineReply<{ id: string }>) => { if (!reply.ok) throw new Error(reply.error.message); return reply.value.id; };
/** The leads list a page of this workspace shows: its read model, as the side panel reads it. */
async function listed(ws: string): Promise<string[]> {
  const db = new ReadDB(readDbName(ws));
  dbs.push(db);
  return (await queryList(db, { type: 'leads', limit: 50 })).rows.map((r) => r.id);
}

describe('switching workspace inside the engine Worker', () => {
  it('leaves no state of the old workspace: its records are not found, its list not shown, its writes not taken', async () => {
    const [a, b] = [fresh(), fresh()];
    const home = pair(profile(a));
    const ada = idOf(await createLead(home, 'Ada', a));
    expect(await listed(a)).toEqual([ada]);

    await home.switchTo(profile(b));
    expect(await call(home, { op: 'status' })).toMatchObject({ ok: true, value: { workerEngines: 2 } }); // the same Worker, its second engine
    expect(await call(home, { op: 'get', collection: 'leads', id: ada })).toEqual({ ok: true, value: null });
    expect(await listed(b)).toEqual([]);
    // A page still showing A (opened before the switch) writes: refused, and lands nowhere.
    const stale = await createLead(home, 'Stale', a);
    expect(stale).toMatchObject({ ok: false, error: { code: WORKSPACE_CHANGED, message: expect.stringMatching(/switched to another workspace.*reload/i) } });
    const grace = idOf(await createLead(home, 'Grace', b));
    expect(await listed(b)).toEqual([grace]);

    // And back: A has what it had, and nothing written while B ran.
    await home.switchTo(profile(a));
    expect(await call(home, { op: 'get', collection: 'leads', id: grace })).toEqual({ ok: true, value: null });
    expect(await call(home, { op: 'get', collection: 'leads', id: ada })).toMatchObject({ ok: true, value: { id: ada, name: { first: 'Ada' } } });
    expect(await listed(a)).toEqual([ada]);
  });

  it('answers a call in flight with the engine it was sent to, and holds calls made during the switch for the new one', async () => {
    const [a, b] = [fresh(), fresh()];
    const home = pair(profile(a));
    await home.started;
    const inFlight = createLead(home, 'Ada', a); // sent before the switch: A's engine answers it, once saved
    const switched = home.switchTo(profile(b));
    const during = createLead(home, 'Bob'); // sent while A closes: waits, then B's engine answers it
    const staleDuring = call(home, { op: 'config' }, a); // a page of A asking meanwhile: refused by B, not answered by A
    const ada = idOf(await inFlight);
    await switched;
    const bob = idOf(await during);
    expect(await staleDuring).toMatchObject({ ok: false, error: { code: WORKSPACE_CHANGED } });
    expect(await listed(b)).toEqual([bob]);
    expect(await call(home, { op: 'get', collection: 'leads', id: ada }, b)).toEqual({ ok: true, value: null });
    await home.switchTo(profile(a));
    expect(await listed(a)).toEqual([ada]);
    expect(await call(home, { op: 'get', collection: 'leads', id: bob }, a)).toEqual({ ok: true, value: null });
  });

  it('cancels an import still running when the old engine must close, undoing what it saved', async () => {
    const [a, b] = [fresh(), fresh()];
    const home = pair(profile(a), { stopWaitMs: 0 }); // the switch waits for nothing (3 s in the extension)
    const rows = Array.from({ length: 3_000 }, (_, i) => `Ann${i},Lee${i},ann.lee${i}@example.test`);
    const file = { name: 'leads.csv', base64: Buffer.from(['First Name,Last Name,Email', ...rows].join('\n')).toString('base64') };
    const running = call(home, { op: 'importRun', jobId: 'big', file, settings: { as: 'leads', duplicates: 'create' } as never, confirmInvalid: false }, a);
    await expect.poll(async () => ((await call<{ phase: string } | null>(home, { op: 'importProgress', jobId: 'big' }, a)) as { value?: { phase: string } | null }).value?.phase, { timeout: 30_000 }).toMatch(/checking|saving/);
    await home.switchTo(profile(b));
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await listed(b)).toEqual([]);
    await home.switchTo(profile(a));
    expect(await listed(a)).toEqual([]);
  });

  it('refuses a damaged profile before stopping anything, and a worker that is gone', async () => {
    const a = fresh();
    const home = pair(profile(a));
    const ada = idOf(await createLead(home, 'Ada', a));
    await expect(home.switchTo({ workspaceId: '', memberId: 'me', role: 'boss', name: 'Me' })).rejects.toThrow(/damaged.*(workspaceId|role)/s);
    expect(await call(home, { op: 'get', collection: 'leads', id: ada }, a)).toMatchObject({ ok: true, value: { id: ada } });

    home.fail('The Outpost engine could not start (its worker script failed to load). Reload the extension.');
    await expect(home.switchTo(profile(fresh()))).rejects.toThrow(/Reload the extension/);
  });

  it('starts the next engine after a start that failed on a bad profile', async () => {
    const home = pair({ workspaceId: 'x', memberId: 'me', role: 'boss', name: 'Me' });
    await expect(home.started).rejects.toThrow(/damaged/);
    const b = fresh();
    await home.switchTo(profile(b));
    await home.started;
    const bob = idOf(await createLead(home, 'Bob', b));
    expect(await listed(b)).toEqual([bob]);
  });

  it('refuses, saying why, a call that reaches the worker while its engine is replaced', async () => {
    const { port1, port2 } = new MessageChannel();
    serveEngine(port2 as unknown as Endpoint);
    const seen: { type: string; id?: number; reply?: unknown }[] = [];
    port1.on('message', (m) => seen.push(m));
    const ping = (id: number) => port1.postMessage({ type: 'call', id, trusted: true, message: { target: 'engine', v: BRIDGE_VERSION, call: { op: 'ping' } } });
    port1.postMessage({ type: 'start', v: 1, profile: profile(fresh()) });
    await expect.poll(() => seen.map((m) => m.type)).toEqual(['started']);
    port1.postMessage({ type: 'stop' });
    ping(1);
    port1.postMessage({ type: 'start', v: 1, profile: profile(fresh()) });
    // The call and the old engine's closing race: either way the call is refused, never answered by either engine.
    await expect.poll(() => seen.map((m) => m.type).sort()).toEqual(['reply', 'started', 'started', 'stopped']);
    expect(seen.find((m) => m.id === 1)).toMatchObject({ reply: { ok: false, error: { code: 'unavailable', message: expect.stringMatching(new RegExp(`${SWITCHING_MESSAGE.slice(0, 20)}|was stopped`)) } } });
    expect(seen.at(-1)?.type).toBe('started');
    ping(2);
    await expect.poll(() => seen.at(-1)).toMatchObject({ type: 'reply', id: 2, reply: { ok: true, value: 'pong' } });
    port1.postMessage({ type: 'stop' });
    await expect.poll(() => seen.at(-1)?.type).toBe('stopped');
    port1.close(); port2.close();
  });
});
