import * as Y from 'yjs';
import { collectionMap, readRecord, writeCreated } from '../../src/layout/records-doc.ts';
import { withDefaults } from '../../src/store/repository.ts';
import { toRow, type RecordRow } from '../../src/store/rows.ts';
import { queryRows } from '../../src/store/queries.ts';
import { forgetSearchSets } from '../../src/store/search-sets.ts';
import type { ReadDB } from '../../src/store/read-db.ts';
import { workspaceRecords, type BenchRecord, type WorkspaceSize } from './workspace.ts';

const BATCH = 2_000;
/** S5-search-typing's queries, typed a keystroke at a time: two common words rare together, going together, sparsely together. */
export const TYPED_TERMS = ['grace lovelace', 'grace l', 'head acme', 'turing3 acme'];

/** P5's and S5-search's lead searches: prefixes, two words rare together, phone digits, company, no match. */
export const SEARCH_TERMS = ['ada', 'hopper', 'acme', 'lead12', 'grace lovelace', 'head', '5550', 'turing3', 'wonka', 'zzz'];

/**
 * The read model's record rows of the bench workspace, a batch at a time, as the projector
 * derives them (written into a Y.Doc as the repository does, read back, `toRow`): a read model
 * for search figures without the engine or a rebuild. Runs in Node and in an extension page.
 */
export function* workspaceRows(size: WorkspaceSize): Generator<RecordRow[]> {
  let batch: BenchRecord[] = [];
  const flush = () => {
    const doc = new Y.Doc();
    doc.transact(() => { for (const r of batch) writeCreated(collectionMap(doc, r.c), r.id, r.fields, 'bench', r.at); });
    const rows = batch.map((r) => toRow(r.c, withDefaults(r.c, readRecord(collectionMap(doc, r.c), r.c, r.id)!)));
    doc.destroy();
    batch = [];
    return rows;
  };
  for (const r of workspaceRecords(size)) {
    batch.push(r);
    if (batch.length === BATCH) yield flush();
  }
  if (batch.length) yield flush();
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

/**
 * P5, S5-search and S5-search-chromium: p95 of each term's first page of 50 leads (what the list
 * waits for; its total is counted after, see queryRows) over `rounds` rounds, the baseline (one
 * index prefix range of 50 rows of the term's first word) and each round's ms per term. Each
 * query is cold: no word set kept from an earlier one (src/store/search-sets.ts).
 */
export async function searchP95(db: ReadDB, terms: readonly string[], rounds: number) {
  const times: number[] = [];
  const baseTimes: number[] = [];
  const perTerm = new Map<string, number[]>();
  await queryRows(db, { type: 'leads', search: 'warm', limit: 50 });
  for (let round = 0; round < rounds; round++) {
    for (const term of terms) {
      forgetSearchSets();
      let t0 = performance.now();
      await queryRows(db, { type: 'leads', search: term, limit: 50 });
      const ms = performance.now() - t0;
      times.push(ms);
      perTerm.set(term, [...(perTerm.get(term) ?? []), ms]);
      t0 = performance.now();
      await db.records.where('words').startsWith(`leads:${term.split(' ')[0].toLowerCase()}`).limit(50).toArray();
      baseTimes.push(performance.now() - t0);
    }
  }
  return { p95: p95(times), baseline: p95(baseTimes), perTerm, slowest: [...perTerm].map(([t, xs]) => `${t} ${xs.map((x) => Math.round(x)).join('/')}`).join(', ') };
}

/**
 * S5-search-typing: the multi-word terms typed a character at a time from their first word
 * (each keystroke's first page, as the side panel's list asks for it; sets kept between
 * keystrokes, dropped between terms): p95 ms per keystroke and the slowest keystroke per term.
 */
export async function typingP95(db: ReadDB, terms: readonly string[]) {
  const times: number[] = [];
  const slowest: string[] = [];
  for (const term of terms.filter((t) => t.includes(' '))) {
    forgetSearchSets();
    let worst = 0;
    for (let i = term.indexOf(' ') + 2; i <= term.length; i++) {
      const t0 = performance.now();
      await queryRows(db, { type: 'leads', search: term.slice(0, i), limit: 50 });
      const ms = performance.now() - t0;
      times.push(ms);
      worst = Math.max(worst, ms);
    }
    slowest.push(`${term} ${Math.round(worst)}`);
  }
  return { p95: p95(times), count: times.length, slowest: slowest.join(', ') };
}
