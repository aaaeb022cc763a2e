import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { recordDocKey } from '../../../src/domain/routing.ts';
import { describeRelayStatus } from '../../../src/sync/index.ts';
import { RefusalCode } from '../../../sync-server/protocol.ts';
import { PLACEHOLDER_HEADROOM } from '../../../sync-server/rooms/sync-handler.ts';
import { authProtocols } from '../../../sync-server/auth/transport.ts';
import type { Relay } from '../../../sync-server/server.ts';
import { client, startTestRelay, waitFor, workspaceWith } from './helpers.ts';
import { connectWorkspace } from './memory-sync-store.ts';
import { startRedis } from './redis-server.ts';

/** A room as the relay stored it, read into a fresh doc: what a teammate joining later gets. */
async function stored(relay: Relay, room: string) {
  const doc = new Y.Doc();
  for (const u of await relay.storage.loadRoom(room)) Y.applyUpdate(doc, u);
  return doc;
}

const nested = (depth: number) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

/**
 * A write the relay refuses for what it holds (a value past the bounds, a doc at its size limit)
 * used to leave its clocks untaken: every later write of its author to that room continued them
 * and was closed as dangling (1007), resent on reconnect and closed again, for ever. The refused
 * write is now kept as deleted content (same clocks, no value): nobody sees the value, and the
 * author's later writes apply. A write refused for who sends it (a viewer, a member on settings)
 * is still kept in no form.
 */
