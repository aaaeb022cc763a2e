import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Bar, Insights, ReadPort } from '../ports.ts';
import { formatMoney } from '../../domain/fields/index.ts';
import { PRESETS, rangeOf, type Preset } from '../models/insights-range.ts';
import { barData, barShown, barSummary, isEmptyInsights, notConverted, nothingToDraw, timeData, timeSummary, type BarChartData } from './chart-data.ts';
import { UPlotChart } from './UPlotChart.tsx';
import { countTick, moneyTick } from './axis.ts';
import { Button, EmptyState, Select, Skeleton, icons } from '../ds/index.ts';
import { dayText, shortDay } from '../ds/time.ts';
import './insights.css';
import { groupDigits } from '../records/labels.ts';

/**
 * A chart with its text alternative: a figure named by its title, described by a summary
 * sentence, the canvas hidden from screen readers, and the numbers as a table under it.
 */
function Figure({ id, title, summary, wide, children, table }: { id: string; title: string; summary: string; wide?: boolean; children: ComponentChildren; table: ComponentChildren }) {
  return (
    <figure class={`chart${wide ? ' wide' : ''}`} aria-labelledby={`${id}-h`} aria-describedby={`${id}-sum`}>
      <figcaption id={`${id}-h`}>{title}</figcaption>
      <p id={`${id}-sum`} class="chart-summary">{summary}</p>
      {children}
      <details class="chart-table"><summary>Show as a table</summary>{table}</details>
    </figure>
  );
}

/**
 * `empty` says what would fill a chart with no bars; `zero`, when given, what its bars at zero
 * mean (leads came in, none converted yet), which is a figure, not an absence of data.
 */
