import { newId, type Collection } from '../domain/index.ts';
import { ORIGIN } from './docs.ts';
import type { StoredRecord } from '../layout/records-doc.ts';
import { revertFields, trashRecord, untrashRecord } from '../layout/record-write.ts';
import type { HistoryEntry } from './history.ts';
import { allHistory, recordKey, writeHistory } from './layout.ts';
import type { Repository } from './repository.ts';
import type { ReadDB } from './read-db.ts';
import { historyEntries } from './rows.ts';

/**
 * Undo of a batch (an import, a merge, a bulk edit): replays the history entries of the batch
 * backwards. A created record goes to the trash; an updated field gets its previous value back
 * unless somebody changed it since (their newer edit is kept and reported); a delete is
 * restored. The undo is itself a batch, so it can be undone.
 */
export type UndoResult = { undoBatchId: string; reverted: number; skipped: { collection: Collection; recordId: string; field: string; reason: string }[] };

const inOrder = (a: HistoryEntry, b: HistoryEntry) => a.at - b.at || a.id.localeCompare(b.id);

/** A batch's entries from the docs: every activity shard must be in memory (tests, the CLI). */
export function batchEntries(repo: Repository, batchId: string): HistoryEntry[] {
  return allHistory(repo.docs).filter((e) => e.batchId === batchId).sort(inOrder);
}

/**
 * A batch's entries from the read model (its history table is indexed by batch): no shard is
 * loaded to find them. Flush the projector first so the batch's last entries are there.
 */
export async function batchHistory(db: ReadDB, batchId: string): Promise<HistoryEntry[]> {
  return historyEntries(await db.history.where('batchId').equals(batchId).toArray()).sort(inOrder);
}

/**
 * Reverts a batch. `entries` are the batch's history entries (`batchHistory` from the read
 * model); without them they are read from the docs. Only the record shards the batch touched
 * are needed (they must be loaded: ShardNotLoadedError names them before anything is written).
 */
export function undoBatch(repo: Repository, batchId: string, entries: HistoryEntry[] = batchEntries(repo, batchId)): UndoResult {
  repo.assertCanWrite();
  entries = entries.filter((e) => e.batchId === batchId).sort(inOrder);
  const undoBatchId = newId();
  const result: UndoResult = { undoBatchId, reverted: 0, skipped: [] };
  const w = repo.writer({ batchId: undoBatchId, origin: ORIGIN.undo });
  const log: HistoryEntry[] = [];
  repo.docs.require(entries.map((e) => recordKey(e.recordId))); // every shard before any write
  for (const e of entries.reverse()) {
    const doc = repo.docs.doc(recordKey(e.recordId));
    doc.transact(() => {
      const current = repo.get(e.collection, e.recordId, { includeDeleted: true }) as StoredRecord | undefined;
      if (!current) return;
      let written: HistoryEntry | undefined;
      if (e.op === 'create' || e.op === 'restore') written = trashRecord(doc, e.collection, current, w);
      else if (e.op === 'delete') written = untrashRecord(doc, e.collection, current, w);
      else {
        const set: Record<string, unknown> = {};
        const prev: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(e.set)) {
          if (field === 'custom') {
            // Custom values undo one definition at a time, with the same "changed since" rule.
            const now = (current.custom ?? {}) as Record<string, unknown>;
            const was = (e.prev.custom ?? {}) as Record<string, unknown>;
            const back: Record<string, unknown> = {};
            for (const [cid, v] of Object.entries((value ?? {}) as Record<string, unknown>)) {
              if (JSON.stringify(now[cid] ?? null) !== JSON.stringify(v ?? null)) {
                result.skipped.push({ collection: e.collection, recordId: e.recordId, field: `custom.${cid}`, reason: 'changed since; the newer value was kept' });
                continue;
              }
              back[cid] = was[cid] ?? null;
            }
            if (Object.keys(back).length) {
              set.custom = back;
              prev.custom = Object.fromEntries(Object.keys(back).map((cid) => [cid, now[cid] ?? null]));
            }
            continue;
          }
          if (JSON.stringify(current[field] ?? null) !== JSON.stringify(value ?? null)) {
            result.skipped.push({ collection: e.collection, recordId: e.recordId, field, reason: 'changed since; the newer value was kept' });
            continue;
          }
          set[field] = e.prev[field] ?? null; prev[field] = value;
        }
        if (Object.keys(set).length) {
          // The reverted fields get back where their old values came from (entries written before
          // provenance have none: those fields keep theirs).
          const back = Object.fromEntries(Object.entries(e.prevProvenance ?? {}).filter(([k]) => k in set || (k.startsWith('custom.') && k.slice(7) in ((set.custom ?? {}) as object))));
          written = revertFields(doc, e.collection, current, set, prev, w, back);
        }
      }
      if (written) { result.reverted++; log.push(written); }
    }, ORIGIN.undo);
  }
  writeHistory(repo.docs, log, ORIGIN.undo);
  return result;
}
