import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { allDocKeys, recordDocKey, type DocKey } from '../../../src/domain/routing.ts';
import { createPresence, describeRelayStatus } from '../../../src/sync/index.ts';
import { CloseCode, encodeMuxFrame, encodeSyncUpdate, socketRequest } from '../../../sync-server/protocol.ts';
import { connectWorkspace } from './memory-sync-store.ts';
import { authProtocols } from '../../../sync-server/auth/transport.ts';
import { rawConnect, startTestRelay, waitFor, workspaceWith } from './helpers.ts';

const leadKeys = (doc: Y.Doc) => [...doc.getMap('leads').keys()].sort();

describe('relay: one socket per workspace, every shard room over it', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  let ws: Awaited<ReturnType<typeof workspaceWith>>;
  const open: Array<{ connection: { destroy(): void } }> = [];
  beforeEach(async () => {
    t = await startTestRelay();
    ws = await workspaceWith(t.relay);
  });
  afterEach(async () => {
    open.splice(0).forEach((c) => c.connection.destroy());
    await t.stop();
  });
  const join = (token: string, ...rest: Parameters<typeof connectWorkspace> extends [unknown, unknown, unknown, ...infer R] ? R : never) => {
    const c = connectWorkspace(t.relay, ws.workspaceId, token, ...rest);
    open.push(c);
    return c;
  };

  it('two members sync every doc over one socket each; acks per room add up to "All changes saved"', async () => {
    const a = join(ws.tokens.member);
    const b = join(ws.tokens.admin);
    await a.connection.whenDocSynced('config');
    await Promise.all([a.connection.whenSynced, b.connection.whenSynced]);
    expect(a.connection.status.get().progress).toEqual({ docsSynced: allDocKeys().length, docsTotal: allDocKeys().length, recordsSynced: 0, recordsTotal: 0 });
    expect(t.relay.connectionCount()).toBe(2);
    const ids = Array.from({ length: 40 }, (_, i) => `lead-${i}`);
    for (const id of ids) a.store.change(recordDocKey(id), (d) => d.getMap('leads').set(`${id}/email`, `${id}@example.com`));
    expect(new Set(ids.map(recordDocKey)).size).toBeGreaterThan(10); // the edits really span shards
    expect(a.connection.status.get().unsaved).toBe(40);
    expect(describeRelayStatus(a.connection.status.get())).toBe('40 changes not yet saved to the relay');
    await waitFor(() => a.connection.status.get().unsaved === 0, 10_000, 'acks');
    expect(describeRelayStatus(a.connection.status.get())).toBe('All changes saved');
    await waitFor(() => ids.every((id) => b.store.doc(recordDocKey(id)).getMap('leads').get(`${id}/email`) === `${id}@example.com`), 10_000, 'b sees every edit');
    // Each doc's edits are in its own stored room, nowhere else.
    const stored = new Y.Doc();
    for (const u of await t.relay.storage.loadRoom(`${ws.workspaceId}/${recordDocKey('lead-0')}`)) Y.applyUpdate(stored, u);
    expect(leadKeys(stored)).toEqual(ids.filter((id) => recordDocKey(id) === recordDocKey('lead-0')).map((id) => `${id}/email`).sort());
  });

  it('an import of thousands of transactions stays within the per-socket message rate: one merged frame per room per tick', async () => {
    const a = join(ws.tokens.member);
    const b = join(ws.tokens.member);
    await Promise.all([a.connection.whenSynced, b.connection.whenSynced]);
    for (let i = 0; i < 5000; i++) a.store.change(recordDocKey(`imp${i}`), (d) => d.getMap('leads').set(`imp${i}/email`, `imp${i}@example.com`));
    await waitFor(() => a.connection.status.get().unsaved === 0, 30_000, 'import saved');
    expect(a.connection.status.get().lastClose).toBeNull(); // never closed for "too many messages per second"
    await waitFor(() => b.store.doc(recordDocKey('imp4999')).getMap('leads').get('imp4999/email') === 'imp4999@example.com', 10_000, 'b has the import');
  });

  it('a stock y-websocket client opens one shard room on its own URL and syncs with the multiplexed clients', async () => {
    const a = join(ws.tokens.member);
    await a.connection.whenSynced;
    const docKey = recordDocKey('grace');
    const stockDoc = new Y.Doc();
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    const stock = new WebsocketProvider(t.relay.wsUrl, `${ws.workspaceId}/${docKey}`, stockDoc, { WebSocketPolyfill: WebSocket as never, protocols: authProtocols(ws.tokens.member), disableBc: true });
    try {
      await waitFor(() => stock.synced, 5000, 'stock sync');
      a.store.change(docKey, (d) => d.getMap('leads').set('grace/title', 'Rear Admiral'));
      stockDoc.getMap('leads').set('grace/email', 'grace@navy.mil');
      await waitFor(() => stockDoc.getMap('leads').get('grace/title') === 'Rear Admiral', 5000, 'stock sees the mux write');
      await waitFor(() => a.store.doc(docKey).getMap('leads').get('grace/email') === 'grace@navy.mil', 5000, 'mux sees the stock write');
      await waitFor(() => a.connection.status.get().unsaved === 0);
      expect(errors).toEqual([]); // an ack or a mux frame reaching the stock client would be logged
    } finally {
      console.error = originalError;
      stock.destroy();
    }
  });

  it('roles per room on one socket: a member writes records but not config, a viewer nothing; refused writes reach nobody', async () => {
    const member = join(ws.tokens.member);
    const viewer = join(ws.tokens.viewer);
    const admin = join(ws.tokens.admin);
    await Promise.all([member.connection.whenSynced, viewer.connection.whenSynced, admin.connection.whenSynced]);
    member.store.change('config', (d) => d.getMap('settings').set('leadsEnabled', false));
    await waitFor(() => member.connection.status.get().rejectedWrite?.code === 'admin-only', 5000, 'member refused on config');
    member.store.change(recordDocKey('x'), (d) => d.getMap('leads').set('x/email', 'x@example.com'));
    viewer.store.change(recordDocKey('y'), (d) => d.getMap('leads').set('y/email', 'y@example.com'));
    await waitFor(() => viewer.connection.status.get().rejectedWrite?.code === 'read-only', 5000, 'viewer refused');
    await waitFor(() => member.connection.status.get().unsaved === 0 && viewer.connection.status.get().unsaved === 0, 5000, 'settled');
    await waitFor(() => admin.store.doc(recordDocKey('x')).getMap('leads').get('x/email') === 'x@example.com', 5000, 'member write reaches admin');
    admin.store.change('config', (d) => d.getMap('settings').set('leadsEnabled', true));
    admin.store.change('config', (d) => d.getMap('settings').set('defaultLeadStatusId', 'open'));
    await waitFor(() => member.store.doc('config').getMap('settings').get('defaultLeadStatusId') === 'open', 5000, 'admin config reaches member');
    // Broadcast goes out before the fsync: read the relay's storage once the admin's writes are acked.
    await waitFor(() => admin.connection.status.get().unsaved === 0, 5000, 'admin settled');
    expect(admin.store.doc(recordDocKey('y')).getMap('leads').get('y/email')).toBeUndefined();
    expect(admin.store.doc('config').getMap('settings').get('leadsEnabled')).toBe(true);
    for (const room of ['config', recordDocKey('y')]) {
      const stored = new Y.Doc();
      for (const u of await t.relay.storage.loadRoom(`${ws.workspaceId}/${room}`)) Y.applyUpdate(stored, u);
      expect(stored.getMap('leads').get('y/email')).toBeUndefined();
      if (room === 'config') expect(stored.getMap('settings').get('leadsEnabled')).toBe(true);
    }
    // A viewer reconnecting resends nothing new: no refusal for what the relay already has.
    viewer.connection.disconnect();
    const before = t.relay.metrics.counter('outpost_refusals_total', { reason: 'read-only' });
    viewer.connection.connect();
    await waitFor(() => viewer.connection.status.get().synced, 5000, 'viewer resynced');
    await waitFor(() => viewer.connection.status.get().unsaved === 0, 5000, 'viewer settled');
    expect(t.relay.metrics.counter('outpost_refusals_total', { reason: 'read-only' }) - before).toBeLessThanOrEqual(1); // only its own refused edit again
  });

  it('reconnecting after offline edits exchanges bytes in proportion to what changed', async () => {
    const a = join(ws.tokens.member);
    const b = join(ws.tokens.member);
    await Promise.all([a.connection.whenSynced, b.connection.whenSynced]);
    // A workspace of 12,000 records across every shard (with 256 shards a reconnect's state vectors
    // alone are ~30 KB both ways: the workspace must be large enough for the ratio to mean something).
    for (const docKey of allDocKeys().filter((k) => k.startsWith('records/'))) {
      a.store.change(docKey, (d) => {
        for (let i = 0; i < 12_000; i++) if (recordDocKey(`r${i}`) === docKey) d.getMap('leads').set(`r${i}/name`, { first: `Person ${i}`, last: 'Example' });
      });
    }
    await waitFor(() => a.connection.status.get().unsaved === 0, 20_000, 'seeded');
    await waitFor(() => b.store.doc(recordDocKey('r11999')).getMap('leads').has('r11999/name'), 20_000, 'b has it all');
    const fullJoin = join(ws.tokens.member);
    await fullJoin.connection.whenSynced;
    const joinBytes = fullJoin.connection.bytes.received;

    b.connection.disconnect();
    await waitFor(() => b.connection.status.get().connection === 'disconnected');
    const changed = Array.from({ length: 10 }, (_, i) => `r${i * 1197}`);
    for (const id of changed) a.store.change(recordDocKey(id), (d) => d.getMap('leads').set(`${id}/title`, 'Changed'));
    b.store.change(recordDocKey('r5'), (d) => d.getMap('leads').set('r5/title', 'Offline edit'));
    await waitFor(() => a.connection.status.get().unsaved === 0);
    const sent = b.connection.bytes.sent;
    const received = b.connection.bytes.received;
    b.connection.connect();
    await waitFor(() => b.connection.status.get().synced && b.connection.status.get().unsaved === 0, 10_000, 'b back in step');
    for (const id of changed) expect(b.store.doc(recordDocKey(id)).getMap('leads').get(`${id}/title`)).toBe('Changed');
    await waitFor(() => a.store.doc(recordDocKey('r5')).getMap('leads').get('r5/title') === 'Offline edit', 5000, 'offline edit reaches a');
    const exchanged = b.connection.bytes.sent - sent + (b.connection.bytes.received - received);
    expect(joinBytes).toBeGreaterThan(100_000);
    expect(exchanged).toBeLessThan(joinBytes / 10);
  });

  it('deletions alone (no new item) reach a reconnecting member both ways: state vectors cannot show them', async () => {
    const a = join(ws.tokens.member);
    const b = join(ws.tokens.member);
    await Promise.all([a.connection.whenSynced, b.connection.whenSynced]);
    const docKey = recordDocKey('gone');
    const other = recordDocKey('kept');
    a.store.change(docKey, (d) => ['gone/title', 'gone/email', 'gone/phone'].forEach((k) => d.getMap('leads').set(k, k)));
    a.store.change(other, (d) => d.getMap('leads').set('kept/title', 'x'));
    await waitFor(() => b.store.doc(docKey).getMap('leads').size === 3 && b.store.doc(other).getMap('leads').has('kept/title'), 5000, 'b has them');
    await waitFor(() => b.connection.status.get().unsaved === 0 && a.connection.status.get().unsaved === 0);
    b.connection.disconnect();
    await waitFor(() => b.connection.status.get().connection === 'disconnected');
    a.store.change(docKey, (d) => d.getMap('leads').delete('gone/title'));
    b.store.change(other, (d) => d.getMap('leads').delete('kept/title'));
    await waitFor(() => a.connection.status.get().unsaved === 0);
    b.connection.connect();
    await waitFor(() => b.connection.status.get().synced && b.connection.status.get().unsaved === 0, 5000, 'b back');
    expect(b.store.doc(docKey).getMap('leads').has('gone/title')).toBe(false);
    expect(b.store.doc(docKey).getMap('leads').get('gone/email')).toBe('gone/email');
    await waitFor(() => !a.store.doc(other).getMap('leads').has('kept/title'), 5000, 'offline deletion reaches a');
    // A third member joining later gets both deletions too.
    const c = join(ws.tokens.member);
    await c.connection.whenSynced;
    expect(c.store.doc(docKey).getMap('leads').has('gone/title')).toBe(false);
    expect(c.store.doc(other).getMap('leads').has('kept/title')).toBe(false);
  });

  it('presence rides on the config room: each member sees the others viewing a record', async () => {
    const a = join(ws.tokens.member);
    const b = join(ws.tokens.admin);
    await Promise.all([a.connection.whenSynced, b.connection.whenSynced]);
    const pa = createPresence(a.connection.awareness, { memberId: ws.members.member, name: 'Alice' });
    const pb = createPresence(b.connection.awareness, { memberId: ws.members.admin, name: 'Bob' });
    pa.view('panel', ['leads:1']);
    await waitFor(() => pb.othersViewing('leads:1').length === 1, 5000, 'b sees a');
    expect(pb.othersViewing('leads:1')).toEqual([{ memberId: ws.members.member, name: 'Alice' }]);
    a.connection.destroy();
    await waitFor(() => pb.othersViewing('leads:1').length === 0, 5000, 'a gone');
  });

  it('a version-1 client gets a final "update Outpost"; an unknown room or a malformed update closes that socket only', async () => {
    const old = rawConnect(`${t.relay.wsUrl}/${ws.workspaceId}/records?token=${ws.tokens.member}&outpost=1`);
    expect(await old.closed).toEqual({ code: CloseCode.updateOutpost, reason: expect.stringMatching(/update Outpost/) });
    const oldConfig = rawConnect(`${t.relay.wsUrl}/${ws.workspaceId}/config?token=${ws.tokens.member}&outpost=1`);
    expect((await oldConfig.closed).code).toBe(CloseCode.updateOutpost);
    const stockOld = rawConnect(`${t.relay.wsUrl}/${ws.workspaceId}/records?token=${ws.tokens.member}`);
    expect(await stockOld.closed).toEqual({ code: CloseCode.notFound, reason: expect.stringMatching(/Unknown document/) });
    expect(t.relay.loadedRooms()).toEqual([]); // nothing was opened for them

    const bystander = join(ws.tokens.member);
    await bystander.connection.whenSynced;
    const { url, protocols } = socketRequest(t.relay.wsUrl, ws.workspaceId, ws.tokens.member);
    const cases: Array<[string, Uint8Array, number, RegExp]> = [
      ['unknown room', encodeMuxFrame('records/99999' as DocKey, encodeSyncUpdate(new Uint8Array([0, 0]))), CloseCode.notFound, /Unknown room/],
      ['no room name', new Uint8Array([200]), CloseCode.malformed, /room/],
      ['malformed update', encodeMuxFrame('records/1', encodeSyncUpdate(new Uint8Array([5, 200, 1, 7, 7]))), CloseCode.malformed, /malformed update/],
    ];
    for (const [what, frame, code, reason] of cases) {
      const c = new WebSocket(url, protocols);
      const closed = new Promise<{ code: number; reason: string }>((resolve) => c.on('close', (code, r) => resolve({ code, reason: r.toString() })));
      await new Promise((resolve) => c.on('open', resolve));
      expect(c.protocol).toBe('outpost');
      c.send(frame);
      const result = await closed;
      expect({ what, code: result.code }).toEqual({ what, code });
      expect(result.reason).toMatch(reason);
    }
    bystander.store.change(recordDocKey('still'), (d) => d.getMap('leads').set('still/ok', true));
    await waitFor(() => bystander.connection.status.get().unsaved === 0, 5000, 'bystander still served');
    expect(bystander.connection.status.get().connection).toBe('connected');
  });

  it('a final refusal stops reconnecting and says why', async () => {
    const c = join('not-a-jwt');
    await waitFor(() => c.connection.status.get().connection === 'refused', 5000, 'refused');
    expect(describeRelayStatus(c.connection.status.get())).toMatch(/^Not syncing: /);
    const opened = t.relay.metrics.counter('outpost_refusals_total', { reason: 'unauthorized' });
    await new Promise((r) => setTimeout(r, 800));
    expect(t.relay.metrics.counter('outpost_refusals_total', { reason: 'unauthorized' })).toBe(opened);
  });
});
