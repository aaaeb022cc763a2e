import { afterEach, describe, expect, it } from 'vitest';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { describeRelayStatus, MIN_SPLIT_ENTRIES } from '../../../src/sync/index.ts';
import { CloseCode } from '../../../sync-server/protocol.ts';
import { startTestRelay, waitFor, workspaceWith } from './helpers.ts';
import { connectWorkspace } from './memory-sync-store.ts';
import { startRedis } from './redis-server.ts';

/**
 * A write of more structs than the relay decodes at once (`--max-update-structs`) closes the
 * socket (1009). The client used to send the same write again at every reconnect, closed again,
 * for ever. It now sends writes in smaller pieces after a 1009, and, when the smallest pieces are
 * still too many for the relay, stops sending that room's writes and says so: nothing typed is
 * lost on the device, and the other rooms sync on.
 */
describe('relay: a write with more structs than the relay takes at once', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(maxUpdateStructs: number, keys: number, redisUrl?: string) {
    const t = await startTestRelay({ limits: { maxUpdateStructs }, ...(redisUrl ? { redisUrl, redisPrefix: 'split:' } : {}) });
    cleanup.push(() => t.stop());
    // The teammate on a second relay over the same Redis, when there is one: the pieces fan out.
    const other = redisUrl ? await startTestRelay({ redisUrl, redisPrefix: 'split:' }) : t;
    if (other !== t) cleanup.push(() => other.stop());
    const ws = await workspaceWith(t.relay);
    const doc = recordDocKey('ada');
    // Written offline: the first connection's step 2 carries all of it in one update.
    const author = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.member, undefined, { connect: false });
    cleanup.push(() => author.connection.destroy());
    author.store.change(doc, (d) => {
      const leads = d.getMap('leads');
      for (let i = 0; i < keys; i++) leads.set(`ada/field-${i}`, `value ${i}`);
    });
    const closes: Array<{ code: number; reason: string }> = [];
    author.connection.status.subscribe((s) => { if (s.lastClose && closes.at(-1) !== s.lastClose) closes.push(s.lastClose); });
    const teammate = connectWorkspace(other.relay, ws.workspaceId, ws.tokens.admin);
    cleanup.push(() => teammate.connection.destroy());
    await teammate.connection.whenSynced;
    return { t, ws, doc, author, teammate, closes };
  }

  it('is sent again in pieces the relay takes: every key reaches a teammate and storage, after one 1009', async () => {
    const { t, ws, doc, author, teammate, closes } = await setup(3_000, 10_000);
    author.connection.connect();
    await waitFor(() => teammate.store.doc(doc).getMap('leads').size === 10_000, 30_000, 'every key at the teammate');
    await waitFor(() => author.connection.status.get().synced && author.connection.status.get().unsaved === 0, 10_000, 'the author saved');
    expect(closes.map((c) => c.code)).toEqual([CloseCode.tooBig]);
    expect(closes[0].reason).toBe(`${doc}: update holds more than 3000 structs and clients`);
    expect(describeRelayStatus(author.connection.status.get())).toBe('All changes saved');
    const stored = await t.relay.storage.loadRoom(`${ws.workspaceId}/${doc}`);
    expect(stored.length).toBeGreaterThan(1);
    // A later edit goes out live, whole, and applies on top.
    author.store.change(doc, (d) => d.getMap('leads').set('ada/name', 'Ada'));
    await waitFor(() => teammate.store.doc(doc).getMap('leads').get('ada/name') === 'Ada', 10_000, 'a later edit');
    expect(closes).toHaveLength(1);
  });

  it('too many even in the smallest pieces: that room stops sending and says so, keeps what was typed, and the other rooms sync; no reconnect sends it again', async () => {
    const max = Math.floor(MIN_SPLIT_ENTRIES / 2);
    const { doc, author, teammate, closes } = await setup(max, 1_000);
    author.connection.connect();
    await waitFor(() => author.connection.status.get().rejectedWrite !== null, 30_000, 'the write held back');
    await waitFor(() => author.connection.status.get().synced, 10_000, 'synced without it');
    const tooBig = closes.filter((c) => c.code === CloseCode.tooBig);
    expect(tooBig.length).toBe(3); // whole, a tenth, the smallest
    expect(author.connection.status.get().unsaved).toBe(0);
    expect(describeRelayStatus(author.connection.status.get())).toBe(`Saved, except a change the relay refused: This change holds more edits than the relay takes at once; it stays on this device (${doc}: update holds more than ${max} structs and clients) and is sent again when Outpost next starts. The relay's operator can raise its limit.`);
    // Nothing lost on this device.
    expect(author.store.doc(doc).getMap('leads').size).toBe(1_000);
    // Another room's edit reaches the teammate.
    const other = recordDocKey('grace');
    author.store.change(other, (d) => d.getMap('leads').set('grace/name', 'Grace'));
    await waitFor(() => teammate.store.doc(other).getMap('leads').get('grace/name') === 'Grace', 10_000, 'another room syncs');
    // A reconnect does not send the held-back write again.
    author.connection.disconnect();
    await waitFor(() => author.connection.status.get().connection === 'disconnected');
    author.connection.connect();
    await waitFor(() => author.connection.status.get().synced && author.connection.status.get().unsaved === 0, 10_000, 'back in step');
    expect(closes.filter((c) => c.code === CloseCode.tooBig)).toHaveLength(3);
    expect(teammate.store.doc(doc).getMap('leads').size).toBe(0);
  });

  it('a restart tries a blocked write once more: at the same limit it stops again after its three 1009s; once the operator raised the limit it arrives', async () => {
    const max = Math.floor(MIN_SPLIT_ENTRIES / 2);
    const { t, ws, doc, author, closes } = await setup(max, 1_000);
    author.connection.connect();
    await waitFor(() => author.connection.status.get().rejectedWrite !== null, 30_000, 'the write held back');
    const tooBig = () => closes.filter((c) => c.code === CloseCode.tooBig).length;
    expect(tooBig()).toBe(3);
    // A restart: the same stored doc, a new connection.
    author.connection.destroy();
    const restarted = (relay: { wsUrl: string }) => {
      const c = connectWorkspace(relay, ws.workspaceId, ws.tokens.member, author.store);
      cleanup.push(() => c.connection.destroy());
      c.connection.status.subscribe((s) => { if (s.lastClose && closes.at(-1) !== s.lastClose) closes.push(s.lastClose); });
      return c.connection;
    };
    const again = restarted(t.relay);
    await waitFor(() => again.status.get().rejectedWrite !== null && again.status.get().synced, 30_000, 'held back again');
    expect(tooBig()).toBe(6);
    again.destroy();
    // The operator raises the limit (the relay restarts on its folder): the next start's write arrives.
    await t.relay.close();
    const raised = await startTestRelay({ dataDir: t.dataDir, limits: { maxUpdateStructs: 3_000 } });
    cleanup.push(() => raised.relay.close());
    const third = restarted(raised.relay);
    await waitFor(() => third.status.get().synced && third.status.get().unsaved === 0, 30_000, 'saved at the raised limit');
    expect(third.status.get().rejectedWrite).toBeNull();
    const reader = connectWorkspace(raised.relay, ws.workspaceId, ws.tokens.admin);
    cleanup.push(() => reader.connection.destroy());
    await waitFor(() => reader.store.doc(doc).getMap('leads').size === 1_000, 15_000, 'every key on the relay');
  });

  it('across two relays on one Redis: the pieces reach a teammate on the other relay, who writes on top of them', async () => {
    const redis = await startRedis();
    cleanup.push(() => redis.stop());
    const { doc, author, teammate, closes } = await setup(3_000, 8_000, redis.url);
    author.connection.connect();
    await waitFor(() => teammate.store.doc(doc).getMap('leads').size === 8_000, 30_000, 'every key on the other relay');
    expect(closes.map((c) => c.code)).toEqual([CloseCode.tooBig]);
    teammate.store.change(doc, (d) => d.getMap('leads').set('ada/name', 'Ada'));
    await waitFor(() => author.store.doc(doc).getMap('leads').get('ada/name') === 'Ada', 10_000, "the teammate's edit back");
    await waitFor(() => author.connection.status.get().unsaved === 0 && teammate.connection.status.get().unsaved === 0, 10_000, 'both saved');
  });
});
