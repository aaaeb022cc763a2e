import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/store/engine.ts';
import { readPort } from '../../../src/ext/read-port.ts';
import type { ListPage } from '../../../src/ui/ports.ts';

/** Resolves with the first answer `ok` accepts (answers keep coming: the watch is live). */
function until(answers: ListPage[], ok: (p: ListPage) => boolean, ms = 5000): Promise<ListPage> {
  return new Promise((done, fail) => {
    const t0 = Date.now();
    const tick = () => {
      const hit = answers.find(ok);
      if (hit) done(hit);
      else if (Date.now() - t0 > ms) fail(new Error(`no answer matched; last: ${JSON.stringify(answers.at(-1) && { n: answers.at(-1)!.rows.length, total: answers.at(-1)!.total, pending: answers.at(-1)!.totalPending })}`));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

describe('a live list and its total (read port)', () => {
  it('paints the rows before the count, then follows every write with the total, one count at a time', async () => {
    const engine = new Engine({ workspaceId: `list-count-${Date.now()}`, actor: { memberId: 'm1', role: 'admin', name: 'M' } });
    await engine.ready;
    for (let i = 0; i < 60; i++) engine.repo.create('leads', { name: { first: `Ann${String(i).padStart(2, '0')}` }, ...(i % 3 ? {} : { statusId: 'open' }) });
    await engine.settle();
    const read = readPort(engine.db, () => () => {});
    const answers: ListPage[] = [];
    const stop = read.watchList({ type: 'leads', search: '', offset: 0, limit: 20 }, (p) => answers.push(p));
    // The first answer: a page of rows, its total not yet counted.
    const first = await until(answers, (p) => p.rows.length === 20);
    expect(first.totalPending).toBe(true);
    expect((await until(answers, (p) => !p.totalPending)).total).toBe(60);
    // A write anywhere in the list (after the visible window too) moves the total.
    engine.repo.create('leads', { name: { first: 'Zed' } });
    await engine.settle();
    expect((await until(answers, (p) => p.total === 61)).rows).toHaveLength(20);
    const zed = engine.repo.create('leads', { name: { first: 'Zoe' } });
    await engine.settle();
    await until(answers, (p) => p.total === 62);
    await engine.run(() => engine.repo.delete('leads', zed.id));
    await engine.settle();
    await until(answers, (p) => p.total === 61);
    // A narrowed list counts its own range; a short list is its own total at once.
    const open: ListPage[] = [];
    const stopOpen = read.watchList({ type: 'leads', search: '', offset: 0, limit: 50, statusId: 'open' }, (p) => open.push(p));
    const whole = await until(open, (p) => p.rows.length === 20);
    expect(whole).toMatchObject({ total: 20 });
    expect(whole.totalPending).toBeUndefined();
    const searched: ListPage[] = [];
    const stopSearch = read.watchList({ type: 'leads', search: 'ann', offset: 0, limit: 10 }, (p) => searched.push(p));
    expect((await until(searched, (p) => !p.totalPending)).total).toBe(60);
    // Stopped: no answer after, even with a count scheduled.
    stop(); stopOpen(); stopSearch();
    const seen = answers.length;
    engine.repo.create('leads', { name: { first: 'After' } });
    await engine.settle();
    await new Promise((r) => setTimeout(r, 600));
    expect(answers).toHaveLength(seen);
    await engine.destroy();
  });
});
