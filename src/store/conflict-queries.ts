import { catalogueKey, openConflicts, type OpenConflict } from '../domain/conflicts.ts';
import { displayName } from '../domain/index.ts';
import { valueOf } from '../domain/fields/index.ts';
import type { ReadDB } from './read-db.ts';
import { rowKey } from './rows.ts';
import { rowsByKey } from './staged.ts';

/**
 * Open conflicts, from the read model only: of one record (`recordKey`, "leads:ID") or of the
 * whole workspace, newest first, against each record's current value (records in the trash
 * are left out).
 */
export async function queryOpenConflicts(db: ReadDB, recordKey?: string): Promise<OpenConflict[]> {
  const rows = recordKey
    ? (await db.conflicts.where('recordKey').equals(recordKey).toArray()).filter((r) => r.resolved === 0)
    : await db.conflicts.where('resolved').equals(0).toArray();
  if (!rows.length) return [];
  const keys = [...new Set(rows.map((r) => r.recordKey))];
  const records = new Map((await rowsByKey(db, keys)).filter((r) => r && r.deleted === 0).map((r) => [r!.key, r!.data]));
  const open = openConflicts(rows, new Set(), (d) => {
    const data = records.get(rowKey(d.collection, d.recordId)) as Record<string, unknown> | undefined;
    if (!data) return undefined;
    return { value: valueOf({ key: catalogueKey(d.field) }, data) };
  });
  for (const c of open) c.recordName = displayName(records.get(rowKey(c.collection, c.recordId)) as Record<string, unknown>) || '(no name)';
  const newest = (c: OpenConflict) => Math.max(c.current.setter?.at ?? 0, ...c.others.map((o) => o.setter?.at ?? 0));
  return open.sort((a, b) => newest(b) - newest(a));
}
