import { useEffect, useState } from 'preact/hooks';
import type { Bar, Insights, ReadPort } from '../ports.ts';

const money = (v: number, currency: string) => {
  try { return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(v); } catch { return `${Math.round(v)} ${currency}`; }
};

/**
 * One horizontal bar chart. The figures are text (label and value on every row), the bars are
 * decoration: screen readers read a list, and nothing is told by colour alone.
 */
function BarChart({ id, title, bars, format, empty }: { id: string; title: string; bars: Bar[]; format: (b: Bar) => string; empty: string }) {
  const max = Math.max(0, ...bars.map((b) => b.value));
  return (
    <figure class="chart" aria-labelledby={`${id}-h`}>
      <figcaption id={`${id}-h`}>{title}</figcaption>
      {bars.length === 0 ? <p class="empty">{empty}</p> : (
        <ul aria-labelledby={`${id}-h`}>
          {bars.map((b) => (
            <li key={b.id} class="bar-row">
              <span class="bar-label">{b.label}</span>
              <span class="bar" aria-hidden="true"><span style={{ width: `${max && b.value > 0 ? Math.max(1, (b.value / max) * 100) : 0}%` }} /></span>
              <span class="bar-value">{format(b)}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** Activities per member per week: a table, shaded by count (the numbers are always shown). */
function WeeklyTable({ data }: { data: Insights['activitiesPerMemberPerWeek'] }) {
  const max = Math.max(1, ...data.members.flatMap((m) => m.counts));
  return (
    <figure class="chart wide" aria-labelledby="ins-act-h">
      <figcaption id="ins-act-h">Activities per member per week</figcaption>
      {data.members.length === 0 ? <p class="empty">No calls, meetings, emails or notes logged in these weeks.</p> : (
        <table class="heat">
          <thead><tr><th scope="col">Member</th>{data.weeks.map((w) => <th key={w} scope="col">{w.slice(5)}</th>)}<th scope="col">Total</th></tr></thead>
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
      )}
    </figure>
  );
}

/** Insights: where leads come from, which sources sell, what the pipeline holds, who works it. */
export function InsightsView({ read }: { read: ReadPort }) {
  const [data, setData] = useState<Insights | null>(null);
  const [error, setError] = useState('');
  const [stamp, setStamp] = useState(0);
  useEffect(() => {
    let live = true;
    read.insights().then((d) => { if (live) { setData(d); setError(''); } }, (e: unknown) => { if (live) setError(`Could not compute the insights: ${(e as Error).message ?? e}`); });
    return () => { live = false; };
  }, [read, stamp]);
  const count = (b: Bar) => String(b.value);
  return (
    <section class="insights" aria-labelledby="insights-h">
      <div class="board-head">
        <h2 id="insights-h">Insights</h2>
        <button type="button" onClick={() => setStamp(stamp + 1)}>Refresh</button>
      </div>
      {error && <p class="field-error" role="alert">{error}</p>}
      {!data && !error && <p class="loading" role="status">Counting…</p>}
      {data && (
        <div class="charts">
          <BarChart id="ins-status" title="Leads by status" bars={data.leadsByStatus} format={count} empty="No leads yet." />
          <BarChart id="ins-source" title="Leads by source" bars={data.leadsBySource} format={count} empty="No leads yet." />
          <BarChart id="ins-conv" title="Conversion rate by source" bars={data.conversionBySource} format={(b) => `${b.value}% (${b.detail})`} empty="No leads yet." />
          <BarChart id="ins-won" title="Won value by source" bars={data.wonValueBySource} format={(b) => money(b.value, data.currency)} empty="No deal won yet." />
          <BarChart id="ins-pipe" title="Open pipeline value by stage" bars={data.pipelineValueByStage} format={(b) => money(b.value, data.currency)} empty="No pipeline yet." />
          <WeeklyTable data={data.activitiesPerMemberPerWeek} />
        </div>
      )}
    </section>
  );
}
