import { describe, expect, it } from 'vitest';
import { deferredPort } from './deferred.ts';

type Port = { add(a: number, b: number): Promise<number>; fail(): Promise<never> };

describe('deferredPort', () => {
  it('starts the load at the first call and forwards every call, with its arguments, once loaded', async () => {
    let loads = 0;
    let loaded: Promise<Port> | null = null;
    const real: Port = { add: async (a, b) => a + b, fail: async () => { throw new Error('engine said no'); } };
    const port = deferredPort(() => (loaded ??= (loads++, Promise.resolve(real))));
    expect(loads).toBe(0);
    const [x, y] = await Promise.all([port.add(1, 2), port.add(40, 2)]);
    expect([x, y, loads]).toEqual([3, 42, 1]);
    await expect(port.fail()).rejects.toThrow('engine said no');
  });

  it('is not thenable (awaiting it does not call the port) and names a missing method', async () => {
    const port = deferredPort(async () => ({ ping: async () => 'pong' }) as { ping(): Promise<string> });
    expect(await port).toBe(port);
    await expect((port as unknown as { nope(): Promise<unknown> }).nope()).rejects.toThrow('The port has no method nope');
  });

  it('keeps `this` for class-based ports', async () => {
    class Client { n = 7; async get() { return this.n; } }
    const port = deferredPort(async () => new Client());
    expect(await port.get()).toBe(7);
  });

  it('rejects each call when the code does not load, and lets the next call try again', async () => {
    let attempt = 0;
    const port = deferredPort(async () => { if (attempt++ === 0) throw new Error('chunk failed'); return { ok: async () => true }; });
    await expect(port.ok()).rejects.toThrow('chunk failed');
    expect(await port.ok()).toBe(true);
  });
});
