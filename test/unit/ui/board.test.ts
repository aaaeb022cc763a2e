import { describe, expect, it } from 'vitest';
import { cardFacts, groupByStage, outcomes, STALE_DAYS, tasksByDeal } from '../../../src/ui/models/board-model.ts';
import type { ListRow } from '../../../src/ui/ports.ts';

const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 10, 30, 12);
const deal = (id: string, data: Record<string, unknown>): ListRow => ({ id, type: 'opportunities', name: id, subtitle: '', statusId: '', data: { id, ...data } });
const task = (id: string, data: Record<string, unknown>): ListRow => ({ id, type: 'tasks', name: id, subtitle: '', statusId: '', data: { id, status: 'open', ...data } });

describe('pipeline board', () => {
  it('totals each stage and weights it by the stage probability; won and lost are summed apart', () => {
    const deals = [deal('a', { stageId: 's1', monetaryValue: 1000 }), deal('b', { stageId: 's1', monetaryValue: 500 }), deal('c', { stageId: 's1', status: 'won', monetaryValue: 7 }),
      deal('d', { stageId: 's2', status: 'lost', monetaryValue: 30 }), deal('e', { stageId: 's2', status: 'lost' })];
    const cols = groupByStage([{ id: 's1', name: 'S1', winProbability: 20 }, { id: 's2', name: 'S2', winProbability: 50 }], deals);
    expect(cols.map((c) => [c.cards.map((x) => x.id), c.total, c.weighted])).toEqual([[['a', 'b'], 1500, 300], [[], 0, 0]]);
    expect(outcomes(deals)).toEqual({ won: { count: 1, value: 7 }, lost: { count: 2, value: 30 } });
  });

  it('days in stage count from the last move (else creation); stale from STALE_DAYS; a past close date is flagged', () => {
    expect(cardFacts(deal('a', { stageChangedAt: NOW - 3 * DAY - 1, createdAt: NOW - 90 * DAY }), NOW)).toMatchObject({ daysInStage: 3, stale: false });
    expect(cardFacts(deal('a', { createdAt: NOW - STALE_DAYS * DAY }), NOW)).toMatchObject({ daysInStage: STALE_DAYS, stale: true });
    expect(cardFacts(deal('a', { stageChangedAt: NOW, closeDate: '2026-11-29' }), NOW).closeOverdue).toBe(true);
    expect(cardFacts(deal('a', { stageChangedAt: NOW, closeDate: '2026-11-30' }), NOW).closeOverdue).toBe(false); // today is not past
    expect(cardFacts(deal('a', { stageChangedAt: NOW + DAY }), NOW).daysInStage).toBe(0); // a clock ahead elsewhere: never negative
  });

  it("a deal's next task is its earliest open one; done tasks and other records' tasks don't count", () => {
    const byDeal = tasksByDeal([
      task('later', { related: { type: 'opportunities', id: 'd1' }, dueAt: NOW + 5 * DAY }),
      task('undated', { related: { type: 'opportunities', id: 'd1' } }),
      task('soon', { related: { type: 'opportunities', id: 'd1' }, dueAt: NOW + DAY }),
      task('done', { related: { type: 'opportunities', id: 'd1' }, dueAt: NOW, status: 'done' }),
      task('lead', { related: { type: 'leads', id: 'd1' }, dueAt: NOW }),
    ]);
    expect(cardFacts(deal('d1', { stageChangedAt: NOW }), NOW, byDeal.get('d1')).nextTask?.name).toBe('soon');
    expect(byDeal.get('d1')!.map((t) => t.id).sort()).toEqual(['later', 'soon', 'undated']);
    expect(cardFacts(deal('d2', {}), NOW, byDeal.get('d2')).nextTask).toBeUndefined();
  });
});
