import { describe, expect, it } from 'vitest';
import { lazyReadPort } from './lazy-read-port.ts';
import type { ListPage, ReadPort } from '../ui/ports.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('lazyReadPort: the read port while Dexie and the queries load', () => {
  it('starts each watch once the port is there, closes one closed before, and answers queries then', async () => {
    const started: string[] = [];
    const stopped: string[] = [];
    const real = {
      watchList: (req: { type: string }, on: (p: ListPage) => void) => { started.push(req.type); on({ rows: [], total: 3 }); return () => stopped.push(req.type); },
      queryList: async () => ({ rows: [], total: 7 }),
    } as unknown as ReadPort;
    let load!: (p: ReadPort) => void;
    const port = lazyReadPort(new Promise<ReadPort>((r) => { load = r; }));
    const pages: ListPage[] = [];
    const stopLeads = port.watchList({ type: 'leads', search: '', offset: 0, limit: 70 }, (p) => pages.push(p));
    const stopPeople = port.watchList({ type: 'people', search: '', offset: 0, limit: 70 }, () => {});
    const total = port.queryList({ type: 'leads', search: '', offset: 0, limit: 1 });
    stopPeople(); // closed before the code loaded: never left running
    await tick();
    expect(started).toEqual([]);
    load(real);
    await tick();
    expect(pages).toEqual([{ rows: [], total: 3 }]);
    expect(stopped).toEqual(['people']);
    expect((await total).total).toBe(7);
    stopLeads();
    expect(stopped).toEqual(['people', 'leads']);
  });

  it('says which watch the loaded port lacks instead of failing silently', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => { errors.push(a); };
    try {
      lazyReadPort(Promise.resolve({} as ReadPort)).watchKnownHere!({} as never, () => {});
      await tick();
    } finally { console.error = original; }
    expect(String((errors[0] as unknown[])[1])).toMatch(/no watchKnownHere/);
  });
});
