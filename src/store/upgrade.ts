import * as Y from 'yjs';
import { COLLECTIONS, type Activity } from '../domain/index.ts';
import { activityDocKey, hashId, recordDocKey, type DocKey } from '../domain/routing.ts';
import type { DocStore } from './doc-store.ts';
import type { HistoryEntry } from './history.ts';
import { splitKey } from '../layout/records-doc.ts';

/**
 * Upgrade of a workspace written before sharding: three y-indexeddb databases
 * (`outpost:<ws>:config|records|activities`, one `updates` store each) become doc keys of the
 * workspace's DocStore. The layout inside a shard is the old one, so the split is key by key:
 * a record's `<id>/<field>` keys go to `records/<shard of id>`, an activity to the shard of its
 * parent, a history entry to the shard of its record. Values (and their timestamps) are copied
 * as they are: nothing is lost.
 *
 * Idempotent if interrupted: each shard is written by a client id derived from the workspace
 * and the doc key, in a fixed order, so running it again makes the very same update (Yjs
 * ignores structs it has). The old databases are deleted only after every shard is durable;
 * an old database still present means "not finished yet".
 */
export { LEGACY_DOCS, legacyDbName, type LegacyDoc } from './db-names.ts';
import { LEGACY_DOCS, legacyDbName, type LegacyDoc } from './db-names.ts';
/** The old docs a team profile pushes to the relay's legacy rooms (`<ws>/legacy/<name>`). */
export const LEGACY_ROOMS = ['records', 'activities'] as const;
export type LegacyRoom = (typeof LEGACY_ROOMS)[number];

/** Splits the old docs' states into one update per doc key (pure: testable in Node, used by the relay's twin). */
export function splitLegacy(workspaceId: string, legacy: Partial<Record<LegacyDoc, Uint8Array>>): Map<DocKey, Uint8Array> {
  const out = new Map<DocKey, Uint8Array>();
  if (legacy.config) out.set('config', legacy.config);
  const shards = new Map<DocKey, Y.Doc>();
  const shard = (key: DocKey) => {
    let d = shards.get(key);
    if (!d) {
      d = new Y.Doc();
      d.clientID = hashId(`${workspaceId}\u0000${key}\u0000upgrade`) || 1;
      shards.set(key, d);
    }
    return d;
  };
  if (legacy.records) {
    const old = docOf(legacy.records);
    for (const c of COLLECTIONS) {
      const keys = [...old.getMap(c).keys()].sort();
      for (const k of keys) shard(recordDocKey(splitKey(k)[0])).getMap(c).set(k, old.getMap(c).get(k));
    }
    old.destroy();
  }
  if (legacy.activities) {
    const old = docOf(legacy.activities);
    const acts = old.getMap<Activity>('activities');
    for (const id of [...acts.keys()].sort()) { const a = acts.get(id)!; shard(activityDocKey(a.parent.id)).getMap('activities').set(id, a); }
    const hist = old.getMap<HistoryEntry>('history');
    for (const id of [...hist.keys()].sort()) { const h = hist.get(id)!; shard(activityDocKey(h.recordId)).getMap('history').set(id, h); }
    old.destroy();
  }
  for (const [key, doc] of shards) { out.set(key, Y.encodeStateAsUpdate(doc)); doc.destroy(); }
  return out;
}

function docOf(update: Uint8Array): Y.Doc {
  const d = new Y.Doc();
  Y.applyUpdate(d, update);
  return d;
}

/** The old docs of a workspace still on this device (merged state each), without creating any. */
export async function readLegacyDocs(workspaceId: string, factory: IDBFactory = globalThis.indexedDB): Promise<Partial<Record<LegacyDoc, Uint8Array>>> {
  const out: Partial<Record<LegacyDoc, Uint8Array>> = {};
  // One listing instead of three opens (each a created-then-aborted database when absent): part of every start.
  const present = typeof factory.databases === 'function' ? new Set((await factory.databases()).map((d) => d.name)) : null;
  for (const name of LEGACY_DOCS) {
    if (present && !present.has(legacyDbName(workspaceId, name))) continue;
    const db = await openExisting(factory, legacyDbName(workspaceId, name));
    if (!db) continue;
    try {
      if (!db.objectStoreNames.contains('updates')) continue;
      const all = await request(db.transaction('updates', 'readonly').objectStore('updates').getAll()) as Uint8Array[];
      out[name] = all.length === 1 ? all[0] : Y.mergeUpdates(all);
    } finally {
      db.close();
    }
  }
  return out;
}

