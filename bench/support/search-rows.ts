import * as Y from 'yjs';
import { collectionMap, readRecord, writeCreated } from '../../src/layout/records-doc.ts';
import { withDefaults } from '../../src/store/repository.ts';
import { toRow, type RecordRow } from '../../src/store/rows.ts';
import { workspaceRecords, type BenchRecord, type WorkspaceSize } from './workspace.ts';

const BATCH = 2_000;

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
