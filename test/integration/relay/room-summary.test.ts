import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as Y from 'yjs';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { roomName } from '../../../sync-server/protocol.ts';
import { openLevelStorage } from '../../../sync-server/storage/leveldb.ts';
import type { Storage } from '../../../sync-server/storage/types.ts';
import { keptSummary } from '../../../sync-server/rooms/summary.ts';
import { connectWorkspace, createMemorySyncStore, type MemorySyncStore } from './memory-sync-store.ts';
import { startTestRelay, tempDir, waitFor, workspaceWith } from './helpers.ts';

const createRecord = (id: string) => (d: Y.Doc) => {
  d.getMap('leads').set(`${id}/_c`, [1_700_000_000_000, 'member']);
  d.getMap('leads').set(`${id}/email`, `${id}@example.com`);
};

/**
 * Each room's summary (vector, deletions, records, sizes) is kept in storage under the room's
 * stamp. A room opened for peers (a reconnect) reads no update while its summary is current; the
 * API projection's catch-up at start reads no room whose kept summary matches (test/integration/api).
 */
describe('relay: rooms keep their summaries in storage, current after appends, restarts and garbage', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
  });

  async function relayOver(dir: string) {
    const storage = await openLevelStorage(join(dir, 'leveldb'));
    const t = await startTestRelay({ storage, dataDir: dir });
    return { ...t, storage };
  }

  /** A relay over a fresh folder, a workspace, and `ids` leads written by a member and saved. */
  async function seeded(ids: string[]) {
    const temp = await tempDir();
    cleanup.push(temp.remove);
    const relay = await relayOver(temp.dir);
    const ws = await workspaceWith(relay.relay);
    const store = createMemorySyncStore();
    const seeding = connectWorkspace(relay.relay, ws.workspaceId, ws.tokens.member, store);
    await seeding.connection.whenSynced;
    for (const id of ids) store.change(recordDocKey(id), createRecord(id));
    await waitFor(() => seeding.connection.status.get().unsaved === 0, 20_000, 'seeded');
    seeding.connection.destroy();
    return { temp, relay, ws, store };
  }

  async function reconnect(relay: { wsUrl: string }, workspaceId: string, token: string, store: MemorySyncStore) {
    const c = connectWorkspace(relay, workspaceId, token, store);
    await c.connection.whenSynced;
    await waitFor(() => c.connection.status.get().unsaved === 0, 10_000, 'saved');
    c.connection.destroy();
  }

  const allCurrent = async (storage: Storage, rooms: string[]) => (await Promise.all(rooms.map((r) => keptSummary(storage, r)))).every(Boolean);

  it('a restarted relay serves a client in step; an append by another writer or a bad summary makes that room summarised again', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `lead-${i}`);
    const { temp, ws, store, ...first } = await seeded(ids);
    let relay = first.relay;
    await relay.stop(); // rooms unload: each keeps its summary

    // Restarted: every room opens cold, the client is in step, every summary is current.
    relay = await relayOver(temp.dir);
    await reconnect(relay.relay, ws.workspaceId, ws.tokens.member, store);
    const rooms = relay.relay.loadedRooms().map((r) => r.name).filter((r) => r.includes('/records/') || r.includes('/activities/'));
    expect(rooms.length).toBeGreaterThan(500);
    await waitFor(() => allCurrent(relay.storage, rooms), 10_000, 'summaries current');
    // Every room answered from its kept summary: none read its updates.
    expect(relay.relay.metrics.counter('outpost_room_summaries_kept_total')).toBeGreaterThanOrEqual(rooms.length);
    expect(relay.relay.metrics.counter('outpost_room_summaries_computed_total')).toBe(0);
    await relay.stop();

    // Another writer appends to one room while this relay is down (as a relay of the same Redis
    // would), and one room's summary is garbage: both are read again, and the client gets the change.
    const changed = recordDocKey(ids[3]);
    const garbled = recordDocKey(ids[50]) === changed ? recordDocKey(ids[51]) : recordDocKey(ids[50]);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(store.doc(changed)));
    const before = Y.encodeStateVector(other);
    other.getMap('leads').set(`${ids[3]}/email`, 'changed@elsewhere.example');
    const direct = await openLevelStorage(join(temp.dir, 'leveldb'));
    await direct.append([{ room: roomName(ws.workspaceId, changed), update: Y.encodeStateAsUpdate(other, before) }]);
    await direct.setRoomSummary(roomName(ws.workspaceId, garbled), '{"v":1,"stamp":"oops"');
    await direct.close();

    relay = await relayOver(temp.dir);
    await reconnect(relay.relay, ws.workspaceId, ws.tokens.member, store);
    expect(store.doc(changed).getMap('leads').get(`${ids[3]}/email`)).toBe('changed@elsewhere.example');
    // Both summaries are current again: the append's room under its new stamp, the garbage replaced.
    await waitFor(() => allCurrent(relay.storage, [roomName(ws.workspaceId, changed), roomName(ws.workspaceId, garbled)]), 10_000, 'recomputed');
    // Only those two rooms were read.
    expect(relay.relay.metrics.counter('outpost_room_summaries_computed_total')).toBe(2);
    await relay.stop();
  });

  it('a store of the previous version (no summaries) is served as before, and summarised on the way', async () => {
    const { temp, ws, ...first } = await seeded(Array.from({ length: 40 }, (_, i) => `old-${i}`));
    let relay = first.relay;
    await relay.stop();
    // What the previous version left: updates and meta, no `r!` summaries.
    const { ClassicLevel } = await import('classic-level');
    const db = new ClassicLevel<string, Uint8Array>(join(temp.dir, 'leveldb'), { keyEncoding: 'utf8', valueEncoding: 'view' });
    const summaries = await db.keys({ gte: 'r!', lt: 'r!\xff' }).all();
    expect(summaries.length).toBeGreaterThan(500);
    await db.batch(summaries.map((key) => ({ type: 'del' as const, key })));
    await db.close();

    relay = await relayOver(temp.dir);
    const joiner = createMemorySyncStore();
    await reconnect(relay.relay, ws.workspaceId, ws.tokens.member, joiner);
    for (let i = 0; i < 40; i++) expect(joiner.doc(recordDocKey(`old-${i}`)).getMap('leads').get(`old-${i}/email`)).toBe(`old-${i}@example.com`);
    expect(relay.relay.metrics.counter('outpost_room_summaries_computed_total')).toBeGreaterThan(500);
    const rooms = relay.relay.loadedRooms().map((r) => r.name).filter((r) => r.includes('/records/'));
    await waitFor(() => allCurrent(relay.storage, rooms), 10_000, 'summarised on the way');
    await relay.stop();
  });
});
