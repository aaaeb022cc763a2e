import Dexie from 'dexie';
import { toHistoryRow, toRow, type HistoryRow, type RecordRow } from '../../src/store/rows.ts';
import { searchWords } from '../../src/domain/index.ts';
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

/** One variant: a records schema and how a row is shaped for it. */
type Variant = { id: string; what: string; schema: string; shape?: (r: RecordRow) => unknown; history?: boolean };

export const VARIANTS: Variant[] = [
  { id: 'key', what: 'primary key only (baseline)', schema: 'key' },
  { id: 'compound', what: 'key + the 7 compound indexes', schema: `key, ${COMPOUND}` },
  { id: 'emails', what: 'key + *emails, *domains', schema: 'key, *emails, *domains' },
  { id: 'words', what: 'key + *words', schema: 'key, *words' },
  { id: 'full', what: 'the records schema as it is', schema: `key, ${COMPOUND}, *emails, *domains, *words` },
  { id: 'full-nodata', what: 'the records schema, rows without `data`', schema: `key, ${COMPOUND}, *emails, *domains, *words`, shape: ({ data: _d, ...r }) => r },
  { id: 'full-history', what: 'the records schema + one create history row each', schema: `key, ${COMPOUND}, *emails, *domains, *words`, history: true },
  { id: 'v4', what: 'rows as read model 4 shaped them (every search word, \'\' for an empty filter column)', schema: `key, ${COMPOUND}, *emails, *domains, *words`, shape: asV4 },
  { id: 'v4-history', what: 'read model 4 rows + one create history row each', schema: `key, ${COMPOUND}, *emails, *domains, *words`, shape: asV4, history: true },
];

/** A row as read model 4 wrote it: all of searchWords, '' where a filter column is empty. */
function asV4(r: RecordRow) {
  return { ...r, statusId: r.statusId ?? '', ownerId: r.ownerId ?? '', sourceId: r.sourceId ?? '', companyId: r.companyId ?? '', stageId: r.stageId ?? '', words: searchWords(r.type, r.data) };
}

/** Rows of `n` bench leads: records through the real `toRow`, creates through `toHistoryRow`. */
export function benchRows(n: number): { rows: RecordRow[]; history: HistoryRow[]; rowMs: number } {
  const records = Array.from({ length: n }, (_, i) => benchLead(i));
  const t0 = performance.now();
  const rows = records.map((r) => toRow('leads', r));
  const rowMs = performance.now() - t0;
  return { rows, history: records.map((r) => toHistoryRow(benchCreate(r))), rowMs };
}

/**
 * Bulk-puts the rows into one fresh database per variant, all open at once and written slice by
 * slice in turn (the order rotating per slice), ms per variant summed over its slices: on a
 * shared machine the load changes within seconds, and interleaving makes every variant meet the
 * same load. `rounds` repeats the whole thing into fresh databases; the fastest round counts.
 */
export async function rowCosts(deps: Deps, n = 10_000, rounds = 1, slice = 500): Promise<{ words: number; wordsV4: number; rowMs: number; ms: Record<string, number> }> {
  const { rows, history, rowMs } = benchRows(n);
  const shaped = VARIANTS.map((v) => (v.shape ? rows.map(v.shape) : rows));
  const ms: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    const dbs = VARIANTS.map((v) => {
      const db = new Dexie(`row-costs-${v.id}-${Date.now()}-${round}`, deps);
      db.version(1).stores({ records: v.schema, history: 'id, recordKey, batchId' });
      return db;
    });
    await Promise.all(dbs.map((db) => db.open()));
    const took = VARIANTS.map(() => 0);
    for (let i = 0, s = 0; i < n; i += slice, s++) {
      for (let j = 0; j < VARIANTS.length; j++) {
        const k = (j + s) % VARIANTS.length;
        const db = dbs[k];
        const t0 = performance.now();
        await db.transaction('rw', ['records', 'history'], async () => {
          await db.table('records').bulkPut(shaped[k].slice(i, i + slice));
          if (VARIANTS[k].history) await db.table('history').bulkPut(history.slice(i, i + slice));
        });
        took[k] += performance.now() - t0;
      }
    }
    VARIANTS.forEach((v, k) => { ms[v.id] = Math.min(ms[v.id] ?? Infinity, took[k]); });
    for (const db of dbs) { db.close(); await Dexie.delete(db.name); }
  }
  return { words: rows.reduce((s, r) => s + r.words.length, 0) / n, wordsV4: rows.reduce((s, r) => s + searchWords(r.type, r.data).length, 0) / n, rowMs, ms };
}
