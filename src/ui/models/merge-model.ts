import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { displayName, type Collection } from '../../domain/index.ts';
import { MERGE_LIST_FIELDS, planMerge } from '../../domain/lifecycle/index.ts';
import type { DedupePort, DuplicateMatch, MergeSide, ReadPort, Rec, Unsubscribe, WorkspaceConfig, WritePort } from '../ports.ts';
import { FIELDS } from '../records/fields.ts';
import type { FieldSpec } from '../records/field-kinds.ts';
import { fieldErrors } from './errors.ts';
import type { UndoModel } from './undo-model.ts';

/** The record types the record view offers to merge (opportunities merge from the store/CLI only). */
export const MERGEABLE: readonly Collection[] = ['leads', 'people', 'companies'];

/**
 * One line of the merge step: a field (name and address as one, as the store merges them), both
 * records' values as text, and either a choice or, for lists, the combined result.
 */
export type MergeRow = { field: string; label: string; winner: string; loser: string; list: boolean; result: string; defaultSide: MergeSide };

const GROUP_LABEL: Record<string, string> = { name: 'Name', address: 'Address' };

function textOf(specs: FieldSpec[], r: Rec, config?: WorkspaceConfig): string {
  return specs.map((s) => {
    const v = s.get(r);
    return (v && config && s.options?.(config, r).find((o) => o.value === v)?.label) || v;
  }).filter(Boolean).join(specs[0].path === 'address' ? ', ' : ' ');
}

/**
 * The fields where `winner` and `loser` differ, in the record view's order. The default keeps
 * the surviving record's value unless it is empty (what the store does without a choice); lists
 * are combined, shown as the store will combine them.
 */
export function mergeRows(type: Collection, winner: Rec, loser: Rec, config?: WorkspaceConfig): MergeRow[] {
  const groups = new Map<string, FieldSpec[]>();
  for (const s of FIELDS[type]) groups.set(s.path, [...(groups.get(s.path) ?? []), s]);
  const combined = { ...winner, ...planMerge(type, winner, loser).set } as Rec;
  const rows: MergeRow[] = [];
  for (const [field, specs] of groups) {
    const w = textOf(specs, winner, config);
    const l = textOf(specs, loser, config);
    if (w === l) continue;
    const list = MERGE_LIST_FIELDS.includes(field);
    rows.push({ field, label: GROUP_LABEL[field] ?? specs[0].label, winner: w, loser: l, list, result: list ? textOf(specs, combined, config) : '', defaultSide: w ? 'winner' : 'loser' });
  }
  return rows;
}

/** What the store is told: the side of every chosen field (lists aren't chosen, they combine). */
export function mergeChoices(rows: MergeRow[], picks: Record<string, MergeSide>): Record<string, MergeSide> {
  return Object.fromEntries(rows.filter((r) => !r.list).map((r) => [r.field, picks[r.field] ?? r.defaultSide]));
}

type Ports = { read: ReadPort; dedupe: DedupePort; write: Pick<WritePort, 'undoBatch'> };

/**
 * "Possible duplicates" of the record in view and the merge step: the engine's matches with their
 * reasons (refreshed whenever the record changes), then, for one match, field-by-field choices and
 * the merge into this record as one undoable batch.
 */
export function createMergeModel(ports: Ports, type: Collection, id: string, record: ReadonlySignal<Rec | null | undefined>, undo?: UndoModel) {
  const matches = signal<DuplicateMatch[] | null>(null); // null: not asked yet
  const error = signal('');
  const message = signal('');
  const busy = signal(false);
  const loserId = signal<string | null>(null);
  const loser = signal<Rec | null | undefined>(undefined);
  const picks = signal<Record<string, MergeSide>>({});
  const config = signal<WorkspaceConfig | undefined>(undefined);
  const rows = computed(() => (record.value && loser.value ? mergeRows(type, record.value, loser.value, config.value) : []));
  let loserSub: Unsubscribe = () => {};
  let asked = 0;

  async function refresh() {
    const n = ++asked;
    try {
      const found = await ports.dedupe.duplicates(type, id);
      if (n === asked) matches.value = found;
    } catch (e) {
      if (n === asked) error.value = `Could not look for duplicates: ${(e as Error).message}`;
    }
  }
  // The record's email or name changed (or a merge, or its undo): its duplicates may have too.
  let seen = '';
  const stopRefresh = effect(() => {
    const r = record.value;
    const key = r ? `${r.updatedAt ?? ''}` : '';
    if (!r || key === seen) return;
    seen = key;
    void refresh();
  });
  const stopConfig = ports.read.watchConfig((c) => { config.value = c; });

  function cancel() {
    loserSub(); loserSub = () => {};
    loserId.value = null; loser.value = undefined; picks.value = {};
  }

  /** A field the engine refused names its label; a rule about the merge itself is said as is. */
  function explain(e: unknown): string {
    return fieldErrors(e).map((i) => {
      const row = rows.value.find((r) => r.field === i.path.split('.')[0]);
      return row ? `${row.label}: ${i.message}` : i.message;
    }).join(' ');
  }

  return {
    matches, error, message, busy, loserId, loser, picks, rows, refresh, cancel,
    /** Opens the merge step for one match (the match is merged into this record). */
    start(matchId: string) {
      cancel();
      error.value = ''; message.value = '';
      loserId.value = matchId;
      loserSub = ports.read.watchRecord(type, matchId, (r) => { loser.value = r; });
    },
    choose(field: string, side: MergeSide) { picks.value = { ...picks.value, [field]: side }; },
    side(row: MergeRow): MergeSide { return picks.value[row.field] ?? row.defaultSide; },
    async confirm(): Promise<boolean> {
      const l = loser.value;
      const w = record.value;
      if (!l || !w || busy.value) return false;
      busy.value = true;
      try {
        const { batchId } = await ports.dedupe.merge(type, id, l.id, mergeChoices(rows.value, picks.value));
        const label = `Merged ${displayName(l) || 'a duplicate'} into ${displayName(w) || 'this record'}`;
        undo?.push({ label, undo: () => ports.write.undoBatch(batchId) });
        message.value = label;
        error.value = '';
        cancel();
        await refresh();
        return true;
      } catch (e) {
        error.value = explain(e);
        return false;
      } finally {
        busy.value = false;
      }
    },
    dispose() { cancel(); stopRefresh(); stopConfig(); },
  };
}
export type MergeModel = ReturnType<typeof createMergeModel>;
