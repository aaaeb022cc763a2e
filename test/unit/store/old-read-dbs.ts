import Dexie from 'dexie';
import { Projector } from '../../../src/store/projector.ts';
import { ReadDB } from '../../../src/store/read-db.ts';
import type { RecordRow } from '../../../src/store/rows.ts';
import type { WorkspaceDocs } from '../../../src/store/docs.ts';

/**
 * The read-model schemas earlier versions wrote, frozen here (they must not follow read-db.ts):
 * the upgrade tests write a database the way an older Outpost did, then open it with today's.
 */

/** Read model 4: Dexie versions 1 and 2 of read-db.ts before read model 5. */
export function v4Db(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores({
    records: 'key, [type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId], *emails, *domains, *words',
    activities: 'id, parentKey, [parentKey+date], date, authorId',
    history: 'id, recordKey, at, batchId',
    meta: 'key',
  });
  db.version(2).stores({
    conflicts: 'id, recordKey, resolved', matchKeys: 'recordKey, *keys', taskLinks: 'taskKey, relatedKey',
    signals: 'recordKey, *parents, [type+lastContactAt], [type+lastActivityAt], [type+stageSince]',
  });
  return db;
}

/** Read model 5: versions 1–3 of read-db.ts before read model 6. */
export function v5Db(name: string): Dexie {
  const db = v4Db(name);
  db.version(3).stores({ activities: 'id, parentKey, [parentKey+date], date', history: 'id, recordKey, batchId' });
  return db;
}

/** Read model 6: versions 1–4 of read-db.ts before read model 7. */
export function v6Db(name: string): Dexie {
  const db = v5Db(name);
  db.version(4).stores({
    records: 'key, [type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId], *emails, *domains, *words, *match',
    matchKeys: null,
    signals: 'recordKey, *parents, [type+lastContactAt], [type+stageSince]',
    history: 'id, *recordKeys, batchId',
  });
  return db;
}

/** Writes `tables` into an old read model, with its meta at `version`, and closes it. */
export async function writeOld(old: Dexie, tables: Record<string, unknown[]>, meta: object, version: number): Promise<void> {
  await old.open();
  for (const [table, rows] of Object.entries(tables)) await old.table(table).bulkPut(rows);
  await old.table('meta').put({ ...meta, version });
  old.close();
}

/** Read model 7: versions 1–5 of read-db.ts before read model 8. */
export function v7Db(name: string): Dexie {
  const db = v6Db(name);
  db.version(5).stores({
    records: 'key, [type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId], *emails, *domains, *words, *match, *into',
  });
  return db;
}

/** Read model 8: versions 1–6 of read-db.ts before read model 9 (version 6 changed no index). */
export function v8Db(name: string): Dexie {
  const db = v7Db(name);
  db.version(6).stores({});
  return db;
}

/** Today's read model of `docs`, projected in full (the reference an upgraded one must equal); pushed on `open` to be closed. */
export async function projectedNow(docs: WorkspaceDocs, open: { close(): void }[]): Promise<ReadDB> {
  const fresh = new ReadDB(`ref-${Math.random()}`);
  open.push(fresh);
  const ref = new Projector(docs, fresh);
  await ref.catchUp();
  await ref.flush();
  ref.destroy();
  return fresh;
}

/** An old read model opened with today's code and caught up: what the projector said (an upgrade says 'current') and the db. */
export async function reopened(docs: WorkspaceDocs, name: string, open: { close(): void }[]): Promise<{ db: ReadDB; caughtUp: string }> {
  const db = new ReadDB(name);
  open.push(db);
  const projector = new Projector(docs, db);
  open.unshift({ close: () => projector.destroy() });
  return { db, caughtUp: await projector.catchUp() };
}

export const byKey = (rows: RecordRow[]) => [...rows].sort((a, b) => a.key.localeCompare(b.key));

/** Read model 9: versions 1–7 of read-db.ts before read model 10 (version 7 changed no index). */
export function v9Db(name: string): Dexie {
  const db = v8Db(name);
  db.version(7).stores({});
  return db;
}

/** Read model 10: versions 1–9 of read-db.ts before read model 11 (the `pairs` index, the `staged` table). */
export function v10Db(name: string): Dexie {
  const db = v9Db(name);
  db.version(8).stores({
    records: 'key, [type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId], *emails, *domains, *words, *match, *into, *pairs',
  });
  db.version(9).stores({ staged: 'seq' });
  return db;
}
