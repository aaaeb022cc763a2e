import * as Y from 'yjs';
import { activityDocKey, recordDocKey, type DocKey } from '../../src/domain/routing.ts';
import { splitKey } from '../../src/layout/records-doc.ts';
import { LEGACY_DOC_NAMES, roomName, type LegacyDocName } from '../protocol.ts';
import type { Storage } from '../storage/types.ts';
import type { DurableWriter } from '../storage/durable-writer.ts';
import { deletionsStored } from './update-state.ts';

/**
 * The relay-side upgrade from the version-1 layout (one `records` and one `activities` room per
 * workspace) to shard rooms. The relay is the single migrator of the shared state:
 * - on the first open of a workspace, its stored `<ws>/records` and `<ws>/activities` rooms are
 *   split key by key into `records/<k>` and `activities/<k>` (routing.ts decides every key), in
 *   one fsynced batch, then the workspace is marked done. The old rooms are kept: they are the
 *   base against which a late legacy push is compared.
 * - an upgraded client that still holds an old-layout doc with edits the relay never got (its
 *   member was offline at upgrade time) pushes that doc once on `legacy/<name>`: it is merged
 *   into the old room, and only the keys whose value changed are written into their shards, as
 *   new writes on top of each shard's current state (so they win like later edits, and a
 *   repeated push changes nothing).
 */
const DONE = 'sharded-1';
const layoutKey = (workspaceId: string) => `layout:${workspaceId}`;

/** Which shard holds one entry of an old doc: records by their id, activities and history by their parent. */
export function legacyEntryDoc(name: LegacyDocName, key: string, value: unknown): DocKey {
  if (name === 'records') return recordDocKey(splitKey(key)[0]);
  const v = value as { parent?: { id?: unknown }; recordId?: unknown } | null;
  const parent = typeof v?.parent?.id === 'string' ? v.parent.id : typeof v?.recordId === 'string' ? v.recordId : undefined;
  // An entry without a readable parent still moves (by its own key), so nothing is lost.
  return activityDocKey(parent ?? key);
}

/** A change of one key of one root map: the value it has now (undefined: deleted). */
export type LegacyChange = { map: string; key: string; value: unknown; doc: DocKey };

const plain = (v: unknown) => (v instanceof Y.AbstractType ? v.toJSON() : v);
const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

function docOf(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  if (updates.length) Y.applyUpdate(doc, updates.length === 1 ? updates[0] : Y.mergeUpdates(updates));
  return doc;
}

/** Keys whose value differs between two states of an old doc, routed to their shards. */
export function legacyChanges(name: LegacyDocName, before: Y.Doc, after: Y.Doc): LegacyChange[] {
  const out: LegacyChange[] = [];
  for (const mapName of after.share.keys()) {
    const now = after.getMap<unknown>(mapName);
    const was = before.share.has(mapName) ? before.getMap<unknown>(mapName) : null;
    for (const [key, raw] of now.entries()) {
      const value = plain(raw);
      if (was && was.has(key) && same(plain(was.get(key)), value)) continue;
      out.push({ map: mapName, key, value, doc: legacyEntryDoc(name, key, value) });
    }
    if (was) for (const [key, raw] of was.entries()) if (!now.has(key)) out.push({ map: mapName, key, value: undefined, doc: legacyEntryDoc(name, key, plain(raw)) });
  }
  return out;
}

export function groupByDoc(changes: LegacyChange[]): Map<DocKey, LegacyChange[]> {
  const by = new Map<DocKey, LegacyChange[]>();
  for (const c of changes) {
    const group = by.get(c.doc);
    if (group) group.push(c);
    else by.set(c.doc, [c]);
  }
  return by;
}

/**
 * Writes changes on top of a shard's stored state: the update made on a doc holding the current
 * values, so each set/delete follows (and so overrides) the value there.
 */
export function shardUpdate(stored: Uint8Array[], changes: LegacyChange[]): Uint8Array | null {
  const doc = docOf(stored);
  const before = Y.encodeStateVector(doc);
  doc.transact(() => {
    for (const { map, key, value } of changes) {
      const m = doc.getMap<unknown>(map);
      if (value === undefined) m.delete(key);
      else m.set(key, value);
    }
  });
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return changes.length ? update : null;
}

