import { CONVERTED_STATUS_ID } from './config.ts';
import { readSourceId } from './no-source.ts';

/** One bar of a chart: a label, its value, and an optional second figure (a rate's parts). */
export type Bar = { id: string; label: string; value: number; detail?: string };
export type Insights = {
  leadsByStatus: Bar[];
  leadsBySource: Bar[];
  /** Converted leads / all leads of each source, in percent. */
  conversionBySource: Bar[];
  /** Won opportunities' value per source (the lead's source carried to the deal). */
  wonValueBySource: Bar[];
  /** Open opportunities' value per stage of each pipeline ("Sales · Qualified"). */
  pipelineValueByStage: Bar[];
  /** Activities logged per member in each of the last weeks (weeks start Monday, UTC). */
  activitiesPerMemberPerWeek: { weeks: string[]; members: { id: string; label: string; counts: number[] }[] };
  /** New leads and won value per period of the range (days, weeks or months by its length). */
  timeline: Timeline;
  /** The period the figures cover (pipeline by stage is always "now"). */
  range: DateRange;
  currency: string;
};

export type DateRange = { from: number; to: number };
export type Timeline = { unit: 'day' | 'week' | 'month'; starts: number[]; labels: string[]; leads: number[]; wonValue: number[] };

type Named = { id: string; name: string; order?: number };
export type InsightsInput = {
  /** `createdAt`: when the lead came in (leads without one count in every range). */
  leads: { statusId: string; sourceId: string; createdAt?: number }[];
  /** `closedAt`: when a won or lost deal closed (its close date, else its last change). */
  opportunities: { status: string; sourceId: string; pipelineId: string; stageId: string; value: number; closedAt?: number }[];
  /** User activities only (not status/stage changes the store logs). */
  activities: { authorId: string; date: number }[];
  config: { leadStatuses: Named[]; sources: Named[]; pipelines: Named[]; stages: (Named & { pipelineId: string })[]; members: Named[]; currency: string };
  now: number;
  weeks?: number;
  /** Only leads that came in, deals closed and activities logged in this period (default: the last `weeks`). */
  range?: DateRange;
};

const DAY_MS = 24 * 3600 * 1000;
/** Most weeks the activity table shows: a year; longer ranges show its last year of weeks. */
export const MAX_WEEKS = 53;

/** Start of the UTC day / month holding `t`. */
const utcDay = (t: number) => { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()); };
const utcMonth = (t: number) => { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); };
const nextMonth = (t: number) => { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); };

/** The periods of a range: days up to 45 days, weeks up to 26 weeks, months beyond. */
export function periods(range: DateRange): { unit: Timeline['unit']; starts: number[] } {
  const span = range.to - range.from;
  const unit: Timeline['unit'] = span <= 45 * DAY_MS ? 'day' : span <= 26 * WEEK ? 'week' : 'month';
  const starts: number[] = [];
  let t = unit === 'day' ? utcDay(range.from) : unit === 'week' ? weekStart(range.from) : utcMonth(range.from);
  while (t <= range.to && starts.length < 400) { starts.push(t); t = unit === 'day' ? t + DAY_MS : unit === 'week' ? t + WEEK : nextMonth(t); }
  return { unit, starts };
}

/** Which period of `starts` holds `t` (-1: outside). */
function bucketOf(starts: number[], t: number): number {
  let lo = 0; let hi = starts.length - 1; let found = -1;
  while (lo <= hi) { const mid = (lo + hi) >> 1; if (starts[mid] <= t) { found = mid; lo = mid + 1; } else hi = mid - 1; }
  return found;
}

function timeline(input: InsightsInput, range: DateRange): Timeline {
  const { unit, starts } = periods(range);
  const leads = Array(starts.length).fill(0);
  const wonValue = Array(starts.length).fill(0);
  const inRange = (t: number | undefined): t is number => typeof t === 'number' && t >= range.from && t <= range.to;
  for (const l of input.leads) if (inRange(l.createdAt)) leads[bucketOf(starts, l.createdAt)]++;
  for (const o of input.opportunities) if (o.status === 'won' && inRange(o.closedAt)) wonValue[bucketOf(starts, o.closedAt)] += o.value;
  const label = (t: number) => new Date(t).toISOString().slice(0, unit === 'month' ? 7 : 10);
  return { unit, starts, labels: starts.map(label), leads, wonValue };
}

