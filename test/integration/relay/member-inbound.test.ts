import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeMessage } from '../../../sync-server/protocol.ts';
import { encodeUpdateFrame } from './frames.ts';
import { client, greeted, startTestRelay, waitFor, workspaceWith } from './helpers.ts';

/**
 * A member's socket sending large frames back to back (each within the frame bounds) used to have
 * every frame read and decoded as fast as it came: at 8 MB of 200,000 structs a frame, 0.65 s of
 * the event loop each, and every teammate's edit waited behind the queue. Now the member's bytes
 * per second are budgeted: past the burst their sockets are paused and read later, never closed.
 * Evidence by order, not by clock: the teammate's edits all arrive while the flood is still
 * being read, and every flood frame is still stored and acknowledged in the end.
 */
describe('relay: a flooding member is slowed, a teammate is not', () => {
  let t: Awaited<ReturnType<typeof startTestRelay>>;
  let ws: Awaited<ReturnType<typeof workspaceWith>>;
  beforeAll(async () => {
    t = await startTestRelay({ limits: { memberBytesPerSecond: 400 * 1024, memberBytesBurst: 600 * 1024 } });
    ws = await workspaceWith(t.relay);
  });
  afterAll(() => t?.stop());

  it("10 frames of 20,000 structs back to back: the member's socket is paused (not closed), a teammate's 20 edits arrive before the flood is read, then every frame is stored and acked", async () => {
    const source = new Y.Doc();
    const frames = Array.from({ length: 10 }, (_, f) => {
      const before = Y.encodeStateVector(source);
      source.transact(() => {
        for (let i = 0; i < 20_000; i++) source.getMap('leads').set(`f${f}-${i}/n`, i);
      });
      return encodeUpdateFrame(Y.encodeStateAsUpdate(source, before));
    });
    const bytes = frames.reduce((n, f) => n + f.length, 0);
    expect(bytes).toBeGreaterThan(5 * 600 * 1024); // several times the burst
    const flooder = await greeted(`${t.relay.wsUrl}/${ws.workspaceId}/records/5?outpost=3&token=${ws.tokens.member}`);
    const acks = () => flooder.frames.map((f) => decodeMessage(f)).reduce((n, m) => (m.kind === 'ack' ? Math.max(n, m.n) : n), 0);
    const writer = client(t.relay, ws.workspaceId, 'records/2', ws.tokens.admin);
    const reader = client(t.relay, ws.workspaceId, 'records/2', ws.tokens.viewer);
    try {
      await Promise.all([writer.whenSynced, reader.whenSynced]);
      for (const frame of frames) flooder.ws.send(frame);
      await waitFor(() => t.relay.metrics.counter('outpost_inbound_pauses_total') > 0, 10_000, 'the flooding socket paused');
      for (let i = 1; i <= 20; i++) writer.doc.getMap('leads').set('lin/edits', i);
      await waitFor(() => reader.doc.getMap('leads').get('lin/edits') === 20 && writer.status.get().unsaved === 0, 10_000, "the teammate's edits");
      const floodAckedWhenTeammateDone = acks();
      console.log(`teammate's 20 edits saved and seen when ${floodAckedWhenTeammateDone} of 10 flood frames (${(bytes / 2 ** 20).toFixed(1)} MB) were acked`);
      expect(floodAckedWhenTeammateDone).toBeLessThan(10);
      await waitFor(() => acks() === 10, 60_000, 'every flood frame acked');
      expect(flooder.ws.readyState).toBe(flooder.ws.OPEN);
      const stored = new Y.Doc();
      for (const u of await t.relay.storage.loadRoom(`${ws.workspaceId}/records/5`)) Y.applyUpdate(stored, u);
      expect(stored.getMap('leads').size).toBe(200_000);
    } finally {
      flooder.ws.terminate();
      writer.destroy();
      reader.destroy();
    }
  }, 90_000);
});