/** A whole old doc as one update per shard (empty shards left out): the split of the upgrade. */
export function splitLegacyDoc(name: LegacyDocName, doc: Y.Doc): Map<DocKey, Uint8Array> {
  const out = new Map<DocKey, Uint8Array>();
  for (const [docKey, group] of groupByDoc(legacyChanges(name, new Y.Doc(), doc))) out.set(docKey, shardUpdate([], group)!);
  return out;
}

export type LegacyDeps = {
  storage: Storage;
  writer: DurableWriter;
  /** Writes an update into a live shard room (stored, broadcast, counted). */
  write(workspaceId: string, docKey: DocKey, update: Uint8Array): Promise<void>;
  /** Stored updates of a shard room, queue included. */
  readStored(workspaceId: string, docKey: DocKey): Promise<Uint8Array[]>;
  log: (line: string) => void;
};

export function createLegacyUpgrade({ storage, writer, write, readStored, log }: Omit<LegacyDeps, never>) {
  const upgrades = new Map<string, Promise<void>>();
  const pushes = new Map<string, Promise<unknown>>();
  const stored = async (name: string) => {
    await writer.whenFlushed().catch(() => {});
    return storage.loadRoom(name);
  };

  /** Splits the old rooms of a workspace into shards, once (a crash before the mark re-runs it: same values). */
  async function split(workspaceId: string) {
    if ((await storage.getMeta(layoutKey(workspaceId))) === DONE) return;
    const batch: Array<{ room: string; update: Uint8Array }> = [];
    let moved = 0;
    for (const name of LEGACY_DOC_NAMES) {
      const old = await stored(roomName(workspaceId, name));
      if (old.length === 0) continue;
      const changes = legacyChanges(name, new Y.Doc(), docOf(old));
      moved += changes.length;
      for (const [docKey, group] of groupByDoc(changes)) {
        const update = shardUpdate(await stored(roomName(workspaceId, docKey)), group);
        if (update) batch.push({ room: roomName(workspaceId, docKey), update });
      }
    }
    if (batch.length) await storage.append(batch); // one fsynced batch: all shards or none
    await storage.setMeta(layoutKey(workspaceId), DONE);
    if (moved) log(`workspace ${workspaceId}: ${moved} keys of the old layout split into ${batch.length} shard rooms`);
  }

  return {
    /** Before any room of a workspace loads. Concurrent callers share one run. */
    ensure(workspaceId: string): Promise<void> {
      let p = upgrades.get(workspaceId);
      if (!p) {
        p = split(workspaceId);
        upgrades.set(workspaceId, p);
        p.catch(() => upgrades.delete(workspaceId)); // a storage failure is retried by the next open
      }
      return p;
    },
    /**
     * An old doc's whole state from an upgraded client: merged into the old room, and the keys it
     * changes written into their shards. Throws on a malformed update (the caller closes that
     * connection only). Pushes of one workspace run one at a time.
     */
    async push(workspaceId: string, name: LegacyDocName, update: Uint8Array): Promise<void> {
      Y.decodeUpdate(update); // the whole update must decode before anything is stored
      await this.ensure(workspaceId);
      const previous = pushes.get(workspaceId) ?? Promise.resolve();
      const run = previous.catch(() => {}).then(async () => {
        const oldRoom = roomName(workspaceId, name);
        const base = await stored(oldRoom);
        const before = docOf(base);
        const after = docOf(base);
        Y.applyUpdate(after, update);
        if (after.store.pendingStructs) throw new Error('legacy update refers to content the relay does not have');
        const changes = legacyChanges(name, before, after);
        // Only what the old room lacks is stored: a repeated push (a reconnect) stores nothing.
        const fresh = Y.diffUpdate(update, Y.encodeStateVector(before));
        if (Y.decodeUpdate(fresh).structs.length || !deletionsStored(fresh, base)) await writer.enqueue({ room: oldRoom, update: fresh });
        for (const [docKey, group] of groupByDoc(changes)) {
          const shard = shardUpdate(await readStored(workspaceId, docKey), group);
          if (shard) await write(workspaceId, docKey, shard);
        }
        before.destroy();
        after.destroy();
      });
      pushes.set(workspaceId, run);
      return run;
    },
  };
}
export type LegacyUpgrade = ReturnType<typeof createLegacyUpgrade>;