const WEEK = 7 * 24 * 3600 * 1000;
/** Monday 00:00 UTC of the week holding `t`. */
export function weekStart(t: number): number {
  const d = new Date(t);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

const byOrder = (a: Named, b: Named) => (a.order ?? 0) - (b.order ?? 0) || a.name.localeCompare(b.name);
const name = (list: Named[], id: string, none: string) => (id ? list.find((x) => x.id === id)?.name ?? id : none);

/** Counts per key, as bars in the config's order, then unknown keys, then "none". */
function bars(counts: Map<string, number>, list: Named[], none: string, opts: { keepZero?: boolean } = {}): Bar[] {
  const known = [...list].sort(byOrder).map((x) => x.id);
  const ids = [...known, ...[...counts.keys()].filter((k) => k && !known.includes(k)).sort(), ...(counts.has('') ? [''] : [])];
  return ids
    .filter((id) => opts.keepZero || (counts.get(id) ?? 0) > 0)
    .map((id) => ({ id, label: name(list, id, none), value: counts.get(id) ?? 0 }));
}

const add = (m: Map<string, number>, k: string, v = 1) => m.set(k, (m.get(k) ?? 0) + v);

/** The Insights screen's figures from plain facts of the read model. Pure. */
export function computeInsights(raw: InsightsInput): Insights {
  const weeksAsked = raw.weeks ?? 8;
  const range = raw.range ?? { from: weekStart(raw.now) - (weeksAsked - 1) * WEEK, to: raw.now };
  // Leads and closed deals outside the range drop out; those without a date stay (older data).
  const within = (t: number | undefined) => t === undefined || (t >= range.from && t <= range.to);
  const input: InsightsInput = raw.range ? {
    ...raw, now: range.to,
    weeks: Math.min(MAX_WEEKS, Math.max(1, Math.floor((weekStart(range.to) - weekStart(range.from)) / WEEK) + 1)),
    leads: raw.leads.filter((l) => within(l.createdAt)),
    opportunities: raw.opportunities.filter((o) => o.status === 'open' || within(o.closedAt)),
    activities: raw.activities.filter((a) => a.date >= range.from),
  } : raw;
  const { config } = input;
  const statuses = [...config.leadStatuses, { id: CONVERTED_STATUS_ID, name: 'Converted', order: 1e9 }];
  const byStatus = new Map<string, number>();
  const bySource = new Map<string, number>();
  const convertedBySource = new Map<string, number>();
  for (const l of input.leads) {
    add(byStatus, l.statusId);
    // Read-model rows projected before session 19b may still hold the seeded "no-source" id.
    const source = readSourceId(l.sourceId) ?? '';
    add(bySource, source);
    if (l.statusId === CONVERTED_STATUS_ID) add(convertedBySource, source);
  }
  const wonBySource = new Map<string, number>();
  const openByStage = new Map<string, number>();
  for (const o of input.opportunities) {
    if (o.status === 'won') add(wonBySource, readSourceId(o.sourceId) ?? '', o.value);
    if (o.status === 'open') add(openByStage, o.stageId, o.value);
  }
  // A stage is named with its pipeline only where there is more than one pipeline to tell apart.
  const severalPipelines = new Set(config.stages.map((st) => st.pipelineId)).size > 1;
  const stages = [...config.stages].sort((a, b) => {
    const pa = config.pipelines.find((p) => p.id === a.pipelineId);
    const pb = config.pipelines.find((p) => p.id === b.pipelineId);
    return (pa && pb ? byOrder(pa, pb) : 0) || byOrder(a, b);
  }).map((s, i) => ({ ...s, order: i, name: severalPipelines ? `${name(config.pipelines, s.pipelineId, '')} · ${s.name}` : s.name }));

  const weeks = input.weeks ?? 8;
  const first = weekStart(input.now) - (weeks - 1) * WEEK;
  const perMember = new Map<string, number[]>();
  for (const a of input.activities) {
    if (a.date < first || a.date > input.now) continue;
    const w = Math.floor((weekStart(a.date) - first) / WEEK);
    const counts = perMember.get(a.authorId) ?? perMember.set(a.authorId, Array(weeks).fill(0)).get(a.authorId)!;
    counts[w]++;
  }
  // A member no longer listed shows as such, never as a raw id.
  const memberName = (id: string) => config.members.find((m) => m.id === id)?.name ?? 'Former member';
  const memberIds = [...perMember.keys()].sort((a, b) => memberName(a).localeCompare(memberName(b)));

  return {
    leadsByStatus: bars(byStatus, statuses, 'No status'),
    leadsBySource: bars(bySource, config.sources, 'No source'),
    conversionBySource: bars(bySource, config.sources, 'No source').map((b) => {
      const converted = convertedBySource.get(b.id) ?? 0;
      return { ...b, value: Math.round((converted / b.value) * 1000) / 10, detail: `${converted} of ${b.value}` };
    }),
    wonValueBySource: bars(wonBySource, config.sources, 'No source'),
    pipelineValueByStage: bars(openByStage, stages, 'No stage', { keepZero: true }).filter((b) => b.value > 0 || stages.some((s) => s.id === b.id)),
    activitiesPerMemberPerWeek: {
      weeks: Array.from({ length: weeks }, (_, i) => new Date(first + i * WEEK).toISOString().slice(0, 10)),
      members: memberIds.map((id) => ({ id, label: memberName(id), counts: perMember.get(id)! })),
    },
    timeline: timeline(input, range),
    range,
    currency: config.currency,
  };
}
