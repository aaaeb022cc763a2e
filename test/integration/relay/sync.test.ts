import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { describeRelayStatus } from '../../../src/sync/index.ts';
import { authProtocols } from '../../../sync-server/auth/transport.ts';
import { client, startTestRelay, waitFor, workspaceWith } from './helpers.ts';

describe('relay: sync, persistence, acks', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  beforeEach(async () => {
    t = await startTestRelay();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('a stock y-websocket client syncs with an Outpost client and receives no Outpost messages', async () => {
    const { workspaceId, tokens } = await workspaceWith(t.relay);
    const stockDoc = new Y.Doc();
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    const stock = new WebsocketProvider(t.relay.wsUrl, `${workspaceId}/records/0`, stockDoc, { WebSocketPolyfill: WebSocket as never, protocols: authProtocols(tokens.member), disableBc: true });
    const outpost = client(t.relay, workspaceId, 'records/0', tokens.member);
    try {
      await outpost.whenSynced;
      await waitFor(() => stock.synced, 5000, 'stock sync');
      stockDoc.getMap('leads').set('a', 'from stock');
      outpost.doc.getMap('leads').set('b', 'from outpost');
      await waitFor(() => stockDoc.getMap('leads').get('b') === 'from outpost' && outpost.doc.getMap('leads').get('a') === 'from stock');
      await waitFor(() => outpost.status.get().unsaved === 0);
      expect(errors).toEqual([]); // "Unable to compute message" would mean an ack reached the stock client
    } finally {
      console.error = originalError;
      stock.destroy();
      outpost.destroy();
    }
  });

  it('acks only after the update is on disk, and stored state is loaded before the first sync', async () => {
    const { workspaceId, tokens } = await workspaceWith(t.relay);
    const writer = client(t.relay, workspaceId, 'records/0', tokens.member);
    await writer.whenSynced;
    const seen: number[] = [];
    const unsubscribe = writer.status.subscribe((s) => seen.push(s.unsaved));
    for (let i = 0; i < 20; i++) writer.doc.getMap('leads').set(`k${i}`, i);
    expect(writer.status.get().unsaved).toBe(20);
    expect(describeRelayStatus(writer.status.get())).toBe('20 changes not yet saved to the relay');
    await waitFor(() => writer.status.get().unsaved === 0);
    expect(describeRelayStatus(writer.status.get())).toBe('All changes saved');
    expect(Math.max(...seen)).toBe(20);
    unsubscribe();
    // What was acked is in storage, read back without the relay's memory.
    const stored = await t.relay.storage.loadRoom(`${workspaceId}/records/0`);
    const check = new Y.Doc();
    stored.forEach((u) => Y.applyUpdate(check, u));
    expect(check.getMap('leads').size).toBe(20);
    writer.destroy();

    // Restart on the same folder: a new client gets everything with its first sync.
    const dataDir = t.dataDir;
    await t.relay.close();
    t = await startTestRelay({ dataDir, port: 0 });
    const reader = client(t.relay, workspaceId, 'records/0', tokens.viewer);
    await reader.whenSynced;
    expect(reader.doc.getMap('leads').size).toBe(20);
    reader.destroy();
  });

  it('resends unacknowledged changes after reconnecting', async () => {
    const { workspaceId, tokens } = await workspaceWith(t.relay);
    const dataDir = t.dataDir;
    const writer = client(t.relay, workspaceId, 'records/0', tokens.member);
    await writer.whenSynced;
    const port = t.relay.port;
    await t.relay.close();
    await waitFor(() => writer.status.get().connection !== 'connected');
    for (let i = 0; i < 5; i++) writer.doc.getMap('leads').set(`offline${i}`, i);
    expect(writer.status.get().unsaved).toBe(5);
    t = await startTestRelay({ dataDir, port });
    await waitFor(() => writer.status.get().unsaved === 0, 15_000, 'resend + ack');
    const reader = client(t.relay, workspaceId, 'records/0', tokens.viewer);
    await reader.whenSynced;
    expect(reader.doc.getMap('leads').get('offline4')).toBe(4);
    reader.destroy();
    writer.destroy();
  });

  it('unloads idle rooms and compacts their stored updates', async () => {
    await t.stop();
    t = await startTestRelay({ limits: { roomIdleMs: 100, compactAfterUpdates: 10_000 } });
    const { workspaceId, tokens } = await workspaceWith(t.relay);
    const writer = client(t.relay, workspaceId, 'activities/0', tokens.member);
    await writer.whenSynced;
    for (let i = 0; i < 30; i++) writer.doc.getArray('timeline').push([i]);
    await waitFor(() => writer.status.get().unsaved === 0);
    expect((await t.relay.storage.loadRoom(`${workspaceId}/activities/0`)).length).toBeGreaterThan(1);
    writer.destroy();
    await waitFor(() => t.relay.loadedRooms().length === 0, 5000, 'unload');
    // Compaction follows the unload, asynchronously.
    await waitFor(async () => (await t.relay.storage.loadRoom(`${workspaceId}/activities/0`)).length === 1, 5000, 'compaction');
    const stored = await t.relay.storage.loadRoom(`${workspaceId}/activities/0`);
    const check = new Y.Doc();
    Y.applyUpdate(check, stored[0]);
    expect(check.getArray('timeline').length).toBe(30);
  });
});
