import {
  Activity, COLLECTIONS, CONFIG_LISTS, collections, configLists, Settings, type Collection, type ConfigList,
} from '../domain/index.ts';
import { assertAdmin, customFieldIds, readConfig } from '../store/config-store.ts';
import { ORIGIN, type WorkspaceDocs } from '../store/docs.ts';
import { historyMap, type HistoryEntry } from '../store/history.ts';
import { collectionMap, readRecord, recordIds, type StoredRecord } from '../layout/records-doc.ts';
import { putActivity, putHistory, writeRecordCopy } from '../layout/record-write.ts';
import { activityMap, byShard, recordKey, recordMaps, timelineKey } from '../store/layout.ts';
import type { Repository } from '../store/repository.ts';
import { ImportError } from './errors.ts';
import { allDocKeys, type DocKey } from '../domain/routing.ts';
import type * as Y from 'yjs';

export const BACKUP_FORMAT = 'outpost-backup';
/** Bump when the backup's shape changes; restore reads every version up to this one.
 *  2: records carry `provenance` (where each field's value came from); 1 has none and restores as is. */
export const BACKUP_SCHEMA_VERSION = 2;

export type Backup = {
  format: typeof BACKUP_FORMAT;
  schemaVersion: number;
  exportedAt: string;
  workspaceId?: string;
  config: { settings: Settings; lists: { [L in ConfigList]: unknown[] } };
  /** Every record, trash included, with its meta (created/updated/deleted by and at). */
  records: Record<Collection, StoredRecord[]>;
  activities: Activity[];
  history: HistoryEntry[];
};

type Parts = Pick<Backup, 'records' | 'activities' | 'history'>;
const noParts = (): Parts => ({ records: Object.fromEntries(COLLECTIONS.map((c) => [c, []])) as unknown as Backup['records'], activities: [], history: [] });

/** What one shard doc holds, added to `into` (a record shard: its records; an activity shard: timeline and history). */
function readShard(key: DocKey, doc: Y.Doc, cids: readonly string[], into: Parts) {
  if (key.startsWith('records/')) {
    for (const c of COLLECTIONS) {
      const map = collectionMap(doc, c);
      for (const id of recordIds(map)) { const r = readRecord(map, c, id, cids); if (r) into.records[c].push(r); }
    }
  } else if (key.startsWith('activities/')) {
    into.activities.push(...activityMap(doc).values());
    into.history.push(...historyMap(doc).values());
  }
}

function assemble(docs: WorkspaceDocs, parts: Parts, opts: { workspaceId?: string; now?: () => number }): Backup {
  const config = readConfig(docs.config);
  for (const c of COLLECTIONS) parts.records[c].sort(byId);
  return {
    format: BACKUP_FORMAT,
    schemaVersion: BACKUP_SCHEMA_VERSION,
    exportedAt: new Date((opts.now ?? Date.now)()).toISOString(),
    ...(opts.workspaceId ? { workspaceId: opts.workspaceId } : {}),
    config: { settings: config.settings, lists: Object.fromEntries(CONFIG_LISTS.map((l) => [l, [...config[l]].sort(byId as never)])) as Backup['config']['lists'] },
    records: parts.records,
    activities: parts.activities.sort(byId),
    history: parts.history.sort(byId),
  };
}

/** The whole workspace as one JSON-able object: config, records, activities and field history (every shard in memory). */
export function backupWorkspace(docs: WorkspaceDocs, opts: { workspaceId?: string; now?: () => number } = {}): Backup {
  const cids = customFieldIds(docs.config);
  const parts = noParts();
  for (const kind of ['records', 'activities'] as const) {
    const keys = allDocKeys().filter((k) => k.startsWith(`${kind}/`));
    docs.all(kind).forEach((doc, i) => readShard(keys[i], doc, cids, parts));
  }
  return assemble(docs, parts, opts);
}

/** Shards loaded at once by a streamed backup (each is unloaded past the memory budget after). */
export const BACKUP_SHARDS_AT_ONCE = 8;

/**
 * The same backup from an engine that loads shards on demand: shard by shard, at most
 * `atOnce` loaded for it at a time (the loader unloads them past its budget), never all 512.
 */
