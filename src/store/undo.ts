import { newId, type Collection } from '../domain/index.ts';
import { ORIGIN } from './docs.ts';
import { keyOf, writeProvenance, DELETED, UPDATED } from '../layout/records-doc.ts';
import type { HistoryEntry } from './history.ts';
import { allHistory, recordKey, recordMap, writeHistory } from './layout.ts';
import { historyId, type Repository } from './repository.ts';

/**
 * Undo of a batch (an import, a merge, a bulk edit): replays the history entries of the batch
 * backwards. A created record goes to the trash; an updated field gets its previous value back
 * unless somebody changed it since (their newer edit is kept and reported); a delete is
 * restored. The undo is itself a batch, so it can be undone.
 */
export type UndoResult = { undoBatchId: string; reverted: number; skipped: { collection: Collection; recordId: string; field: string; reason: string }[] };

export function batchEntries(repo: Repository, batchId: string): HistoryEntry[] {
  return allHistory(repo.docs).filter((e) => e.batchId === batchId).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

export function undoBatch(repo: Repository, batchId: string): UndoResult {
  repo.assertCanWrite();
  const entries = batchEntries(repo, batchId);
  const undoBatchId = newId();
  const result: UndoResult = { undoBatchId, reverted: 0, skipped: [] };
  const at = repo.now();
  const log: HistoryEntry[] = [];
  repo.docs.require(entries.map((e) => recordKey(e.recordId))); // every shard before any write
  for (const e of entries.reverse()) {
    repo.docs.doc(recordKey(e.recordId)).transact(() => {
      const map = recordMap(repo.docs, e.collection, e.recordId);
      const current = repo.get(e.collection, e.recordId, { includeDeleted: true }) as Record<string, unknown> | undefined;
      if (!current) return;
      const set: Record<string, unknown> = {};
      const prev: Record<string, unknown> = {};
      if (e.op === 'create' || e.op === 'restore') {
        if (current.deletedAt === undefined) { map.set(keyOf(e.recordId, DELETED), [at, repo.actor.memberId]); set.deletedAt = at; prev.deletedAt = null; }
      } else if (e.op === 'delete') {
        if (current.deletedAt !== undefined) { map.delete(keyOf(e.recordId, DELETED)); set.deletedAt = null; prev.deletedAt = current.deletedAt; }
      } else {
        const patch: Record<string, unknown> = {};
        const cleared: string[] = [];
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
              patch.custom = back;
              set.custom = back;
              prev.custom = Object.fromEntries(Object.keys(back).map((cid) => [cid, now[cid] ?? null]));
            }
            continue;
          }
          if (JSON.stringify(current[field] ?? null) !== JSON.stringify(value ?? null)) {
            result.skipped.push({ collection: e.collection, recordId: e.recordId, field, reason: 'changed since; the newer value was kept' });
            continue;
          }
          const before = e.prev[field];
          if (before === null || before === undefined) cleared.push(field); else patch[field] = before;
          set[field] = before ?? null; prev[field] = value;
        }
        repo.writeUpdate(e.collection, e.recordId, patch, cleared, at);
        // The reverted fields get back where their old values came from (entries written before
        // provenance have none: those fields keep theirs).
        if (e.prevProvenance) {
          const back = Object.fromEntries(Object.entries(e.prevProvenance).filter(([k]) => k in set || (k.startsWith('custom.') && k.slice(7) in ((set.custom ?? {}) as object))));
          writeProvenance(map, e.recordId, back);
        }
      }
      if (Object.keys(set).length) {
        map.set(keyOf(e.recordId, UPDATED), [at, repo.actor.memberId]);
        result.reverted++;
        log.push({ id: historyId(at), collection: e.collection, recordId: e.recordId, at, by: repo.actor.memberId, op: 'update', set, prev, batchId: undoBatchId });
      }
    }, ORIGIN.undo);
  }
  writeHistory(repo.docs, log, ORIGIN.undo);
  return result;
}
