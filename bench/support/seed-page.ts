import { DocStore, docStoreName } from '../../src/store/doc-store.ts';
import { ReadDB, readDbName, type ReadMeta } from '../../src/store/read-db.ts';
import type { DocKey } from '../../src/domain/routing.ts';
import type { SeedTable } from './seed-large.ts';

/**
 * The page side of the large-workspace seeder (bench/support/seed-large.ts makes what it
 * writes): runs in an extension page of the profile (Chromium, on-disk), writing with the
 * engine's own stores — the DocStore for the docs, the ReadDB's Dexie schema for the rows — so
 * the databases are laid out exactly as the engine makes them. Called chunk by chunk from Node:
 * docs first, then the rows, the read model's meta row last (a profile seeded half-way has no
 * meta, so an engine started on it rebuilds rather than trusting half the rows).
 * The e2e and the benchmarks evaluate a bundle of it in the page (bench/support/seed-write.ts).
 */
const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/**
 * Rows are written with relaxed durability (no flush to disk per transaction): a seeded profile
 * is closed before anything reads it, and closing the browser writes everything out.
 */
const seedDb = (workspaceId: string) => new ReadDB(readDbName(workspaceId), { chromeTransactionDurability: 'relaxed' } as never);

export const seedPage = {
  /** Docs as one update each (base64), every doc's replace queued at once. */
  async docs(workspaceId: string, docs: [string, string][]): Promise<number> {
    const store = new DocStore(docStoreName(workspaceId));
    await Promise.all(docs.map(([key, u]) => store.replace(key as DocKey, bytes(u))));
    await store.close();
    return docs.length;
  },

  /**
   * Rows of one read-model table (as JSON text: one string crosses from Node to the page far
   * faster than the same rows as an object tree), in one transaction. Returns ms parsing and putting.
   */
  async rows(workspaceId: string, table: SeedTable, json: string): Promise<{ parseMs: number; putMs: number }> {
    const t0 = performance.now();
    const rows = JSON.parse(json) as unknown[];
    const t1 = performance.now();
    const db = seedDb(workspaceId);
    await db.transaction('rw', db.table(table), () => db.table(table).bulkPut(rows));
    db.close();
    return { parseMs: t1 - t0, putMs: performance.now() - t1 };
  },

  /** The read model's meta row: the rows now reflect these docs' vectors. */
  async meta(workspaceId: string, meta: ReadMeta): Promise<void> {
    const db = seedDb(workspaceId);
    await db.meta.put(meta);
    db.close();
  },
};
