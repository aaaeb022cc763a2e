import type { Collection, RecordSignals } from '../domain/index.ts';
import type { RecordRow } from './rows.ts';
import type { SignalsRow } from './known-index.ts';
import { signalsByKey } from './signal-rows.ts';

/**
 * The plain list's rows and their sales signals, as the list's own query gives them. The rows
 * come as soon as they are read; their signals after (a read per row: in Chromium under load
 * those 70 reads took 15-180 ms, which the rows no longer wait for). `signals` is null if the
 * read failed after the rows.
 */
export type FirstPage = { rows: RecordRow[]; signals: Promise<Map<string, RecordSignals> | null> };

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
 * has no such tables, is being upgraded, or anything fails before the rows are read. The
 * connection closes as soon as the signals are read, or at once when another connection
 * upgrades the database.
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
      if (!db.objectStoreNames.contains('records') || !db.objectStoreNames.contains('signals')) { db.close(); resolve(null); return; }
      let page: RecordRow[] | null = null;
      const found: (SignalsRow | undefined)[] = [];
      let signalsRead!: (signals: Map<string, RecordSignals> | null) => void;
      const signals = new Promise<Map<string, RecordSignals> | null>((r) => { signalsRead = r; });
      const done = (read: boolean) => {
        db.close();
        if (!page) resolve(null);
        signalsRead(read && page ? signalsByKey(page.map((r) => r.key), found) : null);
      };
      try {
        const tx = db.transaction(['records', 'signals'], 'readonly');
        const rows = tx.objectStore('records').index(BY_NAME).getAll(KeyRange.bound([type, 0, ''], [type, 0, MAX]), limit);
        rows.onsuccess = () => {
          const read = rows.result as RecordRow[];
          page = read;
          resolve({ rows: read, signals });
          const store = tx.objectStore('signals');
          read.forEach((r, i) => {
            const get = store.get(r.key);
            get.onsuccess = () => { found[i] = get.result as SignalsRow | undefined; };
          });
        };
        tx.oncomplete = () => done(true);
        tx.onabort = () => done(false);
      } catch {
        done(false);
      }
    };
  });
}
