import { liveQuery } from 'dexie';
import { displayName, tokenize, type Collection } from '../domain/index.ts';
import { compareSortKeys, sortKeyOf, type SortKey } from '../domain/sort-key.ts';
import { recordFieldChanges } from '../store/history.ts';
import { timelineActivities } from '../store/timeline-query.ts';
import { ReadDB, readDbName } from '../store/read-db.ts';
import { countList, queryRows, relatedRows } from '../store/queries.ts';
import { matchingKeys } from '../store/search-query.ts';
import { forgetSearchSets } from '../store/search-sets.ts';
import { rowsByKey } from '../store/staged.ts';
import type { RecordRow } from '../store/rows.ts';
import { isSignalSort, signalFilterKeys, signalSortValue, signalsOf } from '../store/signal-queries.ts';
import type { DateRange, FieldChange, Insights, ListPage, ListRequest, ListRow, ListSort, ReadPort, Rec, RecordName, Unsubscribe, WorkspaceConfig } from '../ui/ports.ts';
import { toListRow } from './list-row.ts';
import { lazyWatch } from './lazy-read-port.ts';
import { memberName, membersByName } from '../ui/models/members.ts';

const MAX = '\uffff';
/**
 * How long a list's total waits after its rows (see watchList): a search's count walks every
 * match of its words, so it waits until the user pauses typing.
 */
const COUNT_DELAY_MS = 250;
const SEARCH_COUNT_DELAY_MS = 800;


const reruns = new Set<() => void>();

/**
 * A live query: Dexie re-runs it when the read model changes in any context. Dexie's
 * cross-context notice was seen to be missed in Chromium when it raced a query of the page,
 * so `rerunLiveQueries` (called after each of our writes, which answer once the read model is
 * written) runs every live query once more: a list never stays stale after our own write.
 */
export function watch<T>(query: () => Promise<T>, on: (v: T) => void): () => void {
  const onError = (e: unknown) => console.error('Outpost read model query failed', e);
  const sub = liveQuery(query).subscribe({ next: on, error: onError });
  let closed = false;
  const rerun = () => { void query().then((v) => { if (!closed) on(v); }, onError); };
  reruns.add(rerun);
  return () => { closed = true; reruns.delete(rerun); sub.unsubscribe(); };
}

export function rerunLiveQueries(): void {
  forgetSearchSets(); // the words' sets kept while typing may predate the write, as the notice may
  for (const r of reruns) r();
}

const INDEXED_FILTERS = { statusId: '[type+statusId]', ownerId: '[type+ownerId]', sourceId: '[type+sourceId]', stageId: '[type+stageId]', companyId: '[type+companyId]' } as const;

/** Which value of a row a table sorts by: indexed columns from the row, any other from the record. */
function sortValue(r: RecordRow, sort: ListSort): SortKey {
  if (sort.field === 'name') return r.sortName;
  if (sort.field === 'updatedAt') return r.updatedAt;
  return sortKeyOf(r.data as Record<string, unknown>, sort.field, sort.rank);
}

/**
 * A page of a table: the plain name-sorted list takes the store's indexed path; filters, other
 * sorts and the trash narrow by the best index and finish in memory.
 */
export async function queryTable(db: ReadDB, q: ListRequest): Promise<{ rows: RecordRow[]; total: number }> {
  const r = await queryTableRows(db, q);
  return { rows: r.rows, total: r.total ?? (await countList(db, { type: q.type, statusId: plainStatus(q), search: q.search })) };
}

/** The status a plain list (name order, no other filter) is narrowed to, if any. */
const plainStatus = (q: ListRequest) => q.statusId ?? q.filters?.statusId;

/** A page of a table as list rows, each with its sales signals (src/store/signal-queries.ts). */
async function tablePage(db: ReadDB, q: ListRequest): Promise<{ rows: ListRow[]; total: number | null }> {
  const res = await queryTableRows(db, q);
  const signals = await signalsOf(db, res.rows.map((r) => r.key));
  return { rows: res.rows.map((r) => toListRow(r, signals.get(r.key))), total: res.total };
}

