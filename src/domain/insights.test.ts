import { describe, expect, it } from 'vitest';
import { computeInsights, periods, weekStart } from './insights.ts';

const config = {
  leadStatuses: [{ id: 'new', name: 'New', order: 0 }, { id: 'open', name: 'Open', order: 1 }],
  sources: [{ id: 'web', name: 'Web', order: 0 }, { id: 'event', name: 'Event', order: 1 }],
  pipelines: [{ id: 'sales', name: 'Sales', order: 0 }, { id: 'renew', name: 'Renewals', order: 1 }],
  stages: [{ id: 's2', name: 'Proposal', order: 1, pipelineId: 'sales' }, { id: 's1', name: 'Qualified', order: 0, pipelineId: 'sales' }, { id: 'r1', name: 'Due', order: 0, pipelineId: 'renew' }],
  members: [{ id: 'm1', name: 'Ann' }, { id: 'm2', name: 'Bo' }],
  currency: 'EUR',
};
const NOW = Date.UTC(2026, 10, 25, 12); // a Wednesday
const DAY = 24 * 3600 * 1000;

describe('insights', () => {
  it('counts leads by status and source, in the config order (Converted after the statuses), then unknown ids, then none', () => {
    const r = computeInsights({
      config, now: NOW, opportunities: [], activities: [],
      leads: [{ statusId: 'open', sourceId: 'event' }, { statusId: 'converted', sourceId: 'event' }, { statusId: 'new', sourceId: '' }, { statusId: 'new', sourceId: 'web' }, { statusId: 'gone', sourceId: 'old' }],
    });
    expect(r.leadsByStatus.map((b) => [b.label, b.value])).toEqual([['New', 2], ['Open', 1], ['Converted', 1], ['gone', 1]]);
    expect(r.leadsBySource.map((b) => [b.label, b.value])).toEqual([['Web', 1], ['Event', 2], ['old', 1], ['No source', 1]]);
    expect(r.conversionBySource.find((b) => b.id === 'event')).toMatchObject({ value: 50, detail: '1 of 2' });
    expect(r.conversionBySource.find((b) => b.id === 'web')).toMatchObject({ value: 0, detail: '0 of 1' });
  });

  it('leads and won deals holding the seeded "no-source" id join the one "No source" bar', () => {
    const withSeed = { ...config, sources: [...config.sources, { id: 'no-source', name: 'No source', order: -1 }] };
    const r = computeInsights({
      config: withSeed, now: NOW, activities: [],
      leads: [{ statusId: 'new', sourceId: 'no-source' }, { statusId: 'converted', sourceId: '' }, { statusId: 'new', sourceId: 'web' }],
      opportunities: [{ status: 'won', sourceId: 'no-source', pipelineId: 'sales', stageId: 's1', value: 100 }, { status: 'won', sourceId: '', pipelineId: 'sales', stageId: 's1', value: 50 }],
    });
    expect(r.leadsBySource.map((b) => [b.label, b.value])).toEqual([['Web', 1], ['No source', 2]]);
    expect(r.conversionBySource.filter((b) => b.label === 'No source')).toEqual([expect.objectContaining({ id: '', detail: '1 of 2' })]);
    expect(r.wonValueBySource.map((b) => [b.label, b.value])).toEqual([['No source', 150]]);
  });

  it('sums won value by source and open value by stage across pipelines', () => {
    const r = computeInsights({
      config, now: NOW, leads: [], activities: [],
      opportunities: [
        { status: 'won', sourceId: 'web', pipelineId: 'sales', stageId: 's2', value: 1000 },
        { status: 'won', sourceId: 'web', pipelineId: 'sales', stageId: 's2', value: 500 },
        { status: 'lost', sourceId: 'event', pipelineId: 'sales', stageId: 's1', value: 9999 },
        { status: 'open', sourceId: 'event', pipelineId: 'sales', stageId: 's1', value: 300 },
        { status: 'open', sourceId: '', pipelineId: 'renew', stageId: 'r1', value: 40 },
      ],
    });
    expect(r.wonValueBySource).toEqual([{ id: 'web', label: 'Web', value: 1500 }]);
    expect(r.pipelineValueByStage.map((b) => [b.label, b.value])).toEqual([['Sales · Qualified', 300], ['Sales · Proposal', 0], ['Renewals · Due', 40]]);
    expect(r.currency).toBe('EUR');
  });

  it('names a stage without its pipeline where the workspace has one pipeline', () => {
    const one = { ...config, pipelines: [config.pipelines[0]], stages: config.stages.filter((s) => s.pipelineId === 'sales') };
    const r = computeInsights({ config: one, now: NOW, leads: [], activities: [], opportunities: [{ status: 'open', sourceId: '', pipelineId: 'sales', stageId: 's1', value: 10 }] });
    expect(r.pipelineValueByStage.map((b) => b.label)).toEqual(['Qualified', 'Proposal']);
  });

  it('counts activities per member in each of the last weeks (Monday starts)', () => {
    expect(new Date(weekStart(NOW)).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    const r = computeInsights({
      config, now: NOW, leads: [], opportunities: [], weeks: 3,
      activities: [
        { authorId: 'm2', date: NOW - DAY }, { authorId: 'm2', date: NOW - 2 * DAY }, { authorId: 'm1', date: NOW - 8 * DAY },
        { authorId: 'm1', date: NOW - 30 * DAY }, // before the window
        { authorId: 'm9', date: NOW - 15 * DAY },
      ],
    });
    expect(r.activitiesPerMemberPerWeek.weeks).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
    expect(r.activitiesPerMemberPerWeek.members).toEqual([
      { id: 'm1', label: 'Ann', counts: [0, 1, 0] },
      { id: 'm2', label: 'Bo', counts: [0, 0, 2] },
      { id: 'm9', label: 'Former member', counts: [1, 0, 0] },
    ]);
  });

  it('a date range keeps the leads that came in, the deals closed and the activities logged in it; open deals stay', () => {
    const range = { from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 30, 23, 59) };
    const r = computeInsights({
      config, now: NOW, range,
      leads: [{ statusId: 'new', sourceId: 'web', createdAt: Date.UTC(2026, 10, 3) }, { statusId: 'converted', sourceId: 'web', createdAt: Date.UTC(2026, 10, 3, 5) },
        { statusId: 'new', sourceId: 'event', createdAt: Date.UTC(2026, 9, 31) }],
      opportunities: [
        { status: 'won', sourceId: 'web', pipelineId: 'sales', stageId: 's2', value: 700, closedAt: Date.UTC(2026, 10, 20) },
        { status: 'won', sourceId: 'web', pipelineId: 'sales', stageId: 's2', value: 9, closedAt: Date.UTC(2026, 9, 20) },
        { status: 'open', sourceId: 'web', pipelineId: 'sales', stageId: 's1', value: 50 },
      ],
      activities: [{ authorId: 'm1', date: Date.UTC(2026, 10, 2) }, { authorId: 'm1', date: Date.UTC(2026, 9, 2) }],
    });
    expect(r.leadsBySource.map((b) => [b.id, b.value])).toEqual([['web', 2]]);
    expect(r.conversionBySource[0]).toMatchObject({ value: 50, detail: '1 of 2' });
    expect(r.wonValueBySource).toEqual([{ id: 'web', label: 'Web', value: 700 }]);
    expect(r.pipelineValueByStage.find((b) => b.id === 's1')?.value).toBe(50);
    expect(r.timeline.unit).toBe('day');
    expect(r.timeline.leads.reduce((a, b) => a + b, 0)).toBe(2);
    expect(r.timeline.leads[r.timeline.labels.indexOf('2026-11-03')]).toBe(2);
    expect(r.timeline.wonValue[r.timeline.labels.indexOf('2026-11-20')]).toBe(700);
    expect(r.activitiesPerMemberPerWeek.members).toEqual([{ id: 'm1', label: 'Ann', counts: [0, 1, 0, 0, 0, 0] }]);
    expect(r.activitiesPerMemberPerWeek.weeks[0]).toBe('2026-10-26');
  });

  it('periods are days up to 45 days, weeks up to 26 weeks, then months', () => {
    expect(periods({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 10) })).toMatchObject({ unit: 'day' });
    expect(periods({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 10) }).starts).toHaveLength(10);
    expect(periods({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 3, 1) }).unit).toBe('week');
    const year = periods({ from: Date.UTC(2025, 11, 15), to: Date.UTC(2026, 11, 14) });
    expect(year.unit).toBe('month');
    expect(year.starts.map((t) => new Date(t).toISOString().slice(0, 7))).toEqual(['2025-12', ...Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)]);
  });
});