describe('relay: what an author writes after a refused write', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  let ws: Awaited<ReturnType<typeof workspaceWith>>;
  beforeAll(async () => {
    t = await startTestRelay({ limits: { maxDocBytes: 64 * 1024 } });
    ws = await workspaceWith(t.relay);
  });
  afterAll(() => t?.stop());

  it("the extension's client: after a 2 MB note is refused, the author's later edits of the same record reach the team and storage; never closed", async () => {
    const author = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.member);
    const teammate = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.admin);
    const doc = recordDocKey('ada');
    try {
      await Promise.all([author.connection.whenSynced, teammate.connection.whenSynced]);
      author.store.change(doc, (d) => d.getMap('leads').set('ada/name', 'Ada'));
      await waitFor(() => teammate.store.doc(doc).getMap('leads').get('ada/name') === 'Ada', 10_000, 'the first edit');
      author.store.change(doc, (d) => d.getMap('leads').set('ada/notes', 'x'.repeat(2 * 1024 * 1024)));
      await waitFor(() => author.connection.status.get().rejectedWrite !== null, 10_000, 'the refusal');
      expect(author.connection.status.get().rejectedWrite?.code).toBe(RefusalCode.contentTooLarge);
      author.store.change(doc, (d) => d.getMap('leads').set('ada/notes', 'Met at the fair'));
      author.store.change(doc, (d) => d.getMap('leads').set('ada/email', 'ada@example.org'));
      await waitFor(() => teammate.store.doc(doc).getMap('leads').get('ada/email') === 'ada@example.org', 10_000, "the author's later edits");
      expect(teammate.store.doc(doc).getMap('leads').get('ada/notes')).toBe('Met at the fair');
      await waitFor(() => author.connection.status.get().unsaved === 0, 10_000, 'every write settled');
      expect(author.connection.status.get().lastClose).toBeNull(); // before: 1007 "refers to content the relay does not have"
      // The author's status line never says "All changes saved" while a change stayed behind.
      expect(describeRelayStatus(author.connection.status.get())).toMatch(/^Saved, except a change the relay refused: This change holds a value larger/);
      const kept = await stored(t.relay, `${ws.workspaceId}/${doc}`);
      expect(kept.getMap('leads').toJSON()).toEqual({ 'ada/name': 'Ada', 'ada/notes': 'Met at the fair', 'ada/email': 'ada@example.org' });
      expect(kept.store.pendingStructs).toBeNull();
      expect(t.relay.metrics.counter('outpost_refused_writes_kept_deleted_total', { reason: RefusalCode.contentTooLarge })).toBe(1);
    } finally {
      author.connection.destroy();
      teammate.connection.destroy();
    }
  });

  it('a stock y-websocket client: a value 65 levels deep is refused (permission denied), what it writes next syncs, its socket stays open', async () => {
    const room = recordDocKey('grace');
    const doc = new Y.Doc();
    const stock = new WebsocketProvider(t.relay.wsUrl, `${ws.workspaceId}/${room}`, doc, { WebSocketPolyfill: WebSocket as never, protocols: authProtocols(ws.tokens.member), disableBc: true });
    const reader = client(t.relay, ws.workspaceId, room, ws.tokens.admin);
    let closes = 0;
    stock.on('connection-close', () => closes++);
    const warn = console.warn;
    const denied: unknown[] = [];
    console.warn = (...args: unknown[]) => denied.push(args);
    try {
      await Promise.all([waitFor(() => stock.synced, 10_000, 'stock sync'), reader.whenSynced]);
      doc.getMap('leads').set('grace/deep', nested(65));
      await waitFor(() => denied.length > 0, 10_000, 'permission denied');
      expect(String(denied[0])).toMatch(/nested more than 64 levels/);
      doc.getMap('leads').set('grace/title', 'Rear Admiral');
      await waitFor(() => reader.doc.getMap('leads').get('grace/title') === 'Rear Admiral', 10_000, "the stock client's next write");
      expect(reader.doc.getMap('leads').has('grace/deep')).toBe(false);
      expect(closes).toBe(0);
    } finally {
      console.warn = warn;
      stock.destroy();
      reader.destroy();
    }
  });

  it('a doc at its size limit: the refused write takes its clocks, so a later small write that fits is stored', async () => {
    const room = 'records/7';
    const writer = client(t.relay, ws.workspaceId, room, ws.tokens.member);
    const reader = client(t.relay, ws.workspaceId, room, ws.tokens.admin);
    try {
      await Promise.all([writer.whenSynced, reader.whenSynced]);
      writer.doc.getMap('leads').set('a/notes', 'x'.repeat(40 * 1024));
      await waitFor(() => writer.status.get().unsaved === 0, 10_000, 'the first write');
      writer.doc.getMap('leads').set('b/notes', 'y'.repeat(40 * 1024));
      await waitFor(() => writer.status.get().rejectedWrite?.code === RefusalCode.docTooLarge, 10_000, 'doc-too-large');
      writer.doc.getMap('leads').set('c/name', 'fits');
      await waitFor(() => reader.doc.getMap('leads').get('c/name') === 'fits', 10_000, 'the small write after it');
      expect(reader.doc.getMap('leads').has('b/notes')).toBe(false);
      await waitFor(() => writer.status.get().unsaved === 0, 10_000, 'settled');
      expect(writer.status.get().lastClose).toBeNull();
      expect([...(await stored(t.relay, `${ws.workspaceId}/${room}`)).getMap('leads').keys()].sort()).toEqual(['a/notes', 'c/name']);
    } finally {
      writer.destroy();
      reader.destroy();
    }
  });

  it('placeholders at a full doc stop 1/64 past its limit: a member writing on at the limit cannot grow it without end', async () => {
    const room = 'records/8';
    const writer = client(t.relay, ws.workspaceId, room, ws.tokens.member);
    try {
      await writer.whenSynced;
      writer.doc.getMap('leads').set('a/notes', 'x'.repeat(63 * 1024));
      await waitFor(() => writer.status.get().unsaved === 0, 10_000, 'the first write');
      const kept = () => t.relay.metrics.counter('outpost_refused_writes_kept_deleted_total', { reason: RefusalCode.docTooLarge });
      const before = kept();
      for (let i = 0; i < 200; i++) writer.doc.getMap('leads').set(`k${i}/notes`, 'y'.repeat(2048));
      await waitFor(() => writer.status.get().unsaved === 0, 20_000, 'every refused write settled');
      const bytes = (await t.relay.storage.loadRoom(`${ws.workspaceId}/${room}`)).reduce((n, u) => n + u.length, 0);
      expect(bytes).toBeLessThanOrEqual(64 * 1024 * (1 + PLACEHOLDER_HEADROOM));
      expect(kept() - before).toBeGreaterThan(0);
      expect(kept() - before).toBeLessThan(200);
    } finally {
      writer.destroy();
    }
  });

  it('a viewer’s writes and a member’s settings are refused and kept in no form: stored bytes unchanged, nothing removed for others, and the writes still settle', async () => {
    const admin = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.admin);
    const viewer = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.viewer);
    const member = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.member);
    const doc = recordDocKey('lin');
    try {
      await Promise.all([admin.connection.whenSynced, viewer.connection.whenSynced, member.connection.whenSynced]);
      admin.store.change(doc, (d) => d.getMap('leads').set('lin/name', 'Lin'));
      admin.store.change('config', (d) => d.getMap('settings').set('defaultLeadStatusId', 'open'));
      await waitFor(() => viewer.store.doc(doc).getMap('leads').get('lin/name') === 'Lin' && member.store.doc('config').getMap('settings').get('defaultLeadStatusId') === 'open' && admin.connection.status.get().unsaved === 0, 10_000, "the admin's writes");
      const before = await Promise.all([doc, 'config'].map((r) => t.relay.storage.loadRoom(`${ws.workspaceId}/${r}`)));
      // The same key overwritten: kept as a placeholder, it would remove 'Lin' for everyone.
      viewer.store.change(doc, (d) => d.getMap('leads').set('lin/name', 'Hijacked'));
      // Too large as well: who sends it decides, not what it holds (a content refusal keeps a placeholder).
      viewer.store.change(doc, (d) => d.getMap('leads').set('lin/name', 'x'.repeat(2 * 1024 * 1024)));
      member.store.change('config', (d) => d.getMap('settings').set('defaultLeadStatusId', 'lost'));
      await waitFor(() => viewer.connection.status.get().rejectedWrite?.code === RefusalCode.readOnly && member.connection.status.get().rejectedWrite?.code === RefusalCode.adminOnly, 10_000, 'both refusals');
      viewer.store.change(doc, (d) => d.getMap('leads').set('lin/email', 'x@example.org'));
      await waitFor(() => viewer.connection.status.get().unsaved === 0 && member.connection.status.get().unsaved === 0, 10_000, 'settled');
      const after = await Promise.all([doc, 'config'].map((r) => t.relay.storage.loadRoom(`${ws.workspaceId}/${r}`)));
      expect(after).toEqual(before);
      const fresh = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.admin);
      try {
        await fresh.connection.whenSynced;
        expect(fresh.store.doc(doc).getMap('leads').toJSON()).toEqual({ 'lin/name': 'Lin' });
        expect(fresh.store.doc('config').getMap('settings').get('defaultLeadStatusId')).toBe('open');
      } finally {
        fresh.connection.destroy();
      }
      expect(admin.store.doc(doc).getMap('leads').get('lin/name')).toBe('Lin');
      expect(t.relay.metrics.counter('outpost_refused_writes_kept_deleted_total', { reason: RefusalCode.readOnly })).toBe(0);
    } finally {
      for (const c of [admin, viewer, member]) c.connection.destroy();
    }
  });
});

