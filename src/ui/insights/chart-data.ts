import type { Bar, Insights, Timeline } from '../ports.ts';

/**
 * What a chart draws, as plain data (tested without a canvas): categorical bars or a time
 * series with a count and a money axis. uPlot takes x in seconds for time scales.
 */
export type BarChartData = { kind: 'bars'; labels: string[]; values: number[]; unit: 'count' | 'money' | 'percent' };
export type TimeChartData = { kind: 'time'; x: number[]; leads: number[]; wonValue: number[]; unit: Timeline['unit'] };
export type ChartData = BarChartData | TimeChartData;

export const barData = (bars: Bar[], unit: BarChartData['unit']): BarChartData => ({ kind: 'bars', labels: bars.map((b) => b.label), values: bars.map((b) => b.value), unit });

export const timeData = (t: Timeline): TimeChartData => ({ kind: 'time', x: t.starts.map((s) => s / 1000), leads: t.leads, wonValue: t.wonValue, unit: t.unit });

/** A sentence a screen reader reads for a bar chart: how many bars, the largest, the total. */
export function barSummary(title: string, d: BarChartData, fmt: (v: number) => string): string {
  if (nothingToDraw(d.values)) return `${title}: no data in this period.`;
  let top = 0;
  d.values.forEach((v, i) => { if (v > d.values[top]) top = i; });
  const total = d.unit === 'percent' ? '' : ` Total ${fmt(d.values.reduce((a, b) => a + b, 0))}.`;
  return `${title}: ${d.values.length} ${d.values.length === 1 ? 'bar' : 'bars'}; highest ${d.labels[top]} at ${fmt(d.values[top])}.${total}`;
}

export function timeSummary(d: TimeChartData, money: (v: number) => string): string {
  const leads = d.leads.reduce((a, b) => a + b, 0);
  const won = d.wonValue.reduce((a, b) => a + b, 0);
  return `Leads and won value by ${d.unit}: ${leads} new ${leads === 1 ? 'lead' : 'leads'} and ${money(won)} won over ${d.x.length} ${d.unit}s.`;
}

/** A chart with nothing above zero draws only empty axes: it says what would fill it instead. */
export const nothingToDraw = (values: number[]) => values.every((v) => v === 0);

/** Insights with not one figure in them (a new workspace, or a quiet period): the page says how to get some. */
export function isEmptyInsights(d: Insights): boolean {
  return nothingToDraw([...d.timeline.leads, ...d.timeline.wonValue])
    && [d.conversionBySource, d.pipelineValueByStage, d.wonValueBySource, d.leadsByStatus].every((bars) => nothingToDraw(bars.map((b) => b.value)))
    && d.activitiesPerMemberPerWeek.members.every((m) => nothingToDraw(m.counts));
}