/** queryTable's rows; `total` is null for the plain list, whose count is a query of its own. */
async function queryTableRows(db: ReadDB, q: ListRequest): Promise<{ rows: RecordRow[]; total: number | null }> {
  const { notContactedDays, inStageOverDays, ...filters } = q.filters ?? {};
  const signalKeys = q.deleted ? null : signalFilterKeys(db, q.type, { notContactedDays, inStageOverDays }, Date.now());
  const bySignal = signalKeys && (await signalKeys);
  const f = { ...filters, ...(q.statusId ? { statusId: q.statusId } : {}) };
  const active = Object.entries(f).filter(([, v]) => v) as [string, string][];
  const sort = q.sort ?? { field: 'name', dir: 'asc' as const };
  const deleted = q.deleted ? 1 : 0;
  const plain = !bySignal && !q.deleted && sort.field === 'name' && sort.dir === 'asc' && active.every(([k]) => k === 'statusId') && active.length <= 1;
  if (plain) return queryRows(db, { type: q.type, search: q.search, offset: q.offset, limit: q.limit, statusId: f.statusId });
  if (!q.search && active.length === 0 && !bySignal && (sort.field === 'name' || sort.field === 'updatedAt')) {
    const index = sort.field === 'name' ? '[type+deleted+sortName]' : '[type+deleted+updatedAt]';
    const lo = sort.field === 'name' ? '' : 0;
    const hi = sort.field === 'name' ? MAX : Number.MAX_SAFE_INTEGER;
    let range = db.records.where(index).between([q.type, deleted, lo], [q.type, deleted, hi], true, true);
    const total = await range.count();
    if (sort.dir === 'desc') range = range.reverse();
    return { rows: await range.offset(q.offset).limit(q.limit).toArray(), total };
  }
  let rows: RecordRow[];
  const words = tokenize(q.search);
  const indexed = active.find(([k]) => k in INDEXED_FILTERS) as [keyof typeof INDEXED_FILTERS, string] | undefined;
  // A search reads the rows of its matches only (every word's index keys intersected), not every row of one word.
  if (words.length) rows = (await rowsByKey(db, await matchingKeys(db, q.type, words))).filter((r): r is RecordRow => !!r);
  else if (indexed) rows = await db.records.where(INDEXED_FILTERS[indexed[0]]).equals([q.type, indexed[1]]).toArray();
  else if (bySignal) rows = (await db.records.bulkGet([...bySignal])).filter((r): r is RecordRow => !!r);
  else rows = await db.records.where('[type+deleted+sortName]').between([q.type, deleted, ''], [q.type, deleted, MAX], true, true).toArray();
  const prefixes = words.map((w) => `${q.type}:${w}`);
  rows = rows.filter((r) => r.deleted === deleted && prefixes.every((p) => r.words.some((x) => x.startsWith(p))) && active.every(([k, v]) => matches(r, k, v)) && (!bySignal || bySignal.has(r.key)));
  // Keys once per row, not per comparison: a sort of 50k rows compares ~800k times.
  const field = sort.field;
  const signals = isSignalSort(field) ? await signalsOf(db, rows.map((r) => r.key)) : null;
  const keyed = rows.map((r) => ({ r, k: signals && isSignalSort(field) ? signalSortValue(signals.get(r.key), field) : sortValue(r, sort) }));
  keyed.sort((a, b) => compareSortKeys(a.k, b.k, sort.dir) || a.r.sortName.localeCompare(b.r.sortName));
  rows = keyed.map((x) => x.r);
  return { rows: rows.slice(q.offset, q.offset + q.limit), total: rows.length };
}

function matches(r: RecordRow, key: string, value: string): boolean {
  const d = r.data as Record<string, unknown>;
  if (key === 'tag') return ((d.tags as string[] | undefined) ?? []).some((t) => t.toLowerCase() === value.toLowerCase());
  // The row's own columns: a deal's and a task's status, a task's assignee, as their indexes hold them.
  if (key === 'statusId') return r.statusId === value;
  if (key === 'ownerId') return r.ownerId === value;
  return d[key] === value;
}

/** The workspace config once (the first answer of the watcher). */
/** The names of records by "type:id", read in one bulk get (an erased one is left out). */
async function recordNames(db: ReadDB, refs: { type: Collection; id: string }[]): Promise<Record<string, RecordName>> {
  const keys = [...new Set(refs.map((r) => `${r.type}:${r.id}`))];
  const rows = await rowsByKey(db, keys);
  return Object.fromEntries(rows.filter((r): r is RecordRow => !!r).map((r) => [r.key, { name: displayName(r.data as Rec), deleted: r.deleted === 1 }]));
}