describe('relay: a refused record creation and a teammate joining', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  let ws: Awaited<ReturnType<typeof workspaceWith>>;
  beforeAll(async () => {
    t = await startTestRelay();
    ws = await workspaceWith(t.relay);
  });
  afterAll(() => t?.stop());

  it('the join progress counts the records that exist, not the creations the relay refused and keeps as placeholders', async () => {
    const author = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.member);
    const create = (id: string, notes: string) => author.store.change(recordDocKey(id), (d) => {
      d.getMap('leads').set(`${id}/_c`, [1_700_000_000_000, 'member']);
      d.getMap('leads').set(`${id}/notes`, notes);
    });
    let joiner: ReturnType<typeof connectWorkspace> | undefined;
    try {
      await author.connection.whenSynced;
      for (const id of ['ada', 'alan', 'grace']) create(id, 'Met at the fair');
      // Two creations whose note is past the bounds: refused, each kept as a placeholder (its `_c` holds no value).
      for (const id of ['huge-1', 'huge-2']) create(id, 'x'.repeat(2 * 1024 * 1024));
      await waitFor(() => author.connection.status.get().unsaved === 0, 20_000, 'every write settled');
      expect(t.relay.metrics.counter('outpost_refused_writes_kept_deleted_total', { reason: RefusalCode.contentTooLarge })).toBe(2);
      joiner = connectWorkspace(t.relay, ws.workspaceId, ws.tokens.admin);
      const totals = new Set<number>();
      joiner.connection.status.subscribe((s) => { if (s.progress.recordsTotal) totals.add(s.progress.recordsTotal); });
      await joiner.connection.whenSynced;
      // Before: "Syncing 3 of 5 records", ending at 5 of 5 while the joiner had 3.
      expect([...totals]).toEqual([3]);
      expect(joiner.connection.status.get().progress).toMatchObject({ recordsSynced: 3, recordsTotal: 3 });
      for (const id of ['huge-1', 'huge-2']) expect(joiner.store.doc(recordDocKey(id)).getMap('leads').has(`${id}/_c`)).toBe(false);
    } finally {
      author.connection.destroy();
      joiner?.connection.destroy();
    }
  });
});

