import { describe, expect, it } from 'vitest';
import { rangeOf } from '../../../src/ui/models/insights-range.ts';
import { barData, barShown, barSummary, isEmptyInsights, notConverted, nothingToDraw, timeData, timeSummary } from '../../../src/ui/insights/chart-data.ts';

const NOW = new Date(2026, 10, 18, 15, 30).getTime();
const day = (y: number, m: number, d: number) => new Date(y, m, d).getTime();

describe('insights date range', () => {
  it('presets cover whole local days ending today', () => {
    expect(rangeOf('30d', NOW)).toEqual({ from: day(2026, 9, 20), to: day(2026, 10, 19) - 1 });
    expect(rangeOf('ytd', NOW)).toEqual({ from: day(2026, 0, 1), to: day(2026, 10, 19) - 1 });
    expect(rangeOf('12m', NOW)).toEqual({ from: day(2025, 10, 19), to: day(2026, 10, 19) - 1 });
  });
  it('typed dates: both needed, in order, at most ten years', () => {
    expect(rangeOf('custom', NOW, { from: '2026-01-05', to: '2026-01-05' })).toEqual({ from: day(2026, 0, 5), to: day(2026, 0, 6) - 1 });
    expect(rangeOf('custom', NOW, { from: '', to: '2026-01-05' })).toEqual({ error: 'Enter both dates (from and to).' });
    expect(rangeOf('custom', NOW, { from: '2026-02-01', to: '2026-01-05' })).toEqual({ error: 'The start date is after the end date.' });
    expect(rangeOf('custom', NOW, { from: '2001-01-01', to: '2026-01-05' })).toEqual({ error: 'Choose at most 10 years.' });
    expect(rangeOf('custom', NOW, { from: '20260-01-01', to: '2026-01-05' })).toEqual({ error: 'Enter both dates (from and to).' });
  });
  it('charts have a sentence for screen readers', () => {
    const d = barData([{ id: 'a', label: 'Web', value: 3 }, { id: 'b', label: 'Event', value: 9 }], 'count');
    expect(barSummary('Leads by source', d, String)).toBe('Leads by source: 2 bars; highest Event at 9. Total 12.');
    expect(barSummary('Leads by source', barData([], 'count'), String)).toBe('Leads by source: no data in this period.');
    const t = timeData({ unit: 'week', starts: [0, 604_800_000], labels: ['a', 'b'], leads: [1, 2], wonValue: [0, 500] });
    expect(t.x).toEqual([0, 604_800]);
    expect(timeSummary(t, (v) => `$${v}`)).toBe('Leads and won value by week: 3 new leads and $500 won over 2 weeks.');
  });
  it('a chart of zeros has nothing to draw, and says so; insights with no figure at all are empty', () => {
    expect(nothingToDraw([])).toBe(true);
    expect(nothingToDraw([0, 0])).toBe(true);
    expect(nothingToDraw([0, 3])).toBe(false);
    expect(barSummary('Open pipeline value by stage', barData([{ id: 'q', label: 'Qualified', value: 0 }], 'money'), String)).toBe('Open pipeline value by stage: no data in this period.');
    const empty = {
      currency: 'USD', range: { from: 0, to: 1 }, timeline: { unit: 'week', starts: [0], labels: ['a'], leads: [0], wonValue: [0] },
      conversionBySource: [], pipelineValueByStage: [{ id: 'q', label: 'Qualified', value: 0 }], wonValueBySource: [], leadsByStatus: [],
      activitiesPerMemberPerWeek: { weeks: ['2026-11-30'], members: [] },
    } as unknown as Parameters<typeof isEmptyInsights>[0];
    expect(isEmptyInsights(empty)).toBe(true);
    expect(isEmptyInsights({ ...empty, timeline: { ...empty.timeline, leads: [1] } })).toBe(false);
    expect(isEmptyInsights({ ...empty, pipelineValueByStage: [{ id: 'q', label: 'Qualified', value: 1200 }] })).toBe(false);
    expect(isEmptyInsights({ ...empty, activitiesPerMemberPerWeek: { weeks: ['w'], members: [{ id: 'm', label: 'You', counts: [2] }] } })).toBe(false);
  });

  it('a conversion chart whose sources are all at 0% says none converted yet, not that no lead came in', () => {
    const bars = [{ id: 'web', label: 'Web', value: 0, detail: '0 of 3' }, { id: '', label: 'No source', value: 0, detail: '0 of 1' }];
    expect(barShown(bars, [0, 0], 'none converted')).toBe('zero');
    expect(barShown(bars, [0, 0])).toBe('empty'); // a chart without a sentence for zeros
    expect(barShown([], [], 'none converted')).toBe('empty'); // no lead at all: what would fill it
    expect(barShown(bars, [0, 25], 'none converted')).toBe('chart');
    const status = (n: number) => [{ id: 'new', label: 'New', value: n }, { id: 'open', label: 'Open', value: 1 }];
    expect(notConverted({ leadsByStatus: status(1233) })).toMatch(/^None of the 1,234 leads that came in during this period has been converted yet\./);
    expect(notConverted({ leadsByStatus: status(0) })).toMatch(/^None of the 1 lead that came in/);
  });
});
