import Dexie from 'dexie';
import { historyRows, rowKey, toRow, type RecordRow } from '../../src/store/rows.ts';
import { recordMatchKeys } from '../../src/domain/index.ts';
import { signalsRow } from '../../src/store/known-index.ts';
import { historyId, type HistoryEntry } from '../../src/layout/history-doc.ts';
import type { StoredRecord } from '../../src/layout/records-doc.ts';

/**
 * What each part of a read-model row costs to write (issue 10, helper "readrow"): the same
 * 10,000 lead rows (the shape bench/import.ts's CSV imports into, provenance included) bulk-put
 * into fresh Dexie databases that differ by one part each, 500 rows per transaction as the
 * projector writes an import's slices. Runs in Node (fake-indexeddb) and in a Chromium page
 * (bench/support/page-api.ts), so both engines' costs can be compared.
 */
export type Deps = { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange };

const SOURCES = ['cold-call', 'conference', 'web-form', 'referral'];

/** The stored lead of CSV row i (bench/import.ts's leadsCsv), as the import writes it. */
export function benchLead(i: number, at = 1_796_000_000_000): StoredRecord {
  const prov = (column?: string) => ({ method: 'csv', ...(column ? { column } : {}), at, by: 'bench' });
  const phones = [{ number: `+1 555 ${String(i).padStart(6, '0')}`, category: 'work' }, { number: `+1 666 ${i}`, category: 'mobile' }];
  return {
    id: `lead${String(i).padStart(16, '0')}`, createdAt: at, createdBy: 'bench', updatedAt: at, updatedBy: 'bench',
    name: { first: `Ann${i}`, last: `Lee${i}` }, title: 'Buyer', companyName: `Company ${i % 500}, Inc`,
    email: `ann.lee${i}@example${i % 97}.test`, phones, sourceId: SOURCES[i % 4], statusId: 'new',
    tags: ['event', `vip${i % 7}`], details: `Met at booth ${i % 30}`, custom: {}, socials: [], websites: [],
    provenance: {
      name: prov('First Name, Last Name'), title: prov('Job Title'), companyName: prov('Company'), email: prov('Email'),
      phones: { ...prov('Phone, Mobile'), items: Object.fromEntries(phones.map((p) => [p.number, prov('Phone, Mobile')])) },
      sourceId: prov('Lead Source'), statusId: prov(), tags: prov('Tags'), details: prov('Notes'),
    },
  } as StoredRecord;
}

/** The create entry of a lead in field history, as the import writes it. */
export function benchCreate(r: StoredRecord): HistoryEntry {
  const { id: _id, createdAt: _c, createdBy: _cb, updatedAt: _u, updatedBy: _ub, provenance: _p, ...set } = r as Record<string, unknown>;
  return { id: historyId(r.createdAt as number), collection: 'leads', recordId: r.id, at: r.createdAt as number, by: 'bench', op: 'create', set, prev: {}, batchId: 'batch0000000000000000' };
}

const COMPOUND = '[type+deleted+sortName], [type+deleted+updatedAt], [type+statusId], [type+ownerId], [type+sourceId], [type+companyId], [type+stageId]';
const RECORDS5 = `key, ${COMPOUND}, *emails, *domains, *words`;
/** Read model 5's other tables an import writes a row of per lead (src/store/read-db.ts, Dexie version 2). */
const MATCH5 = 'recordKey, *keys';
const SIGNALS5 = 'recordKey, *parents, [type+lastContactAt], [type+lastActivityAt], [type+stageSince]';
/** Read model 6: match keys in the record row; a new lead has no signals row (src/store/read-db.ts, Dexie version 4). */
const RECORDS6 = `${RECORDS5}, *match`;

/**
 * One variant: a records schema and how a row is shaped for it, and which other rows an imported
 * lead adds: its create history row, its match-keys row, its signals row (each a put of its own).
 */
type Variant = {
  id: string; what: string; schema: string; shape?: (r: RecordRow) => unknown; history?: boolean;
  match?: string; signals?: string;
  /** History rows grouped: one row per slice holding its entries, indexed by `*recordKeys` and `batchId`. */
  grouped?: boolean;
};