function configOnce(watchConfig: ReadPort['watchConfig']): Promise<WorkspaceConfig> {
  return new Promise((resolve) => {
    let stop: (() => void) | null = null;
    let done = false;
    stop = watchConfig((c) => { if (done) return; done = true; resolve(c); queueMicrotask(() => stop?.()); });
    if (done) stop();
  });
}

const WEEKS = 8;
/**
 * The Insights figures: one pass over the live leads and opportunities (only the fields the
 * charts need), and the activities of the last weeks by their date index. Not a hot path: it
 * runs when the screen opens (about a second at 50 000 leads in Chromium).
 */
async function insights(db: ReadDB, config: WorkspaceConfig, now: number, range?: DateRange): Promise<Insights> {
  const live = (type: Collection) => db.records.where('[type+deleted+sortName]').between([type, 0, ''], [type, 0, MAX], true, true);
  const leads: { statusId: string; sourceId: string; createdAt?: number }[] = [];
  await live('leads').each((r) => { leads.push({ statusId: r.statusId ?? '', sourceId: r.sourceId ?? '', createdAt: (r.data as { createdAt?: number }).createdAt }); });
  const opportunities: { status: string; sourceId: string; pipelineId: string; stageId: string; value: number; closedAt?: number }[] = [];
  await live('opportunities').each((r) => {
    const d = r.data as { status?: string; pipelineId?: string; monetaryValue?: number; closeDate?: string };
    // When a deal closed: its close date (reps set it when they win), else when it last changed.
    const closedAt = d.status === 'won' || d.status === 'lost' ? (d.closeDate && !Number.isNaN(Date.parse(d.closeDate)) ? Date.parse(d.closeDate) : r.updatedAt) : undefined;
    opportunities.push({ status: d.status ?? 'open', sourceId: r.sourceId ?? '', pipelineId: d.pipelineId ?? '', stageId: r.stageId ?? '', value: typeof d.monetaryValue === 'number' ? d.monetaryValue : 0, closedAt });
  });
  const since = range ? range.from : now - (WEEKS + 1) * 7 * 24 * 3600 * 1000;
  const activities = (await db.activities.where('date').above(since).toArray()).filter((a) => !a.system && a.typeId !== 'system').map((a) => ({ authorId: a.authorId, date: a.date }));
  const { computeInsights } = await import('../domain/insights.ts');
  const named = <T extends { id: string; name?: string; order?: number }>(xs: T[]) => xs.map((x) => ({ ...x, id: x.id, name: x.name ?? x.id, order: x.order }));
  return computeInsights({
    leads, opportunities, activities, now, weeks: WEEKS, range,
    config: {
      leadStatuses: named(config.leadStatuses), sources: named(config.sources), pipelines: named(config.pipelines),
      stages: named(config.stages), members: membersByName(config).map((m) => ({ id: m.id, name: memberName(config, m.id) })),
      currency: config.settings.defaultCurrency ?? 'USD',
    },
  });
}

/**
 * A list's total, counted after its rows and again after each new answer of them: a count walks
 * every entry of its range (20,000 leads: about 200 ms in Chromium), so it is not a live query of
 * its own, which Dexie would re-run at each write of any page at once, competing with the rows
 * (and with the engine's next write, which waits for readers of the same table). It runs `delay`
 * after the rows (while the user types, each keystroke replaces the list's watch first), never
 * twice at a time; a change during a count counts once more after it.
 */
function laterCount(count: () => Promise<number>, delay: number, on: (n: number) => void) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let again = false;
  let stopped = false;
  const run = async () => {
    timer = null;
    if (running) { again = true; return; }
    running = true;
    try {
      const n = await count();
      if (!stopped) on(n);
    } catch (e) {
      console.error('Outpost read model count failed', e);
    } finally {
      running = false;
      if (again && !stopped) { again = false; schedule(); }
    }
  };
  const schedule = () => { if (!timer && !stopped) timer = setTimeout(() => void run(), delay); };
  return { schedule, stop() { stopped = true; if (timer) clearTimeout(timer); } };
}

/**
 * The rows each open list shows now, by key: a record opened from a list paints at once from its
 * row (a row holds the whole record), and its own query follows (U4 in bench/ui.ts). Only rows
 * of a list's latest answer: a record that left every list (deleted, changed) is not answered
 * from here.
 */
