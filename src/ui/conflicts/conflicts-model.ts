import { catalogueKey, sameValue, type OpenConflict } from '../../domain/conflicts.ts';
import { patchFor } from '../../domain/fields/index.ts';
import type { Collection } from '../../domain/index.ts';
import type { ReadPort, Rec, WritePort } from '../ports.ts';

/**
 * The choice a conflict offers: keep the value the field shows ("keep current", which only
 * settles the dropped values) or put a dropped one back (a normal edit of the field). Both are
 * writes that sync; the conflict then clears on every replica.
 */
export async function keepValue(write: WritePort, c: OpenConflict, value: unknown, current: Rec | null): Promise<void> {
  if (sameValue(value, c.current.value)) {
    if (!write.keepCurrent) throw new Error('This workspace cannot settle conflicts.');
    await write.keepCurrent(c.collection, c.recordId, c.field);
    return;
  }
  await write.update(c.collection, c.recordId, patchFor({ key: catalogueKey(c.field) }, value, current ?? {}));
}

/** Open conflicts of one record, by catalogue key ('title', 'custom.<id>'): what the field editors show. */
export function byCatalogueKey(list: OpenConflict[]): Map<string, OpenConflict> {
  return new Map(list.map((c) => [catalogueKey(c.field), c]));
}

/** Subscribes to open conflicts (one record or the workspace); a read port without them gives none. */
export function watchOpen(read: ReadPort, record: { type: Collection; id: string } | null, on: (list: OpenConflict[]) => void): () => void {
  if (!read.watchConflicts) { on([]); return () => {}; }
  return read.watchConflicts(record, on);
}
