import * as Y from 'yjs';
import { COLLECTIONS, type Collection } from '../domain/index.ts';
import type { DocKey } from '../domain/routing.ts';
import type { RefusedChange } from '../domain/refused.ts';
import { collectionMap, readRecord, splitKey, CREATED, DELETED, UPDATED } from '../layout/records-doc.ts';
import { activityMap } from '../layout/record-write.ts';
import { openSmallDb } from './small-db.ts';

export type { RefusedChange } from '../domain/refused.ts';

/** Keys that every write stamps beside what the user changed: not worth a note of their own. */
const noise = (field: string) => field === UPDATED || field.startsWith('_p');

/**
 * What the user wrote in `local` (a doc's stored state) that the relay does not hold: per map
 * key, the last item written past `relayVector` (the clocks the relay was known to hold when it
 * refused), whether it is shown now or lost to a teammate's value set at the same time (the team
 * never saw it, so it wrote its value beside it, not over it). Grouped as a user would name it: a
 * record made here only is one note with its fields; a field set on a record the team has, one
 * note per field; a record moved to the trash, one note; an activity logged, one note.
 */
export function refusedChanges(docKey: DocKey, local: Uint8Array, relayVector: Uint8Array, reason: string, at: number): RefusedChange[] {
  const held = Y.decodeStateVector(relayVector);
  // Values overwritten by the team's stay readable (a collected deleted item keeps no content).
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, local);
  const unheld = (item: Y.Item) => item.id.clock >= (held.get(item.id.client) ?? 0);
  const id = (key: string, item: Y.Item) => `${docKey}|${key}|${item.id.client}.${item.id.clock}`;
  const out: RefusedChange[] = [];
  if (docKey.startsWith('records/')) {
    for (const type of COLLECTIONS) {
      const map = collectionMap(doc, type);
      const byRecord = new Map<string, Array<[string, Y.Item]>>();
      for (const key of map._map.keys()) {
        const item = lastUnheld(map, key, unheld);
        if (!item) continue;
        const [recordId] = splitKey(key);
        let list = byRecord.get(recordId);
        if (!list) byRecord.set(recordId, (list = []));
        list.push([key, item]);
      }
      for (const [recordId, items] of byRecord) {
        const record = { type, id: recordId };
        const created = items.find(([k]) => splitKey(k)[1] === CREATED);
        if (created) {
          out.push({ id: id(created[0], created[1]), docKey, at, reason, record, kind: 'created', value: readRecord(map, type, recordId) });
          continue;
        }
        for (const [key, item] of items) {
          const field = splitKey(key)[1];
          if (noise(field)) continue;
          const kind = field === DELETED ? 'deleted' : 'field';
          out.push({ id: id(key, item), docKey, at, reason, record, kind, ...(kind === 'field' ? { field } : {}), value: valueOf(item) });
        }
      }
    }
  } else if (docKey.startsWith('activities/')) {
    const acts = activityMap(doc) as Y.Map<unknown>;
    for (const key of acts._map.keys()) {
      const item = lastUnheld(acts, key, unheld);
      const activity = item && (valueOf(item) as { parent?: { type?: unknown; id?: unknown } } | undefined);
      const parent = activity?.parent;
      if (!item || typeof parent?.type !== 'string' || typeof parent.id !== 'string' || !(COLLECTIONS as string[]).includes(parent.type)) continue;
      out.push({ id: id(key, item), docKey, at, reason, record: { type: parent.type as Collection, id: parent.id }, kind: 'activity', value: activity });
    }
  }
  doc.destroy();
  return out;
}

/** A map key's last value written past the relay's clocks (a writer's later set goes right of what it saw). */
function lastUnheld(map: Y.Map<unknown>, key: string, unheld: (item: Y.Item) => boolean): Y.Item | null {
  for (let item: Y.Item | null = map._map.get(key) ?? null; item; item = item.left) if (unheld(item)) return item;
  return null;
}

function valueOf(item: Y.Item): unknown {
  const values = item.content.getContent();
  return values[values.length - 1];
}

/** What a rep typed on a record that is not on this device because the relay refused it. */
export type TypedEdit =
  | { kind: 'fields'; set: Record<string, unknown>; clear: string[] }
  | { kind: 'deleted' }
  | { kind: 'activity'; value: unknown };

/**
 * An edit made on a record this device no longer holds because the relay refused it (made here
 * only, or on a doc retaken whose team state is not in yet), as refused changes: one note per
 * field set or cleared (custom values as `cf.<id>`, as stored; a clear as null), a move to the
 * trash, an activity. Each edit's notes are new ones (`tag` tells them apart): typing the same
 * field twice keeps both values, as a doc's history would.
 */
export function typedChanges(record: { type: Collection; id: string }, docKey: DocKey, edit: TypedEdit, reason: string, at: number, tag: string): RefusedChange[] {
  const base = { docKey, at, reason, record };
  const id = (what: string) => `${docKey}|${record.id}/${what}|typed.${tag}`;
  if (edit.kind === 'deleted') return [{ ...base, id: id('_d'), kind: 'deleted', value: null }];
  if (edit.kind === 'activity') return [{ ...base, id: id('activity'), kind: 'activity', value: edit.value }];
  const { custom, ...plain } = edit.set as Record<string, unknown> & { custom?: Record<string, unknown> };
  const fields: Array<[string, unknown]> = [...Object.entries(plain), ...Object.entries(custom ?? {}).map(([cid, v]): [string, unknown] => [`cf.${cid}`, v ?? null]), ...edit.clear.map((f): [string, unknown] => [f, null])];
  return fields.map(([field, value]) => ({ ...base, id: id(field), kind: 'field', field, value }));
}

/** An edit kept with the refused changes instead of written: the relay will not take it (its reason), and the rep can copy it. */
export class NotSavedError extends Error {
  readonly code = 'not-saved' as const;
  constructor(reason: string, label: string) {
    super(`Not saved: ${reason} What you typed is kept in this ${label.toLowerCase()}'s “Not saved” notes, to copy.`);
    this.name = 'NotSavedError';
  }
}

const CHANGES = 'changes';

/**
 * The refused changes of one workspace, in a small IndexedDB database of their own
 * (`refusedChangesName`, erased with the workspace): a change is kept here before its doc is
 * dropped for the team's, so a crash between the two loses nothing the user wrote.
 */
export class RefusedChanges {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly name: string, private readonly factory: IDBFactory = globalThis.indexedDB) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= openSmallDb(this.factory, this.name, CHANGES, 'id');
    return this.db;
  }

  private async run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
    const db = await this.open();
    return new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(CHANGES, mode);
      const req = fn(tx.objectStore(CHANGES));
      tx.oncomplete = () => resolve(req ? req.result : undefined);
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  }

  /** Keeps changes (one seen twice stays one); resolves once committed. */
  async put(changes: RefusedChange[]): Promise<void> {
    if (changes.length) await this.run('readwrite', (s) => { for (const c of changes) s.put(c); });
  }

  /** Every kept change, oldest first; or those of one record. */
  async list(record?: { type: Collection; id: string }): Promise<RefusedChange[]> {
    const all = ((await this.run('readonly', (s) => s.getAll())) ?? []) as RefusedChange[];
    const mine = record ? all.filter((c) => c.record.type === record.type && c.record.id === record.id) : all;
    return mine.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  }

  /** Forgets changes the user has dealt with. */
  async dismiss(ids: string[]): Promise<void> {
    if (ids.length) await this.run('readwrite', (s) => { for (const id of ids) s.delete(id); });
  }

  async close(): Promise<void> {
    if (this.db) (await this.db.catch(() => null))?.close();
  }
}