/** Deletes the old databases (after the shards are durable). */
export async function dropLegacyDocs(workspaceId: string, factory: IDBFactory = globalThis.indexedDB): Promise<void> {
  for (const name of LEGACY_DOCS) await request(factory.deleteDatabase(legacyDbName(workspaceId, name)) as unknown as IDBRequest<unknown>);
}

/** Where the upgrade writes each doc key's state, and how it knows they are durable. */
export type UpgradeSink = { write(key: DocKey, update: Uint8Array): Promise<void>; durable(): Promise<void> };

/** A DocStore as the sink (a local start: nothing is loaded yet). */
export const storeSink = (store: DocStore): UpgradeSink => ({ write: (k, u) => store.append(k, u), durable: () => store.durable() });

/**
 * Upgrades a local-only workspace in place (see above). Returns the doc keys written, empty
 * when there was nothing to upgrade. A team profile calls it only once the relay has
 * acknowledged the legacy push of the same docs.
 */
export async function upgradeLegacyWorkspace(sink: UpgradeSink, workspaceId: string, factory: IDBFactory = globalThis.indexedDB): Promise<DocKey[]> {
  const legacy = await readLegacyDocs(workspaceId, factory);
  if (!Object.keys(legacy).length) return [];
  const split = splitLegacy(workspaceId, legacy);
  for (const [key, update] of split) await sink.write(key, update);
  await sink.durable();
  await dropLegacyDocs(workspaceId, factory);
  return [...split.keys()];
}

/**
 * A team profile's upgrade: the old records and activities docs go to the relay (`pushLegacy`
 * resolves once the relay has them on disk: it merges them into the old room and re-splits what
 * changed into the shard rooms, as later edits), then the old databases are dropped. Nothing is
 * split here: the relay is the one migrator of a shared workspace, and the shards arrive by sync.
 * (A local split would race the relay's: keys a teammate changed on the relay could lose to this
 * device's older values, and two members splitting with one derived client id would write
 * different content under the same Yjs ids.) Interrupted before the acknowledgement, the old docs
 * stay and the push is made again at the next start.
 */
export async function upgradeTeamWorkspace(sink: UpgradeSink, workspaceId: string, pushLegacy: (name: LegacyRoom, update: Uint8Array) => Promise<void>, factory: IDBFactory = globalThis.indexedDB): Promise<LegacyRoom[]> {
  const legacy = await readLegacyDocs(workspaceId, factory);
  if (!Object.keys(legacy).length) return [];
  // `config` is the same doc (and room) in both layouts: its state moves over as it is (the same
  // Yjs items, so nothing to race) and syncs like any doc; no legacy push.
  if (legacy.config) { await sink.write('config', legacy.config); await sink.durable(); }
  const pushed: LegacyRoom[] = [];
  for (const name of LEGACY_ROOMS) { const u = legacy[name]; if (u) { await pushLegacy(name, u); pushed.push(name); } }
  await dropLegacyDocs(workspaceId, factory);
  return pushed;
}

/** Opens a database only if it exists: a first version's upgrade is aborted, so nothing is created. */
function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase | undefined> {
  return new Promise((resolve, reject) => {
    let absent = false;
    const req = factory.open(name);
    req.onupgradeneeded = (e) => {
      if (e.oldVersion === 0) { absent = true; req.transaction?.abort(); }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = (e) => {
      if (absent) { e.preventDefault(); resolve(undefined); } else reject(req.error);
    };
  });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
