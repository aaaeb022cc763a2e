import * as Y from 'yjs';
import { COLLECTIONS, digestActivities, nextOpenTask, SIGNAL_COLLECTIONS, type Activity, type Collection } from '../../src/domain/index.ts';
import type { DocKey } from '../../src/domain/routing.ts';
import type { WorkspaceDocs } from '../../src/store/docs.ts';
import { collectionMap, recordIds } from '../../src/layout/records-doc.ts';
import { customFieldIds } from '../../src/store/config-store.ts';
import { historyMap, type HistoryEntry } from '../../src/store/history.ts';
import { activityMap } from '../../src/store/layout.ts';
import { recordRow } from '../../src/store/projector.ts';
import { READ_MODEL_VERSION, type ReadMeta } from '../../src/store/read-db.ts';
import { historyRows, toActivityRow, type ActivityRow, type HistoryRow, type RecordRow } from '../../src/store/rows.ts';
import { conflictIds, readConflictRows, type ConflictRow } from '../../src/store/conflict-rows.ts';
import { signalWalk, walkWith, type TimelineLinks, type TimelineNode } from '../../src/domain/lifecycle/timeline.ts';
import { hasSignals, interactionTypesOf, signalsRow, taskLinkRow, type SignalsRow, type TaskLinkRow } from '../../src/store/known-index.ts';
import { buildWorkspace, encodeWorkspace, type WorkspaceSize } from './workspace.ts';

/**
 * A large workspace as the engine itself stores it, made fast enough for the suite and the
 * benchmarks (issue 10: the 50k browser-restart e2e; S1/S2 in Chromium):
 * - its docs, one update per shard (`encodeWorkspace`), written by the page with the DocStore;
 * - its read model, derived here in Node with the projector's and the "known here" upkeep's own
 *   row functions (`recordRow`, `toActivityRow`, `historyRows`, `readConflictRows`,
 *   `taskLinkRow`, `signalsRow`, `hasSignals`) — the rows `Projector.rebuild` writes
 *   (test/unit/store/seed-large.test.ts checks that they are equal, table by table) — then
 *   written by the page in bulk with the ReadDB's own Dexie schema, the meta row last.
 * What a first start in Chromium would spend rebuilding (R1@50k: 266 s, mostly reads and index
 * upkeep between batches) is not paid: the engine finds its read model current and loads no shard.
 * The page side is bench/support/seed-page.ts.
 */
export type SeedRows = {
  records: RecordRow[]; activities: ActivityRow[]; history: HistoryRow[]; conflicts: ConflictRow[];
  taskLinks: TaskLinkRow[]; signals: SignalsRow[];
};
export type SeedTable = keyof SeedRows;
export const SEED_TABLES: SeedTable[] = ['records', 'activities', 'history', 'conflicts', 'taskLinks', 'signals'];

export type LargeSeed = {
  /** Every doc but those left out, as one update each. */
  docs: [DocKey, Uint8Array][];
  rows: SeedRows;
  /** The read model's meta row (its version, the vector of each doc its rows reflect): written last. */
  meta: ReadMeta;
  /** Where the time went (ms). */
  timings: { buildMs: number; rowsMs: number };
};

/**
 * The deterministic bench workspace of `size` (bench/support/workspace.ts, written by member
 * `by`) and its read model. `without`: docs left out (a team profile gets `config` from the relay).
 */
export function largeSeed(size: WorkspaceSize, opts: { by?: string; without?: DocKey[] } = {}): LargeSeed {
  const t0 = performance.now();
  const docs = buildWorkspace(size, opts.by ?? 'seed');
  const encoded = encodeWorkspace(docs);
  const t1 = performance.now();
  const { rows, meta } = readModelOf(docs);
  docs.destroy();
  const without = new Set(opts.without ?? []);
  return { docs: [...encoded].filter(([k]) => !without.has(k)), rows, meta, timings: { buildMs: t1 - t0, rowsMs: performance.now() - t1 } };
}

/** The read model of docs held in memory, table by table, as `Projector.rebuild` derives it. */
export function readModelOf(docs: WorkspaceDocs): { rows: SeedRows; meta: ReadMeta } {
  const rows: SeedRows = { records: [], activities: [], history: [], conflicts: [], taskLinks: [], signals: [] };
  const vectors: Record<string, string> = {};
  const cids = customFieldIds(docs.config);
  const history: HistoryEntry[] = [];
  for (const [key, doc] of docs.loadedDocs()) {
    if (key.startsWith('records/')) {
      for (const c of COLLECTIONS) for (const id of recordIds(collectionMap(doc, c))) { const r = recordRow(collectionMap(doc, c), c, id, cids); if (r) rows.records.push(r); }
    } else {
      for (const a of activityMap(doc).values()) rows.activities.push(toActivityRow(a as Activity));
      history.push(...(historyMap(doc).values() as Iterable<HistoryEntry>));
      const conflicts = new Map<string, ConflictRow | null>();
      readConflictRows(doc, conflictIds(doc), conflicts);
      for (const c of conflicts.values()) if (c) rows.conflicts.push(c);
    }
    vectors[key] = Buffer.from(Y.encodeStateVector(doc)).toString('base64');
  }
  // A rebuild writes a small workspace's history in one write: its entries grouped by batch.
  rows.history = historyRows(history);
  // "Known here" and signals, as the rebuild derives them once every row is written.
  const types = interactionTypesOf(docs.config);
  const byParent = groupBy([...rows.activities].sort(byId), (a) => a.parentKey);
  for (const r of rows.records) {
    const link = r.type === 'tasks' ? taskLinkRow(r.key, r) : undefined;
    if (link) rows.taskLinks.push(link);
  }
  const links = groupBy(rows.taskLinks, (l) => l.relatedKey);
  // Whose activities count: the signals' walk (`signalWalk`), answered from the rows in memory.
  const byKey = new Map(rows.records.map((r) => [r.key, r]));
  const flowing = new Map<string, RecordRow[]>();
  for (const r of rows.records) for (const t of r.into ?? []) flowing.set(t, [...(flowing.get(t) ?? []), r]);
  const nodes = (keys: string[]) => keys.flatMap((k) => [byKey.get(k), ...(flowing.get(k) ?? [])].flatMap((r) => (r ? [{ ...r.data, type: r.type } as TimelineNode] : [])));
  for (const r of rows.records) {
    if (r.deleted || !SIGNAL_COLLECTIONS.includes(r.type as never)) continue;
    const data = r.data as Record<string, unknown>;
    const parents = walkWith(signalWalk(r.type as Collection, data as TimelineLinks), nodes);
    const digest = digestActivities(parents.flatMap((p) => byParent.get(p) ?? []));
    const row = signalsRow(r.key, data, parents, digest, types, nextOpenTask(links.get(r.key) ?? []));
    if (hasSignals(row)) rows.signals.push(row);
  }
  return { rows, meta: { key: 'state', version: READ_MODEL_VERSION, vectors, interactionTypes: [...types].sort() } };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) { const k = key(x); const l = out.get(k); if (l) l.push(x); else out.set(k, [x]); }
  return out;
}