function shownRows() {
  const lists = new Set<Map<string, Rec>>();
  return {
    list() { const rows = new Map<string, Rec>(); lists.add(rows); return { show(page: ListRow[]) { rows.clear(); for (const r of page) rows.set(`${r.type}:${r.id}`, r.data); }, close() { lists.delete(rows); } }; },
    get(key: string): Rec | undefined { for (const rows of lists) { const r = rows.get(key); if (r) return r; } return undefined; },
  };
}

/** The read side of the UI ports, from the Dexie read model (live across pages). */
export function readPort(db: ReadDB, watchConfig: ReadPort['watchConfig']): ReadPort {
  const shown = shownRows();
  let knownSide: Promise<ReturnType<typeof import('./known-port.ts').knownPort>> | null = null;
  const known = () => (knownSide ??= import('./known-port.ts').then((m) => m.knownPort(db, watchConfig, watch)));
  return {
    watchConflicts: (record, on) => watch(async () => (await import('../store/conflict-queries.ts')).queryOpenConflicts(db, record ? `${record.type}:${record.id}` : undefined), on),
    watchHistory: (type, id, on) => watch(async () => (await recordFieldChanges(db, `${type}:${id}`)) as FieldChange[], on),
    insights: async (now = Date.now(), range) => insights(db, await configOnce(watchConfig), now, range),
    // The rows first; where the total needs a count of its own (the plain list), it follows.
    watchList: (req, onPage) => {
      let page: { rows: ListRow[]; total: number | null } | null = null;
      let counted: number | null = null;
      let closed = false;
      const rows = shown.list();
      const emit = () => {
        if (!page || closed) return;
        const known = page.total ?? counted;
        onPage({ rows: page.rows, total: known ?? req.offset + page.rows.length, ...(known === null ? { totalPending: true } : {}) } satisfies ListPage);
      };
      const counter = laterCount(() => countList(db, { type: req.type, statusId: plainStatus(req), search: req.search }), req.search.trim() ? SEARCH_COUNT_DELAY_MS : COUNT_DELAY_MS, (n) => { counted = n; emit(); });
      const stopRows = watch(() => tablePage(db, req), (res) => {
        // A first page shorter than a page is the whole list: nothing to count.
        const whole = req.offset === 0 && res.rows.length < req.limit;
        page = { rows: res.rows, total: res.total ?? (whole ? res.rows.length : null) };
        if (!closed) rows.show(res.rows);
        emit();
        // The rows' query observes the whole range the count walks, so each change that could
        // move the total re-runs it first: the count follows each answer, once at a time.
        if (page.total === null) counter.schedule();
      });
      return () => { closed = true; rows.close(); stopRows(); counter.stop(); };
    },
    watchRows: (req, onRows) => watch(() => tablePage(db, req), (res) => onRows(res.rows)),
    queryList: async (req) => { const res = await queryTable(db, req); const signals = await signalsOf(db, res.rows.map((r) => r.key)); return { total: res.total, rows: res.rows.map((r) => toListRow(r, signals.get(r.key))) }; },
    watchRecord: (type: Collection, id, on, opts) => {
      const listed = shown.get(`${type}:${id}`);
      if (listed) on(listed);
      return watch(async () => (await rowsByKey(db, [`${type}:${id}`]))[0] ?? null, (row) => on(row && (!row.deleted || opts?.deleted) ? (row.data as Rec) : null));
    },
    watchActivities: (parents, on) => watch(() => timelineActivities(db, parents), on),
    watchRelated: (req, on) => watch(() => relatedRows(db, req), (rows) => on(rows.map((r) => toListRow(r)))),
    watchNames: (refs, on) => watch(() => recordNames(db, refs), on),
    watchConfig,
    watchKnownHere: (page, on) => lazyWatch(known().then((k) => k.watchKnownHere!(page, on))),
    watchSignals: (keys, on) => lazyWatch(known().then((k) => k.watchSignals!(keys, on))),
  };
}

/** A page's read port on the workspace's read model, its database opening at once. */
export function openReadPort(workspaceId: string, watchConfig: ReadPort['watchConfig']): ReadPort {
  // Dexie's shared query cache misses changes written by the engine's context after a one-shot
  // query in this page (seen in Chromium: the list stopped updating); queries here stay uncached.
  const db = new ReadDB(readDbName(workspaceId), { cache: 'disabled' } as never);
  void db.open().then(() => performance.mark('outpost:db-open'), (e: unknown) => console.error('Outpost: the read model did not open', e));
  return readPort(db, watchConfig);
}