describe('relay: a refused write and the writes after it, across two relays on one Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let a: Awaited<ReturnType<typeof startTestRelay>>;
  let b: Awaited<ReturnType<typeof startTestRelay>>;
  beforeAll(async () => {
    redis = await startRedis();
    a = await startTestRelay({ redisUrl: redis.url, redisPrefix: 'refused:' });
    b = await startTestRelay({ redisUrl: redis.url, redisPrefix: 'refused:' });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await redis?.stop();
  });

  it('the placeholder fans out like any write: the teammate on the other relay gets the later edits, and writes on after them', async () => {
    const ws = await workspaceWith(a.relay);
    const room = 'records/3';
    const onA = client(a.relay, ws.workspaceId, room, ws.tokens.member);
    const onB = client(b.relay, ws.workspaceId, room, ws.tokens.admin);
    try {
      await Promise.all([onA.whenSynced, onB.whenSynced]);
      onA.doc.getMap('leads').set('k/notes', 'x'.repeat(2 * 1024 * 1024));
      await waitFor(() => onA.status.get().rejectedWrite?.code === RefusalCode.contentTooLarge, 10_000, 'the refusal');
      onA.doc.getMap('leads').set('k/notes', 'short');
      await waitFor(() => onB.doc.getMap('leads').get('k/notes') === 'short', 10_000, 'the later write on the other relay');
      // B's vector took the placeholder's clocks: B's reply building on them is no dangling write on either relay.
      onB.doc.getMap('leads').set('k/notes', 'short, edited on B');
      await waitFor(() => onA.doc.getMap('leads').get('k/notes') === 'short, edited on B' && onB.status.get().unsaved === 0, 10_000, "B's reply");
      expect(onA.status.get().lastClose).toBeNull();
      expect(onB.status.get().lastClose).toBeNull();
      const fresh = client(b.relay, ws.workspaceId, room, ws.tokens.admin);
      try {
        await fresh.whenSynced;
        expect(fresh.doc.getMap('leads').toJSON()).toEqual({ 'k/notes': 'short, edited on B' });
        expect(fresh.doc.store.pendingStructs).toBeNull();
      } finally {
        fresh.destroy();
      }
    } finally {
      onA.destroy();
      onB.destroy();
    }
  });
});
