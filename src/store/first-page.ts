import type { Collection, RecordSignals } from '../domain/index.ts';
import type { RecordRow } from './rows.ts';
import type { SignalsRow } from './known-index.ts';
import { signalsByKey } from './signal-rows.ts';

/** The plain list's rows and their sales signals, as the list's own query gives them. */
export type FirstPage = { rows: RecordRow[]; signals: Map<string, RecordSignals> };

/** Dexie's compound index of live records by name (read-db.ts), the plain list's order (queries.ts `queryRows`). */
const BY_NAME = '[type+deleted+sortName]';
const MAX = '\uffff';

/**
 * The first `limit` live records of `type` by name, with their signals, read from the read model
 * with IndexedDB alone: the side panel asks for them before its code (Dexie among it) has loaded,
 * so its first list does not wait for that code and then for Dexie to open the database
 * (docs/architecture.md, "The side panel's first paint"). The same rows as `queryRows` for the
 * plain list (test/unit/store/first-page.test.ts). Resolves null, and the list's own query
 * answers, when the database is not there (it is never created here: that is the engine's),
 * has no such tables, is being upgraded, or anything fails. The connection closes as soon as
 * the rows are read, or at once when another connection upgrades the database.
 */
export function readFirstPage(
  name: string, type: Collection, limit: number,
  deps: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {},
): Promise<FirstPage | null> {
  const idb = deps.indexedDB ?? globalThis.indexedDB;
  const KeyRange = deps.IDBKeyRange ?? globalThis.IDBKeyRange;
  return new Promise((resolve) => {
    let open: IDBOpenDBRequest;
    try { open = idb.open(name); } catch { resolve(null); return; }
    // No database by that name: opening would create an empty one; aborting leaves none.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = (e) => { e.preventDefault(); resolve(null); };
    open.onblocked = () => resolve(null);
    open.onsuccess = () => {
      const db = open.result;
      db.onversionchange = () => db.close();
      const done = (page: FirstPage | null) => { db.close(); resolve(page); };
      if (!db.objectStoreNames.contains('records') || !db.objectStoreNames.contains('signals')) { done(null); return; }
      try {
        const tx = db.transaction(['records', 'signals'], 'readonly');
        let page: RecordRow[] = [];
        const found: (SignalsRow | undefined)[] = [];
        const rows = tx.objectStore('records').index(BY_NAME).getAll(KeyRange.bound([type, 0, ''], [type, 0, MAX]), limit);
        rows.onsuccess = () => {
          page = rows.result as RecordRow[];
          const signals = tx.objectStore('signals');
          page.forEach((r, i) => {
            const get = signals.get(r.key);
            get.onsuccess = () => { found[i] = get.result as SignalsRow | undefined; };
          });
        };
        tx.oncomplete = () => done({ rows: page, signals: signalsByKey(page.map((r) => r.key), found) });
        tx.onabort = () => done(null);
      } catch {
        done(null);
      }
    };
  });
}
