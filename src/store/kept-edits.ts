import { ActivityFields, collections, newId, NotFoundError, parsePatch, type Collection } from '../domain/index.ts';
import { recordDocKey, type DocKey } from '../domain/routing.ts';
import { NotSavedError, typedChanges, type RefusedChange, type RefusedChanges, type TypedEdit } from './refused.ts';
import type { Fields, Repository, WriteOptions } from './repository.ts';

export type KeptEditsDeps = {
  repo: Repository;
  /** Where refused changes are kept; without it (no DocStore) nothing is ever retaken. */
  refused?: RefusedChanges;
  /** The relay's words for a retaken doc whose team state is not in yet (`EngineSyncStore.retakenReason`). */
  retakenReason(key: DocKey): string | undefined;
  now(): number;
};

/**
 * Writes of one record (run inside `Engine.run`) that tell the truth when the relay's refusal took
 * the record away: a record made on this device only lives in its Not saved note once its doc is
 * retaken, and every record of a retaken doc is missing here until the team's state comes in (at
 * once, or after `RETAKE_WAIT_MS` without the relay's answer, not before the next sync). An edit
 * of such a record is not refused "No leads record with id …": what was typed is validated (a bad
 * value is a ValidationError, nothing kept), kept with the refused changes, and the write fails
 * NotSavedError with the relay's reason. A record missing for any other reason stays NotFoundError.
 */
export function keptEdits(deps: KeptEditsDeps) {
  const keepingRefused = async <T>(record: { type: Collection; id: string }, write: () => T, typed: (notes: RefusedChange[]) => TypedEdit): Promise<T> => {
    try {
      return write();
    } catch (e) {
      if (!(e instanceof NotFoundError) || e.collection !== record.type || e.id !== record.id || !deps.refused) throw e;
      const docKey = recordDocKey(record.id);
      const notes = await deps.refused.list(record);
      const reason = deps.retakenReason(docKey) ?? notes.at(-1)?.reason;
      if (!reason) throw e;
      await deps.refused.put(typedChanges(record, docKey, typed(notes), reason, deps.now(), newId()));
      throw new NotSavedError(reason, collections[record.type].label);
    }
  };
  /** The record as this device last had it: its Not saved note when it was made here only. */
  const lastKnown = (notes: RefusedChange[]) => (notes.findLast((n) => n.kind === 'created')?.value ?? {}) as Fields;

  return {
    update: <C extends Collection>(collection: C, id: string, patch: unknown, opts?: WriteOptions) =>
      keepingRefused({ type: collection, id }, () => deps.repo.update(collection, id, patch, opts), (notes) => ({ kind: 'fields', ...parsePatch(collection, lastKnown(notes), patch, deps.repo.customDefs()) })),
    delete: (collection: Collection, id: string, opts?: WriteOptions) =>
      keepingRefused({ type: collection, id }, () => deps.repo.delete(collection, id, opts), () => ({ kind: 'deleted' })),
    logActivity: (input: unknown, opts?: WriteOptions) => {
      const parsed = ActivityFields.safeParse(input);
      // A malformed activity names no record: the repository refuses it with its reasons.
      if (!parsed.success) return Promise.resolve().then(() => deps.repo.logActivity(input, opts));
      return keepingRefused(parsed.data.parent, () => deps.repo.logActivity(input, opts), () => ({ kind: 'activity', value: parsed.data }));
    },
  };
}
export type KeptEdits = ReturnType<typeof keptEdits>;
