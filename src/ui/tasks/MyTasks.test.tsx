import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { MyTasks, NO_TASKS } from './MyTasks.tsx';
import { createNavModel } from '../models/nav-model.ts';
import type { ListRow, ReadPort, RecordName, WritePort } from '../ports.ts';

const HOUR = 3_600_000;
const task = (id: string, name: string, related: unknown, dueAt?: number): ListRow =>
  ({ id, type: 'tasks', name, subtitle: '', statusId: 'open', data: { id, name, status: 'open', related, ...(dueAt ? { dueAt } : {}) } }) as ListRow;

/** A read port answering one list of tasks and the names of what they are about, as the read model would. */
function readPort(rows: ListRow[], names: Record<string, RecordName>, asked: string[][]): ReadPort {
  return {
    watchList: (_req, on) => { on({ rows, total: rows.length }); return () => {}; },
    watchNames: (refs, on) => { asked.push(refs.map((r) => `${r.type}:${r.id}`)); on(Object.fromEntries(Object.entries(names).filter(([k]) => refs.some((r) => `${r.type}:${r.id}` === k)))); return () => {}; },
  } as Partial<ReadPort> as ReadPort;
}

describe('My tasks names the record each task is about', () => {
  let root: HTMLElement;
  const frames = () => new Promise((r) => setTimeout(r, 50));
  beforeEach(() => {
    const { window, document } = parseHTML('<!doctype html><html><body><main></main></body></html>');
    Object.assign(globalThis, { window, document, Event: window.Event });
    root = document.querySelector('main') as unknown as HTMLElement;
  });
  afterEach(() => { render(null, root); });

  it('a link named for the record opens it; a deleted or erased one is said so, not linked; names are asked once for all tasks', async () => {
    const now = Date.now();
    const rows = [
      task('t1', 'Send the quote', { type: 'leads', id: 'l1' }, now + 2 * HOUR),
      task('t2', 'Call back about the renewal and the seats', { type: 'opportunities', id: 'o1' }, now - 30 * HOUR),
      task('t3', 'Ask for the intro', { type: 'leads', id: 'l1' }),
      task('t4', 'Chase the invoice', { type: 'companies', id: 'c-gone' }),
      task('t5', 'Thank them', { type: 'people', id: 'p-erased' }),
    ];
    const asked: string[][] = [];
    const read = readPort(rows, { 'leads:l1': { name: 'Ada Lovelace', deleted: false }, 'opportunities:o1': { name: 'Acme renewal', deleted: false }, 'companies:c-gone': { name: 'Gone Ltd', deleted: true } }, asked);
    const nav = createNavModel({ view: 'tasks' } as never);
    render(<MyTasks read={read} write={{} as WritePort} me="m1" nav={nav} />, root);
    await frames();
    const about = [...root.querySelectorAll('.task-about')].map((p) => p.textContent);
    expect(about).toEqual(['About (opportunity): Acme renewal', 'About (lead): Ada Lovelace', 'About (lead): Ada Lovelace', 'About (company): Gone Ltd (deleted)', 'About a person that was erased']);
    expect(asked.at(-1)!.sort()).toEqual(['companies:c-gone', 'leads:l1', 'opportunities:o1', 'people:p-erased']);
    // Every row's due line is its own line under the name, a task without one included.
    expect([...root.querySelectorAll('.task-due')].map((p) => p.textContent)).toEqual([
      expect.stringMatching(/^OverdueOverdue since /), expect.stringMatching(/^Due soonDue /), 'No due date', 'No due date', 'No due date',
    ]);
    const links = [...root.querySelectorAll('.task-about a')] as HTMLAnchorElement[];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['#/opportunities/o1', '#/leads/l1', '#/leads/l1']);
    expect(links.map((b) => b.textContent)).toEqual(['Acme renewal', 'Ada Lovelace', 'Ada Lovelace']);
    links[0].dispatchEvent(new (globalThis as unknown as { Event: typeof Event }).Event('click', { bubbles: true, cancelable: true }));
    expect(nav.route.value).toEqual({ view: 'record', type: 'opportunities', id: 'o1' });
  });

  it('with no open task, says where tasks come from (it said only "No open tasks.")', async () => {
    render(<MyTasks read={readPort([], {}, [])} write={{} as WritePort} me="m1" nav={createNavModel({ view: 'tasks' } as never)} />, root);
    await frames();
    expect(root.querySelector('.empty')?.textContent).toBe(NO_TASKS);
    expect(NO_TASKS).toMatch(/Add task/);
  });
});
