import * as Y from 'yjs';
import type { DocKey } from '../domain/routing.ts';
import type { DocMeta } from './doc-store.ts';
import { openSmallDb } from './small-db.ts';

/**
 * What the relay is known to hold of each doc, kept across browser restarts: a doc whose stored
 * state has not changed since the relay was known to hold all of it is not diffed again at the
 * first sync of the next session (a reconnect of a 50k-record workspace would otherwise read and
 * diff every shard with content: S4). One small IndexedDB database per workspace, apart from the
 * docs (erased with them, `erase.ts`).
 *
 * A mark is the doc's update seq when it was taken plus the vector the relay confirmed. It holds
 * only while the doc's seq is unchanged: any later write (a local edit made offline, even a pure
 * deletion, which moves no state vector; an update that was never acknowledged) makes the doc
 * diffed again. A mark lost in a crash, or a write that landed after it, only costs that diff.
 */
export type RelayMark = {
  docKey: DocKey;
  seq: number;
  vector: Uint8Array;
  /** Digest of the relay's deletions of this doc that the store holds: the relay does not send them again. */
  deletions: number;
};

const MARKS = 'marks';

export { relayMarksName } from './db-names.ts';

/** True when `a` has every clock of `b`. */
export function coversVector(a: Uint8Array, b: Uint8Array): boolean {
  const have = Y.decodeStateVector(a);
  for (const [client, clock] of Y.decodeStateVector(b)) if ((have.get(client) ?? 0) < clock) return false;
  return true;
}

/** The mark still says the relay holds the whole stored doc: same seq, exact vector covered. */
export function markHolds(mark: RelayMark | undefined, meta: DocMeta | undefined): boolean {
  return !!mark && !!meta && meta.exact && mark.seq === meta.seq && coversVector(mark.vector, meta.sv);
}

export class RelayMarks {
  private db: Promise<IDBDatabase> | null = null;
  private queued = new Map<DocKey, RelayMark>();
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly name: string, private readonly factory: IDBFactory = globalThis.indexedDB) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= openSmallDb(this.factory, this.name, MARKS, 'docKey');
    return this.db;
  }

  async all(): Promise<Map<DocKey, RelayMark>> {
    const db = await this.open();
    const rows = await new Promise<RelayMark[]>((resolve, reject) => {
      const req = db.transaction(MARKS, 'readonly').objectStore(MARKS).getAll();
      req.onsuccess = () => resolve(req.result as RelayMark[]);
      req.onerror = () => reject(req.error);
    });
    const out = new Map<DocKey, RelayMark>(rows.map((m) => [m.docKey, m]));
    for (const [key, m] of this.queued) out.set(key, m);
    return out;
  }

  /** Kept with the other marks of this tick in one transaction; a failure only loses the marks. */
  put(mark: RelayMark) {
    if (this.closed) return;
    this.queued.set(mark.docKey, mark);
    this.flushing ??= Promise.resolve().then(() => this.flush());
  }

  private async flush() {
    const marks = [...this.queued.values()];
    this.queued.clear();
    try {
      const db = await this.open();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(MARKS, 'readwrite');
        for (const m of marks) tx.objectStore(MARKS).put(m);
        tx.oncomplete = () => resolve();
        tx.onerror = tx.onabort = () => reject(tx.error);
      });
    } catch {
      // Lost marks only mean those docs are diffed at the next session's first sync.
    } finally {
      this.flushing = null;
      if (this.queued.size && !this.closed) this.flushing = Promise.resolve().then(() => this.flush());
    }
  }

  async close() {
    while (this.flushing) await this.flushing;
    this.closed = true;
    if (this.db) (await this.db.catch(() => null))?.close();
  }
}
