import { computed, signal } from '@preact/signals';
import type { FieldError, ListRow, ReadPort, Unsubscribe, WritePort } from '../ports.ts';
import { batchId, fieldErrors } from './errors.ts';
import type { UndoModel } from './undo-model.ts';

export type Stage = { id: string; name: string; winProbability: number };
export type Column = { stage: Stage; cards: ListRow[]; total: number; weighted: number };
export type Outcome = { count: number; value: number };
export type NextTask = { id: string; name: string; dueAt?: number };

const DAY = 24 * 3600 * 1000;
/** A deal that has sat in one stage this long without moving is flagged stale (Pipedrive's "rotting" default is 30 days). */
export const STALE_DAYS = 30;
/** Most deals one board shows: more would not be a board any more (and the table pages them). */
export const BOARD_LIMIT = 5000;

const valueOf = (d: ListRow) => (typeof d.data.monetaryValue === 'number' ? (d.data.monetaryValue as number) : 0);

/** Open deals of a pipeline grouped by stage, with value totals and the probability-weighted value. */
export function groupByStage(stages: Stage[], deals: ListRow[]): Column[] {
  return stages.map((stage) => {
    const cards = deals.filter((d) => d.data.stageId === stage.id && (d.data.status ?? 'open') === 'open');
    const total = cards.reduce((s, c) => s + valueOf(c), 0);
    return { stage, cards, total, weighted: Math.round((total * stage.winProbability) / 100) };
  });
}

/** Won and lost deals of the pipeline: how many, worth how much. */
export function outcomes(deals: ListRow[]): { won: Outcome; lost: Outcome } {
  const sum = (status: string) => deals.filter((d) => d.data.status === status).reduce((o, d) => ({ count: o.count + 1, value: o.value + valueOf(d) }), { count: 0, value: 0 });
  return { won: sum('won'), lost: sum('lost') };
}

export type CardFacts = { daysInStage: number; stale: boolean; closeOverdue: boolean; nextTask?: NextTask };

/**
 * What a card says about a deal besides its name and value: days in its stage (since it last
 * moved, or since it was made), stale after STALE_DAYS, a close date already past, and the
 * deal's next open task (earliest due first; undated ones after). Pure.
 */
export function cardFacts(deal: ListRow, now: number, tasks: NextTask[] = []): CardFacts {
  const since = (deal.data.stageChangedAt as number | undefined) ?? (deal.data.createdAt as number | undefined) ?? now;
  const daysInStage = Math.max(0, Math.floor((now - since) / DAY));
  const close = typeof deal.data.closeDate === 'string' ? Date.parse(`${deal.data.closeDate}T23:59:59`) : NaN;
  const next = [...tasks].sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity))[0];
  return { daysInStage, stale: daysInStage >= STALE_DAYS, closeOverdue: !Number.isNaN(close) && close < now, nextTask: next };
}

/** Open tasks by the deal they are about ("opportunities" only). */
export function tasksByDeal(tasks: ListRow[]): Map<string, NextTask[]> {
  const out = new Map<string, NextTask[]>();
  for (const t of tasks) {
    const rel = t.data.related as { type?: string; id?: string } | undefined;
    if (rel?.type !== 'opportunities' || !rel.id || (t.data.status ?? 'open') !== 'open') continue;
    const list = out.get(rel.id) ?? out.set(rel.id, []).get(rel.id)!;
    list.push({ id: t.id, name: t.name, dueAt: t.data.dueAt as number | undefined });
  }
  return out;
}

/** The pipeline board: move a deal to a stage (drag or keys), mark it won or lost with a reason. */
export function createBoardModel(ports: { read: ReadPort; write: WritePort }, pipelineId: string, undo?: UndoModel, now: () => number = Date.now) {
  const deals = signal<ListRow[]>([]);
  const openTasks = signal<ListRow[]>([]);
  const stages = signal<Stage[]>([]);
  const errors = signal<FieldError[]>([]);
  const message = signal('');
  const loaded = signal(false);
  const stops: Unsubscribe[] = [
    ports.read.watchList({ type: 'opportunities', search: '', offset: 0, limit: BOARD_LIMIT, filters: { pipelineId } }, (p) => { deals.value = p.rows; loaded.value = true; }),
    ports.read.watchList({ type: 'tasks', search: '', offset: 0, limit: BOARD_LIMIT, filters: { statusId: 'open' } }, (p) => { openTasks.value = p.rows; }),
  ];
  const columns = computed(() => groupByStage(stages.value, deals.value));
  const summary = computed(() => outcomes(deals.value));
  const tasks = computed(() => tasksByDeal(openTasks.value));

  async function write(id: string, patch: Record<string, unknown>, label: string) {
    const b = batchId();
    try {
      await ports.write.update('opportunities', id, patch, { batchId: b });
      errors.value = [];
      message.value = label;
      undo?.push({ label, undo: () => ports.write.undoBatch(b) });
      return true;
    } catch (e) {
      errors.value = fieldErrors(e).map((x) => ({ ...x, path: `${id}:${x.path}` }));
      return false;
    }
  }
  const nameOf = (id: string) => deals.value.find((d) => d.id === id)?.name || 'the deal';

  return {
    pipelineId, deals, stages, columns, summary, errors, message, loaded,
    facts: (deal: ListRow) => cardFacts(deal, now(), tasks.value.get(deal.id)),
    setStages(s: Stage[]) { stages.value = s; },
    move(id: string, stageId: string) {
      const stage = stages.value.find((s) => s.id === stageId);
      const deal = deals.value.find((d) => d.id === id);
      if (!stage || !deal || deal.data.stageId === stageId) return Promise.resolve(false);
      return write(id, { stageId }, `${nameOf(id)} moved to ${stage.name}`);
    },
    /** One stage left (-1) or right (+1): the keyboard way to move a card. */
    step(id: string, dir: -1 | 1) {
      const deal = deals.value.find((d) => d.id === id);
      const i = stages.value.findIndex((s) => s.id === deal?.data.stageId);
      const next = stages.value[i + dir];
      if (!next) { message.value = dir < 0 ? 'Already in the first stage' : 'Already in the last stage: mark it won or lost'; return Promise.resolve(false); }
      return this.move(id, next.id);
    },
    won(id: string) { return write(id, { status: 'won' }, `${nameOf(id)} marked won`); },
    lost(id: string, lossReasonId: string) {
      if (!lossReasonId) { errors.value = [{ path: `${id}:lossReasonId`, message: 'Choose why it was lost.' }]; return Promise.resolve(false); }
      return write(id, { status: 'lost', lossReasonId }, `${nameOf(id)} marked lost`);
    },
    dispose() { for (const s of stops) s(); },
  };
}
export type BoardModel = ReturnType<typeof createBoardModel>;