export async function backupWorkspaceStreamed(docs: WorkspaceDocs, opts: { workspaceId?: string; now?: () => number; atOnce?: number } = {}): Promise<Backup> {
  if (!docs.onDemand) return backupWorkspace(docs, opts);
  const cids = customFieldIds(docs.config);
  const parts = noParts();
  await docs.store!.durable(); // every doc written so far is in the store's list
  const stored = new Set(docs.store!.docKeys());
  const keys = allDocKeys().filter((k) => k !== 'config' && (stored.has(k) || docs.isLoaded(k)));
  const atOnce = Math.max(1, opts.atOnce ?? BACKUP_SHARDS_AT_ONCE);
  for (let i = 0; i < keys.length; i += atOnce) {
    const group = keys.slice(i, i + atOnce);
    await docs.withLoaded(group, () => { for (const k of group) readShard(k, docs.doc(k), cids, parts); });
  }
  return assemble(docs, parts, opts);
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Reads and checks a backup file; a clear error for anything that isn't one Outpost can restore. */
export function parseBackup(input: string | Uint8Array): Backup {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  if (!text.trim()) throw new ImportError('empty', 'The backup file is empty.');
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ImportError('not-backup', "This isn't an Outpost backup: it isn't JSON. (To import contacts from a CSV or vCard file, use Import.)");
  }
  const b = data as Partial<Backup>;
  if (!b || typeof b !== 'object' || b.format !== BACKUP_FORMAT) throw new ImportError('not-backup', "This isn't an Outpost backup (its \"format\" isn't outpost-backup).");
  if (typeof b.schemaVersion !== 'number' || b.schemaVersion < 1) throw new ImportError('bad-backup', 'This backup has no schema version: it may be damaged.');
  if (b.schemaVersion > BACKUP_SCHEMA_VERSION) throw new ImportError('bad-backup', `This backup was made by a newer Outpost (schema ${b.schemaVersion}; this one reads up to ${BACKUP_SCHEMA_VERSION}). Update Outpost, then restore.`);
  if (!b.records || typeof b.records !== 'object' || !b.config || !Array.isArray(b.activities)) throw new ImportError('bad-backup', 'This backup is incomplete: records, config or activities are missing.');
  const problems: string[] = [];
  for (const c of COLLECTIONS) {
    const list = b.records[c] ?? [];
    if (!Array.isArray(list)) { problems.push(`records.${c} is not a list`); continue; }
    list.forEach((r, i) => {
      const parsed = collections[c].record.safeParse(r);
      if (!parsed.success) problems.push(`${c} #${i + 1} (${(r as { id?: string })?.id ?? 'no id'}): ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join(', ')}`);
    });
  }
  b.activities.forEach((a, i) => { if (!Activity.safeParse(a).success) problems.push(`activity #${i + 1} is not valid`); });
  for (const l of CONFIG_LISTS) for (const e of (b.config.lists?.[l] ?? []) as unknown[]) if (!configLists[l].safeParse(e).success) problems.push(`config ${l}: ${(e as { id?: string })?.id ?? '?'} is not valid`);
  if (!Settings.safeParse(b.config.settings ?? {}).success) problems.push('config settings are not valid');
  if (problems.length) throw new ImportError('bad-backup', `This backup can't be restored; nothing was written:\n  ${problems.slice(0, 10).join('\n  ')}${problems.length > 10 ? `\n  … and ${problems.length - 10} more` : ''}`);
  return { ...b, history: Array.isArray(b.history) ? b.history : [] } as Backup;
}

export type RestoreResult = { records: number; kept: number; activities: number; history: number; configEntities: number };

/** How much is in the workspace: a restore refuses to mix into a non-empty one unless told to merge. */
export function workspaceSize(docs: WorkspaceDocs): { records: number; activities: number } {
  let records = 0;
  for (const c of COLLECTIONS) for (const map of recordMaps(docs, c)) records += recordIds(map).length;
  return { records, activities: docs.all('activities').reduce((n, d) => n + activityMap(d).size, 0) };
}

/**
 * Restores a backup (ids, authors and times kept) in one transaction per doc. Into an empty
 * workspace it rebuilds it; into a non-empty one it refuses unless `merge` is confirmed, and a
 * merge keeps whichever copy of a record was updated last. Admins only (it writes config).
 */
export function restoreWorkspace(repo: Repository, input: Backup | string | Uint8Array, opts: { merge?: boolean } = {}): RestoreResult {
  const backup = typeof input === 'object' && !(input instanceof Uint8Array) ? parseBackup(JSON.stringify(input)) : parseBackup(input);
  assertAdmin(repo.actor.role);
  const docs = repo.docs;
  const size = workspaceSize(docs); // reads every shard: all loaded before anything is written
  if ((size.records || size.activities) && !opts.merge) {
    throw new ImportError('not-empty', `This workspace isn't empty (${size.records} records, ${size.activities} activities), so nothing was restored. Restore into an empty workspace, or confirm a merge: records in both keep the copy updated last.`);
  }
  const result: RestoreResult = { records: 0, kept: 0, activities: 0, history: 0, configEntities: 0 };
  docs.config.transact(() => {
    for (const l of CONFIG_LISTS) {
      const map = docs.config.getMap<unknown>(l);
      for (const e of backup.config.lists[l] as { id: string }[]) if (opts.merge ? !map.has(e.id) : true) { map.set(e.id, configLists[l].parse(e)); result.configEntities++; }
    }
    const settings = docs.config.getMap<unknown>('settings');
    for (const [k, v] of Object.entries(backup.config.settings)) if (!opts.merge || !settings.has(k)) settings.set(k, v);
  }, ORIGIN.local);
  const all = COLLECTIONS.flatMap((c) => backup.records[c].map((r) => ({ c, r })));
  for (const [key, group] of byShard(all, (x) => recordKey(x.r.id))) docs.doc(key).transact(() => {
    for (const { c, r } of group) {
      const current = readRecord(collectionMap(docs.doc(key), c), c, r.id);
      if (current && (current.updatedAt as number) >= (r.updatedAt as number)) { result.kept++; continue; }
      writeRecordCopy(docs.doc(key), c, r, !!current);
      result.records++;
    }
  }, ORIGIN.local);
  for (const [key, group] of byShard(backup.activities, (a) => timelineKey(a.parent.id))) docs.doc(key).transact(() => {
    const acts = activityMap(docs.doc(key));
    for (const a of group) if (!acts.has(a.id)) { putActivity(docs.doc(key), a); result.activities++; }
  }, ORIGIN.local);
  for (const [key, group] of byShard(backup.history, (h) => timelineKey(h.recordId))) docs.doc(key).transact(() => {
    const hist = historyMap(docs.doc(key));
    const fresh = group.filter((h) => !hist.has(h.id));
    putHistory(docs.doc(key), fresh);
    result.history += fresh.length;
  }, ORIGIN.local);
  return result;
}