export const ALL_VARIANTS: Variant[] = [
  { id: 'key', what: 'primary key only (baseline)', schema: 'key' },
  { id: 'compound', what: 'key + the 7 compound indexes', schema: `key, ${COMPOUND}` },
  { id: 'emails', what: 'key + *emails, *domains', schema: 'key, *emails, *domains' },
  { id: 'words', what: 'key + *words', schema: 'key, *words' },
  { id: 'full', what: 'the records schema of read model 5', schema: RECORDS5 },
  { id: 'full-nodata', what: 'the records schema, rows without `data`', schema: RECORDS5, shape: ({ data: _d, ...r }) => r },
  { id: 'full-history', what: 'the records schema + one create history row each', schema: RECORDS5, history: true },
  { id: 'rm5-match', what: 'records + history + a match-keys row each (read model 5)', schema: RECORDS5, history: true, match: MATCH5 },
  { id: 'rm5-signals', what: 'records + history + a signals row each (read model 5)', schema: RECORDS5, history: true, signals: SIGNALS5 },
  { id: 'rm5', what: 'every row an imported lead writes in read model 5: records, history, match keys, signals', schema: RECORDS5, history: true, match: MATCH5, signals: SIGNALS5 },
  { id: 'rm6', what: 'every row an imported lead writes in read model 6: records (match keys in the row), the slice\'s history as one row (`*recordKeys`)', schema: RECORDS6, history: true, grouped: true },
  { id: 'rm6-entries', what: 'read model 6 records + one history row per entry (as read model 5)', schema: RECORDS6, history: true },
  { id: 'rm6-nohistory', what: 'read model 6 records alone (what a history row costs)', schema: RECORDS6 },
  { id: 'rm9', what: 'every row an imported lead writes in read model 9 (read model 6 + `*into`), rows without `pairs`', schema: `${RECORDS6}, *into`, history: true, grouped: true, shape: ({ pairs: _p, ...r }) => r },
  { id: 'rm10', what: 'every row an imported lead writes in read model 10: read model 9 + the `*pairs` index (src/store/search-pairs.ts)', schema: `${RECORDS6}, *into, *pairs`, history: true, grouped: true },
];

/** A create entry as read model 5 wrote it: one row each, with its record's key. */
type EntryRow = HistoryEntry & { recordKey: string };

/** A lead's match-keys and signals rows as read model 5 writes them on import (no activity, no task). */
function otherRows(r: RecordRow) {
  return {
    match: { recordKey: r.key, type: r.type, keys: recordMatchKeys(r.type, r.data as Record<string, unknown>) },
    signals: signalsRow(r.key, r.data as Record<string, unknown>, [r.key], {}, ['call', 'meeting', 'email'], undefined),
  };
}

/** Rows of `n` bench leads: records through the real `toRow`, creates through `toHistoryRow`. */
export function benchRows(n: number): { rows: RecordRow[]; history: EntryRow[]; rowMs: number } {
  const records = Array.from({ length: n }, (_, i) => benchLead(i));
  const t0 = performance.now();
  const rows = records.map((r) => toRow('leads', r));
  const rowMs = performance.now() - t0;
  return { rows, history: records.map((r) => ({ ...benchCreate(r), recordKey: rowKey('leads', r.id) })), rowMs };
}

/**
 * Bulk-puts the rows into one fresh database per variant, all open at once and written slice by
 * slice in turn (the order rotating per slice), ms per variant summed over its slices: on a
 * shared machine the load changes within seconds, and interleaving makes every variant meet the
 * same load. `rounds` repeats the whole thing into fresh databases; the fastest round counts.
 */
export async function rowCosts(deps: Deps, n = 10_000, rounds = 1, slice = 500, only?: string[]): Promise<{ words: number; rowMs: number; ms: Record<string, number> }> {
  const VARIANTS = ALL_VARIANTS.filter((v) => !only || only.includes(v.id));
  const { rows, history, rowMs } = benchRows(n);
  const shaped = VARIANTS.map((v) => (v.shape ? rows.map(v.shape) : rows));
  const others = rows.map(otherRows);
  const ms: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    const dbs = VARIANTS.map((v) => {
      const db = new Dexie(`row-costs-${v.id}-${Date.now()}-${round}`, deps);
      db.version(1).stores({ records: v.schema, history: v.grouped ? 'id, *recordKeys, batchId' : 'id, recordKey, batchId', ...(v.match && { matchKeys: v.match }), ...(v.signals && { signals: v.signals }) });
      return db;
    });
    await Promise.all(dbs.map((db) => db.open()));
    const took = VARIANTS.map(() => 0);
    for (let i = 0, s = 0; i < n; i += slice, s++) {
      for (let j = 0; j < VARIANTS.length; j++) {
        const k = (j + s) % VARIANTS.length;
        const db = dbs[k];
        const t0 = performance.now();
        const v = VARIANTS[k];
        await db.transaction('rw', db.tables.map((t) => t.name), async () => {
          await db.table('records').bulkPut(shaped[k].slice(i, i + slice));
          if (v.history && v.grouped) await db.table('history').bulkPut(historyRows(history.slice(i, i + slice)));
          else if (v.history) await db.table('history').bulkPut(history.slice(i, i + slice));
          if (v.match) await db.table('matchKeys').bulkPut(others.slice(i, i + slice).map((o) => o.match));
          if (v.signals) await db.table('signals').bulkPut(others.slice(i, i + slice).map((o) => o.signals));
        });
        took[k] += performance.now() - t0;
      }
    }
    VARIANTS.forEach((v, k) => { ms[v.id] = Math.min(ms[v.id] ?? Infinity, took[k]); });
    for (const db of dbs) { db.close(); await Dexie.delete(db.name); }
  }
  return { words: rows.reduce((s, r) => s + r.words.length, 0) / n, rowMs, ms };
}
