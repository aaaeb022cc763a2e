import Dexie, { type Table } from 'dexie';
import type { ActivityRow, HistoryRow, RecordRow } from './rows.ts';
import type { ConflictRow } from './conflict-rows.ts';
import type { MatchKeysRow, SignalsRow, TaskLinkRow } from './known-index.ts';

/** `vectors`: per doc key (`config`, `records/<k>`, `activities/<k>`), the state the rows reflect. */
export type ReadMeta = {
  key: 'state'; version: number; vectors: Record<string, string>;
  /**
   * The activity types counted as interactions when the signals were derived (sorted ids): a
   * start re-derives them only when the config says otherwise. Absent (a read model from before
   * it was kept): re-derived once, after the engine is ready.
   */
  interactionTypes?: string[];
};

/**
 * Bump when rows change shape: a read model of another version is rebuilt, never migrated.
 * 2: search words hold every part of an email ("first.last", "last@company.com") and every way
 * a phone is written (src/domain/search.ts), so search and the pre-save duplicate check find them.
 * 3: the state the rows reflect is kept per shard doc key (the sharded layout).
 * 4: values dropped by concurrent writes (`conflicts`, src/store/conflicts.ts), "known here" match
 * keys, task links and sales signals (src/store/known-index.ts), in tables of their own: an older
 * read model has none, so it is rebuilt to fill them.
 * 5: lighter rows, each index entry being a write (docs/architecture.md, "The read model's write
 * cost"): `words` leaves out a word that starts another word of the record (indexWords), the
 * filter columns are absent rather than '' when empty (no compound index entry), and the
 * activities' `authorId` and history's `at` indexes, which no query used, are gone. Never query
 * `records.where('type')`: Dexie answers it from a compound index starting with `type`, and those
 * of the filter columns now hold only the rows with a value.
 */
export const READ_MODEL_VERSION = 5;

/**
 * The read model: derived from the docs, droppable and rebuilt at any time. Lists, search and
 * the capture form paint from here at once while the engine loads behind them.
 */
export class ReadDB extends Dexie {
  records!: Table<RecordRow, string>;
  activities!: Table<ActivityRow, string>;
  history!: Table<HistoryRow, string>;
  meta!: Table<ReadMeta, string>;
  conflicts!: Table<ConflictRow, string>;
  matchKeys!: Table<MatchKeysRow, string>;
  taskLinks!: Table<TaskLinkRow, string>;
  signals!: Table<SignalsRow, string>;

  constructor(name: string, deps?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
    super(name, deps);
    this.version(1).stores({
      records: 'key, [type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId], *emails, *domains, *words',
      activities: 'id, parentKey, [parentKey+date], date, authorId',
      history: 'id, recordKey, at, batchId',
      meta: 'key',
    });
    // Conflicts (conflict-rows.ts), Known here and sales signals (known-index.ts): tables of their own.
    this.version(2).stores({
      conflicts: 'id, recordKey, resolved',
      matchKeys: 'recordKey, *keys',
      taskLinks: 'taskKey, relatedKey',
      signals: 'recordKey, *parents, [type+lastContactAt], [type+lastActivityAt], [type+stageSince]',
    });
    // Read model 5: indexes no query reads are not kept up (each entry costs every put).
    this.version(3).stores({
      activities: 'id, parentKey, [parentKey+date], date',
      history: 'id, recordKey, batchId',
    });
  }
}

export { readDbName } from './db-names.ts';
