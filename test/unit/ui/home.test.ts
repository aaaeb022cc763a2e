import { describe, expect, it } from 'vitest';
import { closingThisMonth, createHomeModel, dueLabel, myOpenTasks, recentRecords, staleDeals } from '../../../src/ui/models/home-model.ts';
import type { ListRow, ReadPort, WritePort } from '../../../src/ui/ports.ts';
import type { Collection } from '../../../src/domain/index.ts';

const DAY = 24 * 3600 * 1000;
const NOW = new Date(2026, 10, 18, 12, 0).getTime(); // 18 November 2026, noon local
const row = (type: Collection, id: string, data: Record<string, unknown>): ListRow => ({ id, type, name: id, subtitle: '', statusId: '', data: { id, ...data } });

describe('dashboard home', () => {
  it('lists my open tasks (and nobody\'s) overdue first, and never calls an overdue task "due soon"', () => {
    const tasks = [
      row('tasks', 'later', { dueAt: NOW + 3 * DAY }), row('tasks', 'undated', {}), row('tasks', 'late', { dueAt: NOW - 2 * DAY }),
      row('tasks', 'an-hour-ago', { dueAt: NOW - 3_600_000 }), row('tasks', 'theirs', { dueAt: NOW - DAY, assigneeId: 'm2' }),
      row('tasks', 'done', { dueAt: NOW - DAY, status: 'done' }), row('tasks', 'mine', { dueAt: NOW + 3_600_000, assigneeId: 'm1' }),
    ];
    const mine = myOpenTasks(tasks, 'm1', NOW);
    expect(mine.map((t) => t.id)).toEqual(['late', 'an-hour-ago', 'mine', 'later', 'undated']);
    expect(mine.map((t) => t.overdue)).toEqual([true, true, false, false, false]);
    expect(mine[0].due).toBe('2 days overdue');
    expect(mine[1].due).toMatch(/^overdue since /);
    expect(mine[2].due).toMatch(/^today /);
    expect(dueLabel(NOW + DAY, NOW)).toMatch(/^tomorrow /);
    expect(dueLabel(NOW + 3 * DAY, NOW)).toBe('in 3 days');
    expect(dueLabel(undefined, NOW)).toBe('no due date');
  });

  it('finds open deals closing this month and stale ones; recent records of every type, newest first', () => {
    const deals = [
      row('opportunities', 'nov-30', { closeDate: '2026-11-30', stageChangedAt: NOW }), row('opportunities', 'nov-02', { closeDate: '2026-11-02', stageChangedAt: NOW - 45 * DAY }),
      row('opportunities', 'dec', { closeDate: '2026-12-01', stageChangedAt: NOW - 31 * DAY }), row('opportunities', 'won', { closeDate: '2026-11-10', status: 'won', stageChangedAt: NOW - 90 * DAY }),
    ];
    expect(closingThisMonth(deals, NOW).map((d) => d.id)).toEqual(['nov-02', 'nov-30']);
    expect(staleDeals(deals, NOW).map((d) => [d.id, d.days])).toEqual([['nov-02', 45], ['dec', 31]]);
    const recent = recentRecords([[row('leads', 'l', { updatedAt: 5 })], [row('people', 'p', { updatedAt: 9 }), row('people', 'q', { updatedAt: 1 })]], 2);
    expect(recent.map((r) => r.id)).toEqual(['p', 'l']);
  });

  it('knows a workspace with nothing in it (a first start) only once every record type has answered', () => {
    const answers: ((rows: ListRow[]) => void)[] = [];
    const read = { watchList: (req: { type: Collection; sort?: { field: string } }, on: (p: { rows: ListRow[]; total: number }) => void) => {
      if (req.sort?.field === 'updatedAt') answers.push((rows) => on({ rows, total: rows.length }));
      return () => {};
    } } as unknown as ReadPort;
    const home = createHomeModel({ read, write: {} as WritePort }, () => null, () => NOW);
    expect(home.empty.value).toBeNull();
    answers.slice(0, -1).forEach((a) => a([]));
    expect(home.empty.value).toBeNull(); // one type still loading: not "empty" yet
    answers.at(-1)!([]);
    expect(home.empty.value).toBe(true);
    answers[0]([row('leads', 'l1', { updatedAt: NOW })]);
    expect(home.empty.value).toBe(false);
    home.dispose();
  });
});