function BarFigure({ id, title, bars, unit, format, axis = countTick, empty, zero, detail }: { id: string; title: string; bars: Bar[]; unit: BarChartData['unit']; format: (v: number) => string; axis?: (v: number) => string; empty: string; zero?: string; detail?: string }) {
  const data = useMemo(() => barData(bars, unit), [JSON.stringify(bars), unit]);
  const shown = barShown(bars, data.values, zero);
  const allZero = shown === 'zero';
  return (
    <Figure id={id} title={title} summary={allZero ? `${title}: ${bars.length} ${bars.length === 1 ? 'bar' : 'bars'}, all at ${format(0)}.` : barSummary(title, data, format)} table={(
      <table class="data">
        <thead><tr><th scope="col">{title.split(' by ')[1] ? cap(title.split(' by ')[1]) : 'Item'}</th><th scope="col" class="num">Value</th>{detail && <th scope="col" class="num">{detail}</th>}</tr></thead>
        <tbody>{bars.map((b) => <tr key={b.id}><th scope="row">{b.label}</th><td class="num">{format(b.value)}</td>{detail && <td class="num">{b.detail ?? ''}</td>}</tr>)}</tbody>
      </table>
    )}>
      {allZero ? <p class="empty">{zero}</p> : shown === 'empty' ? <p class="empty">{empty}</p> : <UPlotChart data={data} format={(v) => axis(v)} exact={(v) => format(v)} />}
    </Figure>
  );
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
const period = (d: Insights) => `${dayText(d.range.from)} – ${dayText(d.range.to)}`;

/** What fills each chart, said where a chart has nothing to draw. */
const HOW = {
  leads: 'Capture leads from a page in the side panel, or import a CSV.',
  deals: 'Convert a lead with a deal, or add one on the Pipeline, and give it a value.',
  activities: 'Log calls, meetings and notes on a record\'s page.',
  won: 'Mark deals won on the Pipeline.',
};
const day = (t: number) => new Date(t).toISOString().slice(0, 10);


/** Insights: leads and won value over time, conversion by source, pipeline by stage, who works it; for a period. */
export function InsightsView({ read }: { read: ReadPort }) {
  const [data, setData] = useState<Insights | null>(null);
  const [error, setError] = useState('');
  const [stamp, setStamp] = useState(0);
  const [preset, setPreset] = useState<Preset>('90d');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const range = useMemo(() => rangeOf(preset, Date.now(), custom), [preset, custom.from, custom.to, stamp]);
  const rangeError = 'error' in range ? range.error : '';
  useEffect(() => {
    if ('error' in range) return;
    let live = true;
    setData(null);
    read.insights(Date.now(), range).then((d) => { if (live) { setData(d); setError(''); } }, (e: unknown) => { if (live) setError(`Could not compute the insights: ${(e as Error).message ?? e}`); });
    return () => { live = false; };
  }, [read, JSON.stringify(range)]);
  const money = (v: number) => formatMoney(v, data?.currency ?? 'USD');
  const count = (v: number) => groupDigits(v);
  /** Axis labels: "$1.2K", so they fit beside the plot; the tables keep the exact figures. */
  const axisMoney = (v: number) => moneyTick(v, data?.currency ?? 'USD');
  const timeline = useMemo(() => (data ? timeData(data.timeline) : null), [data]);
  const perMember: Bar[] = data ? data.activitiesPerMemberPerWeek.members.map((m) => ({ id: m.id, label: m.label, value: m.counts.reduce((a, b) => a + b, 0) })) : [];
  return (
    <section class="insights" aria-labelledby="insights-h">
      <div class="insights-head">
        <h2 id="insights-h">Insights</h2>
        <div class="range" role="group" aria-label="Date range">
          <Select id="ins-range" label="Period" value={preset} options={PRESETS.map((p) => ({ value: p.id, label: p.label }))} onChange={(v) => {
            setPreset(v as Preset);
            if (v === 'custom' && !custom.from && !('error' in range)) setCustom({ from: day(range.from), to: day(range.to) });
          }} />
          {preset === 'custom' && (
            <>
              <span class="ds-field"><label for="ins-from">From</label><input id="ins-from" class="ds-input" type="date" value={custom.from} aria-invalid={rangeError ? 'true' : undefined} onInput={(e) => setCustom({ ...custom, from: (e.currentTarget as HTMLInputElement).value })} /></span>
              <span class="ds-field"><label for="ins-to">To</label><input id="ins-to" class="ds-input" type="date" value={custom.to} aria-invalid={rangeError ? 'true' : undefined} onInput={(e) => setCustom({ ...custom, to: (e.currentTarget as HTMLInputElement).value })} /></span>
            </>
          )}
          <Button icon={icons.Undo2} onClick={() => setStamp(stamp + 1)}>Refresh</Button>
        </div>
      </div>
      {rangeError && <p class="ds-error" role="alert">{rangeError}</p>}
      {error && <p class="ds-error" role="alert">{error}</p>}
      {!data && !error && !rangeError && <div class="loading" role="status" aria-busy="true"><span class="sr-only">Counting…</span><Skeleton lines={4} /></div>}
      {data && isEmptyInsights(data) && (
        <EmptyState icon={icons.Target} title="Nothing to chart yet" action={(
          <p class="insights-next"><a href="#/import">Import leads</a> · <a href="#/board">Open the pipeline</a> · <a href="#/table/leads">See your leads</a></p>
        )}>
          {`No figures for ${period(data)}. ${HOW.leads} ${HOW.deals} ${HOW.activities} Or choose a longer period above.`}
        </EmptyState>
      )}
      {data && !isEmptyInsights(data) && (
        <>
          <p class="muted">{period(data)}. Pipeline by stage is as of now.</p>
          <div class="charts">
            {timeline && (
              <Figure id="ins-time" title="New leads and won value" wide summary={timeSummary(timeline, money)} table={(
                <table class="data">
                  <thead><tr><th scope="col">{cap(data.timeline.unit)}</th><th scope="col" class="num">New leads</th><th scope="col" class="num">Won value</th></tr></thead>
                  <tbody>{data.timeline.labels.map((l, i) => <tr key={l}><th scope="row">{l}</th><td class="num">{data.timeline.leads[i]}</td><td class="num">{money(data.timeline.wonValue[i])}</td></tr>)}</tbody>
                </table>
              )}>
                {nothingToDraw([...timeline.leads, ...timeline.wonValue])
                  ? <p class="empty">{`No leads came in and no deal was won during this period. ${HOW.leads}`}</p>
                  : <UPlotChart data={timeline} height={240} format={(v, unit) => (unit === 'money' ? axisMoney(v) : countTick(v))} exact={(v, unit) => (unit === 'money' ? money(v) : count(v))} />}
              </Figure>
            )}
            <BarFigure id="ins-conv" title="Conversion rate by source" bars={data.conversionBySource} unit="percent" format={(v) => `${v}%`} axis={(v) => `${v}%`} detail="Converted" empty={`No leads came in during this period. ${HOW.leads}`} zero={notConverted(data)} />
            <BarFigure id="ins-pipe" title="Open pipeline value by stage" bars={data.pipelineValueByStage} unit="money" format={money} axis={axisMoney} empty={`No open deal has a value yet. ${HOW.deals}`} />
            <BarFigure id="ins-act" title="Activities by member" bars={perMember} unit="count" format={count} empty={`No calls, meetings, emails or notes logged in this period. ${HOW.activities}`} />
            <BarFigure id="ins-won" title="Won value by source" bars={data.wonValueBySource} unit="money" format={money} axis={axisMoney} empty={`No deal won in this period. ${HOW.won}`} />
            <BarFigure id="ins-status" title="Leads by status" bars={data.leadsByStatus} unit="count" format={count} empty={`No leads came in during this period. ${HOW.leads}`} />
            <WeeklyTable data={data.activitiesPerMemberPerWeek} />
          </div>
        </>
      )}
    </section>
  );
}

/** Activities per member per week: a table, shaded by count (the numbers are always shown). */
function WeeklyTable({ data }: { data: Insights['activitiesPerMemberPerWeek'] }) {
  const max = Math.max(1, ...data.members.flatMap((m) => m.counts));
  return (
    <figure class="chart wide" aria-labelledby="ins-week-h">
      <figcaption id="ins-week-h">Activities per member per week</figcaption>
      {data.members.length === 0 ? <p class="empty">No calls, meetings, emails or notes logged in these weeks.</p> : (
        <div class="heat-wrap">
          <table class="heat">
            <thead><tr><th scope="col">Member</th>{data.weeks.map((w) => <th key={w} scope="col" title={`Week of ${dayText(w)}`}>{shortDay(w)}</th>)}<th scope="col">Total</th></tr></thead>
            <tbody>
              {data.members.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.label}</th>
                  {m.counts.map((c, i) => <td key={i} style={{ '--heat': String(c / max) } as Record<string, string>}>{c}</td>)}
                  <td>{m.counts.reduce((a, b) => a + b, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
