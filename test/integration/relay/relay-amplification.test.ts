import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CloseCode, CONTROL_ROOM, SyncStep, encodeMuxFrame, encodeSyncAll, encodeSyncStep1 } from '../../../sync-server/protocol.ts';
import { DELETIONS_ANSWER_INTERVAL_MS } from '../../../sync-server/rooms/sync-handler.ts';
import { closedWithin, greeted, rawConnect, storedRoom, syncBatches, waitFor } from './helpers.ts';
import { encodeUpdateFrame } from './frames.ts';
import { attackScene } from './bystander.ts';

/**
 * Messages that are cheap to send and cost the relay a read (and merge) of a whole stored room
 * each: one connection may make the relay do that work about once per room, as an honest client
 * does, not once per message.
 */
const isSync = (f: Uint8Array, step: number) => f[0] === 0 && f[1] === step;

describe('relay amplification: answers that read the stored room', () => {
  // A room of 300 stored updates (~3 MB) written by one client.
  const DOC = 'records/7';
  const s = attackScene();
  const roomUrl = (role = 'member') => `${s.t.relay.wsUrl}/${s.ws.workspaceId}/${DOC}?token=${s.ws.tokens[role]}`;
  let stored: Awaited<ReturnType<typeof storedRoom>>;
  let source: Y.Doc;

  beforeAll(async () => {
    stored = await storedRoom(s.t.relay, `${s.ws.workspaceId}/${DOC}`, 300, { deleteEvery: 3 });
    source = stored.source;
    // The projection reads each room of a workspace once, in the background, to catch up with
    // what was stored behind its back (as this room was): done here, so that one read is not
    // counted against a test's connection (it landed inside a test's window in some runs).
    await s.t.relay.projection.ensureWorkspace(s.ws.workspaceId);
  });

  /** The reads so far, once no earlier answer is still reading (an earlier test's socket may still be answered). */
  async function readsSettled() {
    let last = -1;
    while (last !== stored.reads) {
      last = stored.reads;
      await new Promise((r) => setTimeout(r, 300));
    }
    return last;
  }

  /** A peer that claims the first clock of the room's writer: it shares something, so it is not a "whole state" ask, and lacks almost all of it. */
  const partialVector = () => Y.encodeStateVector(new Map([[source.clientID, 1]]));

  it('step 1s with a vector that shares one clock: at most maxFullSyncsPerRoom answers per connection, then 1008', async () => {
    const first = await greeted(roomUrl(), 'the room loaded');
    const readsBefore = await readsSettled();
    const c = rawConnect(roomUrl());
    await c.opened;
    for (let i = 0; i < 50; i++) c.ws.send(encodeSyncStep1(partialVector()));
    const closed = await closedWithin(c);
    expect(closed.code).toBe(CloseCode.policy);
    expect(closed.reason).toMatch(/records\/7 more than 2 times on one connection/);
    const answers = c.frames.filter((f) => isSync(f, SyncStep.step2)).length;
    console.log(`50 partial-vector step 1s on one socket: ${answers} answers, ${stored.reads - readsBefore} reads of the stored room`);
    expect(answers).toBeLessThanOrEqual(2);
    expect(stored.reads - readsBefore).toBeLessThanOrEqual(2);
    // An honest peer's one ask is still answered, with everything it lacks.
    const honest = rawConnect(roomUrl());
    await honest.opened;
    honest.ws.send(encodeSyncStep1(partialVector()));
    await waitFor(() => honest.frames.some((f) => isSync(f, SyncStep.step2)), 10_000, 'the honest answer');
    const answer = honest.frames.find((f) => isSync(f, SyncStep.step2))!;
    const dec = decoding.createDecoder(answer);
    decoding.readVarUint(dec), decoding.readVarUint(dec);
    const got = decoding.readVarUint8Array(dec);
    // What the peer lacks: everything past its one clock (the diff has every struct after it).
    const meta = Y.parseUpdateMeta(got);
    expect(meta.from.get(source.clientID)).toBe(1);
    expect(meta.to.get(source.clientID)).toBe(Y.getState(source.store, source.clientID));
    honest.ws.close();
    first.ws.close();
    await s.bystander.check('partial-vector step 1s');
  });

  it('a batched syncAll with a partial vector again and again: the third closes 1008', async () => {
    // The room loaded (its load may read the stored updates) before the reads are counted.
    const holder = await greeted(roomUrl(), 'the room loaded');
    const c = rawConnect(`${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3&token=${s.ws.tokens.member}`);
    await c.opened;
    await waitFor(() => c.frames.length > 0, 5000, 'hello');
    const all = encodeMuxFrame(CONTROL_ROOM, encodeSyncAll([{ doc: DOC, stateVector: partialVector(), deletions: 0, wantVector: false }]));
    const lastBatches = () => syncBatches(c.frames, (batch) => batch.last);
    const readsBefore = await readsSettled();
    for (const n of [1, 2]) {
      c.ws.send(all);
      await waitFor(() => lastBatches() === n, 10_000, `answer ${n}`);
    }
    c.ws.send(all);
    const closed = await closedWithin(c);
    expect(closed.code).toBe(CloseCode.policy);
    expect(closed.reason).toMatch(/records\/7 more than 2 times on one connection/);
    expect(stored.reads - readsBefore).toBeLessThanOrEqual(2);
    holder.ws.close();
    await s.bystander.check('repeated batched partial syncs');
  });

  it("a peer that has every struct asking again and again: the room's deletions at most maxFullSyncsPerRoom + 1 times, then 1008", async () => {
    const c = await greeted(roomUrl());
    const full = Y.encodeStateVector(source);
    for (let i = 0; i < 50; i++) c.ws.send(encodeSyncStep1(full));
    const closed = await closedWithin(c);
    expect(closed.code).toBe(CloseCode.policy);
    expect(closed.reason).toMatch(/records\/7 more than 2 times on one connection/);
    // The first is spaced from none before it (DELETIONS_ANSWER_INTERVAL_MS), the next two are counted.
    expect(c.frames.filter((f) => isSync(f, SyncStep.step2)).length).toBeLessThanOrEqual(3);
    // Batched: a syncAll naming a stale digest of the deletions gets them; a third one is refused.
    const m = rawConnect(`${s.t.relay.wsUrl}/${s.ws.workspaceId}?outpost=3&token=${s.ws.tokens.member}`);
    await m.opened;
    await waitFor(() => m.frames.length > 0, 5000, 'hello');
    const all = encodeMuxFrame(CONTROL_ROOM, encodeSyncAll([{ doc: DOC, stateVector: full, deletions: 1, wantVector: false }]));
    for (const n of [1, 2]) {
      m.ws.send(all);
      await waitFor(() => syncBatches(m.frames, (batch) => batch.last) === n, 10_000, `answer ${n}`);
    }
    expect(syncBatches(m.frames, (batch) => batch.entries.some((e) => e.doc === DOC && e.update.length > 2))).toBe(2);
    m.ws.send(all);
    expect((await closedWithin(m)).code).toBe(CloseCode.policy);
    await s.bystander.check('repeated deletion asks');
  });

  it('a stock client that resyncs every few seconds (y-websocket resyncInterval) stays connected and is answered each time', async () => {
    const c = await greeted(roomUrl());
    const full = Y.encodeStateVector(source);
    for (let i = 0; i < 3; i++) {
      c.ws.send(encodeSyncStep1(full));
      await waitFor(() => c.frames.filter((f) => isSync(f, SyncStep.step2)).length === i + 1, 5000, `resync ${i + 1} answered`);
      if (i < 2) await new Promise((r) => setTimeout(r, DELETIONS_ANSWER_INTERVAL_MS + 100));
    }
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.close();
  }, 30_000);

  it("a viewer's step 2 of deletions the room already has: no refusal and no read of the stored room, however often", async () => {
    const c = await greeted(roomUrl('viewer'));
    // What a viewer's client sends back after the relay's step 1: the room's deletions (it has every struct).
    const deletions = Y.encodeStateAsUpdate(source, Y.encodeStateVector(source));
    expect(Y.decodeUpdate(deletions).ds.clients.size).toBe(1);
    const readsBefore = await readsSettled();
    const refusalsBefore = s.t.relay.metrics.counter('outpost_refusals_total', { reason: 'read-only' });
    for (let i = 0; i < 100; i++) c.ws.send(encodeUpdateFrame(deletions, SyncStep.step2));
    // Each is settled (the single-room stock socket has no acks): wait for the relay to have handled them all.
    c.ws.send(encodeSyncStep1(Y.encodeStateVector(source)));
    await waitFor(() => c.frames.filter((f) => isSync(f, SyncStep.step2)).length === 1, 15_000, 'the answer after the 100 step 2s');
    console.log(`100 known-deletion step 2s from a viewer: ${stored.reads - readsBefore} reads of the stored room`);
    expect(stored.reads - readsBefore).toBeLessThanOrEqual(1);
    expect(s.t.relay.metrics.counter('outpost_refusals_total', { reason: 'read-only' })).toBe(refusalsBefore);
    expect(c.frames.filter((f) => f[0] === 2).length).toBe(0); // no "permission denied" on the auth channel
    c.ws.close();
    await s.bystander.check("a viewer's repeated deletions");
  });

  it("a member's resent deletions are not stored again nor sent to the room's peers", async () => {
    const peer = await greeted(roomUrl(), 'the peer greeted');
    const c = await greeted(roomUrl());
    const stored = (await s.t.relay.storage.loadRoom(`${s.ws.workspaceId}/${DOC}`)).length;
    const updatesBefore = s.t.relay.metrics.counter('outpost_updates_total');
    const peerFrames = peer.frames.length;
    const deletions = Y.encodeStateAsUpdate(source, Y.encodeStateVector(source));
    for (let i = 0; i < 100; i++) c.ws.send(encodeUpdateFrame(deletions, SyncStep.step2));
    c.ws.send(encodeSyncStep1(Y.encodeStateVector(source)));
    await waitFor(() => c.frames.filter((f) => isSync(f, SyncStep.step2)).length === 1, 15_000, 'the answer after the 100 step 2s');
    expect(s.t.relay.metrics.counter('outpost_updates_total')).toBe(updatesBefore);
    expect((await s.t.relay.storage.loadRoom(`${s.ws.workspaceId}/${DOC}`)).length).toBe(stored);
    expect(peer.frames.length).toBe(peerFrames);
    // A new deletion is still a write: stored and sent to the peer.
    const before = Y.encodeStateVector(source);
    source.getMap('leads').delete('lead-0/details');
    c.ws.send(encodeUpdateFrame(Y.encodeStateAsUpdate(source, before)));
    await waitFor(() => s.t.relay.metrics.counter('outpost_updates_total') === updatesBefore + 1 && peer.frames.length === peerFrames + 1, 10_000, 'the new deletion stored and sent');
    c.ws.close();
    peer.ws.close();
    await s.bystander.check("a member's resent deletions");
  });
});
