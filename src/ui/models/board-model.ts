import { computed, signal } from '@preact/signals';
import type { FieldError, ListRow, ReadPort, Unsubscribe, WritePort } from '../ports.ts';
import { batchId, fieldErrors } from './errors.ts';
import type { UndoModel } from './undo-model.ts';

export type Stage = { id: string; name: string; winProbability: number };
export type Column = { stage: Stage; cards: ListRow[]; total: number };

/** Open deals of a pipeline grouped by stage, with value totals (pure: tested without a DOM). */
export function groupByStage(stages: Stage[], deals: ListRow[]): Column[] {
  return stages.map((stage) => {
    const cards = deals.filter((d) => d.data.stageId === stage.id && (d.data.status ?? 'open') === 'open');
    return { stage, cards, total: cards.reduce((s, c) => s + ((c.data.monetaryValue as number) ?? 0), 0) };
  });
}

/** The pipeline board: move a deal to a stage (drag or keys), mark it won or lost with a reason. */
export function createBoardModel(ports: { read: ReadPort; write: WritePort }, pipelineId: string, undo?: UndoModel) {
  const deals = signal<ListRow[]>([]);
  const stages = signal<Stage[]>([]);
  const errors = signal<FieldError[]>([]);
  const message = signal('');
  const stop: Unsubscribe = ports.read.watchList({ type: 'opportunities', search: '', offset: 0, limit: 5000, filters: { pipelineId } }, (p) => { deals.value = p.rows; });
  const columns = computed(() => groupByStage(stages.value, deals.value));

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

  return {
    pipelineId, deals, stages, columns, errors, message,
    setStages(s: Stage[]) { stages.value = s; },
    move(id: string, stageId: string) {
      const stage = stages.value.find((s) => s.id === stageId);
      const deal = deals.value.find((d) => d.id === id);
      if (!stage || !deal || deal.data.stageId === stageId) return Promise.resolve(false);
      return write(id, { stageId }, `Moved to ${stage.name}`);
    },
    /** One stage left (-1) or right (+1): the keyboard way to move a card. */
    step(id: string, dir: -1 | 1) {
      const deal = deals.value.find((d) => d.id === id);
      const i = stages.value.findIndex((s) => s.id === deal?.data.stageId);
      const next = stages.value[i + dir];
      return next ? this.move(id, next.id) : Promise.resolve(false);
    },
    won(id: string) { return write(id, { status: 'won' }, 'Marked won'); },
    lost(id: string, lossReasonId: string) {
      if (!lossReasonId) { errors.value = [{ path: `${id}:lossReasonId`, message: 'Choose why it was lost.' }]; return Promise.resolve(false); }
      return write(id, { status: 'lost', lossReasonId }, 'Marked lost');
    },
    dispose: stop,
  };
}
export type BoardModel = ReturnType<typeof createBoardModel>;
