import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { serveEngine } from '../../../src/ext/engine-runtime.ts';
import { EngineWorkerHome } from '../../../src/bridge/worker-home.ts';
import { BRIDGE_VERSION, type EngineCall } from '../../../src/bridge/protocol.ts';
import type { Endpoint } from '../../../src/bridge/worker-protocol.ts';

/**
 * The engine's Worker and its home over a real MessageChannel (structured clone, as between a
 * page and its Worker): the worker side runs the real engine on fake-indexeddb.
 */
const opened: { home: EngineWorkerHome; ports: MessagePort[] }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) { await o.home.stop(); for (const p of o.ports) p.close(); }
});

function pair(profile: unknown) {
  const { port1, port2 } = new MessageChannel();
  serveEngine(port2 as unknown as Endpoint);
  const home = new EngineWorkerHome(port1 as unknown as Endpoint, profile);
  port1.start(); port2.start();
  opened.push({ home, ports: [port1, port2] });
  return home;
}
const profile = (workspaceId = `w-${Math.random()}`) => ({ workspaceId, memberId: 'me', role: 'admin', name: 'Me' });
const call = (home: EngineWorkerHome, c: EngineCall, trusted = true) => home.call({ target: 'engine', v: BRIDGE_VERSION, call: c }, trusted);

describe('the engine in its Worker', () => {
  it('answers writes and reads relayed by its home, and keeps them for the next worker', async () => {
    const p = profile();
    const home = pair(p);
    await home.started;
    const created = (await call(home, { op: 'create', collection: 'leads', input: { name: { first: 'Ada', last: 'Lovelace' }, email: 'ada@example.com' } })) as { ok: true; value: { id: string } };
    expect(created).toMatchObject({ ok: true, value: { email: 'ada@example.com' } });
    expect(await call(home, { op: 'get', collection: 'leads', id: created.value.id })).toMatchObject({ ok: true, value: { name: { first: 'Ada' } } });
    await home.stop();
    expect(await call(home, { op: 'ping' })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/stopped/) } });

    const again = pair(p); // a browser restart: a new worker on the same IndexedDB
    expect(await call(again, { op: 'get', collection: 'leads', id: created.value.id })).toMatchObject({ ok: true, value: { email: 'ada@example.com' } });
  });

  it('refuses a sender its home did not trust, and explains a malformed message', async () => {
    const home = pair(profile());
    expect(await call(home, { op: 'create', collection: 'leads', input: { name: { first: 'Eve' } } }, false)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const bad = await home.call({ target: 'engine', v: BRIDGE_VERSION, call: { op: 'update', collection: 'nope', id: 1 } }, true);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-message', message: expect.stringMatching(/collection/) } });
    expect(await home.call({ target: 'background', type: 'profile' }, true)).toBeUndefined();
  });

  it('answers every call with why when the profile is damaged, instead of hanging', async () => {
    const home = pair({ workspaceId: '', memberId: 'me', role: 'boss' });
    await expect(home.started).rejects.toThrow(/damaged/);
    const reply = await call(home, { op: 'ping' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/workspaceId.*role|role.*workspaceId/s) } });
  });

  it('tells a worker that got a bad start message apart from one that has not started', async () => {
    const { port1, port2 } = new MessageChannel();
    serveEngine(port2 as unknown as Endpoint);
    const replies: unknown[] = [];
    port1.on('message', (m) => replies.push(m));
    port1.postMessage({ type: 'call', id: 1, trusted: true, message: { target: 'engine', v: BRIDGE_VERSION, call: { op: 'ping' } } });
    port1.postMessage({ type: 'start', v: 1, profile: { workspaceId: 'x' } });
    port1.postMessage({ type: 'call', id: 2, trusted: true, message: { target: 'engine', v: BRIDGE_VERSION, call: { op: 'ping' } } });
    await expect.poll(() => replies.length).toBe(3);
    expect(replies[0]).toMatchObject({ type: 'reply', id: 1, reply: { ok: false, error: { message: expect.stringMatching(/not started yet/) } } });
    expect(replies[1]).toMatchObject({ type: 'failed', message: expect.stringMatching(/bad profile/) });
    expect(replies[2]).toMatchObject({ type: 'reply', id: 2, reply: { ok: false, error: { message: expect.stringMatching(/bad profile/) } } });
    port1.close(); port2.close();
  });

  it('answers calls still waiting when the worker dies', async () => {
    const { port1 } = new MessageChannel(); // nobody serves the other end: a worker that never loaded
    const home = new EngineWorkerHome(port1 as unknown as Endpoint, profile());
    const waiting = call(home, { op: 'ping' });
    home.fail('The Outpost engine could not start (its worker script failed to load). Reload the extension.');
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/Reload the extension/) } });
    port1.close();
  });
});
