import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { openLevelStorage } from '../../../sync-server/storage/leveldb.ts';
import { TAIL_BYTES } from '../../../sync-server/rooms/room-manager.ts';
import { connectWorkspace, createMemorySyncStore, type MemorySyncStore } from './memory-sync-store.ts';
import { startTestRelay, tempDir, waitFor, workspaceWith } from './helpers.ts';

/**
 * A reconnect after a few changes is answered from the room's recent writes and kept deletions
 * (`Room.tail`), without reading the room's stored updates; what it gets is exactly what a diff of
 * the stored state gives. A peer that lacks more than the tail holds is answered from storage.
 */
describe('relay: a reconnect after a few changes is answered from the room’s recent writes', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
  });

  it('changes, an overwrite and a deletion cross without a read; past the tail, storage answers', async () => {
    const temp = await tempDir();
    cleanup.push(temp.remove);
    const relay = await startTestRelay({ storage: await openLevelStorage(join(temp.dir, 'leveldb')), dataDir: temp.dir });
    // Diffs answered from the tail and from the stored updates (the API projection reads rooms too).
    const diffs = (from: 'tail' | 'stored') => relay.relay.metrics.counter('outpost_sync_diffs_total', { from });
    cleanup.push(() => relay.stop());
    const ws = await workspaceWith(relay.relay);
    const key = recordDocKey('lead-1');
    const docKeys = [key];
    const leads = (s: MemorySyncStore) => s.doc(key).getMap('leads').toJSON();
    const saved = (c: ReturnType<typeof connectWorkspace>) => waitFor(() => c.connection.status.get().synced && c.connection.status.get().unsaved === 0, 20_000, 'synced and saved');

    // A writes 300 records into the room; B joins it, then goes away.
    const a = connectWorkspace(relay.relay, ws.workspaceId, ws.tokens.admin, createMemorySyncStore(), { docKeys });
    cleanup.push(async () => a.connection.destroy());
    await saved(a);
    a.store.change(key, (d) => { for (let i = 0; i < 300; i++) d.getMap('leads').set(`r${i}/email`, `r${i}@example.com`); });
    await saved(a);
    const bStore = createMemorySyncStore();
    let b = connectWorkspace(relay.relay, ws.workspaceId, ws.tokens.member, bStore, { docKeys });
    await saved(b);
    expect(leads(bStore)).toEqual(leads(a.store));
    b.connection.destroy();

    // Meanwhile: A changes two records, overwrites one twice and deletes a field.
    a.store.change(key, (d) => { d.getMap('leads').set('r1/email', 'one@changed.example'); d.getMap('leads').set('r2/email', 'two@changed.example'); });
    a.store.change(key, (d) => d.getMap('leads').set('r1/email', 'one@again.example'));
    a.store.change(key, (d) => d.getMap('leads').delete('r5/email'));
    await saved(a);
    b = connectWorkspace(relay.relay, ws.workspaceId, ws.tokens.member, bStore, { docKeys });
    await saved(b);
    expect(leads(bStore)).toEqual(leads(a.store));
    expect(leads(bStore)['r5/email']).toBeUndefined();
    expect([diffs('tail'), diffs('stored')]).toEqual([1, 0]);
    b.connection.destroy();

    // Only a deletion while B was away: it still crosses (a deletion moves no vector), from the
    // room's kept deletions: no diff at all.
    a.store.change(key, (d) => d.getMap('leads').delete('r6/email'));
    await saved(a);
    b = connectWorkspace(relay.relay, ws.workspaceId, ws.tokens.member, bStore, { docKeys });
    await saved(b);
    expect(leads(bStore)['r6/email']).toBeUndefined();
    expect([diffs('tail'), diffs('stored')]).toEqual([1, 0]);
    b.connection.destroy();

    // More than the tail keeps: B lacks writes that left it, so the stored updates answer.
    const long = 'x'.repeat(200);
    for (let n = 0; n < 4; n++) a.store.change(key, (d) => { for (let i = 0; i < TAIL_BYTES / 4 / 200 + 10; i++) d.getMap('leads').set(`r${i}/notes`, `${n}${long}`); });
    await saved(a);
    b = connectWorkspace(relay.relay, ws.workspaceId, ws.tokens.member, bStore, { docKeys });
    await saved(b);
    expect(leads(bStore)).toEqual(leads(a.store));
    expect([diffs('tail'), diffs('stored')]).toEqual([1, 1]);
    b.connection.destroy();
  });
});
