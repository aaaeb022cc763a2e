import Dexie from 'dexie';
import type { RecordRef } from '../../domain/index.ts';
import type { ReadDB } from '../read-db.ts';
import { REFERENCES, type MergeCollection } from './merge.ts';

/**
 * The records that may reference `loserId`, from the read model: the people and deals of a
 * company through the `[type+companyId]` index, a record's tasks through the task links, and
 * deals' primary persons and leads' conversion links by reading that type's rows. A merge then
 * loads only their shards instead of every record shard (at 50k records, the whole workspace).
 * Trashed records are included, as the shard scan includes them. The caller flushes the
 * projector first, so the rows include this device's last writes.
 */
export async function mergeCandidates(db: ReadDB, collection: MergeCollection, loserId: string): Promise<RecordRef[]> {
  const out = new Map<string, RecordRef>();
  const add = (type: RecordRef['type'], id: string) => out.set(`${type}:${id}`, { type, id });
  for (const ref of REFERENCES[collection]) {
    const rows = ref.field === 'companyId'
      ? db.records.where('[type+companyId]').equals([ref.collection, loserId])
      : db.records.where('[type+deleted+sortName]').between([ref.collection, 0, ''], [ref.collection, 1, Dexie.maxKey], true, true)
        .filter((r) => ref.get((r.data as Record<string, unknown>)[ref.field]) === loserId);
    for (const r of await rows.toArray()) add(ref.collection, r.id);
  }
  for (const t of await db.taskLinks.where('relatedKey').equals(`${collection}:${loserId}`).toArray()) add('tasks', t.id);
  return [...out.values()];
}
