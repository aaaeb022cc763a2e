import type { Bar, Insights, Timeline } from '../ports.ts';
import { groupDigits } from '../records/labels.ts';

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

/**
 * What a bar chart shows: its bars; what would fill it (no bars above zero); or, where the
 * chart has a sentence for it (`zero`), that its bars are there and all at zero — a conversion
 * rate of 0% for every source is a figure ("none converted yet"), not "no leads came in".
 */
export function barShown(bars: readonly Bar[], values: number[], zero?: string): 'chart' | 'empty' | 'zero' {
  if (!nothingToDraw(values)) return 'chart';
  return bars.length > 0 && zero !== undefined ? 'zero' : 'empty';
}

/** Conversion at 0% for every source: how many leads came in, and that none is converted yet. */
export function notConverted(d: Pick<Insights, 'leadsByStatus'>): string {
  const leads = d.leadsByStatus.reduce((n, b) => n + b.value, 0);
  return `None of the ${groupDigits(leads)} ${leads === 1 ? 'lead' : 'leads'} that came in during this period has been converted yet. Convert a lead from its page once it is qualified.`;
}

/** Insights with not one figure in them (a new workspace, or a quiet period): the page says how to get some. */
export function isEmptyInsights(d: Insights): boolean {
  return nothingToDraw([...d.timeline.leads, ...d.timeline.wonValue])
    && [d.conversionBySource, d.pipelineValueByStage, d.wonValueBySource, d.leadsByStatus].every((bars) => nothingToDraw(bars.map((b) => b.value)))
    && d.activitiesPerMemberPerWeek.members.every((m) => nothingToDraw(m.counts));
}
