import { CONVERTED_STATUS_ID } from './config.ts';

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
  currency: string;
};

type Named = { id: string; name: string; order?: number };
export type InsightsInput = {
  leads: { statusId: string; sourceId: string }[];
  opportunities: { status: string; sourceId: string; pipelineId: string; stageId: string; value: number }[];
  /** User activities only (not status/stage changes the store logs). */
  activities: { authorId: string; date: number }[];
  config: { leadStatuses: Named[]; sources: Named[]; pipelines: Named[]; stages: (Named & { pipelineId: string })[]; members: Named[]; currency: string };
  now: number;
  weeks?: number;
};

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
export function computeInsights(input: InsightsInput): Insights {
  const { config } = input;
  const statuses = [...config.leadStatuses, { id: CONVERTED_STATUS_ID, name: 'Converted', order: 1e9 }];
  const byStatus = new Map<string, number>();
  const bySource = new Map<string, number>();
  const convertedBySource = new Map<string, number>();
  for (const l of input.leads) {
    add(byStatus, l.statusId);
    add(bySource, l.sourceId);
    if (l.statusId === CONVERTED_STATUS_ID) add(convertedBySource, l.sourceId);
  }
  const wonBySource = new Map<string, number>();
  const openByStage = new Map<string, number>();
  for (const o of input.opportunities) {
    if (o.status === 'won') add(wonBySource, o.sourceId, o.value);
    if (o.status === 'open') add(openByStage, o.stageId, o.value);
  }
  const stages = [...config.stages].sort((a, b) => {
    const pa = config.pipelines.find((p) => p.id === a.pipelineId);
    const pb = config.pipelines.find((p) => p.id === b.pipelineId);
    return (pa && pb ? byOrder(pa, pb) : 0) || byOrder(a, b);
  }).map((s, i) => ({ ...s, order: i, name: `${name(config.pipelines, s.pipelineId, '')} · ${s.name}` }));

  const weeks = input.weeks ?? 8;
  const first = weekStart(input.now) - (weeks - 1) * WEEK;
  const perMember = new Map<string, number[]>();
  for (const a of input.activities) {
    if (a.date < first || a.date > input.now) continue;
    const w = Math.floor((weekStart(a.date) - first) / WEEK);
    const counts = perMember.get(a.authorId) ?? perMember.set(a.authorId, Array(weeks).fill(0)).get(a.authorId)!;
    counts[w]++;
  }
  const memberIds = [...perMember.keys()].sort((a, b) => name(config.members, a, 'Unknown').localeCompare(name(config.members, b, 'Unknown')));

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
      members: memberIds.map((id) => ({ id, label: name(config.members, id, 'Unknown'), counts: perMember.get(id)! })),
    },
    currency: config.currency,
  };
}
