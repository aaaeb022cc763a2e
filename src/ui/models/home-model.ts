import { computed, signal } from '@preact/signals';
import { COLLECTIONS, FOLLOW_UP_DAYS, needsFollowUp, type Collection } from '../../domain/index.ts';
import type { ListRow, ReadPort, Unsubscribe, WorkspaceConfig, WritePort } from '../ports.ts';
import { cardFacts, STALE_DAYS } from './board-model.ts';
import { fieldErrors } from './errors.ts';
import { dueLabel } from '../tasks/due.ts';

export { dueLabel };

const DAY = 24 * 3600 * 1000;
/** Most open deals the home reads to find this month's and the stale ones (a board's worth). */
const OPEN_DEALS = 5000;
const RECENT = 8;
const SHOWN = 8;
/** Whom the home's "to follow up" looks at: the contacts (deals show as stale on their own card). */
const FOLLOW_UP_TYPES: Collection[] = ['leads', 'people', 'companies'];

export type DueTask = ListRow & { overdue: boolean; due: string };

/** My open tasks (mine, or nobody's yet): overdue first, then by due date, undated last. */
export function myOpenTasks(tasks: ListRow[], me: string, now: number): DueTask[] {
  return tasks
    .filter((t) => (t.data.status ?? 'open') === 'open' && (!t.data.assigneeId || t.data.assigneeId === me))
    .map((t) => {
      const dueAt = t.data.dueAt as number | undefined;
      return { ...t, overdue: typeof dueAt === 'number' && dueAt < now, due: dueLabel(dueAt, now) };
    })
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || ((a.data.dueAt as number) ?? Infinity) - ((b.data.dueAt as number) ?? Infinity));
}

/** Open deals whose close date falls in the month of `now` (local), soonest first. */
export function closingThisMonth(deals: ListRow[], now: number): ListRow[] {
  const d = new Date(now);
  const month = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  return deals.filter((x) => (x.data.status ?? 'open') === 'open' && typeof x.data.closeDate === 'string' && (x.data.closeDate as string).startsWith(month))
    .sort((a, b) => (a.data.closeDate as string).localeCompare(b.data.closeDate as string));
}

/** Open deals that have not moved for STALE_DAYS or more, longest-waiting first. */
export function staleDeals(deals: ListRow[], now: number): (ListRow & { days: number })[] {
  return deals.filter((x) => (x.data.status ?? 'open') === 'open')
    .map((x) => ({ ...x, days: cardFacts(x, now).daysInStage }))
    .filter((x) => x.days >= STALE_DAYS)
    .sort((a, b) => b.days - a.days);
}

/** The last records changed, of every type, newest first. */
export function recentRecords(lists: ListRow[][], n = RECENT): ListRow[] {
  return lists.flat().sort((a, b) => ((b.data.updatedAt as number) ?? 0) - ((a.data.updatedAt as number) ?? 0)).slice(0, n);
}

/** Records to get back to (contacted before, not for FOLLOW_UP_DAYS, nothing planned): the latest lapse first. */
export function toFollowUp(lists: ListRow[][], now: number, n = SHOWN): ListRow[] {
  return lists.flat().filter((r) => r.signals && needsFollowUp(r.signals, now)).sort((a, b) => b.signals!.lastContactAt - a.signals!.lastContactAt).slice(0, n);
}

export type StatusCount = { id: string; label: string; count: number };

/**
 * The dashboard's home: each part a live query of the read port (no part waits for another).
 * Lead counts per status are index counts, so they cost the same at 50,000 leads as at 50.
 */
export function createHomeModel(ports: { read: ReadPort; write: WritePort }, config: () => WorkspaceConfig | null, now: () => number = Date.now) {
  const tasks = signal<ListRow[] | null>(null);
  const deals = signal<ListRow[] | null>(null);
  const recentByType = signal<Partial<Record<Collection, ListRow[]>>>({});
  const statusCounts = signal<Record<string, number>>({});
  const lapsed = signal<Partial<Record<Collection, ListRow[]>>>({});
  const error = signal('');
  const stops: Unsubscribe[] = [
    ports.read.watchList({ type: 'tasks', search: '', offset: 0, limit: 1000, filters: { statusId: 'open' }, sort: { field: 'dueAt', dir: 'asc' } }, (p) => { tasks.value = p.rows; }),
    ports.read.watchList({ type: 'opportunities', search: '', offset: 0, limit: OPEN_DEALS, filters: { statusId: 'open' } }, (p) => { deals.value = p.rows; }),
    // "To follow up": per type, the latest lapses by the signals index (src/store/signal-queries.ts).
    ...FOLLOW_UP_TYPES.map((type) => ports.read.watchList({ type, search: '', offset: 0, limit: SHOWN * 4, filters: { notContactedDays: String(FOLLOW_UP_DAYS) }, sort: { field: 'lastContactAt', dir: 'desc' } }, (p) => { lapsed.value = { ...lapsed.value, [type]: p.rows }; })),
    ...COLLECTIONS.map((type) => ports.read.watchList({ type, search: '', offset: 0, limit: RECENT, sort: { field: 'updatedAt', dir: 'desc' } }, (p) => { recentByType.value = { ...recentByType.value, [type]: p.rows }; })),
  ];
  let statusStops: Unsubscribe[] = [];
  let watched = '';
  /** One count per status (the admin's list and Converted): re-watched when the list changes. */
  function watchStatuses() {
    const ids = [...(config()?.leadStatuses.filter((s) => !s.retired).map((s) => s.id) ?? []), 'converted'];
    if (ids.join() === watched) return;
    watched = ids.join();
    for (const s of statusStops) s();
    statusStops = ids.map((id) => ports.read.watchList({ type: 'leads', search: '', offset: 0, limit: 1, statusId: id }, (p) => { statusCounts.value = { ...statusCounts.value, [id]: p.total }; }));
  }
  const me = () => config()?.me.memberId ?? '';
  return {
    tasks: computed(() => (tasks.value ? myOpenTasks(tasks.value, me(), now()) : null)),
    closing: computed(() => (deals.value ? closingThisMonth(deals.value, now()) : null)),
    stale: computed(() => (deals.value ? staleDeals(deals.value, now()) : null)),
    recent: computed(() => recentRecords(Object.values(recentByType.value))),
    /** Nothing of any kind in the workspace yet (a first start): true, false, or null until every type has answered. */
    empty: computed(() => (COLLECTIONS.every((t) => t in recentByType.value) ? COLLECTIONS.every((t) => !recentByType.value[t]?.length) : null)),
    followUp: computed(() => (FOLLOW_UP_TYPES.every((t) => t in lapsed.value) ? toFollowUp(Object.values(lapsed.value), now()) : null)),
    leadsByStatus: computed((): StatusCount[] => {
      const c = config();
      const counts = statusCounts.value;
      const named = [...(c?.leadStatuses.filter((s) => !s.retired) ?? []).map((s) => ({ id: s.id, label: s.name })), { id: 'converted', label: 'Converted' }];
      return named.filter((s) => s.id in counts).map((s) => ({ ...s, count: counts[s.id] }));
    }),
    error, shown: SHOWN,
    watchStatuses,
    async completeTask(id: string) {
      try { await ports.write.update('tasks', id, { status: 'done' }); error.value = ''; } catch (e) { error.value = `Could not complete the task: ${fieldErrors(e)[0].message}`; }
    },
    dispose() { for (const s of [...stops, ...statusStops]) s(); },
  };
}
export type HomeModel = ReturnType<typeof createHomeModel>;
