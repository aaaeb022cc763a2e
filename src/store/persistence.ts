import type * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as idb from 'lib0/indexeddb';

/**
 * y-indexeddb for one doc, plus the two things it lacks:
 * - `durable()`: resolves once every update so far is committed to IndexedDB (an IDB
 *   transaction on the same store completes after the ones opened before it);
 * - writes made before the database is open (a capture in the first second) are stored at
 *   once through a connection of our own, in y-indexeddb's own format, instead of waiting for
 *   the whole doc to load.
 */
export class DocPersistence {
  readonly idb: IndexeddbPersistence;
  private early: Promise<void>[] = [];
  private readonly onUpdate: (update: Uint8Array, origin: unknown) => void;

  constructor(readonly name: string, readonly doc: Y.Doc) {
    this.idb = new IndexeddbPersistence(name, doc);
    this.onUpdate = (update, origin) => {
      if (!this.idb.db && origin !== this.idb) this.early.push(storeDirect(name, update));
    };
    doc.on('update', this.onUpdate);
  }

  whenLoaded(): Promise<unknown> {
    return this.idb.whenSynced;
  }

  async durable(): Promise<void> {
    await Promise.all(this.early);
    const db = this.idb.db;
    if (db) await transactionDone(db.transaction(['updates'], 'readonly'));
  }

  async destroy(): Promise<void> {
    this.doc.off('update', this.onUpdate);
    await Promise.all(this.early);
    await this.idb.destroy();
  }
}

async function storeDirect(name: string, update: Uint8Array): Promise<void> {
  const db = await idb.openDB(name, (d) => idb.createStores(d, [['updates', { autoIncrement: true }], ['custom']]));
  try {
    const tx = db.transaction(['updates'], 'readwrite');
    tx.objectStore('updates').add(update);
    await transactionDone(tx);
  } finally {
    db.close();
  }
}

function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}
